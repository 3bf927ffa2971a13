"""The court adapter: a judgment per defendant, decided in the police Case it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Label, Rel
from ingest.sources.base import PERSON, Link, RowError
from ingest.sources.coj import CojJudgments
from tests.conftest import Database
from tests.ingest.test_source_oag import ingest_after_police, source_row

GOOD = {
    "black_case_no": "คม.12/2567", "red_case_no": "คม.34/2568", "court": "ศาลอาญาคดีค้ามนุษย์",
    "defendant_no": "1", "police_case_no": "123/2567", "police_agency": "RTP", "judged_on": "๑ ก.พ. ๒๕๖๘",
    "verdict": "ลงโทษ", "sentence_months": "๔๘", "fine_baht": "200,000", "compensation_ordered_baht": "150,000.50",
    "victim_name": "Ma Khin Aye", "defendant_name": "นายสมชาย ใจดี", "defendant_national_id": "1101700203450",
    "defendant_dob": "07/03/2528",
}


def test_a_judgment_is_decided_in_the_police_case_and_against_the_defendant() -> None:
    parsed = CojJudgments().parse(source_row(CojJudgments(), GOOD))
    case, judgment = parsed.things[:2]
    assert (case.label, case.id) == (Label.CASE, "case:RTP:123/2567")
    assert case.properties == {"court_black_no": "คม.12/2567", "court_red_no": "คม.34/2568"}
    assert (judgment.label, judgment.id) == (Label.JUDGMENT, "judgment:คม.34/2568:1101700203450")
    assert judgment.properties == {
        "verdict": "guilty", "sentence_months": 48.0, "fine_baht": 200000.0, "compensation_ordered_baht": 150000.5,
        "judged_on": "2025-02-01", "court": "ศาลอาญาคดีค้ามนุษย์", "compensates_victim_name": "Ma Khin Aye",
    }
    assert parsed.links[:2] == (Link(Rel.DECIDED, case.id, judgment.id), Link(Rel.AGAINST, judgment.id, PERSON))
    assert parsed.person is not None and parsed.person.national_id == "1101700203450"


def test_without_red_number_or_id_the_judgment_is_keyed_by_black_number_and_name() -> None:
    cells = GOOD | {"red_case_no": "", "defendant_national_id": "", "verdict": "ยกฟ้อง", "sentence_months": "",
                    "fine_baht": "", "compensation_ordered_baht": "", "victim_name": ""}
    parsed = CojJudgments().parse(source_row(CojJudgments(), cells))
    case, judgment = parsed.things
    assert case.properties == {"court_black_no": "คม.12/2567"}
    assert judgment.id == "judgment:คม.12/2567:นายสมชายใจดี"
    assert judgment.properties["verdict"] == "dismissed" and judgment.properties["fine_baht"] is None
    assert judgment.properties["compensates_victim_name"] is None


@pytest.mark.parametrize(("column", "value"), [
    ("black_case_no", ""), ("police_case_no", ""), ("police_agency", "AMLO"), ("verdict", "guilty-ish"),
    ("judged_on", "32/01/2568"), ("sentence_months", "-6"), ("fine_baht", "2,00,000"),
    ("compensation_ordered_baht", "ห้าหมื่น"), ("defendant_name", ""), ("defendant_national_id", "12345"),
    ("defendant_dob", "yesterday"),
])
def test_an_unusable_value_names_its_field(column: str, value: str) -> None:
    with pytest.raises(RowError) as error:
        CojJudgments().parse(source_row(CojJudgments(), GOOD | {column: value}))
    assert error.value.field == column


def test_the_judgment_joins_the_police_case_node(db: Database, tmp_path: Path) -> None:
    text = ",".join(GOOD) + "\n" + ",".join(f'"{v}"' for v in GOOD.values()) + "\n"
    summary = ingest_after_police(db, tmp_path, CojJudgments(), text)
    assert summary.quarantined == 0 and summary.adds_up()
    assert db.count("MATCH (c:Case) RETURN count(c)") == 1
    assert db.count("MATCH (c:Case {rtp_case_no: '123/2567', court_black_no: 'คม.12/2567', "
                     "court_red_no: 'คม.34/2568'})-[:DECIDED]->(j:Judgment {verdict: 'guilty', fine_baht: 200000.0}) "
                     "MATCH (j)-[:AGAINST]->(p:Person)-[:HAS_DOCUMENT]->(:IdentityDocument {number: '1101700203450'}) "
                     "RETURN count(p)") == 1
