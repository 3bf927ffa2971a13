"""DLT vehicle registrations (กรมการขนส่งทางบก): one row per registered vehicle.

Vans and pickups that move victims are named in police files by plate only; the
registration adds who owns the vehicle and what it looks like, so a plate seen at a
checkpoint leads to a person. A plate is unique only within its province, so a row
must give the province, in the plate cell or in its own column.
"""

from __future__ import annotations

from typing import ClassVar, Final

from graph.schema import AgencyCode, Rel
from ingest.normalize import Place, Plate, normalize_date, normalize_national_id, normalize_plate, normalize_province
from ingest.resolve.records import PersonRecord
from ingest.sources import things
from ingest.sources.base import PERSON, Adapter, Link, Parsed, RowError, SourceRow, Thing

# Descriptive columns copied onto the Vehicle node as written (only when given, so that an
# empty cell does not erase what another row said).
DESCRIPTION: Final = ("vehicle_type", "brand", "model", "color")


class DltRegistrations(Adapter):
    source = "dlt"
    agency = AgencyCode.DLT
    required = ("plate", "owner_name")
    key_columns = ("plate", "province")
    aliases: ClassVar[dict[str, str]] = {
        "ทะเบียน": "plate", "จังหวัด": "province", "ประเภทรถ": "vehicle_type", "ยี่ห้อ": "brand", "รุ่น": "model",
        "สี": "color", "เลขตัวถัง": "vin", "ชื่อผู้ถือกรรมสิทธิ์": "owner_name",
        "เลขประจำตัวประชาชน": "owner_national_id", "วันเกิด": "owner_dob", "วันที่จดทะเบียน": "registered_on",
    }

    def parse(self, row: SourceRow) -> Parsed:
        self.required_cell(row, "plate")
        self.required_cell(row, "owner_name")
        plate = self._plate(row)
        nid = self.normalised(row, "owner_national_id", normalize_national_id)
        self.normalised(row, "owner_dob", normalize_date)
        registered_on = self.normalised(row, "registered_on", normalize_date)

        registered = things.vehicle(plate)
        described = {column: row.raw[column] for column in DESCRIPTION if row.raw.get(column)}
        if vin := "".join(row.raw.get("vin", "").split()).upper():
            described["vin"] = vin
        vehicle = Thing(registered.label, registered.id, {**registered.properties, **described})
        documents, document_links = things.held_documents(nid, None)
        found = [vehicle, *documents]
        links = [Link(Rel.OWNS, PERSON, vehicle.id,
                      {"registered_on": registered_on.isoformat() if registered_on else None}), *document_links]
        person = PersonRecord(
            record_id=row.record_id, agency=self.agency, name=row.raw["owner_name"],
            dob=row.raw.get("owner_dob", ""), national_id=str(nid or ""),
        )
        return Parsed(person=person, things=tuple(found), links=tuple(links))

    def _plate(self, row: SourceRow) -> Plate:
        """The plate with its province: from the plate cell, else from the province column
        (appended to the plate text, so that one plate grammar reads both)."""
        plate = self.normalised(row, "plate", normalize_plate)
        assert isinstance(plate, Plate)  # the cell is not empty: required_cell checked it
        if not row.raw.get("province"):
            if plate.province_code is None:
                raise RowError("province", "missing: the plate does not name its province either")
            return plate
        if plate.province_code is None:
            combined = self.normalised(row, "province", lambda text: normalize_plate(f"{row.raw['plate']} {text}"))
            assert isinstance(combined, Plate)
            return combined
        province = self.normalised(row, "province", normalize_province)
        assert isinstance(province, Place)
        if province.code != plate.province_code:
            raise RowError("province", f"{row.raw['province']!r} contradicts the plate's province {plate.province!r}")
        return plate
