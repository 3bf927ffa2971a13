"""The guard rails of graph.writes: what reaches a statement as a label must come from the schema."""

from __future__ import annotations

import pytest

from graph.writes import Writer, write_people
from tests.conftest import Database


def test_a_role_that_is_not_a_schema_label_is_refused(db: Database) -> None:
    person = {"id": "E-1", "roles": ["Victim", "Admin"], "properties": {"name": "x"}}
    with Writer(db.driver, db.name) as writer, pytest.raises(ValueError, match="not role labels: Admin"):
        write_people(writer, [person], [])
    assert db.count("MATCH (p:Person) RETURN count(p)") == 0


def test_role_labels_are_set(db: Database) -> None:
    with Writer(db.driver, db.name) as writer:
        write_people(writer, [{"id": "E-1", "roles": ["Victim", "Broker"], "properties": {"name": "x"}}], [])
    assert db.count("MATCH (p:Person:Victim:Broker {id: 'E-1'}) RETURN count(p)") == 1
