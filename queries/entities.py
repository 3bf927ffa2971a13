"""How query results find, name and source the graph's entities and the links between them.

The investigation graph is the entities and their data relationships. Provenance is
what results *cite*, never what they traverse: ``SourceRecord`` and ``Agency`` nodes
and the ``FROM_SOURCE``, ``SUPERSEDED_BY`` and (NOT_/MAYBE_)``SAME_AS`` relationships. An
entity's agencies are those of the source records it comes ``FROM_SOURCE`` (kept on the
node as ``agencies`` when it is written, as a place may have tens of thousands); a data
relationship's agency is that of the source record named by its ``source_record``
property (one relationship per asserting record, or per transaction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from graph.schema import ENTITY_LABELS, Label, Rel
from queries.base import EntityRef, Graph, Link, QueryError

# How a thing identifies the person linked to it.
IDENTIFYING_RELS: tuple[Rel, ...] = (Rel.HAS_DOCUMENT, Rel.HAS_PHONE, Rel.LIVES_AT)
# Cypher: the node ``n`` is a victim's document, phone or address.
A_VICTIMS_THING = f"EXISTS {{ (n)<-[:{'|'.join(IDENTIFYING_RELS)}]-(:{Label.VICTIM}) }}"
# Found by its id, unless the graph withholds victims and ``n`` is a victim's thing: ids
# are built from numbers and addresses a caller may know, and finding one would tell
# that it is a victim's (and where she is sheltered).
_FINDABLE = f"NOT ($withholds AND {A_VICTIMS_THING})"

PROVENANCE_RELS: frozenset[Rel] = frozenset({Rel.FROM_SOURCE, Rel.SUPERSEDED_BY, Rel.NOT_SAME_AS, Rel.SAME_AS,
                                             Rel.MAYBE_SAME_AS})
DATA_RELS: tuple[Rel, ...] = tuple(rel for rel in Rel if rel not in PROVENANCE_RELS)
ENTITIES: tuple[Label, ...] = tuple(label for label in ENTITY_LABELS
                                    if label not in (Label.SOURCE_RECORD, Label.AGENCY))

# What a result calls an entity: the first property that names it for a reader (a
# person's or organisation's name, a case's police or DSI number, a plate, a number, an
# address, a place), else its id.
_DISPLAY_NAME = ("coalesce(n.name, n.rtp_case_no, n.dsi_case_no, n.plate, n.number, n.text, n.name_en, "
                 "n.name_th, n.id)")
# What a statement returns of a node ``n`` for its EntityRef (``entity_ref`` reads it back).
REF_OF_N = f"[n.id, labels(n), {_DISPLAY_NAME}, coalesce(n.agencies, [])]"


def data_rels(requested: Iterable[str] | None, parameter: str = "rel_types") -> tuple[Rel, ...]:
    """The relationship types a query may follow: every data type, or the requested ones.

    Requested names are checked against ``graph.schema.Rel`` so that only enum values
    ever reach the text of a statement; provenance types are refused, not ignored."""
    if requested is None:
        return DATA_RELS
    if isinstance(requested, str):
        raise QueryError(f"{parameter} must be a list of relationship types, not the single string {requested!r}")
    chosen: list[Rel] = []
    for name in requested:
        try:
            rel = Rel(name)
        except ValueError:
            raise QueryError(f"{parameter}: unknown relationship type {name!r}; expected any of "
                             f"{', '.join(DATA_RELS)}") from None
        if rel in PROVENANCE_RELS:
            raise QueryError(f"{parameter}: {rel} is provenance, not a link between entities")
        chosen.append(rel)
    if not chosen:
        raise QueryError(f"{parameter} must name at least one relationship type (or be left out for all)")
    return tuple(dict.fromkeys(chosen))


def type_pattern(rels: Sequence[Rel]) -> str:
    """``A|B|C`` for a relationship pattern; the names come from the enum only."""
    return "|".join(Rel(rel) for rel in rels)


def find_entity(graph: Graph, entity_id: str, parameter: str = "entity_id",
                labels: Sequence[Label] = ENTITIES) -> str:
    """The element id of the entity with ``entity_id`` (among ``labels``); QueryError naming
    the id when there is none, or when the graph withholds it (``Graph.withholds_victims``).
    One unique-index seek per label: ids are only indexed per label, and a label-less
    lookup would scan every node."""
    lookups = " UNION ALL ".join(f"MATCH (n:{Label(label)} {{id: $id}}) RETURN n" for label in labels)
    records = graph.read(f"CALL () {{ {lookups} }} WITH n WHERE {_FINDABLE} RETURN elementId(n) AS node LIMIT 1",
                         id=entity_id, withholds=graph.withholds_victims)
    if not records:
        kinds = "entity" if labels == ENTITIES else " or ".join(labels).lower()
        raise QueryError(f"{parameter}: no {kinds} with id {entity_id!r}")
    return records[0]["node"]


def find_entities(graph: Graph, ids: Collection[str], asked: bool = False) -> dict[str, str]:
    """The element id of each entity found among ``ids`` (ids not found are left out), by
    the same per-label seeks as ``find_entity``. ``asked``: the ids are a question's, so
    the ones the graph withholds are not found either (ids taken from answers are all
    found: they are screened and shown redacted)."""
    lookups = " UNION ALL ".join(f"MATCH (n:{label} {{id: id}}) RETURN n" for label in ENTITIES)
    records = graph.read(f"UNWIND $ids AS id CALL (id) {{ {lookups} }} WITH id, n WHERE {_FINDABLE} "
                         "RETURN DISTINCT id, elementId(n) AS node", ids=sorted(set(ids)),
                         withholds=asked and graph.withholds_victims)
    return {record["id"]: record["node"] for record in records}


def refs_by_id(graph: Graph, ids: Collection[str]) -> dict[str, EntityRef]:
    """The ``EntityRef`` of each entity found among the ``ids`` a question names, whatever
    its label, keyed by id."""
    return {ref.id: ref for ref in describe(graph, find_entities(graph, ids, asked=True).values()).values()}


def properties_of(graph: Graph, ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """Every property of each entity found among ``ids``, keyed by id: what a reader sees
    beyond the ``EntityRef`` (a person's dates and nationality, a case's numbers)."""
    records = graph.read("UNWIND $nodes AS node MATCH (n) WHERE elementId(n) = node RETURN n.id AS id, "
                         "properties(n) AS properties", nodes=list(find_entities(graph, ids).values()))
    return {record["id"]: record["properties"] for record in records}


def describe(graph: Graph, nodes: Collection[str]) -> dict[str, EntityRef]:
    """EntityRefs of the given nodes (element ids), keyed by element id."""
    # One record holding every node: the driver reads a record per message, and a
    # message per node cost more than the statement (network describes hundreds).
    [record] = graph.read(f"""
        UNWIND $nodes AS node
        MATCH (n) WHERE elementId(n) = node
        RETURN collect([node, {REF_OF_N}]) AS described
        """, nodes=list(nodes))
    return {node: entity_ref(ref) for node, ref in record["described"]}


def entity_ref(returned: Sequence[Any]) -> EntityRef:
    """The EntityRef of what a statement returned for ``REF_OF_N``."""
    id, labels, name, agencies = returned
    return EntityRef(id, tuple(sorted(labels)), name, tuple(sorted(agencies)))


def links_among(graph: Graph, nodes: Collection[str], rels: Sequence[Rel], cap: int) -> tuple[tuple[Link, ...], bool]:
    """The relationships of types ``rels`` between the given nodes (element ids), each
    found once from its start node, with the agency of its source record; at most
    ``cap`` relationships are read, and the flag says whether the cap cut them."""
    [record] = graph.read(f"""
        UNWIND $nodes AS node
        MATCH (a) WHERE elementId(a) = node
        MATCH (a)-[r:{type_pattern(rels)}]->(b) WHERE elementId(b) IN $nodes
        WITH a, r, b LIMIT $cap + 1
        OPTIONAL MATCH (s:{Label.SOURCE_RECORD} {{id: r.source_record}})
        RETURN collect({{type: type(r), start: a.id, end: b.id, properties: properties(r), agency: s.agency}}) AS links
        """, nodes=list(nodes), cap=cap)  # one record: see describe
    links = record["links"]
    return merge_parallel(links[:cap]), len(links) > cap


def merge_parallel(rows: Iterable[Any]) -> tuple[Link, ...]:
    """One Link per type, start and end. Each source record asserts its own relationship
    (and each transfer is one), so the same link may be stated many times: the merged
    Link keeps the properties on which every statement agrees, ``assertions`` (how many
    there are) and the agencies of all of them."""
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for row in rows:
        groups[(row["type"], row["start"], row["end"])].append(row)
    links = []
    for (rel, start, end), group in sorted(groups.items()):
        stated = [{k: v for k, v in row["properties"].items() if k != "source_record"} for row in group]
        agreed = {k: v for k, v in stated[0].items() if all(k in other and other[k] == v for other in stated[1:])}
        agencies = tuple(sorted({row["agency"] for row in group if row["agency"]}))
        links.append(Link(rel, start, end, {**agreed, "assertions": len(group)}, agencies))
    return tuple(links)
