"""MSDHS victim-assistance records: what a row asserts, which values are refused, and the
victim's route as it lands in the graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Label, Rel
from ingest.pipeline import ingest
from ingest.sources.base import PERSON, Link, Parsed, RowError, SourceRow
from ingest.sources.msdhs import MsdhsAssistance
from tests.conftest import Database

ADAPTER = MsdhsAssistance()

GOOD = {
    "msdhs_case_no": "พม.45/2567", "police_case_no": "123/2567", "police_agency": "RTP", "name": "Ma Khin Aye",
    "dob": "2003-11-07", "sex": "F", "nationality": "พม่า", "passport": "MC328154", "national_id": "",
    "phone": "081-234-5678", "recruited_in": "Burma", "transit": "Tak; กาญจนบุรี | Myanmar",
    "exploited_in": "จ.สมุทรสาคร", "exploitation": "ประมง", "shelter": "สถานคุ้มครองฯ จังหวัดปทุมธานี",
    "admitted_on": "1 เม.ย. 2567", "compensation_received_baht": "15,000.50",
}


def _row(**cells: str) -> SourceRow:
    return SourceRow("msdhs", ADAPTER.agency, "msdhs.csv", 2, "k", {**GOOD, **cells})


def _links(parsed: Parsed, rel: Rel) -> list[Link]:
    return [link for link in parsed.links if link.rel is rel]


def test_a_victim_with_case_route_shelter_and_compensation() -> None:
    parsed = ADAPTER.parse(_row())
    assert parsed.roles == (Label.VICTIM,)
    assert parsed.person is not None and parsed.person.nationality == "MMR" and parsed.person.passport == "MC328154"
    things = {thing.id: thing for thing in parsed.things}
    assert things["case:RTP:123/2567"].properties == {"rtp_case_no": "123/2567"}
    assert _links(parsed, Rel.VICTIM_IN) == [
        Link(Rel.VICTIM_IN, PERSON, "case:RTP:123/2567", {"compensation_received_baht": 15000.5})]
    assert [link.end for link in _links(parsed, Rel.ORIGIN)] == ["country:MMR"]
    assert [(link.end, link.properties) for link in _links(parsed, Rel.TRANSIT)] == [
        ("province:63", {"order": 1}), ("province:71", {"order": 2}), ("country:MMR", {"order": 3})]
    assert _links(parsed, Rel.EXPLOITED_AT) == [
        Link(Rel.EXPLOITED_AT, PERSON, "province:74", {"exploitation": "fishing"})]
    (shelter,) = _links(parsed, Rel.LIVES_AT)
    assert things[shelter.end].label is Label.ADDRESS
    assert shelter.properties == {"shelter": True, "admitted_on": "2024-04-01"}
    assert {link.end for link in parsed.links if link.rel in (Rel.HAS_PHONE, Rel.HAS_DOCUMENT)} == {
        "phone:+66812345678", "passport:MC328154"}


def test_without_a_police_case_compensation_rides_on_the_exploitation_link() -> None:
    parsed = ADAPTER.parse(_row(police_case_no="", police_agency="", exploitation="Sex Work"))
    assert not _links(parsed, Rel.VICTIM_IN)
    assert not any(thing.label is Label.CASE for thing in parsed.things)
    assert _links(parsed, Rel.EXPLOITED_AT)[0].properties == {
        "exploitation": "sex work", "compensation_received_baht": 15000.5}


def test_a_dsi_case_and_a_repeated_transit_place() -> None:
    parsed = ADAPTER.parse(_row(police_agency="ดีเอสไอ", transit="Tak|ตาก; Laos"))
    assert _links(parsed, Rel.VICTIM_IN)[0].end == "case:DSI:123/2567"
    assert [(link.end, link.properties["order"]) for link in _links(parsed, Rel.TRANSIT)] == [
        ("province:63", 1), ("country:LAO", 2)]


def test_a_bare_row_asserts_only_the_victim() -> None:
    bare = {column: "" for column in GOOD} | {"msdhs_case_no": "1/2567", "name": "นางสาวมาลี"}
    parsed = ADAPTER.parse(SourceRow("msdhs", ADAPTER.agency, "msdhs.csv", 2, "k", bare))
    assert parsed.roles == (Label.VICTIM,) and parsed.things == () and parsed.links == ()


@pytest.mark.parametrize(("cells", "field"), [
    ({"name": ""}, "name"),
    ({"msdhs_case_no": ""}, "msdhs_case_no"),
    ({"police_agency": ""}, "police_agency"),
    ({"police_agency": "PACC"}, "police_agency"),
    ({"dob": "31/02/2540"}, "dob"),
    ({"nationality": "Atlantis"}, "nationality"),
    ({"recruited_in": "Narnia"}, "recruited_in"),
    ({"transit": "Tak; Narnia"}, "transit"),
    ({"exploited_in": "Narnia"}, "exploited_in"),
    ({"exploitation": "farming"}, "exploitation"),
    ({"exploited_in": ""}, "exploited_in"),
    ({"exploited_in": "", "exploitation": "", "police_case_no": "", "police_agency": ""}, "exploited_in"),
    ({"admitted_on": "yesterday"}, "admitted_on"),
    ({"compensation_received_baht": "ten thousand"}, "compensation_received_baht"),
    ({"compensation_received_baht": "-500"}, "compensation_received_baht"),
    ({"compensation_received_baht": "NaN"}, "compensation_received_baht"),
])
def test_unusable_values_name_their_field(cells: dict[str, str], field: str) -> None:
    with pytest.raises(RowError) as error:
        ADAPTER.parse(_row(**cells))
    assert error.value.field == field


THAI = """เลขที่รับเรื่อง,เลขคดี,หน่วยงานคดี,ชื่อ,วันเกิด,เพศ,สัญชาติ,สถานที่ถูกชักชวน,เส้นทางผ่าน,สถานที่ถูกแสวงประโยชน์,รูปแบบการแสวงประโยชน์,สถานคุ้มครอง,วันที่รับเข้า,เงินชดเชยที่ได้รับ
พม.45/2567,123/2567,สตช.,Ma Khin Aye,2003-11-07,หญิง,เมียนมา,เมียนมา,ตาก,สมุทรสาคร,ประมง,บ้านเกษมราษฎร์,1 เม.ย. 2567,"15,000"
พม.46/2567,,,นางสาวสุดา ศรีสุข,12/11/2545,หญิง,ไทย,เชียงราย,,กทม.,ขอทาน,,,
"""


def test_thai_headers_are_read(tmp_path: Path) -> None:
    path = tmp_path / "msdhs.csv"
    path.write_text(THAI, encoding="utf-8")
    rows = list(ADAPTER.rows(path))
    assert [row.key for row in rows] == ["พม.45/2567", "พม.46/2567"]
    parsed = [ADAPTER.parse(row) for row in rows]
    assert _links(parsed[0], Rel.VICTIM_IN)[0].end == "case:RTP:123/2567"
    assert [link.end for link in _links(parsed[1], Rel.ORIGIN)] == ["province:57"]
    assert _links(parsed[1], Rel.EXPLOITED_AT)[0].properties == {"exploitation": "begging"}



def test_the_victims_route_in_the_graph(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "msdhs.csv"
    path.write_text(THAI + "พม.47/2567,,,ไม่มีชื่อ,,,,Narnia,,,,,,\n", encoding="utf-8")
    summary = ingest(db.driver, db.name, [(ADAPTER, path)], tmp_path / "quarantine.jsonl")
    assert summary.read == 3 and summary.quarantined == 1 and summary.adds_up()
    assert db.count("""
        MATCH (v:Person:Victim)-[:ORIGIN]->(:Location {kind: 'country', code: 'MMR'}),
              (v)-[:TRANSIT {order: 1}]->(:Location {kind: 'province', name_en: 'Tak'}),
              (v)-[:EXPLOITED_AT {exploitation: 'fishing'}]->(:Location {kind: 'province', code: '74'}),
              (v)-[:VICTIM_IN {compensation_received_baht: 15000.0}]->(:Case {id: 'case:RTP:123/2567'}),
              (v)-[:LIVES_AT {shelter: true, admitted_on: '2024-04-01'}]->(:Address {text: 'บ้านเกษมราษฎร์'})
        RETURN count(DISTINCT v)""") == 1
    assert db.count("""
        MATCH (v:Victim)-[:EXPLOITED_AT {exploitation: 'begging'}]->(:Location {code: '10'})
        WHERE NOT (v)-[:VICTIM_IN]->()
        RETURN count(v)""") == 1
