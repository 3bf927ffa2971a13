"""paths() on the demo world: lengths and the shortest paths themselves agree with networkx."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from queries.base import Graph
from queries.paths import HUB_LINKS, paths
from tests.conftest import DemoWorld
from tests.queries.demo_truth import account_id, graph_people
from tests.queries.world_graph import entity_graph

MAX_HOPS = 6


@pytest.fixture
def graph(demo: DemoWorld) -> Graph:
    return Graph(demo.db.driver, demo.db.name)


def _without_places_between(world: nx.Graph, a: str, b: str) -> nx.Graph:
    """The graph paths() searches between a and b: places and hubs only as ends."""
    return world.subgraph(n for n in world if n in (a, b) or (
        "Location" not in world.nodes[n]["labels"] and world.nodes[n]["links"] <= HUB_LINKS))


def _pairs(demo: DemoWorld, world: nx.Graph) -> list[tuple[str, str]]:
    """Pairs of every kind of entity: within a ring, across rings, and at random (some unconnected)."""
    people = graph_people(demo)
    first, second = demo.truth.rings[0], demo.truth.rings[1]
    suspect, victim = (people[next(m["person"] for m in ring["members"] if m["role"] == role)]
                       for ring, role in ((first, "suspect"), (second, "victim")))
    within = [(suspect, account_id(demo.truth.mule_accounts[0]["account"])),
              (suspect, f"case:{first['agency']}:{first['case_no']}"),
              (suspect, victim),
              (f"case:{first['agency']}:{first['case_no']}", f"case:{second['agency']}:{second['case_no']}"),
              (suspect, "country:MMR")]
    # Random pairs from the rings' part of the graph, where most things are connected, and
    # from the bystanders, most of whom are connected to nothing but their own records.
    rings = nx.node_connected_component(_without_places_between(world, suspect, suspect), suspect)
    rng = random.Random(7)
    kinds = ["Person", "Phone", "BankAccount", "Vehicle", "Address", "Case", "IdentityDocument", "Judgment"]
    pairs = []
    for nodes in (rings, set(world) - rings):
        by_kind = {kind: sorted(n for n in nodes if kind in world.nodes[n]["labels"]) for kind in kinds}
        pairs += [(rng.choice(by_kind[x]), rng.choice(by_kind[y]))
                  for x, y in itertools.combinations(kinds, 2) if by_kind[x] and by_kind[y]]
    return within + pairs


def test_shortest_paths_agree_with_networkx(demo: DemoWorld, graph: Graph) -> None:
    world = entity_graph(demo)
    compared = connected = 0
    for a, b in _pairs(demo, world):
        searched = _without_places_between(world, a, b)
        found = paths(graph, a, b, max_hops=MAX_HOPS, limit=500)
        try:
            length = nx.shortest_path_length(searched, a, b)
        except nx.NetworkXNoPath:
            length = None
        if length is None or length > MAX_HOPS:
            assert found.paths == () and found.length is None and found.shortest is None, (a, b)
            continue
        connected += 1
        assert found.length == length, (a, b)
        assert all(path.nodes[0].id == a and path.nodes[-1].id == b and path.length == length for path in found.paths)
        if not found.truncated:
            compared += 1
            assert {tuple(n.id for n in path.nodes) for path in found.paths} == \
                {tuple(p) for p in nx.all_shortest_paths(searched, a, b)}, (a, b)
        for path in found.paths:
            steps = {frozenset(pair) for pair in itertools.pairwise(n.id for n in path.nodes)}
            assert {frozenset((link.start, link.end)) for link in path.links} == steps, (a, b)
    assert connected >= 15 and compared >= 15, (connected, compared)


def test_a_place_is_an_end_but_never_a_step(demo: DemoWorld, graph: Graph) -> None:
    people = graph_people(demo)
    victims = [people[m["person"]] for m in demo.truth.rings[0]["members"] if m["role"] == "victim"]
    found = paths(graph, victims[0], "country:MMR", max_hops=MAX_HOPS)
    assert found.paths and all("Location" not in node.labels for path in found.paths for node in path.nodes[:-1])
