"""The ingest pipeline: agency files -> source records -> entities in the graph.

1. Every file is read once before anything is written, so a file that cannot be read
   (encoding, missing columns, a broken line) fails at once and writes nothing.
2. Chunk by chunk (memory stays flat), every row is parsed and becomes a SourceRecord (a usable row with its
   person statement, an unusable one with the field and reason it was quarantined
   for, also written to the quarantine JSONL file). Nothing is dropped. Things
   (cases, phones, accounts, vehicles, documents, addresses, places) are merged on
   their normalised natural keys, and their links written per source record.
3. People are resolved with the same engine as `tipgraph resolve`, over the person
   statements of all current source records (those already in the graph and the new
   ones), and the person layer is brought up to date: only the people whose records,
   properties or links changed are rewritten. Entity ids are derived from the
   records, so a re-run gives the same graph.

Writes run on a background ``Writer`` in submission order, so parsing the next chunk
and resolving people overlap with Neo4j committing what came before.

Counts: read = loaded + merged + unchanged + quarantined, where "unchanged" rows were
already in the graph with the same content.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
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
from ingest.resolve.features import name_parts
from ingest.sources.base import NODE, PERSON, Adapter, Link, Parsed, RowError, SourceRow, is_person_end, split_node

Statement = dict[str, Any]  # a source record's person statement: graph.writes.PERSON_STATEMENT properties
CHUNK = 20_000  # rows parsed and handed to the writer at a time: memory stays flat, however big the file
# Things a node reference (ICIJ, FtM) falls back to when no person row has its key.
NODE_FALLBACK_LABELS = (Label.ORGANIZATION, Label.ADDRESS)
# Match probabilities on FROM_SOURCE, to four places: what a reader compares, and stable
# when a new file nudges the learnt weights, so that unchanged people need no rewrite.
SCORE_DIGITS = 4


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
    total = sum(sum(1 for _ in adapter.rows(path)) for adapter, path in jobs)  # every file readable, or nothing written
    statements = {(s["source"], s["key"]): s for s in writes.current_person_records(driver, database)}
    tally = _Tally()
    node_labels: dict[str, Label] = {}  # this run's things that node references may fall back to

    with _progress(console) as progress, writes.Writer(driver, database) as writer:
        written = progress.add_task("source records written", total=total)
        for adapter, path in jobs:
            first_of: dict[str, tuple[int, str]] = {}  # a key of this file -> its first row and record
            for chunk in _chunks(adapter.rows(path)):
                parsed = [_parse(adapter, row, first_of) for row in chunk]
                fresh = tally.add(driver, database, parsed)
                _write_quarantine(quarantine_file, [row for row in parsed if row.error])
                labels = {thing.id: thing.label for row in parsed if row.parsed for thing in row.parsed.things}
                node_labels |= {thing: label for thing, label in labels.items() if label in NODE_FALLBACK_LABELS}
                records = [_source_record(row, labels) for row in parsed]
                writes.write_source_records(writer, records, lambda done: progress.advance(written, done))
                _write_things_and_links(writer, [row for row in parsed if row.parsed], labels, fresh)
                _supersede(statements, parsed, records)
                _read_names(parsed)
        resolving = progress.add_task("people resolved and written", total=1)
        entity_of = _rebuild_people(driver, database, writer, list(statements.values()), node_labels)
        writer.flush()
        progress.update(resolving, completed=1)

    members = Counter(entity_of.values())
    merged = sum(1 for record in tally.new if members[entity_of.get(record, "")] > 1)
    return Summary(
        files=len(jobs), read=tally.read, loaded=len(tally.new) - merged, merged=merged, unchanged=tally.unchanged,
        quarantined=tally.quarantined, entities=len(members), seconds=time.perf_counter() - began,
        quarantine_file=quarantine_file if tally.quarantined else None,
    )


def _chunks(rows: Iterator[SourceRow]) -> Iterator[list[SourceRow]]:
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield chunk


class _Tally:
    """Which rows were new and which were in the graph before the run began, counted chunk
    by chunk. A row repeated in the run counts as its first copy did: only ids not yet
    seen are looked up, and those the run cannot have written yet."""

    def __init__(self) -> None:
        self.read = self.unchanged = self.quarantined = 0
        self.new: list[str] = []  # usable rows' record ids, new to the graph
        self._before: dict[str, bool] = {}  # record id -> was in the graph before the run

    def add(self, driver: Driver, database: str, rows: list[_Row]) -> set[str]:
        """Count a chunk of parsed rows, before any of them is written; returns the ids of
        its fresh records: not in the graph before the run, and not seen earlier in it, so
        that nothing can link to them yet."""
        unseen = {row.source.record_id for row in rows} - self._before.keys()
        existing = writes.existing_source_records(driver, database, sorted(unseen))
        self._before |= {record: record in existing for record in unseen}
        self.read += len(rows)
        for row in rows:
            if row.error:
                self.quarantined += 1
            elif self._before[row.source.record_id]:
                self.unchanged += 1
            else:
                self.new.append(row.source.record_id)
        return unseen - existing


def _supersede(statements: dict[tuple[str, str], Statement], rows: list[_Row], records: list[dict[str, Any]]) -> None:
    """Bring the current person statements, keyed by (source, row key), up to date with
    rows just written, by the rule of ``writes.write_source_records``: a usable row is
    its key's current version; a quarantined one changes nothing."""
    for row, record in zip(rows, records, strict=True):
        if row.error:
            continue
        key = (row.source.source, row.source.key)
        statement = {name: record["properties"].get(name) for name in writes.PERSON_STATEMENT} | {"id": record["id"]}
        if statement["person_name"] is None and statement["person_links"] is None:
            statements.pop(key, None)
        else:
            statements[key] = statement


def _read_names(rows: list[_Row]) -> None:
    """Read the persons' names of a chunk now, while the writer is busy with Neo4j: the
    resolver finds them in ``name_parts``' memory instead of reading them all at the end."""
    for row in rows:
        if row.parsed and row.parsed.person and row.parsed.person.name:
            name_parts(row.parsed.person.name)


def _parse(adapter: Adapter, row: SourceRow, first_of: dict[str, tuple[int, str]]) -> _Row:
    """The row parsed, or its RowError: a row the reader could not match to the header, or
    one that gives a key of its file again with other content (the two would be two
    versions of one row, and the first would vanish from the graph while counted as
    loaded; an identical copy is the same record, and harmless)."""
    first_row, first_record = first_of.setdefault(row.key, (row.row, row.record_id))
    if row.problem:
        return _Row(row, None, row.problem)
    if first_record != row.record_id:
        return _Row(row, None, RowError("key",
                                        f"{row.key!r} given again (first at row {first_row}) with other content"))
    try:
        return _Row(row, adapter.parse(row), None)
    except RowError as error:
        return _Row(row, None, error)


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


def _write_things_and_links(writer: writes.Writer, rows: list[_Row], labels: dict[str, Label],
                            fresh: set[str]) -> None:
    """The things and the links between things of a chunk, in row order. A row repeated
    in the chunk is written once (same record, same things and links); the relationships
    of ``fresh`` records are created without looking for them first (see writes.write_things)."""
    things: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    links: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = defaultdict(list)
    done: set[str] = set()
    for row in rows:
        assert row.parsed is not None
        record_id = row.source.record_id
        if record_id in done:
            continue
        done.add(record_id)
        new = record_id in fresh
        for (label, thing_id), stated in _stated_things(row.parsed).items():
            things[label].append({"id": thing_id, "properties": stated, "source_record": record_id, "fresh": new})
        for (rel, start, end), properties in _stated_links(row.parsed).items():
            links[(rel, labels[start], labels[end])].append(
                {"start": start, "end": end, "properties": properties, "source_record": record_id, "fresh": new})
    for label, batch in things.items():
        writes.write_things(writer, label, batch)
    for (rel, start, end), batch in links.items():
        writes.write_links(writer, rel, start, end, batch)


def _stated_things(parsed: Parsed) -> dict[tuple[Label, str], dict[str, Any]]:
    """Each thing of a row once, with the properties the row states (a thing named twice
    gets both statements, the later winning). A property the row leaves empty is left as
    other rows stated it."""
    stated: dict[tuple[Label, str], dict[str, Any]] = {}
    for thing in parsed.things:
        stated.setdefault((thing.label, thing.id), {}).update(
            (name, value) for name, value in thing.properties.items() if value is not None)
    return stated


def _stated_links(parsed: Parsed) -> dict[tuple[Rel, str, str], dict[str, Any]]:
    """Each link between things of a row once (type and ends), with its properties merged, later winning."""
    stated: dict[tuple[Rel, str, str], dict[str, Any]] = {}
    for link in parsed.links:
        if not _touches_person(link):
            stated.setdefault((link.rel, link.start, link.end), {}).update(link.properties)
    return stated


def rebuild_people(driver: Driver, database: str) -> dict[str, str]:
    """Re-resolve every current person statement in the graph and bring the person layer
    up to date; returns the entity id of each source record."""
    with writes.Writer(driver, database) as writer:
        return _rebuild_people(driver, database, writer, writes.current_person_records(driver, database), {})


def _rebuild_people(driver: Driver, database: str, writer: writes.Writer, current: list[Statement],
                    labels: dict[str, Label]) -> dict[str, str]:
    """Resolve the ``current`` statements, respecting the pairs people decided to keep
    apart, and rewrite the people whose fingerprint changed: their node, role labels,
    FROM_SOURCE links and person links. ``labels`` names the things of this run, which
    the writer may not have committed yet."""
    current = sorted(current, key=lambda statement: statement["id"])  # resolution is deterministic in this order
    statements = [s for s in current if s["person_name"]]
    records = [PersonRecord(record_id=s["id"], agency=s["agency"], **{field: s[f"person_{field}"] or "" for field in (
        "name", "dob", "national_id", "passport", "phone", "nationality", "sex", "address")}) for s in statements]
    resolution = resolve(records, kept_apart=writes.decided_pairs(driver, database, same=False),
                         kept_together=writes.decided_pairs(driver, database, same=True))
    _update_review(driver, database, writer, resolution)
    entity_of = resolution.entity_ids
    by_entity: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_entity[entity_of[statement["id"]]].append(statement)
    name_keys = resolution.name_keys()
    people = {entity: _person(entity, members, name_keys) for entity, members in by_entity.items()}
    provenance: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in sorted(_provenance(resolution, entity_of), key=lambda link: link["source_record"]):
        provenance[link["person"]].append(link)
    links = _person_links(driver, database, current, statements, entity_of, labels)
    links_of: dict[str, list[tuple[tuple[Rel, Label, Label], dict[str, Any]]]] = defaultdict(list)
    # In a stable order for the fingerprint: by type and ends, then as the records state them.
    for key, link in sorted(links, key=lambda item: (item[0], item[1]["start"], item[1]["end"],
                                                     item[1]["source_record"])):
        for end in (link["start"], link["end"]):
            if end in people:
                links_of[end].append((key, link))

    for entity, person in people.items():
        person["properties"] |= {"fingerprint": _fingerprint(person, links_of[entity]),
                                 "provenance": _fingerprint(provenance[entity])}
    stored = writes.person_fingerprints(driver, database)
    changed = sorted(entity for entity, person in people.items()
                     if stored.get(entity, {}).get("fingerprint") != person["properties"]["fingerprint"])
    rescored = sorted(entity for entity, person in people.items() if entity in stored and entity not in changed
                      and stored[entity]["provenance"] != person["properties"]["provenance"])
    writes.remove_people(writer, [entity for entity in stored if entity not in people or entity in changed])
    writes.write_people(writer, [people[entity] for entity in changed],
                        [link for entity in changed for link in provenance[entity]])
    writes.rescore_people(writer, [people[entity] for entity in rescored],
                          [link for entity in rescored for link in provenance[entity]])
    # A link is rewritten with a rewritten person, which was deleted with its links or is
    # new: its links are fresh. Links whose node references fell back to things on both
    # ends touch no person and are merged again (a no-op when present). Two statements of
    # one record that name the same link are one relationship, as MERGE would make them.
    rewritten = set(changed)
    by_type: dict[tuple[Rel, Label, Label], dict[tuple[str, str, str], dict[str, Any]]] = defaultdict(dict)
    for key, link in links:
        persons = {link["start"], link["end"]} & people.keys()
        if not persons or persons & rewritten:
            same = by_type[key].setdefault((link["start"], link["end"], link["source_record"]),
                                           link | {"properties": {}, "fresh": bool(persons)})
            same["properties"] = same["properties"] | link["properties"]
    for (rel, start_label, end_label), batch in by_type.items():
        rows = list(batch.values())
        person_end = _rewritten_person_end(rows, start_label, end_label, rewritten)
        writes.write_links(writer, rel, start_label, end_label, rows, person_end)
    return entity_of


def _rewritten_person_end(rows: list[dict[str, Any]], start: Label, end: Label, rewritten: set[str]) -> str | None:
    """"start" or "end" when every row links a rewritten person at that end to a thing
    (the writer can then spread them over its connections), else None."""
    for side, label, other in (("start", start, end), ("end", end, start)):
        if label == Label.PERSON and other != Label.PERSON and all(row[side] in rewritten for row in rows):
            return side
    return None


def _update_review(driver: Driver, database: str, writer: writes.Writer, resolution: Resolution) -> None:
    """The grey-zone pairs of this resolution become the review queue; pairs no longer
    grey (joined, decided, or scored anew) leave it. Only differences are written."""
    wanted = {tuple(sorted((pair.left, pair.right))): {"probability": round(pair.probability, SCORE_DIGITS),
                                                       "reasons": list(pair.reasons)}
              for pair in resolution.pairs(Decision.REVIEW)}
    stored = writes.review_pairs(driver, database)
    writes.replace_review_pairs(writer, sorted(pair for pair in stored if pair not in wanted),
                                [{"a": a, "b": b, **facts} for (a, b), facts in sorted(wanted.items())
                                 if stored.get((a, b)) != facts])


def _person_links(driver: Driver, database: str, current: list[Statement], statements: list[Statement],
                  entity_of: dict[str, str], labels: dict[str, Label]
                  ) -> list[tuple[tuple[Rel, Label, Label], dict[str, Any]]]:
    """The links of every current statement, with the row's person (and persons named by
    node references) replaced by their entities; links to nothing current are left out."""
    by_key = {f"{s['source']}|{s['key']}": s["id"] for s in statements}
    stored = [(statement, json.loads(statement["person_links"] or "[]")) for statement in current]
    things_named = _labels_of_node_ends(driver, database, stored, by_key, labels)
    result = []
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
                result.append(((Rel(link["rel"]), start[1], end[1]),
                               {"start": start[0], "end": end[0], "properties": link["properties"],
                                "source_record": statement["id"]}))
    return result


def _labels_of_node_ends(driver: Driver, database: str, stored: list[tuple[Statement, list[dict[str, Any]]]],
                         by_key: dict[str, str], labels: dict[str, Label]) -> dict[str, Label]:
    """Labels of the things that node references fall back to (no person row has that key):
    from this run's things, else from the graph."""
    ends = [split_node(end) for _, person_links in stored for link in person_links
            for end in (link["start"], link["end"]) if end.startswith(NODE)]
    ids = {thing for row, thing in ends if row not in by_key}
    known = {thing: labels[thing] for thing in ids if thing in labels}
    return known | writes.labels_of(driver, database, sorted(ids - set(known)), NODE_FALLBACK_LABELS)


def _fingerprint(*parts: Any) -> str:
    """A digest of what is written for one person, so that an unchanged person is left alone."""
    content = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()


def decide(driver: Driver, database: str, left: str, right: str, same: bool) -> dict[str, str]:
    """A person's decision on two current person records (a review pair, or any two): one
    person (``same``) or two. Every later resolution honours it; the person layer is
    rebuilt now. Returns the entity id of each record."""
    if left == right:
        raise ValueError(f"{left} and {right} are one record: a decision needs two")
    unknown = sorted({left, right} - writes.current_person_record_ids(driver, database, [left, right]))
    if unknown:
        raise ValueError(f"record(s) {', '.join(unknown)} are not current source records of a person")
    with writes.Writer(driver, database) as writer:
        writes.decide_pairs(writer, [(left, right)], same)
    return rebuild_people(driver, database)


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
    with writes.Writer(driver, database) as writer:
        writes.decide_pairs(writer, [(moving, other) for moving in records for other in staying], same=False)
    return rebuild_people(driver, database)


def _person(entity: str, members: list[Statement], name_keys: dict[str, list[str]]) -> dict[str, Any]:
    """An entity's properties from its statements: every name seen, one name per script,
    and ``name_keys``, the romanised key of every word of every name, for the full-text
    index: a search in one script finds a person whose names were only seen in the other."""
    names = sorted({m["person_name"] for m in members if m["person_name"]})
    thai = [n for n in names if has_thai(n)]
    latin = [n for n in names if not has_thai(n)]
    return {
        "id": entity,
        "roles": sorted({role for m in members for role in (m["person_roles"] or [])}),
        "properties": {
            "names": names, "name": (thai or latin or [""])[0], "name_th": thai[0] if thai else None,
            "name_latin": latin[0] if latin else None,
            "name_keys": sorted({key for m in members for key in name_keys[m["id"]]}),
            "dob": _first_date(m["person_dob"] for m in members),
            "sex": next((m["person_sex"] for m in members if m["person_sex"]), None),
            "nationality": next((m["person_nationality"] for m in members if m["person_nationality"]), None),
            "source_records": len(members),
            "agencies": sorted({m["agency"] for m in members}),
        },
    }


def _first_date(values: Any) -> str | None:
    """The first value that is a date; records without one, or with a broken one, are passed over."""
    for value in values:
        if not value:
            continue
        try:
            return normalize_date(value).isoformat()
        except NormalizationError:
            continue
    return None


def _provenance(resolution: Resolution, entity_of: dict[str, str]) -> list[dict[str, Any]]:
    """Each record's link to its entity, with the strongest match that put it there."""
    best = resolution.strongest_links()
    return [{"person": entity, "source_record": record,
             "score": round(best[record].probability, SCORE_DIGITS) if record in best else 1.0,
             "reasons": list(best[record].reasons) if record in best else ["the entity's only record"]}
            for record, entity in entity_of.items()]


def _progress(console: Console | None) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TaskProgressColumn(show_speed=True), TimeRemainingColumn(),
                    console=console, disable=console is None)
