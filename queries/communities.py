"""Communities and key players on a person–person graph projected from the knowledge graph.

Why igraph and leidenalg: Neo4j Community has no Graph Data Science library, so the
person–person graph is projected with one capped Cypher read and analysed in-process.
Leiden (leidenalg) refines Louvain so that every community it returns is internally
connected, and is seeded, so the same graph always gives the same communities. igraph
(C core) gives PageRank and betweenness on the same graph without copying it again.

Two people are linked, with a weight that adds up over these kinds of evidence:

- ``co_offending``: suspects or brokers in the same case (one per shared case);
- ``phone``, ``address``, ``account``, ``vehicle``: the same phone, home address (shelters
  excluded: they house victims of many rings), bank account or vehicle (one per item);
- ``money``: transfers between accounts they hold (one per pair of accounts, either way).

An item shared by more than ``max_sharing`` people (a call centre's phone, a dormitory, a
case with dozens of defendants) is left out: it says little about who works together and
would join everyone into one clique.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import igraph
import leidenalg

from graph.schema import ROLE_LABELS, Label, Rel
from queries.base import EntityRef, Graph, QueryError, check_range
from queries.refs import entity_refs

LinkKind = Literal["co_offending", "phone", "address", "account", "vehicle", "money"]
LINK_KINDS: tuple[LinkKind, ...] = get_args(LinkKind)
DEFAULT_MAX_EDGES = 200_000
MAX_EDGES = 2_000_000
# An item shared by k people makes k(k-1)/2 pairs, all held by the aggregation before any
# cap applies: at most 19,900 an item here. One case of 3,000 suspects at 10,000 took the
# whole server's transaction memory, failing other users' questions.
MAX_SHARING = 200

_SHARED = f"""
  MATCH (x:{{label}})<-[l:{{rels}}]-(p:{Label.PERSON}) {{where}}
  WITH x, collect(DISTINCT p.id) AS people WHERE 2 <= size(people) <= $max_sharing
  UNWIND people AS a UNWIND people AS b
  WITH a, b, x WHERE a < b
  RETURN a, b, '{{kind}}' AS kind, count(DISTINCT x) AS weight"""
_PROJECTIONS: dict[LinkKind, str] = {
    "co_offending": _SHARED.format(label=Label.CASE, rels=f"{Rel.SUSPECT_IN}|{Rel.BROKER_IN}", where="",
                                   kind="co_offending"),
    "phone": _SHARED.format(label=Label.PHONE, rels=Rel.HAS_PHONE, where="", kind="phone"),
    "address": _SHARED.format(label=Label.ADDRESS, rels=Rel.LIVES_AT, where="WHERE l.shelter IS NULL OR NOT l.shelter",
                              kind="address"),
    "account": _SHARED.format(label=Label.BANK_ACCOUNT, rels=Rel.HOLDS, where="", kind="account"),
    "vehicle": _SHARED.format(label=Label.VEHICLE, rels=Rel.OWNS, where="", kind="vehicle"),
    "money": f"""
  MATCH (p:{Label.PERSON})-[:{Rel.HOLDS}]->(x:{Label.BANK_ACCOUNT})-[:{Rel.TRANSFERRED}]-(y:{Label.BANK_ACCOUNT})
        <-[:{Rel.HOLDS}]-(q:{Label.PERSON})
  WHERE p.id < q.id
  RETURN p.id AS a, q.id AS b, 'money' AS kind, count(DISTINCT [x, y]) AS weight""",
}


@dataclass(frozen=True)
class Community:
    """People Leiden put together, with how many links of each kind hold them together."""

    index: int  # 0 is the largest; the same graph and parameters give the same indices
    members: tuple[EntityRef, ...]
    links: tuple[tuple[LinkKind, int], ...]


@dataclass(frozen=True)
class Projection:
    """What was analysed: people, links and their kinds; ``truncated`` when the edge cap was hit."""

    people: int
    links: int
    links_by_kind: tuple[tuple[LinkKind, int], ...]
    truncated: bool


@dataclass(frozen=True)
class Communities:
    communities: tuple[Community, ...]  # largest first
    projection: Projection
    truncated: bool  # the projection was capped, or more communities qualified than the limit


@dataclass(frozen=True)
class KeyPlayer:
    person: EntityRef
    community: int  # index into the communities of the same parameters
    pagerank: float
    betweenness: float  # normalised: the share of shortest paths (up to `cutoff` links) through the person


@dataclass(frozen=True)
class KeyPlayers:
    players: tuple[KeyPlayer, ...]  # highest PageRank first
    projection: Projection
    truncated: bool


def communities(graph: Graph, *, kinds: Sequence[LinkKind] = LINK_KINDS, max_sharing: int = 20,
                resolution: float = 1.0, seed: int = 0, min_size: int = 2, involved_only: bool = True,
                max_edges: int = DEFAULT_MAX_EDGES, limit: int = 100) -> Communities:
    """Leiden communities (modularity with ``resolution``; larger gives smaller communities)
    of the person–person graph over the link ``kinds``. Communities of fewer than
    ``min_size`` people, and with ``involved_only`` those where nobody is a suspect,
    broker or victim (a registry household, say), are left out; at most ``limit``."""
    check_range("min_size", min_size, 2, 1_000_000)
    check_range("limit", limit, 1, 10_000)
    analysis = _analyse(graph, kinds, max_sharing, resolution, seed, max_edges)
    groups = [group for group in analysis.groups if len(group) >= min_size]
    if involved_only:
        involved = _involved(graph, [person for group in groups for person in group])
        groups = [group for group in groups if involved & set(group)]
    kept = groups[:limit]
    people = entity_refs(graph, Label.PERSON, [person for group in kept for person in group])
    return Communities(
        tuple(Community(analysis.index[group[0]], tuple(people[p] for p in group if p in people),
                        tuple(sorted(analysis.links[analysis.index[group[0]]].items()))) for group in kept),
        analysis.projection, truncated=analysis.projection.truncated or len(groups) > limit)


def key_players(graph: Graph, *, kinds: Sequence[LinkKind] = LINK_KINDS, max_sharing: int = 20,
                resolution: float = 1.0, seed: int = 0, cutoff: int = 6, max_edges: int = DEFAULT_MAX_EDGES,
                limit: int = 50) -> KeyPlayers:
    """The most central people of the same projection: PageRank over the link weights (who is
    linked, strongly, to people who are themselves central) and betweenness (who lies on the
    shortest paths between others: brokers between groups). Betweenness counts paths of at
    most ``cutoff`` links, which bounds its cost on a large projection, and treats a heavy
    link as a short one (length 1 / weight)."""
    check_range("cutoff", cutoff, 1, 20)
    check_range("limit", limit, 1, 10_000)
    analysis = _analyse(graph, kinds, max_sharing, resolution, seed, max_edges)
    network = analysis.network
    pagerank = network.pagerank(weights="weight")
    lengths = [1.0 / weight for weight in network.es["weight"]]
    betweenness = network.betweenness(weights=lengths, cutoff=cutoff)
    pairs = max(1, (network.vcount() - 1) * (network.vcount() - 2) / 2)
    top = sorted(range(network.vcount()), key=lambda v: (-pagerank[v], analysis.people[v]))[:limit]
    people = entity_refs(graph, Label.PERSON, [analysis.people[v] for v in top])
    return KeyPlayers(
        tuple(KeyPlayer(people[analysis.people[v]], analysis.index[analysis.people[v]], round(pagerank[v], 6),
                        round(betweenness[v] / pairs, 6)) for v in top if analysis.people[v] in people),
        analysis.projection, truncated=analysis.projection.truncated or network.vcount() > limit)


@dataclass(frozen=True)
class _Analysis:
    people: list[str]  # vertex i of `network` is people[i]
    network: igraph.Graph
    groups: list[list[str]]  # Leiden communities, largest first, members sorted
    index: dict[str, int]  # person id -> community index
    links: dict[int, Counter[LinkKind]]  # community index -> its internal links by kind
    projection: Projection


def _analyse(graph: Graph, kinds: Sequence[LinkKind], max_sharing: int, resolution: float, seed: int,
             max_edges: int) -> _Analysis:
    unknown = [kind for kind in kinds if kind not in LINK_KINDS]
    if unknown or not kinds:
        raise QueryError(f"kinds must be a non-empty selection of {', '.join(LINK_KINDS)}, got {list(kinds)}")
    check_range("max_sharing", max_sharing, 2, MAX_SHARING)
    check_range("max_edges", max_edges, 1, MAX_EDGES)
    if not 0 < resolution <= 100:
        raise QueryError(f"resolution must be above 0 and at most 100, got {resolution}")
    union = "\n  UNION ALL".join(_PROJECTIONS[kind] for kind in dict.fromkeys(kinds))
    records = graph.read(f"CALL () {{{union}\n}}\nRETURN a, b, kind, weight LIMIT $cap",
                         max_sharing=max_sharing, cap=max_edges + 1)
    truncated = len(records) > max_edges
    weights: dict[tuple[str, str], float] = defaultdict(float)
    kinds_of: dict[tuple[str, str], set[LinkKind]] = defaultdict(set)
    for record in records[:max_edges]:
        pair = (record["a"], record["b"])
        weights[pair] += record["weight"]
        kinds_of[pair].add(record["kind"])
    people = sorted({person for pair in weights for person in pair})
    vertex = {person: v for v, person in enumerate(people)}
    pairs = sorted(weights)
    network = igraph.Graph(n=len(people), edges=[(vertex[a], vertex[b]) for a, b in pairs])
    network.es["weight"] = [weights[pair] for pair in pairs]
    partition = leidenalg.find_partition(network, leidenalg.RBConfigurationVertexPartition, weights="weight",
                                         resolution_parameter=resolution, seed=seed, n_iterations=-1)
    groups = sorted((sorted(people[v] for v in members) for members in partition), key=lambda g: (-len(g), g[0]))
    index = {person: i for i, group in enumerate(groups) for person in group}
    by_kind: Counter[LinkKind] = Counter()
    links: dict[int, Counter[LinkKind]] = defaultdict(Counter)
    for (a, b), linked_by in kinds_of.items():
        by_kind.update(linked_by)
        if index[a] == index[b]:
            links[index[a]].update(linked_by)
    return _Analysis(people, network, groups, index, links,
                     Projection(len(people), len(pairs), tuple(sorted(by_kind.items())), truncated))


def _involved(graph: Graph, people: Sequence[str]) -> set[str]:
    """Those of ``people`` who are a suspect, broker or victim somewhere."""
    roles = " OR ".join(f"p:{role}" for role in ROLE_LABELS)
    records = graph.read(f"UNWIND $ids AS id MATCH (p:{Label.PERSON} {{id: id}}) WHERE {roles} RETURN p.id AS id "
                         "LIMIT $cap", ids=list(people), cap=len(people))
    return {record["id"] for record in records}
