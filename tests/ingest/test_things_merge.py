"""Things merged from several rows keep what any row stated: a blank cell erases nothing."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import ingest
from ingest.sources import SOURCES
from tests.conftest import Database

COJ = """black_case_no,red_case_no,defendant_no,police_case_no,judged_on,verdict,sentence_months,fine_baht,compensation_ordered_baht,victim_name,defendant_name,defendant_national_id
อ.100/2567,อ.200/2567,1,123/2567,2024-09-01,guilty,60,"50,000","120,000",Ma Khin Aye,สมชาย ใจดี,1101700203450
อ.100/2567,อ.200/2567,1b,123/2567,2024-09-01,guilty,60,,"80,000",Aung Aung,สมชาย ใจดี,1101700203450
"""


def test_a_blank_fine_in_a_second_row_does_not_erase_the_first(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "coj.csv"
    path.write_text(COJ, encoding="utf-8")
    summary = ingest(db.driver, db.name, [(SOURCES["coj"], path)], tmp_path / "q.jsonl")
    assert summary.quarantined == 0
    assert db.count("MATCH (j:Judgment) RETURN count(j)") == 1
    assert db.count("MATCH (j:Judgment) RETURN j.fine_baht") == 50_000
    assert db.count("MATCH (j:Judgment) RETURN j.sentence_months") == 60
