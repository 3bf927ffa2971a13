"""`tipgraph resolve`: CSV in, one entity per record out, explanations and review list."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from ingest.resolve.records import PersonRecord, write_records
from tests.resolve.test_resolve_engine import _crowd
from tipgraph.cli import app


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_resolve_writes_every_record_once_with_explanations(tmp_path: Path) -> None:
    records = [
        *_crowd(),
        PersonRecord("dopa-x", "DOPA", "นายสมชาย ใจดี", "07/03/2528", national_id="1101700203450"),
        PersonRecord("amlo-x", "AMLO", "JAIDEE, SOMCHAI", "1985-03-07", national_id="1-1017-00203-45-0"),
    ]
    source = tmp_path / "people.csv"
    write_records(source, records)
    out, pairs, review = tmp_path / "out.csv", tmp_path / "pairs.csv", tmp_path / "review.csv"
    result = CliRunner().invoke(app, ["resolve", str(source), "--output", str(out),
                                      "--explain", str(pairs), "--review", str(review)])
    assert result.exit_code == 0, result.output

    rows = _read(out)
    assert [r["record_id"] for r in rows] == [r.record_id for r in records]
    entity = {r["record_id"]: r["entity_id"] for r in rows}
    assert entity["dopa-x"] == entity["amlo-x"]

    explained = _read(pairs)
    link = next(p for p in explained if {p["left_record_id"], p["right_record_id"]} == {"dopa-x", "amlo-x"})
    assert link["decision"] == "match" and float(link["probability"]) >= 0.9
    assert "national ID: equal" in link["reasons"]
    assert review.read_text(encoding="utf-8").startswith("left_record_id,right_record_id,decision")


def test_bad_input_names_the_row_and_field(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("record_id,name\nr1,สมชาย\n,สมหญิง\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["resolve", str(source), "--output", str(tmp_path / "o.csv")])
    assert result.exit_code == 1
    assert "row 3" in result.output and "'record_id' is empty" in result.output

    source.write_text("id,name\nr1,สมชาย\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["resolve", str(source), "--output", str(tmp_path / "o.csv")])
    assert result.exit_code == 1 and "no 'record_id' column" in result.output
