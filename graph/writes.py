"""Batched, parameterised, idempotent writes of the ingest pipeline.

Every statement is `UNWIND $rows AS r MERGE ...` on stable ids, so writing the same
rows twice changes nothing. Labels and relationship types are constants of
graph.schema chosen by the caller, never input text; every value is a parameter.
Writes go through a ``Writer``, which runs them in order on a background thread while
the pipeline goes on parsing and resolving.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from neo4j import Driver
from neo4j.exceptions import TransientError

from graph.schema import ROLE_LABELS, Label, Rel

BATCH = 2_000
DEADLOCK_RETRIES = 20
Row = dict[str, Any]
Progress = Callable[[int], None]


def _batches(rows: Sequence[Row], group: Callable[[Row], Hashable] | None,
             order: Callable[[Row], Any] | None = None) -> list[list[Row]]:
    """Batches of about BATCH rows, in order; with ``group``, the rows of one group (in
    their order) are never split between two batches; with ``order``, each batch is
    sorted by it (stably, so a group keeps its order among equal keys)."""
    if group is None:
        batches = [list(rows[start:start + BATCH]) for start in range(0, len(rows), BATCH)]
    else:
        groups: dict[Hashable, list[Row]] = {}
        for row in rows:
            groups.setdefault(group(row), []).append(row)
        batches = [[]]
        for members in groups.values():
            if batches[-1] and len(batches[-1]) + len(members) > BATCH:
                batches.append([])
            batches[-1].extend(members)
    return [sorted(batch, key=order) if order else batch for batch in batches if batch]


def _no_progress(done: int) -> None:
    """The default progress callback: nobody is watching."""


@dataclass
class _Statement:
    """A statement's progress in the writer."""

    side_by_side: bool  # its batches may run at once
    left: int  # batches not yet done
    running: int = 0  # batches under way


class Writer:
    """Runs write statements in batches, one transaction per batch, on background threads.

    Ingest is half Python (parsing, normalising, resolving) and half Neo4j (writing);
    done one after the other, each waits for the other. The writer lets Python prepare
    the next work while Neo4j commits the last, and keeps ``workers`` transactions going
    at once: one client thread leaves Neo4j idle while it packs the next batch and reads
    the last answer.

    Statements keep their order: the first batch of a statement starts only once every
    batch of the statements before it has committed, so a statement sees them all. A
    statement's batches run side by side only when ``run`` is told how to ``group`` its
    rows: rows that two transactions must not write at once (the same node read and
    rewritten, the same relationship merged) share a group key, and a group stays in one
    batch, in its order. Without a group, one batch at a time: links meet on shared nodes
    (a province, a shop's account), and transactions linking to the same dense nodes in
    different orders deadlock each other (measured: a retry a second, slower than one
    at a time). ``flush`` waits for everything; the first failure stops the writer and
    is raised by the next ``run`` or ``flush``. Use it as a context manager, which
    flushes on exit.

    ``backlog`` batches may wait before ``run`` blocks: more than one pipeline chunk
    makes, so that Neo4j is still busy with a chunk while the next one is parsed (with 8,
    the writer sat idle for a third of a medium ingest).
    """

    def __init__(self, driver: Driver, database: str, workers: int = 2, backlog: int = 128) -> None:
        self._driver = driver
        self._database = database
        self._jobs: queue.Queue[tuple[int, str, list[Row], Progress] | None] = queue.Queue(maxsize=backlog)
        self._failure: BaseException | None = None
        self._turn = threading.Condition()
        self._open: dict[int, _Statement] = {}  # statements with batches not yet done, by number
        self._statements = itertools.count()
        self._threads = [threading.Thread(target=self._work, name=f"neo4j-writer-{number}", daemon=True)
                         for number in range(workers)]
        for thread in self._threads:
            thread.start()

    def run(self, query: str, rows: Sequence[Row], progress: Progress = _no_progress,
            group: Callable[[Row], Hashable] | None = None, order: Callable[[Row], Any] | None = None) -> None:
        """Queue ``query`` over ``rows`` (bound to ``$rows``), one transaction per batch;
        with ``group``, batches run side by side (see the class), each sorted by ``order``
        if given: transactions that lock shared nodes in one order cannot deadlock."""
        batches = _batches(rows, group, order)
        if not batches:
            return
        self._raise_failure()
        statement = next(self._statements)
        with self._turn:
            self._open[statement] = _Statement(side_by_side=group is not None, left=len(batches))
        for batch in batches:
            self._jobs.put((statement, query, batch, progress))

    def flush(self) -> None:
        """Wait until everything queued is committed."""
        self._jobs.join()
        self._raise_failure()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._jobs.join()
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()
        if kind is None:
            self._raise_failure()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            statement, query, batch, progress = job
            with self._turn:  # jobs are taken in order, so earlier statements are under way
                mine = self._open[statement]
                self._turn.wait_for(lambda: min(self._open) == statement and (mine.side_by_side or not mine.running))
                mine.running += 1
            try:
                if self._failure is None:
                    self._commit(query, batch)
                    progress(len(batch))
            except BaseException as failure:  # handed to the submitting thread, which raises it
                self._failure = failure
            finally:
                with self._turn:
                    mine.running -= 1
                    mine.left -= 1
                    if not mine.left:
                        del self._open[statement]
                    self._turn.notify_all()
                self._jobs.task_done()
        self._jobs.task_done()

    def _commit(self, query: str, batch: list[Row]) -> None:
        """One transaction. A deadlock with another batch of the same statement is tried
        again at once, not after the driver's back-off of a second: the other transaction
        holds its locks only until it commits."""
        for attempt in itertools.count(1):
            try:
                with self._driver.session(database=self._database) as session:
                    session.run(query, rows=batch).consume()
                return
            except TransientError:
                if attempt == DEADLOCK_RETRIES:
                    raise
                time.sleep(0.01 * attempt)

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure


def write_source_records(writer: Writer, rows: Sequence[Row], progress: Progress = _no_progress) -> None:
    """One SourceRecord per version of a row; a new usable version supersedes the current
    one of the same row key, which stays as history (`SUPERSEDED_BY`). A quarantined
    row is kept but is never current, so it cannot displace a usable version. Within a
    run, the last usable version of a key is the current one."""
    writer.run("""
    UNWIND $rows AS r
    MERGE (s:SourceRecord {id: r.id})
    ON CREATE SET s += r.properties, s.ingested_at = datetime()
    SET s.current = r.properties.status <> 'quarantined'
    WITH s, r
    CALL (s, r) {
      WITH s, r WHERE s.current
      MATCH (old:SourceRecord {source: r.properties.source, key: r.properties.key})
      WHERE old.id <> s.id AND old.current
      SET old.current = false
      MERGE (old)-[:SUPERSEDED_BY]->(s)
    }
    """, rows, progress, group=lambda row: (row["properties"]["source"], row["properties"]["key"]))


def write_things(writer: Writer, label: Label, rows: Sequence[Row]) -> None:
    """Entities keyed by natural key, each linked to the source record that asserts it.

    ``agencies`` (sorted) keeps the agencies of every record that ever asserted the thing,
    so that a query names them without reading the FROM_SOURCE links: a province or a
    shelter is asserted by tens of thousands of records. A row whose record is ``fresh``
    (new in this run: nothing links to it yet) creates its FROM_SOURCE outright; MERGE
    would first search the relationships between the two nodes, which for a hub (a
    province) is the cost of a row. Other rows merge it, as a repeated or resumed run needs."""
    label = Label(label)  # query text: only a label of the schema
    writer.run(f"""
    UNWIND $rows AS r
    MATCH (s:SourceRecord {{id: r.source_record}})
    MERGE (n:{label} {{id: r.id}})
    SET n += r.properties
    SET n.agencies = COLLECT {{ UNWIND coalesce(n.agencies, []) + s.agency AS agency RETURN DISTINCT agency
                               ORDER BY agency }}
    WITH n, s, r
    {_created_when_fresh("n, s, r", "(n)-[f:FROM_SOURCE]->(s)",
                         "SET f.score = 1.0, f.reasons = ['same normalised key']")}
    """, rows, group=lambda row: row["id"])


def write_links(writer: Writer, rel: Rel, start: Label, end: Label, rows: Sequence[Row],
                person_end: str | None = None) -> None:
    """One relationship per asserting source record (a transfer per transaction): created
    outright for a ``fresh`` record's row, merged on the record otherwise (see write_things).

    ``person_end`` ("start" or "end") says that every row links a person written in this
    run, at that end, to a thing: then a person's links stay in one transaction and each
    transaction takes the things in one order (by id), so batches run side by side
    without deadlocking on shared things. Other links go one batch at a time."""
    rel, start, end = Rel(rel), Label(start), Label(end)  # query text: only the schema's names
    writer.run(f"""
    UNWIND $rows AS r
    MATCH (a:{start} {{id: r.start}}), (b:{end} {{id: r.end}})
    {_created_when_fresh("a, b, r", f"(a)-[x:{rel} {{source_record: r.source_record}}]->(b)", "SET x += r.properties")}
    """, rows, **_person_first(person_end))


def _created_when_fresh(variables: str, relationship: str, update: str) -> str:
    """Cypher that creates ``relationship`` and applies ``update`` to it when the row's
    record is fresh (``r.fresh``: nothing can link to it yet), and merges it otherwise."""
    return f"""
    CALL ({variables}) {{
      WITH {variables} WHERE r.fresh
      CREATE {relationship}
      {update}
    }}
    CALL ({variables}) {{
      WITH {variables} WHERE NOT r.fresh
      MERGE {relationship}
      {update}
    }}"""


def _person_first(person_end: str | None) -> dict[str, Callable[[Row], Any]]:
    if person_end is None:
        return {}
    other = {"start": "end", "end": "start"}[person_end]
    return {"group": lambda row: row[person_end], "order": lambda row: row[other]}


def has_source_records(driver: Driver, database: str) -> bool:
    """Whether anything was ever ingested."""
    return bool(driver.execute_query("MATCH (s:SourceRecord) RETURN s LIMIT 1", database_=database).records)


def existing_source_records(driver: Driver, database: str, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` are already in the graph."""
    records = driver.execute_query("UNWIND $ids AS id MATCH (s:SourceRecord {id: id}) RETURN s.id AS id",
                                   ids=list(ids), database_=database).records
    return {record["id"] for record in records}


def labels_of(driver: Driver, database: str, ids: Sequence[str], candidates: Sequence[Label]) -> dict[str, Label]:
    """The label, among ``candidates``, of each node id found (one indexed lookup per label)."""
    found: dict[str, Label] = {}
    for label in map(Label, candidates):  # query text: only labels of the schema
        records = driver.execute_query(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id",
                                       ids=list(ids), database_=database).records
        found |= {record["id"]: label for record in records}
    return found


def decide_pairs(writer: Writer, pairs: Sequence[tuple[str, str]], same: bool) -> None:
    """Record a person's decision that each pair of source records is one person
    (``SAME_AS``) or two (``NOT_SAME_AS``), replacing an earlier opposite decision."""
    decided, undone = (Rel.SAME_AS, Rel.NOT_SAME_AS) if same else (Rel.NOT_SAME_AS, Rel.SAME_AS)
    writer.run(f"""
    UNWIND $rows AS r
    MATCH (a:SourceRecord {{id: r.a}}), (b:SourceRecord {{id: r.b}})
    OPTIONAL MATCH (a)-[opposite:{undone}]-(b)
    DELETE opposite
    MERGE (a)-[:{decided}]->(b)
    """, [{"a": a, "b": b} for a, b in pairs])


def decided_pairs(driver: Driver, database: str, same: bool) -> list[tuple[str, str]]:
    """The record pairs a person decided are one person (``same``) or two."""
    records = driver.execute_query(
        f"MATCH (a:SourceRecord)-[:{Rel.SAME_AS if same else Rel.NOT_SAME_AS}]->(b:SourceRecord) "
        "RETURN a.id AS a, b.id AS b", database_=database).records
    return [(record["a"], record["b"]) for record in records]


def review_pairs(driver: Driver, database: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The grey-zone pairs waiting for a person, with their probability and reasons."""
    records = driver.execute_query(
        f"MATCH (a:SourceRecord)-[m:{Rel.MAYBE_SAME_AS}]->(b:SourceRecord) "
        "RETURN a.id AS a, b.id AS b, m.probability AS probability, m.reasons AS reasons", database_=database).records
    return {(r["a"], r["b"]): {"probability": r["probability"], "reasons": r["reasons"]} for r in records}


def replace_review_pairs(writer: Writer, stale: Sequence[tuple[str, str]], pairs: Sequence[Row]) -> None:
    """Drop the ``stale`` review pairs and write ``pairs`` (a, b, probability, reasons)."""
    writer.run(f"""
    UNWIND $rows AS r
    MATCH (:SourceRecord {{id: r.a}})-[m:{Rel.MAYBE_SAME_AS}]->(:SourceRecord {{id: r.b}})
    DELETE m
    """, [{"a": a, "b": b} for a, b in stale])
    writer.run(f"""
    UNWIND $rows AS r
    MATCH (a:SourceRecord {{id: r.a}}), (b:SourceRecord {{id: r.b}})
    MERGE (a)-[m:{Rel.MAYBE_SAME_AS}]->(b)
    SET m.probability = r.probability, m.reasons = r.reasons
    """, pairs)


def current_person_record_ids(driver: Driver, database: str, ids: Sequence[str]) -> set[str]:
    """Those of ``ids`` that are current source records with a person statement."""
    records = driver.execute_query(
        "UNWIND $ids AS id MATCH (s:SourceRecord {id: id}) WHERE s.current AND s.person_name IS NOT NULL "
        "RETURN s.id AS id", ids=list(ids), database_=database).records
    return {record["id"] for record in records}


def person_source_records(driver: Driver, database: str, person_id: str) -> list[str]:
    """The ids of the current source records of one person."""
    records = driver.execute_query(
        "MATCH (:Person {id: $id})-[:FROM_SOURCE]->(s:SourceRecord {current: true}) RETURN s.id AS id ORDER BY id",
        id=person_id, database_=database).records
    return [record["id"] for record in records]


# The SourceRecord properties that state a person, read back for re-resolution.
PERSON_STATEMENT = ("id", "source", "key", "agency", "person_name", "person_dob", "person_national_id",
                    "person_passport", "person_phone", "person_nationality", "person_sex", "person_address",
                    "person_roles", "person_links")


def current_person_records(driver: Driver, database: str) -> list[Row]:
    """The person statements and person links of every current source record (the
    ``PERSON_STATEMENT`` properties), for re-resolution."""
    records = driver.execute_query(
        "MATCH (s:SourceRecord {current: true}) WHERE s.person_name IS NOT NULL OR s.person_links IS NOT NULL "
        "RETURN [name IN $names | s[name]] AS values ORDER BY s.id",
        names=list(PERSON_STATEMENT), database_=database,
    ).records
    return [dict(zip(PERSON_STATEMENT, record["values"], strict=True)) for record in records]


def person_fingerprints(driver: Driver, database: str) -> dict[str, dict[str, str | None]]:
    """Each Person's two digests: ``fingerprint`` of its node, records and links, and
    ``provenance`` of its FROM_SOURCE scores and reasons. A rebuild rewrites the people
    whose fingerprint changed and rescores those whose provenance alone did."""
    records = driver.execute_query(
        "MATCH (p:Person) RETURN p.id AS id, p.fingerprint AS fingerprint, p.provenance AS provenance",
        database_=database).records
    return {record["id"]: {"fingerprint": record["fingerprint"], "provenance": record["provenance"]}
            for record in records}


def remove_people(writer: Writer, ids: Sequence[str]) -> None:
    """Delete people (and their links) that a rebuild replaces or no longer has."""
    writer.run("UNWIND $rows AS r MATCH (p:Person {id: r.id}) DETACH DELETE p", [{"id": id} for id in ids])


def write_people(writer: Writer, people: Sequence[Row], provenance: Sequence[Row]) -> None:
    """Person nodes with their role labels (``roles``, names from graph.schema.ROLE_LABELS)
    and their FROM_SOURCE links with the score and reasons of resolution."""
    strays = {role for person in people for role in person["roles"]} - set(ROLE_LABELS)
    if strays:  # labels reach the statement as data, so only schema role labels may pass
        raise ValueError(f"not role labels: {', '.join(sorted(strays))}")
    writer.run("""
    UNWIND $rows AS r
    MERGE (p:Person {id: r.id})
    SET p += r.properties, p:$(r.roles)
    """, people, group=lambda row: row["id"])
    writer.run("""
    UNWIND $rows AS r
    MATCH (p:Person {id: r.person}), (s:SourceRecord {id: r.source_record})
    MERGE (p)-[f:FROM_SOURCE]->(s)
    SET f.score = r.score, f.reasons = r.reasons
    """, provenance, group=lambda row: row["person"])


def rescore_people(writer: Writer, people: Sequence[Row], provenance: Sequence[Row]) -> None:
    """New FROM_SOURCE scores and reasons for people whose records and links are unchanged."""
    writer.run("UNWIND $rows AS r MATCH (p:Person {id: r.id}) SET p.provenance = r.properties.provenance", people)
    writer.run("""
    UNWIND $rows AS r
    MATCH (p:Person {id: r.person})-[f:FROM_SOURCE]->(s:SourceRecord {id: r.source_record})
    SET f.score = r.score, f.reasons = r.reasons
    """, provenance)
