"""The OAG adapter: prosecution rows parsed to the police Case they continue, and landing
on that very node in the graph. Also home of the helpers the court and LED tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Label, Rel
from ingest.pipeline import Summary, ingest
from ingest.sources.base import PERSON, Adapter, Link, RowError, SourceRow
from ingest.sources.case_file import CaseFile
from ingest.sources.oag import OagProsecutions
from tests.conftest import Database

POLICE = """case_no,person_no,station,report_date,offence,role,name,dob,national_id
123/2567,1,สภ.เมืองขอนแก่น,15 มี.ค. 2567,ค้ามนุษย์ มาตรา 6,suspect,นายสมชาย ใจดี,07/03/2528,1101700203450
123/2567,2,สภ.เมืองขอนแก่น,15 มี.ค. 2567,ค้ามนุษย์ มาตรา 6,victim,Ma Khin Aye,2003-11-07,
"""

GOOD = {
    "oag_case_no": "อ.456/2567", "defendant_no": "1", "police_case_no": "123/2567", "police_agency": "RTP",
    "filed_on": "๒๐ มิ.ย. ๒๕๖๗", "decision": "สั่งฟ้อง", "sections": "มาตรา ๖, ๙",
    "defendant_name": "นายสมชาย ใจดี", "defendant_national_id": "1-1017-00203-45-0", "defendant_dob": "07/03/2528",
}


def source_row(adapter: Adapter, cells: dict[str, str]) -> SourceRow:
    """A row of ``adapter``'s source as ``Adapter.rows`` would yield it."""
    return SourceRow(adapter.source, adapter.agency, "test.csv", 2, "test", cells)


def ingest_after_police(db: Database, tmp_path: Path, adapter: Adapter, text: str) -> Summary:
    """Ingest the police file, then ``adapter``'s file, in one run."""
    police, other = tmp_path / "rtp.csv", tmp_path / f"{adapter.source}.csv"
    police.write_text(POLICE, encoding="utf-8")
    other.write_text(text, encoding="utf-8")
    return ingest(db.driver, db.name, [(CaseFile(), police), (adapter, other)], tmp_path / "quarantine.jsonl")



def test_a_prosecution_lands_on_the_police_case() -> None:
    parsed = OagProsecutions().parse(source_row(OagProsecutions(), GOOD))
    case = parsed.things[0]
    assert (case.label, case.id) == (Label.CASE, "case:RTP:123/2567")
    assert case.properties == {"oag_case_no": "อ.456/2567", "oag_decision": "prosecute", "filed_on": "2024-06-20"}
    assert parsed.roles == (Label.SUSPECT,)
    assert parsed.person is not None and parsed.person.national_id == "1101700203450"
    assert parsed.person.name == "นายสมชาย ใจดี" and parsed.person.dob == "07/03/2528"
    assert Link(Rel.SUSPECT_IN, PERSON, case.id, {
        "oag_case_no": "อ.456/2567", "decision": "prosecute", "sections": ["6", "9"], "filed_on": "2024-06-20",
    }) in parsed.links
    assert Link(Rel.HAS_DOCUMENT, PERSON, "nid:1101700203450") in parsed.links


def test_a_dsi_case_and_a_decision_not_to_prosecute() -> None:
    cells = GOOD | {"police_agency": "dsi", "decision": "สั่งไม่ฟ้อง", "filed_on": "", "sections": "",
                    "defendant_national_id": ""}
    parsed = OagProsecutions().parse(source_row(OagProsecutions(), cells))
    assert parsed.things[0].id == "case:DSI:123/2567"
    assert parsed.things[0].properties == {"oag_case_no": "อ.456/2567", "oag_decision": "not_prosecute"}
    assert len(parsed.things) == 1 and parsed.links[0].properties["sections"] == []


def test_the_police_agency_defaults_to_rtp() -> None:
    parsed = OagProsecutions().parse(source_row(OagProsecutions(), GOOD | {"police_agency": ""}))
    assert parsed.things[0].id == "case:RTP:123/2567"


@pytest.mark.parametrize(("column", "value"), [
    ("oag_case_no", ""), ("police_case_no", ""), ("police_agency", "FBI"), ("decision", "maybe"),
    ("filed_on", "31/02/2567"), ("sections", "พ.ร.บ. ค้ามนุษย์"), ("defendant_name", ""),
    ("defendant_national_id", "1101700203451"), ("defendant_dob", "not a date"),
])
def test_an_unusable_value_names_its_field(column: str, value: str) -> None:
    with pytest.raises(RowError) as error:
        OagProsecutions().parse(source_row(OagProsecutions(), GOOD | {column: value}))
    assert error.value.field == column


def test_prosecution_and_police_file_share_one_case_node(db: Database, tmp_path: Path) -> None:
    header = ",".join(GOOD)
    other = GOOD | {"defendant_no": "2", "defendant_name": "นายมานะ ขยัน", "defendant_national_id": "",
                    "defendant_dob": "", "decision": "สั่งไม่ฟ้อง", "filed_on": ""}
    text = "\n".join([header, ",".join(f'"{v}"' for v in GOOD.values()),
                      ",".join(f'"{v}"' for v in other.values())]) + "\n"
    summary = ingest_after_police(db, tmp_path, OagProsecutions(), text)
    assert summary.quarantined == 0 and summary.adds_up()
    assert db.count("MATCH (c:Case) RETURN count(c)") == 1
    assert db.count("MATCH (c:Case {id: 'case:RTP:123/2567', rtp_case_no: '123/2567', oag_case_no: 'อ.456/2567', "
                     "filed_on: '2024-06-20', offence: 'ค้ามนุษย์ มาตรา 6'}) RETURN count(c)") == 1
    assert db.count("MATCH (:Suspect)-[l:SUSPECT_IN {decision: 'not_prosecute'}]->(:Case {rtp_case_no: '123/2567'}) "
                     "WHERE l.source_record STARTS WITH 'oag:' RETURN count(l)") == 1
    assert db.count("MATCH (p:Suspect)-[:SUSPECT_IN {decision: 'prosecute', sections: ['6', '9']}]->(:Case) "
                     "MATCH (p)-[:HAS_DOCUMENT]->(:IdentityDocument {number: '1101700203450'}) RETURN count(p)") >= 1
