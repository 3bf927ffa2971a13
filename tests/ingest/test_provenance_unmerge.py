"""Provenance and unmerge: why records were joined, and splitting them without re-ingesting."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ingest.pipeline import ingest, unmerge
from ingest.sources import SOURCES
from queries.base import Graph
from queries.provenance import entity_provenance
from tests.conftest import Database
from tests.ingest.test_ingest_pipeline import ALL, _write
from tipgraph.cli import app


def _somchai(db: Database) -> str:
    return db.driver.execute_query(
        "MATCH (p:Person)-[:FROM_SOURCE]->(s:SourceRecord {agency: 'AMLO'}) RETURN p.id AS id",
        database_=db.name).records[0]["id"]


def _load(db: Database, tmp_path: Path) -> None:
    ingest(db.driver, db.name, [(SOURCES[s], _write(tmp_path, name, text)) for s, name, text in ALL],
           tmp_path / "q.jsonl")


def test_explain_lists_each_source_record_with_score_and_reasons(db: Database, tmp_path: Path) -> None:
    _load(db, tmp_path)
    provenance = entity_provenance(Graph(db.driver, db.name), _somchai(db))
    assert "Person" in provenance.labels
    assert sorted(link.agency for link in provenance.sources) == ["AMLO", "DOPA", "RTP"]
    assert all(link.score >= 0.999 and link.reasons for link in provenance.sources)

    env = {"NEO4J_URI": db.endpoint.uri, "TIPGRAPH_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "250"}
    result = CliRunner().invoke(app, ["entity", "explain", provenance.entity_id], env=env)
    assert result.exit_code == 0, result.output
    assert "national ID: equal" in result.output and "dopa.csv:2" in result.output
    unknown = CliRunner().invoke(app, ["entity", "explain", "E-nobody"], env=env)
    assert unknown.exit_code == 1 and "entity_id: no entity with id 'E-nobody'" in unknown.output


def test_unmerge_splits_and_the_split_survives_a_rerun(db: Database, tmp_path: Path) -> None:
    _load(db, tmp_path)
    person = _somchai(db)
    police = next(link.source_record for link in entity_provenance(Graph(db.driver, db.name), person).sources
                  if link.agency == "RTP")
    entity_of = unmerge(db.driver, db.name, person, [police])
    assert entity_of[police] != person
    assert [link.agency for link in entity_provenance(Graph(db.driver, db.name), _somchai(db)).sources].count("RTP") == 0

    _load(db, tmp_path)  # a later ingest re-resolves everything and must keep the decision
    assert [link.agency for link in entity_provenance(Graph(db.driver, db.name), _somchai(db)).sources].count("RTP") == 0


def test_unmerge_refuses_records_of_another_entity(db: Database, tmp_path: Path) -> None:
    _load(db, tmp_path)
    env = {"NEO4J_URI": db.endpoint.uri, "TIPGRAPH_DATA_DIR": str(tmp_path / "data")}
    result = CliRunner().invoke(app, ["entity", "unmerge", _somchai(db), "--records", "dopa:nope@000"], env=env)
    assert result.exit_code == 1 and "not current source records" in result.output
