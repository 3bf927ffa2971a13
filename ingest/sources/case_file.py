"""Police (RTP) and DSI case files: one row per person in a case, with the role they play."""

from __future__ import annotations

from typing import ClassVar

from graph.schema import AgencyCode, Label, Rel
from ingest.normalize import (
    normalize_country,
    normalize_date,
    normalize_national_id,
    normalize_passport,
    normalize_phone,
    normalize_plate,
)
from ingest.resolve.records import PersonRecord
from ingest.sources import things
from ingest.sources.base import PERSON, Adapter, Link, Parsed, RowError, SourceRow

ROLES: dict[str, tuple[Label, Rel]] = {
    "suspect": (Label.SUSPECT, Rel.SUSPECT_IN), "ผู้ต้องหา": (Label.SUSPECT, Rel.SUSPECT_IN),
    "victim": (Label.VICTIM, Rel.VICTIM_IN), "ผู้เสียหาย": (Label.VICTIM, Rel.VICTIM_IN),
    "broker": (Label.BROKER, Rel.BROKER_IN), "นายหน้า": (Label.BROKER, Rel.BROKER_IN),
}


class CaseFile(Adapter):
    """RTP's format; DSI exports the same columns (see ``DsiCaseFile``)."""

    source = "rtp"
    agency = AgencyCode.RTP
    required = ("case_no", "role", "name")
    key_columns = ("case_no", "person_no")
    aliases: ClassVar[dict[str, str]] = {
        "เลขคดี": "case_no", "ลำดับบุคคล": "person_no", "สถานี": "station", "วันที่รับแจ้ง": "report_date",
        "ข้อหา": "offence", "บทบาท": "role", "ชื่อ": "name", "วันเกิด": "dob", "เลขประจำตัวประชาชน": "national_id",
        "หนังสือเดินทาง": "passport", "สัญชาติ": "nationality", "เพศ": "sex", "โทรศัพท์": "phone",
        "ทะเบียนรถ": "vehicle_plate", "ภูมิลำเนาเดิม": "origin",
    }

    def parse(self, row: SourceRow) -> Parsed:
        case_no = self.required_cell(row, "case_no")
        role = self.required_cell(row, "role").casefold()
        if role not in ROLES:
            raise RowError("role", f"unknown role {row.raw['role']!r}: expected one of {', '.join(ROLES)}")
        role_label, role_rel = ROLES[role]
        self.required_cell(row, "name")
        report_date = self.normalised(row, "report_date", normalize_date)
        self.normalised(row, "dob", normalize_date)
        nid = self.normalised(row, "national_id", normalize_national_id)
        document = self.normalised(row, "passport", normalize_passport)
        nationality = self.normalised(row, "nationality", normalize_country)
        phone = self.normalised(row, "phone", normalize_phone)
        plate = self.normalised(row, "vehicle_plate", normalize_plate)
        origin = self.normalised(row, "origin", normalize_country)

        case = things.case(self.agency, case_no, {
            f"{self.source}_case_no": case_no, "offence": row.raw.get("offence", ""),
            "station": row.raw.get("station", ""), "reported_on": report_date.isoformat() if report_date else None,
        })
        documents, document_links = things.held_documents(nid, document)
        found = [case, *documents]
        links = [Link(role_rel, PERSON, case.id), *document_links]
        if phone:
            found.append(things.phone(str(phone)))
            links += [Link(Rel.HAS_PHONE, PERSON, found[-1].id), Link(Rel.USED_IN, found[-1].id, case.id)]
        if plate:
            found.append(things.vehicle(plate))
            links.append(Link(Rel.USED_IN, found[-1].id, case.id))
        if origin and role_label is Label.VICTIM:
            found.append(things.location(origin))
            links.append(Link(Rel.ORIGIN, PERSON, found[-1].id))
        person = PersonRecord(
            record_id=row.record_id, agency=self.agency, name=row.raw["name"], dob=row.raw.get("dob", ""),
            national_id=str(nid or ""), passport=document.key if document else "", phone=row.raw.get("phone", ""),
            nationality=nationality.code if nationality else "", sex=row.raw.get("sex", ""),
        )
        return Parsed(person=person, roles=(role_label,), things=tuple(found), links=tuple(links))


class DsiCaseFile(CaseFile):
    source = "dsi"
    agency = AgencyCode.DSI
