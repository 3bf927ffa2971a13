"""How two entities are connected: the shortest chains of links between them.

"Is this victim's broker connected to that account holder?" is answered by the
shortest paths over every kind of link (shared phones, accounts, vehicles, addresses,
cases), in either direction. Neo4j's ``ALL SHORTEST`` finds them by breadth-first
search from both ends, so the cost depends on the neighbourhoods, not on the number of
longer paths.

The same exclusions as ``network``: provenance is never traversed, and a ``Location``
may be an end but never a step in between (two victims from the same country are not
connected by it). Nor, unless ``through_hubs`` is set, is a hub: a node with more than
``HUB_LINKS`` links of the types searched, such as a shelter's address (thousands of
victims lived there) or a shop's account. Two suspects "connected" because victims of
each were sheltered in the same home are not connected, and the search through such a
node would visit everyone behind it (about a second on the large demo world, against
milliseconds without).

A path is a sequence of distinct entities; parallel relationships between two steps
(one per source record, one per transfer) do not make it a different path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.schema import Label
from queries.base import EntityRef, Graph, Link, QueryError, check_range
from queries.entities import data_rels, describe, find_entity, links_among, type_pattern

MAX_HOPS = 8
HUB_LINKS = 1_000
DEFAULT_LIMIT = 25
MAX_LIMIT = 500
LINKS_PER_NODE = 50  # relationships read per node of the paths found, at most, before the result says it was cut


@dataclass(frozen=True)
class Path:
    """``nodes`` from the first entity to the second; ``links`` are the relationships
    between consecutive nodes (a step may be stated by several types)."""

    nodes: tuple[EntityRef, ...]
    links: tuple[Link, ...]

    @property
    def length(self) -> int:
        return len(self.nodes) - 1


@dataclass(frozen=True)
class Paths:
    source: EntityRef
    target: EntityRef
    paths: tuple[Path, ...]  # every shortest path (up to the limit); empty when none within max_hops
    truncated: bool  # more shortest paths exist than the limit returned (or the link cap cut a step)

    @property
    def shortest(self) -> Path | None:
        return self.paths[0] if self.paths else None

    @property
    def length(self) -> int | None:
        return self.paths[0].length if self.paths else None


def paths(graph: Graph, a_id: str, b_id: str, max_hops: int = 6, rel_types: Iterable[str] | None = None,
          limit: int = DEFAULT_LIMIT, through_hubs: bool = False) -> Paths:
    """All shortest paths of at most ``max_hops`` between ``a_id`` and ``b_id`` over
    ``rel_types`` (default: every data relationship), at most ``limit`` of them; hubs
    are steps only when ``through_hubs`` is set."""
    check_range("max_hops", max_hops, 1, MAX_HOPS)
    check_range("limit", limit, 1, MAX_LIMIT)
    rels = data_rels(rel_types)
    a = find_entity(graph, a_id, "a_id")
    b = find_entity(graph, b_id, "b_id")
    if a == b:
        raise QueryError(f"a_id and b_id are the same entity ({a_id!r}): a path needs two")
    # max_hops is an int checked above: a quantifier cannot be a parameter.
    types = type_pattern(rels)
    records = graph.read(f"""
        MATCH (a) WHERE elementId(a) = $a
        MATCH (b) WHERE elementId(b) = $b
        MATCH p = ALL SHORTEST
              (a) ((x)-[:{types}]-(y)
                   WHERE x = a OR (NOT x:{Label.LOCATION} AND ($through_hubs OR COUNT {{ (x)-[:{types}]-() }} <= $hub)))
              {{1,{max_hops}}} (b)
        RETURN DISTINCT [n IN nodes(p) | elementId(n)] AS nodes LIMIT $limit + 1
        """, a=a, b=b, limit=limit, through_hubs=through_hubs, hub=HUB_LINKS)
    chains = sorted(record["nodes"] for record in records)[:limit]
    on_paths = {node for chain in chains for node in chain}
    refs = describe(graph, on_paths | {a, b})
    links, cut = links_among(graph, on_paths, rels, cap=LINKS_PER_NODE * len(on_paths)) if chains else ((), False)
    return Paths(refs[a], refs[b], tuple(_path(chain, refs, links) for chain in chains),
                 len(records) > limit or cut)


def _path(chain: list[str], refs: dict[str, EntityRef], links: tuple[Link, ...]) -> Path:
    nodes = tuple(refs[node] for node in chain)
    steps = {frozenset((x.id, y.id)) for x, y in zip(nodes, nodes[1:])}
    return Path(nodes, tuple(link for link in links if frozenset((link.start, link.end)) in steps))
