"""`tipgraph ingest` and `tipgraph ingest-dir` through the CLI, against the session's Neo4j."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import Database
from tests.ingest.test_ingest_pipeline import AMLO_TRANSFERS, DOPA
from tipgraph.cli import app


def _env(db: Database, tmp_path: Path) -> dict[str, str]:
    return {"NEO4J_URI": db.endpoint.uri, "TIPGRAPH_DATA_DIR": str(tmp_path / "data")}


def test_ingest_prints_counts_that_add_up(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "dopa.csv"
    source.write_text(DOPA, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "dopa", str(source), "--quarantine", str(tmp_path / "q.jsonl")],
                                env=_env(db, tmp_path))
    assert result.exit_code == 0, result.output
    assert "rows read 4 = loaded 2 + merged 0 + unchanged 0 + quarantined 2" in result.output
    assert (tmp_path / "q.jsonl").read_text(encoding="utf-8").count("\n") == 2


def test_ingest_dir_follows_the_manifest_and_names_bad_entries(db: Database, tmp_path: Path) -> None:
    (tmp_path / "dopa.csv").write_text(DOPA, encoding="utf-8")
    (tmp_path / "transfers.csv").write_text(AMLO_TRANSFERS, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,source\ndopa.csv,dopa\ntransfers.csv,amlo-transfers\n")
    result = CliRunner().invoke(app, ["ingest-dir", str(tmp_path)], env=_env(db, tmp_path))
    assert result.exit_code == 0, result.output
    assert "rows read 6 = loaded 3 + merged 0 + unchanged 0 + quarantined 3" in result.output

    (tmp_path / "manifest.csv").write_text("file,source\ndopa.csv,police\n")
    result = CliRunner().invoke(app, ["ingest-dir", str(tmp_path)], env=_env(db, tmp_path))
    assert result.exit_code == 1 and "row 2: field 'source': unknown source 'police'" in result.output


def test_unknown_source_is_refused(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text(DOPA, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "cia", str(source)], env=_env(db, tmp_path))
    assert result.exit_code == 1 and "unknown source 'cia'" in result.output
