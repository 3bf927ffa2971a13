"""network() on the demo world: the planted rings are found, and the levels agree with networkx."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.schema import Rel
from queries.base import Graph
from queries.network import HUB_FANOUT, network
from tests.conftest import DemoWorld
from tests.queries.demo_truth import account_id, graph_people
from tests.queries.world_graph import entity_graph


@pytest.fixture
def graph(demo: DemoWorld) -> Graph:
    return Graph(demo.db.driver, demo.db.name)


def test_every_ring_is_found_from_one_of_its_suspects(demo: DemoWorld, graph: Graph) -> None:
    """Two hops from a suspect reach the case and so everyone in it, and the suspect's
    household; the household of a ring's other suspect is two hops further, which
    suspect and house links alone reach (a narrow question, asked with rel_types)."""
    people = graph_people(demo)
    for ring in demo.truth.rings:
        suspect = next(m["person"] for m in ring["members"] if m["role"] == "suspect")
        start = people[suspect]
        near = network(graph, start, hops=2, limit=5_000)
        households = network(graph, start, hops=4, rel_types=[Rel.SUSPECT_IN, Rel.LIVES_AT], limit=5_000)
        for found, roles in ((near, {"suspect", "broker", "victim"}), (households, {"suspect", "nominee"})):
            assert not found.truncated
            reached = {node.entity.id for node in found.nodes}
            missing = [m for m in ring["members"] if m["role"] in roles and people[m["person"]] not in reached]
            assert not missing, f"{ring['ring_id']} misses {missing}"
        assert {link.type for link in households.links} <= {Rel.SUSPECT_IN, Rel.LIVES_AT}
        case = next(node for node in near.nodes if node.entity.id.endswith(ring["case_no"]))
        assert "Case" in case.entity.labels and case.hops == 1


def _expected_levels(world: nx.Graph, start: str, hops: int) -> dict[str, int]:
    """Breadth-first levels under network's rules: places and nodes with more than
    HUB_FANOUT neighbours are reached but not expanded, the start always is."""
    level = {start: 0}
    frontier = [start]
    for depth in range(1, hops + 1):
        reached: set[str] = set()
        for node in frontier:
            if node == start or len(world[node]) <= HUB_FANOUT:
                reached |= set(world[node]) - level.keys()
        level |= {node: depth for node in reached}
        frontier = [node for node in reached if "Location" not in world.nodes[node]["labels"]]
    return level


def _starts(demo: DemoWorld, world: nx.Graph) -> list[str]:
    """A suspect, a victim, their case, the mule account, a vehicle, a shelter, a country and a judgment."""
    ring = demo.truth.rings[0]
    people = graph_people(demo)
    person = {m["role"]: people[m["person"]] for m in reversed(ring["members"])}
    case = next(n for n in world[person["suspect"]] if "Case" in world.nodes[n]["labels"])
    shelter = max((n for n in world if "Address" in world.nodes[n]["labels"]), key=lambda n: (len(world[n]), n))
    vehicle = next(n for n in world[case] if "Vehicle" in world.nodes[n]["labels"])
    judgment = min(n for n in world[case] if "Judgment" in world.nodes[n]["labels"])
    mule = account_id(demo.truth.mule_accounts[0]["account"])
    return [person["suspect"], person["victim"], case, mule, vehicle, shelter, "country:MMR", judgment]


def test_levels_and_links_agree_with_networkx(demo: DemoWorld, graph: Graph) -> None:
    world = entity_graph(demo)
    for start in _starts(demo, world):
        for hops in (1, 2, 3):
            found = network(graph, start, hops=hops, limit=5_000)
            assert not found.truncated, (start, hops)
            assert {node.entity.id: node.hops for node in found.nodes} == _expected_levels(world, start, hops), \
                (start, hops)
            shown = {node.entity.id for node in found.nodes}
            assert {frozenset((link.start, link.end)) for link in found.links} == \
                {frozenset(edge) for edge in world.subgraph(shown).edges}, (start, hops)


def test_nodes_and_links_carry_their_agencies(demo: DemoWorld, graph: Graph) -> None:
    case = f"case:{demo.truth.rings[0]['agency']}:{demo.truth.rings[0]['case_no']}"
    found = network(graph, case, hops=1)
    assert found.center.id == case and {"OAG", "COJ"} <= set(found.center.agencies)
    assert all(node.entity.agencies for node in found.nodes)
    suspects = [link for link in found.links if link.type == Rel.SUSPECT_IN]
    assert suspects and {"OAG"} <= {agency for link in suspects for agency in link.agencies}
    assert all(link.agencies and link.properties["assertions"] >= 1 for link in found.links)


def test_the_agencies_kept_on_each_entity_are_those_of_its_source_records(demo: DemoWorld) -> None:
    """``agencies`` is written with the entity; it must say what its FROM_SOURCE links say."""
    disagreeing = demo.db.driver.execute_query("""
        MATCH (n) WHERE NOT n:SourceRecord
        WITH n, COLLECT { MATCH (n)-[:FROM_SOURCE]->(s:SourceRecord) RETURN DISTINCT s.agency ORDER BY s.agency }
             AS cited
        WITH count(n) AS entities, [x IN collect([n.id, n.agencies, cited]) WHERE x[1] <> x[2]] AS wrong
        RETURN entities, wrong[..5] AS wrong
        """, database_=demo.db.name).records[0]
    assert disagreeing["entities"] > 10_000 and disagreeing["wrong"] == []


def test_provenance_is_never_part_of_the_network(demo: DemoWorld, graph: Graph) -> None:
    found = network(graph, account_id(demo.truth.mule_accounts[0]["account"]), hops=3, limit=5_000)
    assert not any({"SourceRecord", "Agency"} & set(node.entity.labels) for node in found.nodes)
    assert not {link.type for link in found.links} & {Rel.FROM_SOURCE, Rel.SUPERSEDED_BY, Rel.NOT_SAME_AS}


def test_places_are_shown_but_not_expanded(demo: DemoWorld, graph: Graph) -> None:
    people = graph_people(demo)
    victim = people[next(m["person"] for m in demo.truth.rings[0]["members"] if m["role"] == "victim")]
    found = network(graph, victim, hops=2, limit=5_000)
    places = [node for node in found.nodes if "Location" in node.entity.labels and node.hops == 1]
    assert places and all(node.hub for node in places)
    country = network(graph, "country:MMR", hops=1, limit=5_000)
    assert len(country.nodes) > 10, "the start is expanded even when it is a place"
