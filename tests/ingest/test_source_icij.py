"""ICIJ Offshore Leaks files (a small sample in ICIJ's published layout, tests/ingest/icij/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.sources import SOURCES, FileError
from tests.conftest import Database

SAMPLE = Path(__file__).parent / "icij"
FILES = ("nodes-entities", "nodes-officers", "nodes-intermediaries", "nodes-addresses", "relationships")



def test_the_leak_loads_as_organisations_people_and_their_links(db: Database, tmp_path: Path) -> None:
    jobs = [(SOURCES["icij"], SAMPLE / f"{name}.csv") for name in FILES]
    summary = ingest(db.driver, db.name, jobs, tmp_path / "q.jsonl")
    assert summary.read == 2 + 3 + 1 + 1 + 6 and summary.adds_up()
    assert summary.quarantined == 2  # the officer without a name, the node related to itself
    assert db.count("MATCH (o:Organization) RETURN count(o)") == 3
    assert db.count("MATCH (p:Person)-[r:OFFICER_OF {icij_rel_type: 'officer_of'}]->"
                      "(:Organization {name: 'GOLDEN SEA HOLDINGS LIMITED'}) "
                      "WHERE 'SOMCHAI JAIDEE' IN p.names RETURN count(r)") == 1
    assert db.count("MATCH (:Organization {kind: 'intermediary'})-[:INTERMEDIARY_OF]->(:Organization) "
                      "RETURN count(*)") == 1
    assert db.count("MATCH (:Organization)-[:REGISTERED_AT]->(a:Address) WHERE a.text STARTS WITH '99/1' "
                      "RETURN count(*)") == 1
    assert db.count("MATCH (:Person)-[r:CONNECTED_TO {icij_rel_type: 'similar'}]->(:Person) RETURN count(r)") == 1


def test_two_roles_of_one_officer_in_one_entity_are_two_links(db: Database, tmp_path: Path) -> None:
    for name in FILES:
        (tmp_path / f"{name}.csv").write_text((SAMPLE / f"{name}.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "relationships.csv").open("a", encoding="utf-8") as relationships:
        relationships.write("12000001,10000001,officer_of,director of,,01-APR-2015,,Panama Papers\n")
    summary = ingest(db.driver, db.name, [(SOURCES["icij"], tmp_path / f"{name}.csv") for name in FILES],
                     tmp_path / "q.jsonl")
    assert summary.quarantined == 2 and summary.adds_up()
    roles = db.driver.execute_query(
        "MATCH (p:Person)-[r:OFFICER_OF]->(:Organization {name: 'GOLDEN SEA HOLDINGS LIMITED'}) "
        "WHERE 'SOMCHAI JAIDEE' IN p.names RETURN r.link AS link ORDER BY link", database_=db.name).records
    assert [role["link"] for role in roles] == ["director of", "shareholder of"]


def test_a_file_that_is_not_an_icij_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "officers.csv"
    other.write_text((SAMPLE / "nodes-officers.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FileError, match="not an ICIJ Offshore Leaks file"):
        list(SOURCES["icij"].rows(other))
