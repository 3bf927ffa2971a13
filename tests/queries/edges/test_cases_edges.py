"""related_cases() and case_status() on hand-built cases: the ranking, what does not count, and a case's stages."""

from __future__ import annotations

import math

import pytest

from queries.base import QueryError
from queries.cases import COMMON_CASES, WEIGHTS, Stage, case_status, related_cases
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run

# A and B share suspect P (and so P's own phone Y) and phone X, held by a different person
# in each. A and C share only a country, as do A and COMMON_CASES other cases (one more than
# COMMON_CASES: too common to count). A and D only placed a victim in the same shelter.
CASES = """
CREATE (a:Case {id: 'A', rtp_case_no: '1/2567'}), (b:Case {id: 'B', rtp_case_no: '2/2567'}),
       (c:Case {id: 'C', rtp_case_no: '3/2567'}), (d:Case {id: 'D', rtp_case_no: '4/2567'})
CREATE (p:Person {id: 'P', name: 'shared suspect'}), (pa:Person {id: 'PA'}), (pb:Person {id: 'PB'}),
       (x:Phone {id: 'X'}), (y:Phone {id: 'Y'}), (k:Location {id: 'country:KHM'}),
       (m:Location {id: 'country:MMR'}), (s:Address {id: 'S', text: 'shelter'})
CREATE (p)-[:SUSPECT_IN]->(a), (p)-[:SUSPECT_IN]->(b), (p)-[:HAS_PHONE]->(y),
       (pa)-[:SUSPECT_IN]->(a), (pa)-[:HAS_PHONE]->(x), (pb)-[:BROKER_IN]->(b), (pb)-[:HAS_PHONE]->(x)
CREATE (va:Person {id: 'VA'})-[:VICTIM_IN]->(a), (vc:Person {id: 'VC'})-[:VICTIM_IN]->(c),
       (vd:Person {id: 'VD'})-[:VICTIM_IN]->(d),
       (va)-[:ORIGIN]->(k), (vc)-[:ORIGIN]->(k), (va)-[:ORIGIN]->(m),
       (va)-[:LIVES_AT {shelter: true}]->(s), (vd)-[:LIVES_AT {shelter: true}]->(s)
WITH m UNWIND range(1, $others) AS i
CREATE (m)<-[:ORIGIN]-(:Person {id: 'V' + i})-[:VICTIM_IN]->(:Case {id: 'O' + i})
"""


@pytest.fixture
def cases(db: Database) -> Database:
    run(db, CASES, others=COMMON_CASES)
    return db


def test_shared_people_and_phones_rank_above_a_shared_country(cases: Database) -> None:
    related = related_cases(graph_of(cases), "A")
    total = cases.count("MATCH (c:Case) RETURN count(c)")
    assert [r.case.id for r in related.related] == ["B", "C"]
    b, c = related.related
    assert {(s.entity.id, s.kind, s.cases) for s in b.shared} == {("P", "person", 2), ("X", "phone", 2)}
    assert b.score == pytest.approx((WEIGHTS["person"] + WEIGHTS["phone"]) * math.log((total + 1) / 2), abs=1e-3)
    assert {(s.entity.id, s.kind, s.cases) for s in c.shared} == {("country:KHM", "place", 2)}
    assert c.score == pytest.approx(WEIGHTS["place"] * math.log((total + 1) / 2), abs=1e-3)
    assert b.shared[0].entity.id == "P", "strongest evidence first"
    assert [item.id for item in related.too_common] == ["country:MMR"] and not related.truncated


def test_a_limit_cuts_the_ranking_and_says_so(cases: Database) -> None:
    related = related_cases(graph_of(cases), "A", limit=1)
    assert [r.case.id for r in related.related] == ["B"] and related.truncated


def test_a_case_sharing_nothing_has_no_related_cases(cases: Database) -> None:
    related = related_cases(graph_of(cases), "D")
    assert related.related == () and related.too_common == () and related.case.id == "D"


@pytest.mark.parametrize(("query", "arguments", "message"), [
    (related_cases, {"case_id": "nope"}, "case_id: no case with id 'nope'"),
    (related_cases, {"case_id": "P"}, "case_id: no case with id 'P'"),
    (related_cases, {"case_id": "A", "limit": 0}, "limit must be between 1 and 500, got 0"),
    (case_status, {"case_id": "nope"}, "case_id: no case with id 'nope'"),
])
def test_bad_parameters_are_refused_by_name(cases: Database, query, arguments: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        query(graph_of(cases), **arguments)


def test_a_case_only_reported_is_under_investigation(db: Database) -> None:
    run(db, "CREATE (:Case {id: 'case:DSI:9/2567', dsi_case_no: '9/2567', reported_on: '2024-02-01', "
            "offence: 'trafficking'})")
    status = case_status(graph_of(db), "case:DSI:9/2567")
    assert status.stage is Stage.INVESTIGATION and status.numbers == {"dsi": "9/2567"}
    assert [(e.agency, e.stage, e.number) for e in status.timeline] == [("DSI", Stage.INVESTIGATION, "9/2567")]
    assert (status.compensation.ordered_baht, status.compensation.paid_by_enforcement_baht,
            status.compensation.outstanding_baht) == (0.0, 0.0, 0.0)


def test_a_case_nobody_is_prosecuted_in_stops_at_the_prosecutor(db: Database) -> None:
    run(db, """CREATE (c:Case {id: 'C', rtp_case_no: '5/2567', reported_on: '2024-01-10', oag_case_no: 'อ.9/2567'})
               CREATE (:Person {id: 'P1'})-[:SUSPECT_IN {oag_case_no: 'อ.9/2567', decision: 'not_prosecute',
                        filed_on: '2024-06-01', sections: ['6']}]->(c),
                      (:Person {id: 'P2'})-[:SUSPECT_IN {oag_case_no: 'อ.9/2567', decision: 'not_prosecute',
                        filed_on: '2024-06-01', sections: ['9']}]->(c)""")
    status = case_status(graph_of(db), "C")
    assert status.stage is Stage.NOT_PROSECUTED
    oag = status.timeline[-1]
    assert (oag.agency, oag.number, str(oag.on), [person.id for person in oag.people]) == \
        ("OAG", "อ.9/2567", "2024-06-01", ["P1", "P2"])
    assert "sections 6, 9" in oag.summary
