"""The LED adapter: seized assets linked to their debtor with the enforcement facts, and
the LED number on the police Case."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Label, Rel
from ingest.sources.base import PERSON, Link, RowError
from ingest.sources.led import LedEnforcement
from tests.conftest import Database
from tests.ingest.test_source_oag import ingest_after_police, source_row

ACCOUNT = {
    "led_case_no": "ย.55/2568", "item_no": "1", "red_case_no": "คม.34/2568", "police_case_no": "123/2567",
    "police_agency": "RTP", "debtor_name": "นายสมชาย ใจดี", "debtor_national_id": "1101700203450",
    "asset_kind": "บัญชีเงินฝาก", "bank": "KBANK", "account_no": "123-4-56789-0", "vehicle_plate": "",
    "seized_on": "1 มี.ค. 2568", "amount_recovered_baht": "๑๒,๕๐๐.๕๐", "paid_to_victims_baht": "10,000",
}
VEHICLE = ACCOUNT | {"item_no": "2", "asset_kind": "vehicle", "bank": "", "account_no": "",
                     "vehicle_plate": "1กข 1234 กทม.", "amount_recovered_baht": "", "paid_to_victims_baht": ""}


def test_a_seized_account_is_held_by_the_debtor_with_the_enforcement_facts() -> None:
    parsed = LedEnforcement().parse(source_row(LedEnforcement(), ACCOUNT))
    case, account = parsed.things[:2]
    assert case.id == "case:RTP:123/2567"
    assert case.properties == {"led_case_no": "ย.55/2568", "court_red_no": "คม.34/2568"}
    assert (account.label, account.id) == (Label.BANK_ACCOUNT, "account:004:1234567890")
    assert parsed.links[0] == Link(Rel.HOLDS, PERSON, account.id, {
        "led_case_no": "ย.55/2568", "seized_on": "2025-03-01", "amount_recovered_baht": 12500.5,
        "paid_to_victims_baht": 10000.0})
    assert parsed.person is not None and parsed.person.national_id == "1101700203450" and parsed.roles == ()


def test_a_seized_vehicle_is_owned_by_the_debtor() -> None:
    parsed = LedEnforcement().parse(source_row(LedEnforcement(), VEHICLE))
    vehicle = parsed.things[1]
    assert (vehicle.label, vehicle.id) == (Label.VEHICLE, "vehicle:10:1กข1234")
    assert parsed.links[0].rel is Rel.OWNS and parsed.links[0].end == vehicle.id


@pytest.mark.parametrize("kind", ["cash", "ที่ดิน"])
def test_cash_and_land_have_no_asset_node(kind: str) -> None:
    parsed = LedEnforcement().parse(source_row(LedEnforcement(), ACCOUNT | {"asset_kind": kind}))
    assert [thing.label for thing in parsed.things] == [Label.CASE, Label.IDENTITY_DOCUMENT]
    assert [link.rel for link in parsed.links] == [Rel.HAS_DOCUMENT]


@pytest.mark.parametrize(("cells", "field"), [
    ({"led_case_no": ""}, "led_case_no"), ({"police_case_no": ""}, "police_case_no"),
    ({"police_agency": "LED"}, "police_agency"), ({"debtor_name": ""}, "debtor_name"),
    ({"debtor_national_id": "1101700203451"}, "debtor_national_id"), ({"asset_kind": "jewellery"}, "asset_kind"),
    ({"bank": ""}, "bank"), ({"account_no": ""}, "account_no"), ({"bank": "NOSUCHBANK"}, "account_no"),
    ({"asset_kind": "vehicle", "vehicle_plate": ""}, "vehicle_plate"),
    ({"asset_kind": "vehicle", "vehicle_plate": "????"}, "vehicle_plate"), ({"seized_on": "2568-13-01"}, "seized_on"),
    ({"amount_recovered_baht": "-1"}, "amount_recovered_baht"), ({"paid_to_victims_baht": "x"}, "paid_to_victims_baht"),
    ({"paid_to_victims_baht": "20,000"}, "paid_to_victims_baht"),
])
def test_an_unusable_value_names_its_field(cells: dict[str, str], field: str) -> None:
    with pytest.raises(RowError) as error:
        LedEnforcement().parse(source_row(LedEnforcement(), ACCOUNT | cells))
    assert error.value.field == field


def test_enforcement_joins_the_police_case_node(db: Database, tmp_path: Path) -> None:
    text = "\n".join([",".join(ACCOUNT), *(",".join(f'"{v}"' for v in row.values()) for row in (ACCOUNT, VEHICLE))])
    summary = ingest_after_police(db, tmp_path, LedEnforcement(), text + "\n")
    assert summary.quarantined == 0 and summary.adds_up()
    assert db.count("MATCH (c:Case {rtp_case_no: '123/2567', led_case_no: 'ย.55/2568', court_red_no: 'คม.34/2568'}) "
                     "RETURN count(c)") == 1
    assert db.count("MATCH (c:Case) RETURN count(c)") == 1
    assert db.count("MATCH (:Person)-[h:HOLDS {led_case_no: 'ย.55/2568', paid_to_victims_baht: 10000.0}]->"
                     "(:BankAccount {number: '1234567890'}) RETURN count(h)") == 1
    assert db.count("MATCH (:Person)-[o:OWNS {seized_on: '2025-03-01'}]->(:Vehicle {plate: '1กข1234'}) "
                     "RETURN count(o)") == 1
