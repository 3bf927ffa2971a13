"""FollowTheMoney JSON lines, on the real nomenklatura sample in ../shared/data."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.sources import SOURCES, FileError
from ingest.sources.base import RowError
from tests.conftest import Database
from tipgraph.settings import REPO_ROOT

# ../shared/data beside the repository: real public data, read-only (see its README).
SAMPLE = REPO_ROOT.parent / "shared" / "data" / "ftm-nomenklatura-donations" / "nomenklatura_donations.ijson"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="needs ../shared/data (the FtM sample)")


def _file_sums() -> dict[str, float]:
    """Payments per beneficiary as the file itself states them."""
    sums: dict[str, float] = defaultdict(float)
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        entity = json.loads(line)
        if entity["schema"] == "Payment":
            sums[entity["properties"]["beneficiary"][0]] += float(entity["properties"]["amountEur"][0])
    return sums


def test_the_sample_loads_whole_with_payment_totals_per_beneficiary(db: Database, tmp_path: Path) -> None:
    summary = ingest(db.driver, db.name, [(SOURCES["ftm"], SAMPLE)], tmp_path / "q.jsonl")
    assert summary.read == 474 and summary.quarantined == 0 and summary.adds_up()
    count = db.driver.execute_query("MATCH (o:Organization) RETURN count(o) AS n", database_=db.name).records[0]["n"]
    assert count == 56 + 17
    rows = db.driver.execute_query(
        "MATCH ()-[p:PAID]->(o:Organization) RETURN o.id AS id, sum(p.amount) AS total, count(p) AS payments",
        database_=db.name).records
    graph = {row["id"].removeprefix("org:ftm:"): row["total"] for row in rows}
    assert graph == pytest.approx(_file_sums())
    assert sum(row["payments"] for row in rows) == 290
    payers = db.driver.execute_query("MATCH (p:Person)-[:PAID]->() RETURN count(DISTINCT p) AS n",
                                     database_=db.name).records[0]["n"]
    assert payers > 0


def test_a_line_that_is_not_json_refuses_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ijson"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n", encoding="utf-8")
    with pytest.raises(FileError, match="line 2: not JSON"):
        list(SOURCES["ftm"].rows(bad))


@pytest.mark.parametrize(("properties", "message"), [
    ({"name": "Alice Smith"}, "line 1: property 'name' must be a list of strings, got \"Alice Smith\""),
    ({"name": [None]}, "line 1: property 'name' must be a list of strings, got [null]"),
    ({"name": 5}, "line 1: property 'name' must be a list of strings, got 5"),
    ([], "line 1: properties must be an object, got []"),
])
def test_a_property_that_is_not_a_list_of_strings_refuses_the_file(tmp_path: Path, properties: object,
                                                                   message: str) -> None:
    """Read as it is, a string would give its first letter as the name, and a number would
    stop the run with no file or line named."""
    bad = tmp_path / "bad.ijson"
    bad.write_text(json.dumps({"id": "p1", "schema": "Person", "properties": properties}) + "\n", encoding="utf-8")
    with pytest.raises(FileError, match=re.escape(message)):
        list(SOURCES["ftm"].rows(bad))


def test_a_name_with_a_line_separator_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "people.ijson"
    path.write_text("\ufeff" + json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Ann\u2028Lee"]}},
                                          ensure_ascii=False) + "\n", encoding="utf-8")
    [row] = SOURCES["ftm"].rows(path)
    assert SOURCES["ftm"].parse(row).person.name == "Ann\u2028Lee"


def test_an_unknown_schema_is_quarantined_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "other.ijson"
    path.write_text(json.dumps({"id": "x1", "schema": "Vessel", "properties": {"name": ["Sea Star"]}}) + "\n")
    [row] = SOURCES["ftm"].rows(path)
    with pytest.raises(RowError, match="unsupported FollowTheMoney schema 'Vessel'"):
        SOURCES["ftm"].parse(row)
