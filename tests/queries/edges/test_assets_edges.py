"""Enforcement assets on a hand-built family: own assets, the household's, companies', seizures, verdicts."""

from __future__ import annotations

import json

import pytest

from queries.assets import enforcement_assets
from queries.base import QueryError
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run


def _family(db: Database) -> None:
    """O is convicted twice; R lives in O's registered house and is an officer of Co; N lives at
    the same address under another house number; Q was acquitted."""
    run(db, """
    CREATE (c:Case {id: 'case:RTP:1/2567', court_red_no: 'คม.1/2568'})
    CREATE (o:Person:Suspect {id: 'O', name: 'offender'}), (r:Person {id: 'R', name: 'relative'}),
           (n:Person {id: 'N', name: 'neighbour'}), (q:Person:Suspect {id: 'Q', name: 'acquitted'})
    CREATE (j1:Judgment {id: 'J1', verdict: 'guilty', judged_on: '2025-01-10', compensation_ordered_baht: 40000.0}),
           (j2:Judgment {id: 'J2', verdict: 'guilty', judged_on: '2025-03-01', compensation_ordered_baht: 50000.0}),
           (j3:Judgment {id: 'J3', verdict: 'not_guilty', judged_on: '2025-01-10'})
    CREATE (c)-[:DECIDED]->(j1), (c)-[:DECIDED]->(j2), (c)-[:DECIDED]->(j3),
           (j1)-[:AGAINST]->(o), (j2)-[:AGAINST]->(o), (j3)-[:AGAINST]->(q)
    CREATE (home:Address {id: 'address:home'})
    CREATE (o)-[:LIVES_AT {house_id: 'H1'}]->(home), (r)-[:LIVES_AT {house_id: 'H1'}]->(home),
           (n)-[:LIVES_AT {house_id: 'H2'}]->(home)
    CREATE (own:BankAccount {id: 'acc:own'}), (held:BankAccount {id: 'acc:relative'}),
           (firm:BankAccount {id: 'acc:company'}), (other:BankAccount {id: 'acc:neighbour'}),
           (qs:BankAccount {id: 'acc:acquitted'})
    CREATE (car:Vehicle {id: 'vehicle:10:1กข1'}), (van:Vehicle {id: 'vehicle:10:2กข2'})
    CREATE (o)-[:HOLDS {source_record: 'amlo'}]->(own),
           (o)-[:HOLDS {source_record: 'led', led_case_no: 'ลท.1/2568', seized_on: '2025-06-01',
                        amount_recovered_baht: 80000.0, paid_to_victims_baht: 60000.0}]->(own),
           (o)-[:OWNS]->(car), (r)-[:HOLDS]->(held), (n)-[:HOLDS]->(other), (q)-[:HOLDS]->(qs)
    CREATE (co:Organization {id: 'org:co', name: 'Co Ltd'}), (r)-[:OFFICER_OF]->(co),
           (co)-[:HOLDS]->(firm), (co)-[:OWNS]->(van)
    """)
    # The court's rows: J1 orders compensation for two victims (the node keeps the last
    # row's amount, as the writer leaves it), J2 for one; a superseded row counts for nothing.
    run(db, """
    UNWIND $rows AS r
    MATCH (j:Judgment {id: r.judgment})
    CREATE (j)-[:FROM_SOURCE]->(:SourceRecord {id: r.id, source: 'coj', agency: 'COJ', source_file: 'coj.csv',
                                               row: r.row, key: r.id, raw: r.raw, current: r.current})
    """, rows=[_court_row("J1", 1, "60,000", True), _court_row("J1", 2, "40,000", True),
               _court_row("J2", 3, "50,000", True), _court_row("J2", 4, "999,999", False)])


def _court_row(judgment: str, row: int, compensation: str, current: bool) -> dict[str, object]:
    raw = {"black_case_no": "คม.1/2567", "red_case_no": "คม.1/2568", "court": "ศาลอาญาคดีค้ามนุษย์",
           "police_case_no": "1/2567", "judged_on": "10 มกราคม 2568", "verdict": "guilty", "police_agency": "ตำรวจ",
           "defendant_no": "1", "sentence_months": "60", "fine_baht": "", "defendant_name": "offender",
           "defendant_national_id": "", "defendant_dob": "", "compensation_ordered_baht": compensation,
           "victim_name": f"victim {row}"}
    return {"judgment": judgment, "id": f"coj:{row}", "row": row, "raw": json.dumps(raw, ensure_ascii=False),
            "current": current}


def test_own_household_and_company_assets_of_a_convicted_offender(db: Database) -> None:
    _family(db)
    found = enforcement_assets(graph_of(db), "O")
    assert [offender.offender.id for offender in found.offenders] == ["O"]
    assets = {(a.asset.id, a.kind, a.holder.id, a.route, a.relative.id if a.relative else None)
              for a in found.offenders[0].assets}
    assert assets == {
        ("acc:own", "bank_account", "O", "own", None), ("vehicle:10:1กข1", "vehicle", "O", "own", None),
        ("acc:relative", "bank_account", "R", "household", "R"),
        ("acc:company", "bank_account", "org:co", "company", "R"), ("vehicle:10:2กข2", "vehicle", "org:co", "company", "R"),
    }
    seized = next(a for a in found.offenders[0].assets if a.asset.id == "acc:own")
    assert [(s.led_case_no, s.amount_recovered_baht, s.paid_to_victims_baht) for s in seized.seizures] == [
        ("ลท.1/2568", 80000.0, 60000.0)]
    assert [(c.judgment.id, c.case, c.court_red_no) for c in found.offenders[0].convictions] == [
        ("J1", "case:RTP:1/2567", "คม.1/2568"), ("J2", "case:RTP:1/2567", "คม.1/2568")]
    assert (found.compensation_ordered_baht, found.recovered_baht, found.paid_to_victims_baht) == (150000.0, 80000.0,
                                                                                                 60000.0)
    assert not found.truncated


def test_a_judgment_id_asks_about_its_defendant_and_that_conviction(db: Database) -> None:
    _family(db)
    found = enforcement_assets(graph_of(db), "J2")
    assert [c.judgment.id for c in found.offenders[0].convictions] == ["J2"]
    assert found.compensation_ordered_baht == 50000.0
    assert len(found.offenders[0].assets) == 5


def test_an_acquittal_or_a_person_never_judged_gives_no_offender(db: Database) -> None:
    _family(db)
    for asked in ("Q", "J3", "R"):
        found = enforcement_assets(graph_of(db), asked)
        assert (found.offenders, found.compensation_ordered_baht) == ((), 0.0), asked


def test_the_cap_truncates_and_says_so(db: Database) -> None:
    _family(db)
    capped = enforcement_assets(graph_of(db), "O", limit=2)
    assert capped.truncated and [a.route for a in capped.offenders[0].assets] == ["own", "own"]


def test_unknown_ids_and_bad_limits_are_refused(db: Database) -> None:
    _family(db)
    with pytest.raises(QueryError, match="no person or judgment with id 'nobody'"):
        enforcement_assets(graph_of(db), "nobody")
    with pytest.raises(QueryError, match="limit must be between 1"):
        enforcement_assets(graph_of(db), "O", limit=0)
