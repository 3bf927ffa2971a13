"""graph.writes: what reaches a statement as a label must come from the schema, and the
writer keeps statements in order while it runs their batches side by side."""

from __future__ import annotations

import pytest

from graph.writes import BATCH, Writer, _batches, labels_of, write_links, write_people, write_things
from tests.conftest import Database


def test_a_role_that_is_not_a_schema_label_is_refused(db: Database) -> None:
    person = {"id": "E-1", "roles": ["Victim", "Admin"], "properties": {"name": "x"}}
    with Writer(db.driver, db.name) as writer, pytest.raises(ValueError, match="not role labels: Admin"):
        write_people(writer, [person], [])
    assert db.count("MATCH (p:Person) RETURN count(p)") == 0


@pytest.mark.parametrize("write", [
    lambda writer: write_things(writer, "Phone {id: 'x'}) DETACH DELETE n //", []),  # type: ignore[arg-type]
    lambda writer: write_links(writer, "KNOWS]->() DETACH DELETE n //", "Person", "Phone", []),  # type: ignore
    lambda writer: write_links(writer, "HAS_PHONE", "Person", "Phone) DETACH DELETE n //", []),  # type: ignore
])
def test_a_label_or_type_that_is_not_the_schemas_never_becomes_query_text(db: Database, write) -> None:
    with Writer(db.driver, db.name) as writer, pytest.raises(ValueError, match="is not a valid"):
        write(writer)
    with pytest.raises(ValueError, match="is not a valid"):
        labels_of(db.driver, db.name, ["x"], ["Person) DETACH DELETE n //"])  # type: ignore[list-item]


def test_role_labels_are_set(db: Database) -> None:
    with Writer(db.driver, db.name) as writer:
        write_people(writer, [{"id": "E-1", "roles": ["Victim", "Broker"], "properties": {"name": "x"}}], [])
    assert db.count("MATCH (p:Person:Victim:Broker {id: 'E-1'}) RETURN count(p)") == 1


def test_batches_keep_a_group_whole_and_in_order() -> None:
    rows = [{"key": number % 7, "n": number} for number in range(3 * BATCH)]
    batches = _batches(rows, group=lambda row: row["key"])
    assert sorted(row["n"] for batch in batches for row in batch) == list(range(3 * BATCH))
    where = {}
    for index, batch in enumerate(batches):
        for row in batch:
            assert where.setdefault(row["key"], index) == index  # one batch per group
    for key in range(7):
        members = [row["n"] for batch in batches for row in batch if row["key"] == key]
        assert members == sorted(members)
    assert all(len(batch) <= BATCH for batch in batches)
    assert [len(batch) for batch in _batches(rows, group=None)] == [BATCH, BATCH, BATCH]


def test_batches_sorted_by_order_keep_each_group_in_its_order() -> None:
    """Sorted by the shared node (``order``), a group's rows on one node keep their order."""
    rows = [{"person": f"p{number % 3}", "thing": f"t{(number * 7) % 5}", "n": number} for number in range(60)]
    for batch in _batches(rows, group=lambda row: row["person"], order=lambda row: row["thing"]):
        assert [row["thing"] for row in batch] == sorted(row["thing"] for row in batch)
        for person, thing in {(row["person"], row["thing"]) for row in batch}:
            numbers = [row["n"] for row in batch if (row["person"], row["thing"]) == (person, thing)]
            assert numbers == sorted(numbers)


def test_a_statement_sees_every_batch_of_the_statements_before_it(db: Database) -> None:
    """Batches of one statement run side by side; the next statement waits for all of them."""
    count = 5 * BATCH
    rows = [{"id": f"phone:{n}"} for n in range(count)]
    with Writer(db.driver, db.name, workers=3) as writer:
        writer.run("UNWIND $rows AS r CREATE (:Phone {id: r.id})", rows)
        writer.run("UNWIND $rows AS r MATCH (p:Phone {id: r.id}) SET p.seen = true", rows)
        writer.run("MATCH (p:Phone) WHERE p.seen IS NULL CREATE (:Missed {id: p.id})", [{}])
    assert db.count("MATCH (p:Phone {seen: true}) RETURN count(p)") == count
    assert db.count("MATCH (m:Missed) RETURN count(m)") == 0


def test_rows_of_one_group_are_written_in_their_order(db: Database) -> None:
    """A node read and rewritten by many rows (a list grown row by row) loses nothing and
    keeps the rows' order when the rows share a group."""
    rows = [{"id": number % 5, "n": number} for number in range(4 * BATCH)]
    with Writer(db.driver, db.name, workers=3) as writer:
        writer.run("UNWIND $rows AS r MERGE (c:Counter {id: r.id}) SET c.seen = coalesce(c.seen, []) + r.n",
                   rows, group=lambda row: row["id"])
    seen = db.driver.execute_query("MATCH (c:Counter) RETURN c.id AS id, c.seen AS seen ORDER BY id",
                                   database_=db.name).records
    assert {record["id"]: record["seen"] for record in seen} == {
        key: [row["n"] for row in rows if row["id"] == key] for key in range(5)}
