"""The ingest pipeline against the real Neo4j: counts, quarantine, idempotence, corrections,
provenance, and files that must be refused whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.pipeline import Summary, ingest
from ingest.sources import SOURCES, FileError
from tests.conftest import Database

DOPA = """national_id,title,first_name,last_name,birth_date,sex,house_no,moo,subdistrict,district,province,house_id,phone
1101700203450,นาย,สมชาย,ใจดี,07/03/2528,ชาย,99/1,3,บ้านใหม่,เมือง,ขอนแก่น,4001-000123-4,081-234-5678
3100600123450,นาง,สมศรี,ใจดี,12/11/2530,หญิง,99/1,3,บ้านใหม่,เมือง,ขอนแก่น,4001-000123-4,
1101700203451,นาย,ผิด,เลขบัตร,01/01/2520,ชาย,1,1,บ้านใหม่,เมือง,ขอนแก่น,,
3100600123468,นาย,วัน,เกิดผิด,31/02/2528,ชาย,1,1,บ้านใหม่,เมือง,ขอนแก่น,,
"""

RTP = """case_no,person_no,station,report_date,offence,role,name,dob,national_id,passport,nationality,sex,phone,vehicle_plate,origin
123/2567,1,สภ.เมืองขอนแก่น,15 มี.ค. 2567,ค้ามนุษย์ มาตรา 6,suspect,ร.ต.ท. สมชาย ใจดี,๗ มี.ค. ๒๕๒๘,,,ไทย,ชาย,+66 81 234 5678,1กข 1234 กทม.,
123/2567,2,สภ.เมืองขอนแก่น,15 มี.ค. 2567,ค้ามนุษย์ มาตรา 6,victim,Ma Khin Aye,2003-11-07,,MC328154,Myanmar,F,,,Myanmar
123/2567,3,สภ.เมืองขอนแก่น,15 มี.ค. 2567,ค้ามนุษย์ มาตรา 6,accomplice,นายก ข,,,,,,,,
124/2567,1,สภ.เมืองขอนแก่น,16 มี.ค. 2567,ค้ามนุษย์,victim,"Robert'); MATCH (n) DETACH DELETE n; //",2001-01-01,,,,,,,
"""

AMLO_ACCOUNTS = """bank,account_no,holder_name,holder_id,holder_dob,opened_on,closed_on
KBANK,123-4-56789-0,JAIDEE SOMCHAI,1101700203450,1985-03-07,2020-01-15,
"""

AMLO_TRANSFERS = """reference,from_bank,from_account,to_bank,to_account,amount,currency,at
T0001,SCB,111-2-33333-4,KBANK,123-4-56789-0,"15,000.00",THB,2024-03-01
T0002,KBANK,123-4-56789-0,BBL,999-8-77777-6,abc,THB,2024-03-02
"""


GIVEN = ["อนันต์", "บุญมี", "ประเสริฐ", "วิชัย", "สุดา", "มาลี", "กมล", "ณัฐพล", "ปราณี", "ธนา", "อรุณ", "จันทร์เพ็ญ"]
FAMILY = ["ศรีสุข", "บุญมา", "แก้วมณี", "ทองดี", "สายบุญ", "พรหมมา", "วงศ์ใหญ่", "มีสุข", "คำแก้ว", "ชัยมงคล"]


def _crowd() -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """A registry and a police file about 120 other people, each in both: the resolver
    learns its weights from the data, and a graph always holds more than a handful."""
    from ingest.normalize.national_id import check_digit

    dopa, rtp = [DOPA.splitlines()[0]], [RTP.splitlines()[0]]
    for number, (given, family) in enumerate((g, f) for g in GIVEN for f in FAMILY):
        first12 = f"3{number:011d}"
        nid = first12 + str(check_digit(first12))
        dob = f"{1 + number % 28:02d}/{1 + number % 12:02d}/{2500 + number % 40}"
        dopa.append(f"{nid},นาย,{given},{family},{dob},ชาย,{number},2,ในเมือง,เมือง,ขอนแก่น,,")
        rtp.append(f"900/2567,{number},สภ.เมือง,1 ม.ค. 2567,,victim,{given} {family},{dob},{nid},,ไทย,ชาย,,,")
    return ("dopa", "crowd-dopa.csv", "\n".join(dopa) + "\n"), ("rtp", "crowd-rtp.csv", "\n".join(rtp) + "\n")


CROWD = _crowd()
CROWD_ROWS = 2 * len(GIVEN) * len(FAMILY)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(db: Database, tmp_path: Path, *jobs: tuple[str, str, str]) -> Summary:
    return ingest(db.driver, db.name, [(SOURCES[source], _write(tmp_path, name, text)) for source, name, text in jobs],
                  tmp_path / "quarantine.jsonl")



def _snapshot(db: Database) -> tuple:
    nodes = db.driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=db.name).records
    rels = db.driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, properties(r) AS props, b.id AS b",
        database_=db.name).records
    def clean(props: dict) -> str:
        return json.dumps({k: v for k, v in props.items() if k != "ingested_at"}, sort_keys=True, default=str)
    return (sorted((sorted(r["labels"]), clean(r["props"])) for r in nodes),
            sorted((r["a"], r["type"], clean(r["props"]), r["b"]) for r in rels))


ALL = (*CROWD, ("dopa", "dopa.csv", DOPA), ("rtp", "rtp.csv", RTP), ("amlo-accounts", "accounts.csv", AMLO_ACCOUNTS),
       ("amlo-transfers", "transfers.csv", AMLO_TRANSFERS))


def test_every_row_is_accounted_for(db: Database, tmp_path: Path) -> None:
    summary = _run(db, tmp_path, *ALL)
    assert summary.read == CROWD_ROWS + 4 + 4 + 1 + 2
    assert summary.adds_up() and summary.unchanged == 0
    assert summary.quarantined == 4
    assert db.count("MATCH (s:SourceRecord) RETURN count(s)") == summary.read
    assert db.count("MATCH (s:SourceRecord {status: 'quarantined'}) RETURN count(s)") == 4


def test_quarantine_names_file_row_field_and_reason(db: Database, tmp_path: Path) -> None:
    _run(db, tmp_path, *ALL)
    entries = [json.loads(line) for line in (tmp_path / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    found = {(e["file"], e["row"], e["field"]) for e in entries}
    assert found == {("dopa.csv", 4, "national_id"), ("dopa.csv", 5, "birth_date"),
                     ("rtp.csv", 4, "role"), ("transfers.csv", 3, "amount")}
    reasons = {e["field"]: e["reason"] for e in entries}
    assert reasons["national_id"].startswith("checksum") and reasons["birth_date"].startswith("range")
    assert "accomplice" in reasons["role"] and "not a number" in reasons["amount"]


def test_a_row_whose_cells_do_not_match_the_header_is_quarantined_with_its_cells(db: Database,
                                                                                 tmp_path: Path) -> None:
    """An unquoted comma adds a cell: the row is quarantined, the extra cell kept in its raw
    record, rather than loaded with a cut name."""
    text = "case_no,person_no,role,name\n1/2567,1,victim,Somchai, Jr\n1/2567,2,victim\n1/2567,3,victim,Bobby\n"
    summary = _run(db, tmp_path, ("rtp", "rtp.csv", text))
    assert (summary.read, summary.loaded, summary.quarantined) == (3, 1, 2) and summary.adds_up()
    entries = [json.loads(line) for line in (tmp_path / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["row"], e["field"], e["reason"]) for e in entries] == [
        (2, "row", "5 cells, the header has 4"), (3, "row", "3 cells, the header has 4")]
    assert db.count("MATCH (s:SourceRecord) WHERE s.raw CONTAINS ' Jr' RETURN count(s)") == 1


def test_a_row_is_numbered_as_a_spreadsheet_shows_it(db: Database, tmp_path: Path) -> None:
    """Past blank lines and a cell of two lines, the quarantine names the row a spreadsheet
    shows (a blank line is a row; the two-line cell is in one)."""
    text = ('case_no,person_no,role,name\n\n1/2567,1,victim,Alice\n\n1/2567,2,victim,"Bobby\nBbb"\n'
            "1/2567,3,accomplice,Carol\n")
    _run(db, tmp_path, ("rtp", "rtp.csv", text))
    [entry] = [json.loads(line) for line in (tmp_path / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (entry["row"], entry["field"]) == (6, "role")


def test_a_key_given_twice_with_other_content_is_quarantined(db: Database, tmp_path: Path) -> None:
    """Two versions of one row in one file: the second is quarantined, naming the first,
    instead of silently replacing it while both count as loaded. An identical copy is the
    same record."""
    text = ("case_no,person_no,role,name\n1/2567,1,victim,Alice Aaa\n1/2567,1,victim,Bobby Bbb\n"
            "1/2567,1,victim,Alice Aaa\n")
    summary = _run(db, tmp_path, ("rtp", "rtp.csv", text))
    assert summary.quarantined == 1 and summary.adds_up()
    [entry] = [json.loads(line) for line in (tmp_path / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (entry["row"], entry["field"], entry["reason"]) == (
        3, "key", "'1/2567|1' given again (first at row 2) with other content")
    assert [r["name"] for r in db.driver.execute_query("MATCH (p:Person) RETURN p.name AS name",
                                                       database_=db.name).records] == ["Alice Aaa"]


def test_a_registry_row_without_its_number_or_birth_date_is_quarantined(db: Database, tmp_path: Path) -> None:
    text = "national_id,first_name,last_name,birth_date\n,สมชาย,ใจดี,07/03/2528\n1101700203450,สมชาย,ใจดี,\n"
    summary = _run(db, tmp_path, ("dopa", "dopa.csv", text))
    entries = [json.loads(line) for line in (tmp_path / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert summary.quarantined == 2 and [(e["field"], e["reason"]) for e in entries] == [
        ("national_id", "missing"), ("birth_date", "missing")]


def test_injection_like_text_is_stored_as_plain_data(db: Database, tmp_path: Path) -> None:
    _run(db, tmp_path, *ALL)
    hostile = "Robert'); MATCH (n) DETACH DELETE n; //"
    assert db.count("MATCH (p:Person) WHERE $name IN p.names RETURN count(p)", name=hostile) == 1
    assert db.count("MATCH (n) RETURN count(n)") > 20  # nothing was deleted


def test_one_person_across_three_agencies_with_provenance(db: Database, tmp_path: Path) -> None:
    _run(db, tmp_path, *ALL)
    record = db.driver.execute_query(
        "MATCH (p:Person)-[f:FROM_SOURCE]->(s:SourceRecord) WHERE 'สมชาย ใจดี' IN p.names OR 'นาย สมชาย ใจดี' IN p.names "
        "RETURN p.id AS id, labels(p) AS labels, collect(s.agency) AS agencies, collect(f.reasons) AS reasons, "
        "min(f.score) AS score", database_=db.name).records
    assert len(record) == 1
    person = record[0]
    assert sorted(person["agencies"]) == ["AMLO", "DOPA", "RTP"]
    assert "Suspect" in person["labels"] and person["score"] >= 0.999
    assert any(any(reason.startswith("national ID: equal") for reason in reasons) for reasons in person["reasons"])
    # the household member stays a separate person
    assert db.count("MATCH (p:Person) WHERE any(n IN p.names WHERE n CONTAINS 'สมศรี') RETURN count(p)") == 1
    assert db.count("MATCH (:Person {id: $id})-[:SUSPECT_IN]->(:Case {rtp_case_no: '123/2567'}) RETURN count(*)",
                  id=person["id"]) == 1
    assert db.count("MATCH (:BankAccount {number: '1234567890'})<-[:TRANSFERRED {amount: 15000.0}]-(:BankAccount) "
                  "RETURN count(*)") == 1


def test_ingesting_the_same_files_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    _run(db, tmp_path, *ALL)
    before = _snapshot(db)
    again = _run(db, tmp_path, *ALL)
    assert _snapshot(db) == before
    assert again.unchanged == again.read - again.quarantined and again.loaded == again.merged == 0


def test_a_corrected_file_updates_in_place_and_keeps_history(db: Database, tmp_path: Path) -> None:
    _run(db, tmp_path, *CROWD, ("dopa", "dopa.csv", DOPA))
    corrected = DOPA.replace("12/11/2530,หญิง,99/1,3,บ้านใหม่,เมือง,ขอนแก่น,4001-000123-4,",
                             "12/11/2530,หญิง,99/1,3,บ้านใหม่,เมือง,ขอนแก่น,4001-000123-4,089-999-0000")
    summary = _run(db, tmp_path, *CROWD, ("dopa", "dopa.csv", corrected))
    assert summary.adds_up() and summary.loaded + summary.merged == 1
    assert db.count("MATCH (old:SourceRecord {current: false})-[:SUPERSEDED_BY]->(new:SourceRecord {current: true}) "
                  "RETURN count(*)") == 1
    assert db.count("MATCH (p:Person)-[:HAS_PHONE]->(:Phone {number: '+66899990000'}) "
                  "WHERE any(n IN p.names WHERE n CONTAINS 'สมศรี') RETURN count(p)") == 1
    assert db.count("MATCH (p:Person) WHERE any(n IN p.names WHERE n CONTAINS 'สมศรี') RETURN count(p)") == 1


def test_files_ingested_one_by_one_give_the_graph_of_one_run(db: Database, tmp_path: Path) -> None:
    """The person layer is updated, not rebuilt: people a new file does not touch keep
    their nodes, and the result is the graph of ingesting everything at once."""
    _run(db, tmp_path, *ALL)
    together = _snapshot(db)
    db.driver.execute_query("MATCH (n) DETACH DELETE n", database_=db.name)
    _run(db, tmp_path, *CROWD)
    node_of = dict(db.driver.execute_query("MATCH (p:Person) RETURN p.id, elementId(p)", database_=db.name).records)
    for job in ALL[len(CROWD):]:
        _run(db, tmp_path, job)
    assert _snapshot(db) == together
    kept = db.count("MATCH (p:Person) WHERE elementId(p) IN $nodes RETURN count(p)", nodes=list(node_of.values()))
    assert kept == len(node_of)  # the new files join nobody of the crowd


@pytest.mark.parametrize(("text", "message"), [
    ("national_id,first_name\n1101700203450,สมชาย\n", "missing required column(s) last_name, birth_date"),
    (None, "not UTF-8"),
    # a quote left open would take every later row into its cell
    (DOPA.replace(",สมศรี,", ',"สมศรี,'), "line 3: not well-formed CSV (unexpected end of data)"),
    (DOPA.replace("ขอนแก่น,,\n", "ขอนแก่น,," + "x" * 140_000 + "\n", 1), "line 4: not well-formed CSV (field larger"),
    ("national_id,first_name,last_name,birth_date,ชื่อ\n", "column(s) first_name given more than once"),
])
def test_a_malformed_file_fails_whole_and_writes_nothing(db: Database, tmp_path: Path, text: str | None,
                                                         message: str) -> None:
    good = _write(tmp_path, "good.csv", DOPA)
    bad = tmp_path / "bad.csv"
    if text is None:
        bad.write_bytes(DOPA.encode("tis-620", errors="replace"))
    else:
        bad.write_text(text, encoding="utf-8")
    with pytest.raises(FileError, match=re.escape(message)):
        ingest(db.driver, db.name, [(SOURCES["dopa"], good), (SOURCES["dopa"], bad)], tmp_path / "q.jsonl")
    assert db.count("MATCH (n) RETURN count(n)") == 0
