"""DOPA civil registry (ทะเบียนราษฎร): one row per registered person and house."""

from __future__ import annotations

from typing import ClassVar

from graph.schema import AgencyCode, Rel
from ingest.normalize import normalize_date, normalize_national_id, normalize_phone, normalize_province
from ingest.resolve.records import PersonRecord
from ingest.sources import things
from ingest.sources.base import PERSON, Adapter, Link, Parsed, SourceRow


class DopaRegistry(Adapter):
    source = "dopa"
    agency = AgencyCode.DOPA
    required = ("national_id", "first_name", "last_name", "birth_date")
    key_columns = ("national_id",)
    aliases: ClassVar[dict[str, str]] = {
        "เลขประจำตัวประชาชน": "national_id", "คำนำหน้า": "title", "ชื่อ": "first_name", "นามสกุล": "last_name",
        "วันเกิด": "birth_date", "เพศ": "sex", "บ้านเลขที่": "house_no", "หมู่": "moo", "ตำบล": "subdistrict",
        "อำเภอ": "district", "จังหวัด": "province", "รหัสประจำบ้าน": "house_id", "โทรศัพท์": "phone",
    }

    def parse(self, row: SourceRow) -> Parsed:
        for column in self.required:  # the registry has them all for everyone it registers
            self.required_cell(row, column)
        nid = self.normalised(row, "national_id", normalize_national_id)
        self.normalised(row, "birth_date", normalize_date)  # validated here; the resolver normalises again
        name = " ".join(row.raw.get(c, "") for c in ("title", "first_name", "last_name")).strip()
        phone = self.normalised(row, "phone", normalize_phone)
        province = self.normalised(row, "province", normalize_province)
        address_text = " ".join(
            part for part in (row.raw.get("house_no", ""), _prefixed("หมู่", row.raw.get("moo", "")),
                              _prefixed("ต.", row.raw.get("subdistrict", "")), _prefixed("อ.", row.raw.get("district", "")),
                              _prefixed("จ.", row.raw.get("province", "")))
            if part
        )
        found, links = things.held_documents(nid, None)
        if phone:
            found.append(things.phone(str(phone)))
            links.append(Link(Rel.HAS_PHONE, PERSON, found[-1].id))
        if address_text:
            home = things.address(address_text)
            found.append(home)
            links.append(Link(Rel.LIVES_AT, PERSON, home.id, {"house_id": row.raw.get("house_id", "")}))
            if province:
                found.append(things.location(province))
                links.append(Link(Rel.IN, home.id, found[-1].id))
        person = PersonRecord(
            record_id=row.record_id, agency=self.agency, name=name, dob=row.raw["birth_date"], national_id=str(nid),
            phone=row.raw.get("phone", ""), nationality="THA", sex=row.raw.get("sex", ""), address=address_text,
        )
        return Parsed(person=person, things=tuple(found), links=tuple(links))


def _prefixed(prefix: str, value: str) -> str:
    return f"{prefix}{value}" if value else ""
