"""The rings as each agency's export writes them: one list of CSV rows per source.

Every person cell comes from ``agencies.write_record``, so the same person is written
the way that agency writes people (script, titles, date eras, ID grouping, typos);
each row that names a person is returned with the true person's id, for the truth.
A value the agency's form would have refused (an ID whose check digit a typo broke,
say) is left blank instead: the world plants no unreadable rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from random import Random
from typing import Final

from ingest.normalize import NormalizationError, normalize_date, normalize_national_id, normalize_passport, normalize_phone
from ingest.resolve.records import PersonRecord
from ingest.synthetic.agencies import SHELTERS, Agency, write_record
from ingest.synthetic.money import Account, Transfer
from ingest.synthetic.population import Person
from ingest.synthetic.rings import Ring, Vehicle
from ingest.synthetic.variants import write_date, write_nationality

Row = dict[str, str]


@dataclass(frozen=True, slots=True)
class Written:
    """One CSV row and the true person it is about (None for a transfer)."""

    row: Row
    person: str | None


_CHECKS: Final[dict[str, Callable[[str], object]]] = {
    "dob": normalize_date, "national_id": normalize_national_id, "passport": normalize_passport, "phone": normalize_phone,
}
_BANK_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "002": ("BBL", "กรุงเทพ", "ธ.กรุงเทพ"), "004": ("KBANK", "กสิกรไทย", "ธ.กสิกรไทย"), "006": ("KTB", "กรุงไทย"),
    "011": ("TTB", "ทหารไทยธนชาต"), "014": ("SCB", "ไทยพาณิชย์"), "025": ("BAY", "กรุงศรี"), "030": ("GSB", "ออมสิน"),
    "034": ("BAAC", "ธ.ก.ส."),
}  # fmt: skip
_OFFENCE: Final = "ค้ามนุษย์ ตาม พ.ร.บ.ป้องกันและปราบปรามการค้ามนุษย์ พ.ศ.2551"
_POLICE_AGENCY: Final[dict[str, tuple[str, ...]]] = {"RTP": ("RTP", "สตช.", "ตำรวจ"), "DSI": ("DSI", "ดีเอสไอ")}
_EXPLOITATION_TH: Final = {"fishing": "ประมง", "sex work": "ค้าประเวณี", "factory": "โรงงาน", "domestic work": "งานบ้าน"}


class AgencyWriter:
    """Writes rings into rows; one instance per world so numbering runs across rings."""

    def __init__(self, rng: Random) -> None:
        self._rng = rng

    def record(self, person: Person, agency: Agency) -> PersonRecord:
        """``person`` as ``agency`` writes them, with any value its form would refuse left blank."""
        written = write_record(person, agency, "", self._rng)
        blanks = {}
        for field, check in _CHECKS.items():
            value = getattr(written, field)
            try:
                if value:
                    check(value)
            except NormalizationError:
                blanks[field] = ""
        return replace(written, **blanks)

    def dopa(self, people: Iterable[Person]) -> list[Written]:
        """The civil registry row of each Thai person, their house number shared by the house."""
        houses: dict[object, str] = {}
        rows = []
        for person in people:
            home = person.addresses[0]
            house_id = houses.setdefault(home, f"{len(houses) + 1001:04d}-{self._rng.randint(0, 999999):06d}-{len(houses) % 10}")
            written = self.record(person, "DOPA")
            rows.append(Written({
                "national_id": written.national_id, "title": self._rng.choice(person.title.thai),
                "first_name": " ".join(word.thai for word in person.given),
                "last_name": " ".join(word.thai for word in person.family), "birth_date": written.dob,
                "sex": written.sex, "house_no": home.house, "moo": str(home.moo or ""), "subdistrict": home.subdistrict,
                "district": home.district, "province": home.province, "house_id": house_id, "phone": written.phone,
            }, person.person_id))
        return rows

    def case_file(self, ring: Ring) -> list[Written]:
        """The police or DSI file: suspects (the first with the ring's vehicle), brokers, victims."""
        agency: Agency = "DSI" if ring.agency == "DSI" else "RTP"
        station = "กองคดีการค้ามนุษย์" if agency == "DSI" else f"สภ.เมือง{ring.destination}"
        cast = [(p, "suspect") for p in ring.suspects] + [(p, "broker") for p in ring.brokers] + \
               [(v.person, "victim") for v in ring.victims]
        rows = []
        for number, (person, role) in enumerate(cast, start=1):
            written = self.record(person, agency)
            rows.append(Written({
                "case_no": ring.case_no, "person_no": str(number), "station": station,
                "report_date": write_date(ring.reported_on, "be_slash"), "offence": _OFFENCE, "role": role,
                "name": written.name, "dob": written.dob, "national_id": written.national_id,
                "passport": written.passport, "nationality": written.nationality, "sex": written.sex,
                "phone": written.phone,
                "vehicle_plate": f"{ring.vehicle.plate} {ring.vehicle.province}" if number == 1 else "",
                "origin": write_nationality(person.origin, "english", self._rng) if role == "victim" else "",
            }, person.person_id))
        return rows

    def prosecutions(self, ring: Ring) -> list[Written]:
        sections = self._rng.choice(("มาตรา 6, 9", "มาตรา ๖, ๙", "6, 9, 52"))
        return [Written({
            "oag_case_no": ring.oag_case_no, "defendant_no": str(number), "police_case_no": ring.case_no,
            "police_agency": self._police(ring), "filed_on": write_date(ring.judged_on, "thai_full"),
            "decision": self._rng.choice(("prosecute", "สั่งฟ้อง")), "sections": sections, **self._defendant(person, "OAG"),
        }, person.person_id) for number, person in enumerate(ring.defendants, start=1)]

    def judgments(self, ring: Ring) -> list[Written]:
        """A row per defendant, and a row per victim against the lead suspect, who is ordered to compensate each."""
        common = {"black_case_no": ring.black_no, "red_case_no": ring.red_no, "court": "ศาลอาญาคดีค้ามนุษย์",
                  "police_case_no": ring.case_no, "judged_on": write_date(ring.judged_on, "thai_full"),
                  "verdict": self._rng.choice(("guilty", "ลงโทษ"))}
        rows = [Written({**common, "police_agency": self._police(ring), "defendant_no": str(number),
                         "sentence_months": str(months), "fine_baht": f"{months * 2_000:,}",
                         **self._defendant(person, "COJ")}, person.person_id)
                for number, (person, months) in enumerate(zip(ring.defendants, ring.sentence_months, strict=True), 1)]
        lead = ring.suspects[0]
        for number, victim in enumerate(ring.victims, start=1):
            rows.append(Written({**common, "police_agency": self._police(ring), "defendant_no": f"1.{number}",
                                 "sentence_months": str(ring.sentence_months[0]),
                                 "compensation_ordered_baht": f"{victim.compensation_ordered:,}",
                                 "victim_name": self.record(victim.person, "COJ").name,
                                 **self._defendant(lead, "COJ")}, lead.person_id))
        return rows

    def assistance(self, ring: Ring, first_number: int) -> list[Written]:
        rows = []
        for number, victim in enumerate(ring.victims, start=first_number):
            written = self.record(victim.person, "MSDHS")
            recruited = ring.recruited_in
            if victim.person.origin != "thai":
                recruited = self._rng.choice((recruited, write_nationality(victim.person.origin, "thai", self._rng),
                                              write_nationality(victim.person.origin, "code3", self._rng)))
            rows.append(Written({
                "msdhs_case_no": f"พม.{number:05d}", "police_case_no": ring.case_no, "police_agency": self._police(ring),
                "name": written.name, "dob": written.dob, "sex": written.sex, "nationality": written.nationality,
                "passport": written.passport, "national_id": written.national_id, "phone": written.phone,
                "recruited_in": recruited, "transit": self._rng.choice(("; ", "|")).join(ring.transit),
                "exploited_in": ring.destination,
                "exploitation": self._rng.choice((ring.exploitation, _EXPLOITATION_TH[ring.exploitation])),
                "shelter": self._rng.choice(SHELTERS), "admitted_on": write_date(victim.admitted_on, "be_slash"),
                "compensation_received_baht": f"{victim.compensation_received:,}" if victim.compensation_received else "",
            }, victim.person.person_id))
        return rows

    def registration(self, vehicle: Vehicle) -> Written:
        written = self.record(vehicle.owner, "DLT")
        kind, brand, model = vehicle.kind
        return Written({
            "plate": vehicle.plate, "province": vehicle.province, "vehicle_type": kind, "brand": brand, "model": model,
            "color": vehicle.color, "vin": vehicle.vin, "owner_name": written.name,
            "owner_national_id": written.national_id, "owner_dob": written.dob,
            "registered_on": write_date(vehicle.registered_on, "be_slash"),
        }, vehicle.owner.person_id)

    def accounts(self, ring: Ring) -> list[Written]:
        rows = []
        for account in ring.money.path:
            assert account.holder is not None  # the ring's own accounts all have a KYC holder
            written = self.record(account.holder, "AMLO")
            rows.append(Written({
                **self._account(account, "bank", "account_no"), "holder_name": written.name,
                "holder_id": written.national_id, "holder_passport": written.passport, "holder_dob": written.dob,
                "opened_on": write_date(ring.reported_on - timedelta(days=730), "iso"),  # two years before
            }, account.holder.person_id))
        return rows

    def transfers(self, transfers: Iterable[Transfer]) -> list[Written]:
        """Every transfer of the world, in time order, with references numbered in that order."""
        return [Written({
            "reference": f"TX{number:08d}", **self._account(t.sender, "from_bank", "from_account"),
            **self._account(t.receiver, "to_bank", "to_account"), "amount": f"{t.amount:,.2f}", "currency": "THB",
            "at": t.at.strftime("%Y-%m-%d %H:%M"),
        }, None) for number, t in enumerate(sorted(transfers, key=lambda t: t.at), start=1)]

    def enforcement(self, ring: Ring) -> list[Written]:
        seizure = ring.seizure
        if seizure is None:
            return []
        lead = ring.suspects[0]
        written = self.record(lead, "LED")
        asset = {"asset_kind": "vehicle", "vehicle_plate": f"{seizure.vehicle.plate} {seizure.vehicle.province}"} \
            if seizure.vehicle else {"asset_kind": "bank_account", **self._account(seizure.account, "bank", "account_no")}
        return [Written({
            "led_case_no": seizure.led_case_no, "item_no": "1", "red_case_no": ring.red_no, "police_case_no": ring.case_no,
            "police_agency": self._police(ring), "debtor_name": written.name, "debtor_national_id": written.national_id,
            **asset, "seized_on": write_date(seizure.seized_on, "be_slash"),
            "amount_recovered_baht": f"{seizure.recovered:,}", "paid_to_victims_baht": f"{seizure.paid:,}",
        }, lead.person_id)]

    def _police(self, ring: Ring) -> str:
        return self._rng.choice(_POLICE_AGENCY[ring.agency])

    def _defendant(self, person: Person, agency: Agency) -> Row:
        written = self.record(person, agency)
        return {"defendant_name": written.name, "defendant_national_id": written.national_id,
                "defendant_dob": written.dob}

    def _account(self, account: Account | None, bank_column: str, number_column: str) -> Row:
        """The bank by one of its names and the number with or without the bank's dashes."""
        assert account is not None
        number = account.number
        if len(number) == 10 and self._rng.random() < 0.5:
            number = f"{number[:3]}-{number[3]}-{number[4:9]}-{number[9]}"
        return {bank_column: self._rng.choice((*_BANK_NAMES[account.bank], account.bank)), number_column: number}
