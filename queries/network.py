"""The ego network of an entity: what lies within k hops of a person, case, account, phone...

Investigators start from one thing they know and ask what it touches. The network is
expanded level by level (breadth first) over data relationships only, each level as
one statement over the set of nodes of the level before, with every node reached
once: the cost grows with the nodes shown, never with the number of paths to them.

What is not expanded, and why (the nodes themselves are shown):

* ``Location`` nodes (countries, provinces): sharing a country or a province says
  nothing about two people, and a country links to every victim who came from it.
* Hubs: any other node with more than ``HUB_FANOUT`` neighbours (a shelter that housed
  hundreds of victims, a call-centre phone). Expanding one floods the picture with
  strangers; the investigator can ask for that node's own network instead.

The starting node is always expanded, whatever it is (up to ``limit``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.schema import Label
from queries.base import EntityRef, Graph, Link, check_range
from queries.entities import data_rels, describe, find_entity, links_among, type_pattern

HUB_FANOUT = 100
MAX_HOPS = 4
DEFAULT_LIMIT = 500
MAX_LIMIT = 5_000
LINKS_PER_NODE = 20  # relationships read per node shown, at most, before the result says it was cut


@dataclass(frozen=True)
class NetworkNode:
    """A node of the network, ``hops`` from the centre. ``hub`` marks a node that was
    reached but deliberately not expanded (a place, or more than HUB_FANOUT
    neighbours); nodes at the last level are never expanded and not checked."""

    entity: EntityRef
    hops: int
    hub: bool


@dataclass(frozen=True)
class Network:
    center: EntityRef
    nodes: tuple[NetworkNode, ...]  # the centre first, then by hops
    links: tuple[Link, ...]  # every relationship of the allowed types among the nodes, parallel ones merged
    truncated: bool  # the node limit, or the relationship cap, cut the result


def network(graph: Graph, entity_id: str, hops: int = 2, rel_types: Iterable[str] | None = None,
            limit: int = DEFAULT_LIMIT) -> Network:
    """The entities within ``hops`` of ``entity_id`` over ``rel_types`` (default: every data
    relationship), at most ``limit`` nodes counting the centre, and the relationships
    among them. When a level holds more new nodes than the limit allows, the nodes
    already found are kept, the level is cut and ``truncated`` is set."""
    check_range("hops", hops, 1, MAX_HOPS)
    check_range("limit", limit, 1, MAX_LIMIT)
    rels = data_rels(rel_types)
    center = find_entity(graph, entity_id)
    level_of = {center: 0}
    not_expanded: set[str] = set()
    frontier = [center]
    truncated = False
    expand = f"""
        UNWIND $frontier AS node
        MATCH (n) WHERE elementId(n) = node
        CALL (n) {{
          MATCH (n)-[:{type_pattern(rels)}]-(m)
          RETURN DISTINCT m LIMIT $fanout + 1
        }}
        WITH node, collect([elementId(m), m:{Label.LOCATION}]) AS near
        RETURN collect([node, near]) AS expanded
        """  # one record for the whole frontier: see queries.entities.describe
    for depth in range(1, hops + 1):
        found: dict[str, bool] = {}  # new node -> whether it is a place
        [record] = graph.read(expand, frontier=frontier, fanout=limit if depth == 1 else HUB_FANOUT)
        for expanded, near in record["expanded"]:
            if expanded != center and len(near) > HUB_FANOUT:
                not_expanded.add(expanded)
                continue
            for node, place in near:
                if node not in level_of:
                    found.setdefault(node, place)
        room = limit - len(level_of)
        if len(found) > room:
            truncated = True
            found = dict(sorted(found.items())[:room])
        level_of |= {node: depth for node in found}
        if depth < hops:
            not_expanded |= {node for node, place in found.items() if place}
        frontier = [node for node, place in found.items() if not place]
        if truncated or not frontier:
            break
    refs = describe(graph, level_of)
    links, cut = links_among(graph, level_of, rels, cap=LINKS_PER_NODE * len(level_of))
    nodes = sorted((NetworkNode(refs[node], depth, node in not_expanded) for node, depth in level_of.items()),
                   key=lambda n: (n.hops, n.entity.labels, n.entity.name or "", n.entity.id))
    return Network(refs[center], tuple(nodes), links, truncated or cut)
