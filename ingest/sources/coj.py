"""Courts of Justice (COJ): one row per judgment against one defendant.

The judgment hangs off the police or DSI Case the prosecution came from (see
``oag.police_case``), which also gains the court's black (filing) and red (judgment)
numbers. Sentences and sums are validated as non-negative amounts.
"""

from __future__ import annotations

from typing import ClassVar

from graph.schema import AgencyCode, Label, Rel
from ingest.normalize.text import clean, compact
from ingest.sources.amounts import amount
from ingest.sources.base import PERSON, Adapter, Link, Parsed, RowError, SourceRow, Thing
from ingest.sources.oag import iso_date, person_with_id, police_case

VERDICTS: dict[str, str] = {
    "guilty": "guilty", "ลงโทษ": "guilty",
    "not guilty": "not_guilty", "not_guilty": "not_guilty",
    "dismissed": "dismissed", "ยกฟ้อง": "dismissed",
}

AMOUNTS = ("sentence_months", "fine_baht", "compensation_ordered_baht")


class CojJudgments(Adapter):
    source = "coj"
    agency = AgencyCode.COJ
    required = ("black_case_no", "police_case_no", "verdict", "defendant_name")
    key_columns = ("black_case_no", "defendant_no")
    aliases: ClassVar[dict[str, str]] = {
        "หมายเลขคดีดำ": "black_case_no", "หมายเลขคดีแดง": "red_case_no", "ศาล": "court",
        "ลำดับจำเลย": "defendant_no", "เลขคดีตำรวจ": "police_case_no", "หน่วยงานสอบสวน": "police_agency",
        "วันพิพากษา": "judged_on", "คำพิพากษา": "verdict", "จำคุก (เดือน)": "sentence_months",
        "ค่าปรับ": "fine_baht", "ค่าสินไหมทดแทน": "compensation_ordered_baht", "ชื่อผู้เสียหาย": "victim_name",
        "ชื่อจำเลย": "defendant_name", "เลขประจำตัวประชาชน": "defendant_national_id", "วันเกิด": "defendant_dob",
    }

    def parse(self, row: SourceRow) -> Parsed:
        black = self.required_cell(row, "black_case_no")
        red = row.raw.get("red_case_no", "")
        verdict_text = self.required_cell(row, "verdict")
        verdict = VERDICTS.get(clean(verdict_text).casefold())
        if verdict is None:
            raise RowError("verdict", f"unknown verdict {verdict_text!r}: expected one of {', '.join(VERDICTS)}")
        amounts = {column: amount(self, row, column) for column in AMOUNTS}
        judged_on = iso_date(self, row, "judged_on")
        case = police_case(self, row, {"court_black_no": black, "court_red_no": red})
        person, found, links = person_with_id(self, row, "defendant_name", "defendant_national_id", "defendant_dob")
        # A defendant without an ID is told apart within the judgment by the name as written.
        defendant = person.national_id or compact(clean(person.name))
        judgment = Thing(Label.JUDGMENT, f"judgment:{red or black}:{defendant}", {
            "verdict": verdict, **amounts, "judged_on": judged_on, "court": row.raw.get("court", ""),
            "compensates_victim_name": row.raw.get("victim_name") or None,
        })
        return Parsed(person=person, things=(case, judgment, *found),
                      links=(Link(Rel.DECIDED, case.id, judgment.id), Link(Rel.AGAINST, judgment.id, PERSON), *links))

