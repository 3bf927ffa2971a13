"""The ingest pipeline: agency files -> source records -> entities in the graph.

1. Every file is read and every row parsed before anything is written, so a file that
   cannot be read (encoding, missing columns) fails at once and writes nothing.
2. Every row becomes a SourceRecord (a usable row with its person statement, an
   unusable one with the field and reason it was quarantined for, also written to the
   quarantine JSONL file). Nothing is dropped.
3. Things (cases, phones, accounts, vehicles, documents, addresses, places) are merged
   on their normalised natural keys; their links are written per source record.
4. People are resolved with the same engine as `tipgraph resolve`, over the person
   statements of all current source records (those already in the graph and the new
   ones), and the person layer is rebuilt from the result, with FROM_SOURCE score and
   reasons. Entity ids are derived from the records, so a re-run gives the same graph.

Counts: read = loaded + merged + unchanged + quarantined, where "unchanged" rows were
already in the graph with the same content.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import Driver
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from graph import writes
from graph.schema import Label, Rel
from ingest.normalize import NormalizationError, normalize_date
from ingest.normalize.text import has_thai
from ingest.resolve import Decision, PersonRecord, Resolution, resolve
from ingest.sources.base import NODE, PERSON, Adapter, Link, Parsed, RowError, SourceRow, is_person_end, split_node


@dataclass(frozen=True)
class Summary:
    files: int
    read: int
    loaded: int
    merged: int
    unchanged: int
    quarantined: int
    entities: int
    seconds: float
    quarantine_file: Path | None

    def adds_up(self) -> bool:
        return self.read == self.loaded + self.merged + self.unchanged + self.quarantined


@dataclass(frozen=True)
class _Row:
    source: SourceRow
    parsed: Parsed | None
    error: RowError | None


def ingest(driver: Driver, database: str, jobs: Sequence[tuple[Adapter, Path]], quarantine_file: Path,
           console: Console | None = None) -> Summary:
    """Ingest the files of ``jobs`` (adapter, path); see the module docstring."""
    began = time.perf_counter()
    rows = [_parse(adapter, row) for adapter, path in jobs for row in adapter.rows(path)]
    existing = _existing_ids(driver, database, [row.source.record_id for row in rows])
    quarantined = [row for row in rows if row.error]
    _write_quarantine(quarantine_file, quarantined)
    labels = {thing.id: thing.label for row in rows if row.parsed for thing in row.parsed.things}

    with _progress(console) as progress:
        task = progress.add_task("source records", total=len(rows))
        writes.write_source_records(driver, database, [_source_record(row, labels) for row in rows],
                                    lambda done: progress.advance(task, done))
        parsed = [row for row in rows if row.parsed]
        task = progress.add_task("things and links", total=len(parsed))
        _write_things_and_links(driver, database, parsed, labels)
        progress.update(task, completed=len(parsed))
        task = progress.add_task("people (resolution)", total=1)
        entity_of = rebuild_people(driver, database)
        progress.update(task, completed=1)

    new = [row for row in rows if not row.error and row.source.record_id not in existing]
    members = Counter(entity_of.values())
    merged = sum(1 for row in new if members[entity_of.get(row.source.record_id, "")] > 1)
    return Summary(
        files=len(jobs), read=len(rows), loaded=len(new) - merged, merged=merged,
        unchanged=sum(1 for row in rows if not row.error and row.source.record_id in existing),
        quarantined=len(quarantined), entities=len(members), seconds=time.perf_counter() - began,
        quarantine_file=quarantine_file if quarantined else None,
    )


def _parse(adapter: Adapter, row: SourceRow) -> _Row:
    try:
        return _Row(row, adapter.parse(row), None)
    except RowError as error:
        return _Row(row, None, error)


def _existing_ids(driver: Driver, database: str, ids: list[str]) -> set[str]:
    records = driver.execute_query(
        "UNWIND $ids AS id MATCH (s:SourceRecord {id: id}) RETURN s.id AS id", ids=ids, database_=database).records
    return {record["id"] for record in records}


def _write_quarantine(path: Path, rows: list[_Row]) -> None:
    if not rows:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for row in rows:
            assert row.error is not None
            entry = {"source": row.source.source, "file": row.source.file, "row": row.source.row,
                     "field": row.error.field, "reason": row.error.reason, "raw": row.source.raw}
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _source_record(row: _Row, labels: dict[str, Label]) -> dict[str, Any]:
    source = row.source
    properties: dict[str, Any] = {
        "source": source.source, "agency": str(source.agency), "source_file": source.file, "row": source.row,
        "key": source.key, "content_hash": source.content_hash,
        "raw": json.dumps(source.raw, ensure_ascii=False, sort_keys=True),
        "status": "quarantined" if row.error else "loaded",
    }
    if row.error:
        properties |= {"quarantine_field": row.error.field, "quarantine_reason": row.error.reason}
    if row.parsed and row.parsed.person:
        person = row.parsed.person
        properties |= {f"person_{name}": getattr(person, name) for name in
                       ("name", "dob", "national_id", "passport", "phone", "nationality", "sex", "address")}
        properties["person_roles"] = [str(role) for role in row.parsed.roles]
    person_links = [_link_json(link, labels) for link in row.parsed.links if _touches_person(link)] if row.parsed else []
    if person_links:
        properties["person_links"] = json.dumps(person_links, ensure_ascii=False)
    return {"id": source.record_id, "properties": properties}


def _touches_person(link: Link) -> bool:
    return is_person_end(link.start) or is_person_end(link.end)


def _link_json(link: Link, labels: dict[str, Label]) -> dict[str, Any]:
    """A person link as stored on its source record, so that a later run can rebuild it."""
    def label(end: str) -> str:
        if end.startswith(NODE):
            return ""  # a person or a thing: known only after resolution
        return str(Label.PERSON if is_person_end(end) else labels[end])

    return {"rel": str(link.rel), "start": link.start, "end": link.end, "properties": link.properties,
            "start_label": label(link.start), "end_label": label(link.end)}


def _write_things_and_links(driver: Driver, database: str, rows: list[_Row], labels: dict[str, Label]) -> None:
    things: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    links: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        assert row.parsed is not None
        record_id = row.source.record_id
        for thing in row.parsed.things:
            things[thing.label].append({"id": thing.id, "properties": thing.properties, "source_record": record_id})
        for link in row.parsed.links:
            if not _touches_person(link):
                links[(link.rel, labels[link.start], labels[link.end])].append(
                    {"start": link.start, "end": link.end, "properties": link.properties, "source_record": record_id})
    for label, batch in things.items():
        writes.write_things(driver, database, label, batch)
    for (rel, start, end), batch in links.items():
        writes.write_links(driver, database, rel, start, end, batch)


def rebuild_people(driver: Driver, database: str) -> dict[str, str]:
    """Resolve every current person statement, respecting the pairs people decided to keep
    apart, and rebuild the person layer; returns the entity id of each source record."""
    current = writes.current_person_records(driver, database)
    statements = [s for s in current if s["name"]]
    records = [PersonRecord(record_id=s["id"], **{k: s[k] or "" for k in (
        "agency", "name", "dob", "national_id", "passport", "phone", "nationality", "sex", "address")})
        for s in statements]
    resolution = resolve(records, kept_apart=writes.kept_apart(driver, database))
    entity_of = resolution.entity_ids
    by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for statement in statements:
        by_entity[entity_of[statement["id"]]].append(statement)
    people = [_person(entity, members) for entity, members in sorted(by_entity.items())]
    writes.replace_people(driver, database, people, _provenance(resolution, entity_of))

    links: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = defaultdict(list)
    by_key = {f"{s['source']}|{s['key']}": s["id"] for s in statements}
    stored = [(statement, json.loads(statement["links"] or "[]")) for statement in current]
    things_named = labels_of_node_ends(driver, database, stored, by_key)
    for statement, person_links in stored:
        def entity(end: str) -> tuple[str, Label] | None:
            """A link end with persons replaced by their entities (None: not current, or unknown)."""
            if end == PERSON:
                return entity_of[statement["id"]], Label.PERSON
            if end.startswith(NODE):
                source_key, thing = split_node(end)
                if source_key in by_key:
                    return entity_of[by_key[source_key]], Label.PERSON
                return (thing, things_named[thing]) if thing in things_named else None
            return None

        for link in person_links:
            start = entity(link["start"]) if link["start_label"] in ("", Label.PERSON) else (
                link["start"], Label(link["start_label"]))
            end = entity(link["end"]) if link["end_label"] in ("", Label.PERSON) else (
                link["end"], Label(link["end_label"]))
            if start and end:
                links[(Rel(link["rel"]), start[1], end[1])].append(
                    {"start": start[0], "end": end[0], "properties": link["properties"],
                     "source_record": statement["id"]})
    for (rel, start_label, end_label), batch in links.items():
        writes.write_links(driver, database, rel, start_label, end_label, batch)
    return entity_of


def labels_of_node_ends(driver: Driver, database: str, stored: list[tuple[dict[str, Any], list[dict[str, Any]]]],
                        by_key: dict[str, str]) -> dict[str, Label]:
    """Labels of the things that node references fall back to (no person row has that key)."""
    ends = [split_node(end) for _, person_links in stored for link in person_links
            for end in (link["start"], link["end"]) if end.startswith(NODE)]
    ids = {thing for row, thing in ends if row not in by_key}
    return writes.labels_of(driver, database, sorted(ids), (Label.ORGANIZATION, Label.ADDRESS))


def unmerge(driver: Driver, database: str, entity_id: str, records: Sequence[str]) -> dict[str, str]:
    """Split ``records`` off the person ``entity_id`` without re-ingesting: each is kept
    apart from every other record of the entity, and the person layer is rebuilt."""
    members = writes.person_source_records(driver, database, entity_id)
    if not members:
        raise ValueError(f"no person {entity_id!r} with current source records")
    unknown = sorted(set(records) - set(members))
    if unknown:
        raise ValueError(f"record(s) {', '.join(unknown)} are not current source records of {entity_id}")
    staying = [member for member in members if member not in records]
    if not staying:
        raise ValueError(f"that would move every record of {entity_id}; name only the records to split off")
    writes.keep_apart(driver, database, [(moving, other) for moving in records for other in staying])
    return rebuild_people(driver, database)


def _person(entity: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    """An entity's properties from its statements: every name seen, one name per script."""
    names = sorted({m["name"] for m in members if m["name"]})
    thai = [n for n in names if has_thai(n)]
    latin = [n for n in names if not has_thai(n)]
    return {
        "id": entity,
        "roles": sorted({role for m in members for role in (m["roles"] or [])}),
        "properties": {
            "names": names, "name": (thai or latin or [""])[0], "name_th": thai[0] if thai else None,
            "name_latin": latin[0] if latin else None, "dob": _first_date(m["dob"] for m in members),
            "sex": next((m["sex"] for m in members if m["sex"]), None),
            "nationality": next((m["nationality"] for m in members if m["nationality"]), None),
            "source_records": len(members),
        },
    }


def _first_date(values: Any) -> str | None:
    for value in values:
        try:
            return normalize_date(value).isoformat() if value else None
        except NormalizationError:
            continue
    return None


def _provenance(resolution: Resolution, entity_of: dict[str, str]) -> list[dict[str, Any]]:
    """Each record's link to its entity, with the strongest match that put it there."""
    best: dict[str, tuple[float, list[str]]] = {}
    for pair in resolution.pairs(Decision.MATCH):
        for record in (pair.left, pair.right):
            if record not in best and entity_of[pair.left] == entity_of[pair.right]:
                best[record] = (pair.probability, list(pair.reasons))
    return [{"person": entity, "source_record": record,
             "score": best.get(record, (1.0, []))[0],
             "reasons": best.get(record, (1.0, ["the entity's only record"]))[1]}
            for record, entity in entity_of.items()]


def _progress(console: Console | None) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TaskProgressColumn(show_speed=True), TimeRemainingColumn(),
                    console=console, disable=console is None)
