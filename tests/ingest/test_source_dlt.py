"""DLT vehicle registrations: the plate and its province however a row gives them, the
vehicle's description, and the owner in the graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Label, Rel
from ingest.pipeline import ingest
from ingest.sources.base import PERSON, Link, RowError, SourceRow
from ingest.sources.dlt import DltRegistrations
from tests.conftest import Database

ADAPTER = DltRegistrations()

GOOD = {
    "plate": "1กข 1234", "province": "กทม.", "vehicle_type": "รถตู้", "brand": "Toyota", "model": "Commuter",
    "color": "ขาว", "vin": "mr0 kb3fs 701234567", "owner_name": "นายสมชาย ใจดี",
    "owner_national_id": "1-1017-00203-45-0", "owner_dob": "07/03/2528", "registered_on": "15 มี.ค. 2560",
}


def _row(**cells: str) -> SourceRow:
    return SourceRow("dlt", ADAPTER.agency, "dlt.csv", 2, "k", {**GOOD, **cells})


def test_a_registration_gives_vehicle_owner_and_id_document() -> None:
    parsed = ADAPTER.parse(_row())
    vehicle, document = parsed.things
    assert vehicle.label is Label.VEHICLE and vehicle.id == "vehicle:10:1กข1234"
    assert vehicle.properties == {
        "plate": "1กข1234", "province": "10", "province_name": "กรุงเทพมหานคร", "vehicle_type": "รถตู้",
        "brand": "Toyota", "model": "Commuter", "color": "ขาว", "vin": "MR0KB3FS701234567"}
    assert document.id == "nid:1101700203450"
    assert parsed.links == (Link(Rel.OWNS, PERSON, vehicle.id, {"registered_on": "2017-03-15"}),
                            Link(Rel.HAS_DOCUMENT, PERSON, document.id))
    assert parsed.person is not None and parsed.person.name == "นายสมชาย ใจดี"
    assert parsed.person.national_id == "1101700203450" and parsed.roles == ()


@pytest.mark.parametrize(("plate", "province"), [
    ("1กข 1234 กรุงเทพมหานคร", ""),  # the province inside the plate cell
    ("1กข-1234 กทม.", "Bangkok"),  # in both, agreeing
    ("1 กข 1234", "10"),  # a DOPA code in the province column
])
def test_the_province_may_be_in_either_cell(plate: str, province: str) -> None:
    assert ADAPTER.parse(_row(plate=plate, province=province)).things[0].id == "vehicle:10:1กข1234"


def test_empty_description_cells_are_left_out() -> None:
    parsed = ADAPTER.parse(_row(vehicle_type="", brand="", model="", color="", vin="", owner_national_id=""))
    assert set(parsed.things[0].properties) == {"plate", "province", "province_name"}
    assert [link.rel for link in parsed.links] == [Rel.OWNS]


@pytest.mark.parametrize(("cells", "field"), [
    ({"plate": ""}, "plate"),
    ({"plate": "ABC 1234"}, "plate"),
    ({"plate": "1กข 1234", "province": ""}, "province"),
    ({"province": "Atlantis"}, "province"),
    ({"plate": "1กข 1234 เชียงใหม่", "province": "กทม."}, "province"),
    ({"owner_name": ""}, "owner_name"),
    ({"owner_national_id": "1101700203451"}, "owner_national_id"),
    ({"owner_dob": "31/02/2528"}, "owner_dob"),
    ({"registered_on": "soon"}, "registered_on"),
])
def test_unusable_values_name_their_field(cells: dict[str, str], field: str) -> None:
    with pytest.raises(RowError) as error:
        ADAPTER.parse(_row(**cells))
    assert error.value.field == field


THAI = """ทะเบียน,จังหวัด,ประเภทรถ,ยี่ห้อ,รุ่น,สี,เลขตัวถัง,ชื่อผู้ถือกรรมสิทธิ์,เลขประจำตัวประชาชน,วันเกิด,วันที่จดทะเบียน
1กข 1234,กรุงเทพมหานคร,รถตู้,Toyota,Commuter,ขาว,MR0KB3FS701234567,นายสมชาย ใจดี,1101700203450,07/03/2528,15/03/2560
ฮข 99 ตาก,,รถกระบะ,Isuzu,D-Max,ดำ,,นางสมศรี มีสุข,,,
"""


def test_thai_headers_are_read(tmp_path: Path) -> None:
    path = tmp_path / "dlt.csv"
    path.write_text(THAI, encoding="utf-8")
    rows = list(ADAPTER.rows(path))
    assert rows[0].key == "1กข 1234|กรุงเทพมหานคร"
    assert rows[1].key == "dlt.csv#row3"  # no province column value: identified by its row
    assert [ADAPTER.parse(row).things[0].id for row in rows] == ["vehicle:10:1กข1234", "vehicle:63:ฮข99"]



def test_owners_own_their_vehicles_in_the_graph(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "dlt.csv"
    path.write_text(THAI + "1กข 1234,Atlantis,,,,,,นายใคร,,,\n", encoding="utf-8")
    summary = ingest(db.driver, db.name, [(ADAPTER, path)], tmp_path / "quarantine.jsonl")
    assert summary.read == 3 and summary.quarantined == 1 and summary.adds_up()
    assert db.count("""
        MATCH (p:Person)-[:OWNS {registered_on: '2017-03-15'}]->
              (:Vehicle {id: 'vehicle:10:1กข1234', brand: 'Toyota', vin: 'MR0KB3FS701234567'}),
              (p)-[:HAS_DOCUMENT]->(:IdentityDocument {kind: 'national_id', number: '1101700203450'})
        WHERE 'นายสมชาย ใจดี' IN p.names
        RETURN count(DISTINCT p)""") == 1
    assert db.count("""
        MATCH (p:Person)-[:OWNS]->(:Vehicle {plate: 'ฮข99', province: '63', color: 'ดำ'})
        WHERE 'นางสมศรี มีสุข' IN p.names
        RETURN count(p)""") == 1
