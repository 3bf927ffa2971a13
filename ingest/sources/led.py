"""Legal Execution Department (LED): enforcement of court-ordered compensation, one row
per asset seized from a judgment debtor or amount recovered.

The enforcement facts (when, under which LED case, how much was recovered and paid to
victims) belong to the debtor's hold on the asset, so they go on the ``HOLDS`` or
``OWNS`` link; the Case of the police number gains the LED case number.
"""

from __future__ import annotations

from typing import ClassVar

from graph.schema import AgencyCode, Rel
from ingest.normalize import Plate, normalize_plate
from ingest.sources import things
from ingest.sources.amlo import _account
from ingest.sources.amounts import amount
from ingest.sources.base import PERSON, Adapter, Link, Parsed, RowError, SourceRow, Thing
from ingest.sources.oag import iso_date, person_with_id, police_case

ASSET_KINDS: dict[str, str] = {
    "bank_account": "bank_account", "บัญชีเงินฝาก": "bank_account", "บัญชีธนาคาร": "bank_account",
    "vehicle": "vehicle", "รถ": "vehicle", "รถยนต์": "vehicle", "ยานพาหนะ": "vehicle",
    "land": "land", "ที่ดิน": "land",
    "cash": "cash", "เงินสด": "cash",
}


class LedEnforcement(Adapter):
    source = "led"
    agency = AgencyCode.LED
    required = ("led_case_no", "police_case_no", "debtor_name", "asset_kind")
    key_columns = ("led_case_no", "item_no")
    aliases: ClassVar[dict[str, str]] = {
        "เลขคดีบังคับคดี": "led_case_no", "ลำดับรายการ": "item_no", "หมายเลขคดีแดง": "red_case_no",
        "เลขคดีตำรวจ": "police_case_no", "หน่วยงานสอบสวน": "police_agency", "ชื่อลูกหนี้": "debtor_name",
        "เลขประจำตัวประชาชน": "debtor_national_id", "ประเภททรัพย์": "asset_kind", "ธนาคาร": "bank",
        "เลขที่บัญชี": "account_no", "ทะเบียนรถ": "vehicle_plate", "วันยึด": "seized_on",
        "จำนวนเงินที่ได้": "amount_recovered_baht", "จ่ายผู้เสียหาย": "paid_to_victims_baht",
    }

    def parse(self, row: SourceRow) -> Parsed:
        led_case_no = self.required_cell(row, "led_case_no")
        kind_text = self.required_cell(row, "asset_kind")
        kind = ASSET_KINDS.get(kind_text.casefold())
        if kind is None:
            raise RowError("asset_kind", f"unknown asset kind {kind_text!r}: expected one of {', '.join(ASSET_KINDS)}")
        recovered = amount(self, row, "amount_recovered_baht")
        paid = amount(self, row, "paid_to_victims_baht")
        if recovered is not None and paid is not None and paid > recovered:
            raise RowError("paid_to_victims_baht", f"{paid} paid exceeds the {recovered} recovered")
        enforcement = {"led_case_no": led_case_no, "seized_on": iso_date(self, row, "seized_on"),
                       "amount_recovered_baht": recovered, "paid_to_victims_baht": paid}
        case = police_case(self, row, {"led_case_no": led_case_no, "court_red_no": row.raw.get("red_case_no", "")})
        person, found, links = person_with_id(self, row, "debtor_name", "debtor_national_id")
        seized = self._asset(row, kind)
        if seized is None:
            return Parsed(person=person, things=(case, *found), links=links)
        rel = Rel.HOLDS if kind == "bank_account" else Rel.OWNS
        return Parsed(person=person, things=(case, seized, *found),
                      links=(Link(rel, PERSON, seized.id, enforcement), *links))

    def _asset(self, row: SourceRow, kind: str) -> Thing | None:
        """The seized account or vehicle; None for land and cash, which the graph has no node for."""
        if kind == "bank_account":
            return things.bank_account(_account(self, row, "bank", "account_no"))
        if kind == "vehicle":
            self.required_cell(row, "vehicle_plate")
            plate = self.normalised(row, "vehicle_plate", normalize_plate)
            assert isinstance(plate, Plate)  # the cell is not empty: required_cell checked it
            return things.vehicle(plate)
        return None
