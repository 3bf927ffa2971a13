"""`tipgraph normalize KIND`: one JSON object per input line, errors with their reason."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tipgraph.cli import app


def _run(kind: str, lines: list[str]) -> list[dict]:
    result = CliRunner().invoke(app, ["normalize", kind], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_name_has_the_promised_fields() -> None:
    [thai, latin] = _run("name", ["นายสมชาย ใจดี", "JAIDEE, Somchai"])
    assert thai["error"] is None and thai["input"] == "นายสมชาย ใจดี"
    assert {k: thai["value"][k] for k in ("title", "given", "family", "canonical")} == {
        "title": "นาย", "given": "สมชาย", "family": "ใจดี", "canonical": "สมชาย ใจดี"}
    assert latin["value"]["given"] == "somchai" and latin["value"]["family"] == "jaidee"
    assert thai["value"]["latin_key"] == latin["value"]["latin_key"]


def test_date_is_iso_and_bad_national_id_says_checksum() -> None:
    dates = _run("date", ["7 มี.ค. 2528", "๐๗/๐๓/๒๕๒๘", "1985-03-07"])
    assert [d["value"] for d in dates] == ["1985-03-07"] * 3
    [bad] = _run("national-id", ["1-1017-00203-45-1"])
    assert bad["value"] is None and bad["error"] == "checksum" and "check digit" in bad["detail"]


def test_every_line_is_answered_in_order_including_blank_ones() -> None:
    out = _run("phone", ["081-234-5678", "", "+66 81 234 5678"])
    assert [o["input"] for o in out] == ["081-234-5678", "", "+66 81 234 5678"]
    assert out[0]["value"] == out[2]["value"] == "+66812345678"
    assert out[1]["value"] is None and out[1]["error"] == "empty"


def test_unknown_kind_is_refused() -> None:
    result = CliRunner().invoke(app, ["normalize", "shoe-size"], input="42\n")
    assert result.exit_code != 0
