"""The demo world's truth.json in graph ids, for the query tests that score against it."""

from __future__ import annotations

from collections import Counter, defaultdict

from ingest.normalize import normalize_plate
from ingest.sources import SOURCES
from tests.conftest import DemoWorld


def account_id(key: str) -> str:
    """truth.json names accounts "bank_code:number"; the graph's BankAccount ids are "account:bank_code:number"."""
    return f"account:{key}"


def vehicle_id(text: str) -> str:
    """truth.json names vehicles "plate province"; the graph's Vehicle ids are "vehicle:province_code:plate"."""
    plate = normalize_plate(text)
    return f"vehicle:{plate.province_code}:{plate.plate}"


def entities_by_record(demo: DemoWorld) -> dict[tuple[str, str], str]:
    """The graph person of each current source record, by (source, row key)."""
    records = demo.db.driver.execute_query(
        "MATCH (p:Person)-[:FROM_SOURCE]->(s:SourceRecord {current: true}) RETURN s.source AS source, s.key AS key, "
        "p.id AS person", database_=demo.db.name).records
    return {(record["source"], record["key"]): record["person"] for record in records}


def record_key(identity: dict) -> tuple[str, str]:
    source = identity["source"]
    return source, "|".join(identity["key"][column] for column in SOURCES[source].key_columns)


def graph_people(demo: DemoWorld) -> dict[str, str]:
    """Each true person's graph person: the entity most of their records resolved to."""
    entity_of = entities_by_record(demo)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for identity in demo.truth.identities:
        votes[identity["person"]][entity_of[record_key(identity)]] += 1
    return {person: counted.most_common(1)[0][0] for person, counted in votes.items()}
