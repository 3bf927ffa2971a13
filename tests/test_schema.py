"""`db init` creates every constraint and index once; natural keys refuse duplicates."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ConstraintError

from graph.constraints import (
    CONSTRAINTS,
    FULLTEXT_INDEXES,
    NATURAL_KEYS,
    RANGE_INDEXES,
    apply_schema,
    drop_schema,
    expected_names,
    present_names,
)
from graph.schema import ENTITY_LABELS
from tests.conftest import Database


def _schema_snapshot(db: Database) -> list[tuple]:
    constraints = db.driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *", database_=db.name
    ).records
    indexes = db.driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN *", database_=db.name
    ).records
    return sorted((
        tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(r.data().items()))
        for r in [*constraints, *indexes]
    ), key=repr)


def test_init_creates_everything_then_is_a_no_op(db: Database) -> None:
    drop_schema(db.driver, db.name)
    assert not expected_names() & present_names(db.driver, db.name)

    first = apply_schema(db.driver, db.name)
    assert set(first.created) == expected_names() and first.existing == ()
    snapshot = _schema_snapshot(db)

    second = apply_schema(db.driver, db.name)
    assert second.created == () and set(second.existing) == expected_names()
    assert _schema_snapshot(db) == snapshot


def test_constraints_cover_every_entity_id_and_natural_key(db: Database) -> None:
    rows = db.driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *", database_=db.name
    ).records
    found = {(r["labelsOrTypes"][0], tuple(r["properties"])) for r in rows if r["type"] == "UNIQUENESS"}
    assert {(str(label), ("id",)) for label in ENTITY_LABELS} <= found
    assert {(str(c.label), c.properties) for c in NATURAL_KEYS} <= found
    assert len(CONSTRAINTS) == len(ENTITY_LABELS) + len(NATURAL_KEYS)


def test_indexes_are_online_with_the_thai_analyser(db: Database) -> None:
    rows = db.driver.execute_query(
        "SHOW INDEXES YIELD name, type, state, options RETURN *", database_=db.name
    ).records
    by_name = {r["name"]: r for r in rows}
    for index in RANGE_INDEXES:
        assert by_name[index.name]["type"] == "RANGE" and by_name[index.name]["state"] == "ONLINE"
    for index in FULLTEXT_INDEXES:
        row = by_name[index.name]
        assert row["type"] == "FULLTEXT" and row["state"] == "ONLINE"
        assert row["options"]["indexConfig"]["fulltext.analyzer"] == "thai"


def test_fulltext_finds_a_thai_family_name_inside_a_full_name(db: Database) -> None:
    db.driver.execute_query(
        "CREATE (:Person {id: 'p1', name: $name, names: $names})",
        name="สมชาย ใจดี",
        names=["SOMCHAI JAIDEE", "สมชาย ใจดี"],
        database_=db.name,
    )
    db.driver.execute_query("CALL db.awaitIndexes(60)", database_=db.name)
    hits = db.driver.execute_query(
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id",
        q="ใจดี",
        database_=db.name,
    ).records
    assert [r["id"] for r in hits] == ["p1"]


NATURAL_KEY_SAMPLES = {
    "identity_document_key": {"kind": "national_id", "number": "1101700203451"},
    "bank_account_key": {"bank_code": "004", "number": "1234567890"},
    "vehicle_key": {"plate": "1กข1234", "province": "กรุงเทพมหานคร"},
    "phone_key": {"number": "+66812345678"},
    "address_key": {"key": "99/1 หมู่ 3 ต.บ้านใหม่ อ.เมือง จ.ขอนแก่น"},
    "agency_code": {"code": "AMLO"},
    "location_key": {"kind": "province", "code": "40"},
}


@pytest.mark.parametrize("constraint", NATURAL_KEYS, ids=lambda c: c.name)
def test_duplicate_natural_key_is_refused(db: Database, constraint) -> None:
    key = NATURAL_KEY_SAMPLES[constraint.name]
    create = f"CREATE (n:{constraint.label} {{id: $id}}) SET n += $key"
    db.driver.execute_query(create, id="first", key=key, database_=db.name)
    with pytest.raises(ConstraintError):
        db.driver.execute_query(create, id="second", key=key, database_=db.name)


def test_duplicate_entity_id_is_refused(db: Database) -> None:
    db.driver.execute_query("CREATE (:Case {id: 'case-1'})", database_=db.name)
    with pytest.raises(ConstraintError):
        db.driver.execute_query("CREATE (:Case {id: 'case-1'})", database_=db.name)
