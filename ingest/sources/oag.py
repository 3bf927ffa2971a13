"""Office of the Attorney General (OAG): one row per prosecution decision on one defendant.

A prosecution continues a police or DSI case, so the row names that case by the
police number and lands on the very Case node the case file created; the court and
enforcement adapters find the case the same way (``police_case``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from graph.schema import AgencyCode, Label, Rel
from ingest.normalize import normalize_date, normalize_national_id
from ingest.normalize.text import clean
from ingest.resolve.records import PersonRecord
from ingest.sources import things
from ingest.sources.base import PERSON, Adapter, Link, Parsed, RowError, SourceRow, Thing

POLICE_AGENCIES: dict[str, AgencyCode] = {
    "rtp": AgencyCode.RTP, "ตำรวจ": AgencyCode.RTP, "สตช.": AgencyCode.RTP, "สตช": AgencyCode.RTP,
    "dsi": AgencyCode.DSI, "ดีเอสไอ": AgencyCode.DSI, "กรมสอบสวนคดีพิเศษ": AgencyCode.DSI,
}

DECISIONS: dict[str, str] = {
    "prosecute": "prosecute", "สั่งฟ้อง": "prosecute",
    "not prosecute": "not_prosecute", "not_prosecute": "not_prosecute", "สั่งไม่ฟ้อง": "not_prosecute",
}

_SECTION = re.compile(r"\d+(?:/\d+)?")


def police_case(adapter: Adapter, row: SourceRow, properties: dict[str, object]) -> Thing:
    """The police or DSI Case the row continues, with the id the case file adapters give it,
    so that prosecution, judgment and enforcement facts join the investigation's node.
    Empty properties are left out: one row must not erase what another row set."""
    number = adapter.required_cell(row, "police_case_no")
    agency_text = row.raw.get("police_agency", "") or "RTP"
    agency = POLICE_AGENCIES.get(agency_text.casefold())
    if agency is None:
        raise RowError("police_agency", f"unknown agency {agency_text!r}: expected RTP or DSI")
    return things.case(agency, number, {key: value for key, value in properties.items() if value})


def iso_date(adapter: Adapter, row: SourceRow, column: str) -> str | None:
    """The cell as an ISO date (None when empty), as the graph stores dates."""
    value = adapter.normalised(row, column, normalize_date)
    return value.isoformat() if isinstance(value, date) else None


def person_with_id(adapter: Adapter, row: SourceRow, name: str, national_id: str,
                   dob: str | None = None) -> tuple[PersonRecord, tuple[Thing, ...], tuple[Link, ...]]:
    """The row's person from its name, national ID and birth date columns, with the ID
    document the person holds: what the prosecution, court and enforcement rows share."""
    adapter.required_cell(row, name)
    nid = adapter.normalised(row, national_id, normalize_national_id)
    if dob:
        adapter.normalised(row, dob, normalize_date)  # validated here; the resolver normalises again
    record = PersonRecord(record_id=row.record_id, agency=adapter.agency, name=row.raw[name],
                          dob=row.raw.get(dob, "") if dob else "", national_id=str(nid or ""))
    documents, links = things.held_documents(nid, None)
    return record, tuple(documents), tuple(links)


class OagProsecutions(Adapter):
    source = "oag"
    agency = AgencyCode.OAG
    required = ("oag_case_no", "police_case_no", "decision", "defendant_name")
    key_columns = ("oag_case_no", "defendant_no")
    aliases: ClassVar[dict[str, str]] = {
        "เลขคดีอัยการ": "oag_case_no", "ลำดับผู้ต้องหา": "defendant_no", "เลขคดีตำรวจ": "police_case_no",
        "หน่วยงานสอบสวน": "police_agency", "วันยื่นฟ้อง": "filed_on", "คำสั่ง": "decision", "มาตรา": "sections",
        "ชื่อผู้ต้องหา": "defendant_name", "เลขประจำตัวประชาชน": "defendant_national_id", "วันเกิด": "defendant_dob",
    }

    def parse(self, row: SourceRow) -> Parsed:
        oag_case_no = self.required_cell(row, "oag_case_no")
        decision_text = self.required_cell(row, "decision")
        decision = DECISIONS.get(clean(decision_text).casefold())
        if decision is None:
            raise RowError("decision", f"unknown decision {decision_text!r}: expected one of {', '.join(DECISIONS)}")
        filed_on = iso_date(self, row, "filed_on")
        sections = _sections(row)
        case = police_case(self, row, {"oag_case_no": oag_case_no, "oag_decision": decision, "filed_on": filed_on})
        person, found, links = person_with_id(self, row, "defendant_name", "defendant_national_id", "defendant_dob")
        # The decision is per defendant: it stays on the defendant's link even when the
        # Case's oag_decision is overwritten by a co-defendant's row.
        charged = Link(Rel.SUSPECT_IN, PERSON, case.id, {
            "oag_case_no": oag_case_no, "decision": decision, "sections": sections, "filed_on": filed_on})
        return Parsed(person=person, roles=(Label.SUSPECT,), things=(case, *found), links=(charged, *links))


def _sections(row: SourceRow) -> list[str]:
    """The sections of the Act charged ("มาตรา ๖, ๙" -> ["6", "9"]); empty when none are given."""
    text = clean(row.raw.get("sections", ""))
    found = _SECTION.findall(text)
    if text and not found:
        raise RowError("sections", f"no section number in {row.raw['sections']!r}")
    return found
