"""Why an entity is what it is: the source records behind it and the reasons they were joined."""

from __future__ import annotations

from dataclasses import dataclass

from queries.base import Graph, check_range
from queries.entities import find_entity


@dataclass(frozen=True)
class SourceLink:
    source_record: str
    agency: str
    source_file: str
    row: int
    current: bool
    score: float
    reasons: tuple[str, ...]
    raw: str


@dataclass(frozen=True)
class Provenance:
    entity_id: str
    labels: tuple[str, ...]
    name: str | None
    sources: tuple[SourceLink, ...]


def entity_provenance(graph: Graph, entity_id: str, limit: int = 1000) -> Provenance:
    """The entity and each source record asserting it (at most ``limit``), strongest link
    first; QueryError when there is no entity ``entity_id``."""
    check_range("limit", limit, 1, 10_000)
    records = graph.read("""
        MATCH (e) WHERE elementId(e) = $node
        OPTIONAL MATCH (e)-[f:FROM_SOURCE]->(s:SourceRecord)
        WITH e, f, s ORDER BY f.score DESC, s.id LIMIT $limit
        RETURN labels(e) AS labels, coalesce(e.name, e.number, e.id) AS name,
               collect(CASE WHEN s IS NULL THEN NULL ELSE {id: s.id, agency: s.agency, file: s.source_file,
                       row: s.row, current: s.current, score: f.score, reasons: f.reasons, raw: s.raw} END) AS sources
        """, node=find_entity(graph, entity_id), limit=limit)
    record = records[0]
    return Provenance(
        entity_id=entity_id,
        labels=tuple(sorted(record["labels"])),
        name=record["name"],
        sources=tuple(SourceLink(s["id"], s["agency"], s["file"], s["row"], bool(s["current"]), s["score"],
                                 tuple(s["reasons"] or ()), s["raw"]) for s in record["sources"]),
    )
