"""Batched, parameterised, idempotent writes of the ingest pipeline.

Every statement is `UNWIND $rows AS r MERGE ...` on stable ids, so writing the same
rows twice changes nothing. Labels and relationship types are constants of
graph.schema chosen by the caller, never input text; every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from neo4j import Driver

from graph.schema import ROLE_LABELS, Label, Rel

BATCH = 2_000
Row = dict[str, Any]


def _batches(rows: Sequence[Row], size: int = BATCH) -> Iterable[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _run(driver: Driver, database: str, query: str, rows: Sequence[Row],
         progress: Callable[[int], None] = lambda done: None) -> None:
    for batch in _batches(rows):
        driver.execute_query(query, rows=list(batch), database_=database)
        progress(len(batch))


def write_source_records(driver: Driver, database: str, rows: Sequence[Row],
                         progress: Callable[[int], None] = lambda done: None) -> None:
    """One SourceRecord per version of a row; a new usable version supersedes the current
    one of the same row key, which stays as history (`SUPERSEDED_BY`). A quarantined
    row is kept but is never current, so it cannot displace a usable version."""
    query = """
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
    """
    _run(driver, database, query, rows, progress)


def write_things(driver: Driver, database: str, label: Label, rows: Sequence[Row]) -> None:
    """Entities keyed by natural key, each linked to the source record that asserts it."""
    query = f"""
    UNWIND $rows AS r
    MERGE (n:{label} {{id: r.id}})
    SET n += r.properties
    WITH n, r
    MATCH (s:SourceRecord {{id: r.source_record}})
    MERGE (n)-[f:FROM_SOURCE]->(s)
    SET f.score = 1.0, f.reasons = ['same normalised key']
    """
    _run(driver, database, query, rows)


def write_links(driver: Driver, database: str, rel: Rel, start: Label, end: Label, rows: Sequence[Row]) -> None:
    """One relationship per asserting source record (a transfer per transaction)."""
    query = f"""
    UNWIND $rows AS r
    MATCH (a:{start} {{id: r.start}}), (b:{end} {{id: r.end}})
    MERGE (a)-[x:{rel} {{source_record: r.source_record}}]->(b)
    SET x += r.properties
    """
    _run(driver, database, query, rows)


def has_source_records(driver: Driver, database: str) -> bool:
    """Whether anything was ever ingested."""
    return bool(driver.execute_query("MATCH (s:SourceRecord) RETURN s LIMIT 1", database_=database).records)


def labels_of(driver: Driver, database: str, ids: Sequence[str], candidates: Sequence[Label]) -> dict[str, Label]:
    """The label, among ``candidates``, of each node id found (one indexed lookup per label)."""
    found: dict[str, Label] = {}
    for label in candidates:
        records = driver.execute_query(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id",
                                       ids=list(ids), database_=database).records
        found |= {record["id"]: label for record in records}
    return found


def keep_apart(driver: Driver, database: str, pairs: Sequence[tuple[str, str]]) -> None:
    """Record a person's decision that two source records are two people."""
    _run(driver, database, """
    UNWIND $rows AS r
    MATCH (a:SourceRecord {id: r.a}), (b:SourceRecord {id: r.b})
    MERGE (a)-[:NOT_SAME_AS]->(b)
    """, [{"a": a, "b": b} for a, b in pairs])


def kept_apart(driver: Driver, database: str) -> list[tuple[str, str]]:
    records = driver.execute_query(
        "MATCH (a:SourceRecord)-[:NOT_SAME_AS]->(b:SourceRecord) RETURN a.id AS a, b.id AS b", database_=database
    ).records
    return [(record["a"], record["b"]) for record in records]


def person_source_records(driver: Driver, database: str, person_id: str) -> list[str]:
    """The ids of the current source records of one person."""
    records = driver.execute_query(
        "MATCH (:Person {id: $id})-[:FROM_SOURCE]->(s:SourceRecord {current: true}) RETURN s.id AS id ORDER BY id",
        id=person_id, database_=database).records
    return [record["id"] for record in records]


def current_person_records(driver: Driver, database: str) -> list[Row]:
    """The person statements and person links of every current source record, for re-resolution."""
    records = driver.execute_query(
        "MATCH (s:SourceRecord {current: true}) WHERE s.person_name IS NOT NULL OR s.person_links IS NOT NULL "
        "RETURN s.id AS id, s.agency AS agency, s.person_name AS name, s.person_dob AS dob, "
        "s.person_national_id AS national_id, s.person_passport AS passport, s.person_phone AS phone, "
        "s.person_nationality AS nationality, s.person_sex AS sex, s.person_address AS address, "
        "s.person_roles AS roles, s.person_links AS links, s.source AS source, s.key AS key ORDER BY s.id",
        database_=database,
    ).records
    return [record.data() for record in records]


def replace_people(driver: Driver, database: str, people: Sequence[Row], provenance: Sequence[Row]) -> None:
    """Rebuild the person layer from resolution: Person nodes, their role labels and their
    FROM_SOURCE links with score and reasons. Persons are derived from all current
    source records at once, so the previous layer is removed first."""
    with driver.session(database=database) as session:
        session.run("MATCH (p:Person) CALL (p) { DETACH DELETE p } IN TRANSACTIONS OF 5000 ROWS").consume()
    _run(driver, database, """
    UNWIND $rows AS r
    MERGE (p:Person {id: r.id})
    SET p += r.properties
    """, people)
    for role in ROLE_LABELS:
        ids = [{"id": person["id"]} for person in people if role in person["roles"]]
        _run(driver, database, f"UNWIND $rows AS r MATCH (p:Person {{id: r.id}}) SET p:{role}", ids)
    _run(driver, database, """
    UNWIND $rows AS r
    MATCH (p:Person {id: r.person}), (s:SourceRecord {id: r.source_record})
    MERGE (p)-[f:FROM_SOURCE]->(s)
    SET f.score = r.score, f.reasons = r.reasons
    """, provenance)
