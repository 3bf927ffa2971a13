"""MSDHS victim-assistance records (พม.): one row per victim the ministry assisted.

These rows carry what police files rarely do: where a victim was recruited, the route
they were moved along and where and how they were exploited, so that routes can be
traced across cases. A row that names the police case links the victim to the same
``Case`` node the RTP or DSI file creates.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

from graph.schema import AgencyCode, Label, Rel
from ingest.normalize import (
    NormalizationError,
    Place,
    normalize_country,
    normalize_date,
    normalize_national_id,
    normalize_passport,
    normalize_phone,
    normalize_place,
)
from ingest.resolve.records import PersonRecord
from ingest.sources import things
from ingest.sources.amounts import amount
from ingest.sources.base import PERSON, Adapter, Link, Parsed, RowError, SourceRow, Thing
from ingest.sources.oag import POLICE_AGENCIES

# The exploitation types MSDHS reports, in English and Thai, to one English name each.
EXPLOITATION: Final[dict[str, str]] = {
    "fishing": "fishing", "ประมง": "fishing",
    "sex work": "sex work", "ค้าประเวณี": "sex work",
    "factory": "factory", "โรงงาน": "factory",
    "domestic work": "domestic work", "งานบ้าน": "domestic work",
    "begging": "begging", "ขอทาน": "begging",
    "other": "other", "อื่นๆ": "other",
}
_EXPLOITATION_BY_KEY: Final = {name.replace(" ", ""): english for name, english in EXPLOITATION.items()}

_TRANSIT_SEPARATOR: Final = re.compile(r"[;|]")


class MsdhsAssistance(Adapter):
    """Victim-assistance records; the person is always a ``Victim``."""

    source = "msdhs"
    agency = AgencyCode.MSDHS
    required = ("msdhs_case_no", "name")
    key_columns = ("msdhs_case_no",)
    aliases: ClassVar[dict[str, str]] = {
        "เลขที่รับเรื่อง": "msdhs_case_no", "เลขคดี": "police_case_no", "หน่วยงานคดี": "police_agency",
        "ชื่อ": "name", "วันเกิด": "dob", "เพศ": "sex", "สัญชาติ": "nationality", "หนังสือเดินทาง": "passport",
        "เลขประจำตัวประชาชน": "national_id", "โทรศัพท์": "phone", "สถานที่ถูกชักชวน": "recruited_in",
        "เส้นทางผ่าน": "transit", "สถานที่ถูกแสวงประโยชน์": "exploited_in",
        "รูปแบบการแสวงประโยชน์": "exploitation", "สถานคุ้มครอง": "shelter", "วันที่รับเข้า": "admitted_on",
        "เงินชดเชยที่ได้รับ": "compensation_received_baht",
    }

    def parse(self, row: SourceRow) -> Parsed:
        self.required_cell(row, "msdhs_case_no")
        self.required_cell(row, "name")
        self.normalised(row, "dob", normalize_date)
        nid = self.normalised(row, "national_id", normalize_national_id)
        document = self.normalised(row, "passport", normalize_passport)
        nationality = self.normalised(row, "nationality", normalize_country)
        phone = self.normalised(row, "phone", normalize_phone)
        recruited_in = self.normalised(row, "recruited_in", normalize_place)
        route = _transit(row)
        exploited_in = self.normalised(row, "exploited_in", normalize_place)
        exploitation = self.normalised(row, "exploitation", _exploitation)
        admitted_on = self.normalised(row, "admitted_on", normalize_date)
        compensation = amount(self, row, "compensation_received_baht")
        case = self._case(row)
        if exploited_in is None and (exploitation or (compensation is not None and case is None)):
            raise RowError("exploited_in", "missing: needed to record the exploitation type and, without a "
                                           "police case, the compensation received")

        found: list[Thing] = []
        links: list[Link] = []

        def add(thing: Thing, rel: Rel, properties: dict[str, object] | None = None) -> None:
            found.append(thing)
            links.append(Link(rel, PERSON, thing.id, properties or {}))

        paid = {"compensation_received_baht": compensation} if compensation is not None else {}
        if case:
            add(case, Rel.VICTIM_IN, paid)
        if nid:
            add(things.national_id(str(nid)), Rel.HAS_DOCUMENT)
        if document:
            add(things.passport(document), Rel.HAS_DOCUMENT)
        if phone:
            add(things.phone(str(phone)), Rel.HAS_PHONE)
        if recruited_in:
            add(things.location(recruited_in), Rel.ORIGIN)
        for order, place in enumerate(route, start=1):
            add(things.location(place), Rel.TRANSIT, {"order": order})
        if exploited_in:
            add(things.location(exploited_in), Rel.EXPLOITED_AT,
                {"exploitation": exploitation, **({} if case else paid)})
        if shelter := row.raw.get("shelter", ""):
            add(things.address(shelter), Rel.LIVES_AT,
                {"shelter": True, "admitted_on": admitted_on.isoformat() if admitted_on else None})
        # No address for the resolver: a shelter houses many victims and says nothing about who one is.
        person = PersonRecord(
            record_id=row.record_id, agency=self.agency, name=row.raw["name"], dob=row.raw.get("dob", ""),
            national_id=str(nid or ""), passport=document.key if document else "", phone=row.raw.get("phone", ""),
            nationality=nationality.code if nationality else "", sex=row.raw.get("sex", ""),
        )
        return Parsed(person=person, roles=(Label.VICTIM,), things=tuple(found), links=tuple(links))

    def _case(self, row: SourceRow) -> Thing | None:
        """The police case the victim is in, with the id the RTP/DSI adapter gives it."""
        agency = self.normalised(row, "police_agency", _police_agency)
        number = row.raw.get("police_case_no", "")
        if not number:
            return None
        if agency is None:
            raise RowError("police_agency", "missing: needed with police_case_no (RTP or DSI)")
        return things.case(str(agency), number, {f"{str(agency).lower()}_case_no": number})


def _exploitation(text: str) -> str:
    """Spaces and underscores are dropped before the lookup: "sex_work", "Sex Work" and
    "อื่น ๆ" are all written."""
    english = _EXPLOITATION_BY_KEY.get("".join(text.casefold().replace("_", " ").split()))
    if english is None:
        raise NormalizationError("format", f"unknown exploitation type {text!r}: expected one of "
                                           f"{', '.join(EXPLOITATION)}")
    return english


def _police_agency(text: str) -> AgencyCode:
    agency = POLICE_AGENCIES.get(text.casefold())
    if agency is None:
        raise NormalizationError("format", f"unknown police agency {text!r}: expected RTP or DSI")
    return agency


def _transit(row: SourceRow) -> list[Place]:
    """The places a victim passed through, in order, each once (a revisit keeps its first position):
    links are merged per source record, so a repeat would only overwrite the first one's order."""
    route: list[Place] = []
    for part in _TRANSIT_SEPARATOR.split(row.raw.get("transit", "")):
        if not part.strip():
            continue
        try:
            place = normalize_place(part)
        except NormalizationError as error:
            raise RowError("transit", f"{error.reason}: {error.message}") from None
        if place not in route:
            route.append(place)
    return route
