"""Routes on hand-built victims: which origin is chosen, roll-up to countries, periods, filters."""

from __future__ import annotations

from datetime import date

import pytest

from queries.base import QueryError
from queries.routes import routes
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run


def _victims(db: Database) -> None:
    """Two Burmese victims moved Tak -> Ranong to fish in Ranong; a Thai victim recruited in
    Surin (the police file says only "Thailand") and moved through Nakhon Ratchasima to Bangkok."""
    run(db, """
    UNWIND [['country:MMR', 'country'], ['country:THA', 'country'], ['province:63', 'province'],
            ['province:85', 'province'], ['province:32', 'province'], ['province:30', 'province'],
            ['province:10', 'province']] AS place
    MERGE (:Location {id: place[0], kind: place[1], name_en: place[0]})
    """)
    run(db, """
    MATCH (mmr:Location {id: 'country:MMR'}), (tha:Location {id: 'country:THA'}), (tak:Location {id: 'province:63'}),
          (ranong:Location {id: 'province:85'}), (surin:Location {id: 'province:32'}),
          (korat:Location {id: 'province:30'}), (bangkok:Location {id: 'province:10'})
    CREATE (shelter:Address {id: 'address:shelter'}), (c:Case {id: 'case:RTP:9/2566', reported_on: '2023-12-01'})
    CREATE (v1:Person:Victim {id: 'V1', nationality: 'MMR'}), (v2:Person:Victim {id: 'V2', nationality: 'MMR'}),
           (v3:Person:Victim {id: 'V3', nationality: 'THA'})
    CREATE (v1)-[:ORIGIN]->(mmr), (v1)-[:TRANSIT {order: 2}]->(ranong), (v1)-[:TRANSIT {order: 1}]->(tak),
           (v1)-[:EXPLOITED_AT {exploitation: 'fishing'}]->(ranong),
           (v1)-[:LIVES_AT {shelter: true, admitted_on: '2024-02-10'}]->(shelter)
    CREATE (v2)-[:ORIGIN]->(mmr), (v2)-[:TRANSIT {order: 1}]->(tak), (v2)-[:TRANSIT {order: 2}]->(ranong),
           (v2)-[:EXPLOITED_AT {exploitation: 'fishing'}]->(ranong),
           (v2)-[:LIVES_AT {shelter: true, admitted_on: '2024-05-01'}]->(shelter)
    CREATE (v3)-[:ORIGIN]->(tha), (v3)-[:ORIGIN]->(surin), (v3)-[:TRANSIT {order: 1}]->(korat),
           (v3)-[:EXPLOITED_AT {exploitation: 'sex work'}]->(bangkok), (v3)-[:VICTIM_IN]->(c),
           (v3)-[:LIVES_AT {shelter: true, admitted_on: '2024-01-15'}]->(shelter)
    """)


def _flows(found) -> list[tuple]:
    return [(f.origin.id, tuple(p.id for p in f.transit), f.destination.id, f.exploitation, f.period, f.victims, f.cases)
            for f in found.flows]


def test_flows_by_province_with_the_most_specific_origin(db: Database) -> None:
    _victims(db)
    found = routes(graph_of(db))
    assert _flows(found) == [("country:MMR", ("province:63", "province:85"), "province:85", "fishing", None, 2, 0),
                             ("province:32", ("province:30",), "province:10", "sex work", None, 1, 1)]
    assert [(c.place.id, c.victims) for c in found.by_transit] == [("province:63", 2), ("province:85", 2),
                                                                   ("province:30", 1)]
    assert [(c.value, c.victims) for c in found.by_exploitation] == [("fishing", 2), ("sex work", 1)]
    assert (found.victims, found.by_period, found.truncated) == (3, (), False)


def test_rolled_up_to_countries_and_counted_by_quarter(db: Database) -> None:
    _victims(db)
    found = routes(graph_of(db), level="country", period="quarter")
    assert _flows(found) == [("country:MMR", (), "country:THA", "fishing", "2024-Q1", 1, 0),
                             ("country:MMR", (), "country:THA", "fishing", "2024-Q2", 1, 0),
                             ("country:THA", (), "country:THA", "sex work", "2023-Q4", 1, 1)]
    assert [(c.value, c.victims) for c in found.by_period] == [("2023-Q4", 1), ("2024-Q1", 1), ("2024-Q2", 1)]


@pytest.mark.parametrize(("arguments", "victims"), [
    ({"nationality": "พม่า"}, {"V1", "V2"}),
    ({"origin": "Thailand"}, {"V3"}),
    ({"origin": "country:MMR"}, {"V1", "V2"}),
    ({"province": "ระนอง"}, {"V1", "V2"}),
    ({"province": "province:30"}, {"V3"}),
    ({"exploitation": "sex work"}, {"V3"}),
    ({"since": date(2024, 1, 1), "until": date(2024, 3, 31)}, {"V1"}),
])
def test_filters(db: Database, arguments: dict, victims: set[str]) -> None:
    _victims(db)
    assert routes(graph_of(db), **arguments).victims == len(victims)


def test_the_limit_truncates_the_flows_but_not_the_tallies(db: Database) -> None:
    _victims(db)
    found = routes(graph_of(db), limit=1)
    assert found.truncated and len(found.flows) == 1
    assert sum(count.victims for count in found.by_origin) == 3


@pytest.mark.parametrize(("arguments", "message"), [
    ({"exploitation": "farming"}, "exploitation must be one of begging, domestic work"),
    ({"nationality": "Atlantis"}, "nationality: "),
    ({"origin": "Narnia"}, "origin: neither a Thai province nor a known country: 'Narnia'"),
    ({"province": "country:MMR"}, "province must be a Thai province, got 'country:MMR'"),
    ({"province": "province:99"}, "province: no place with id 'province:99' in the graph"),
    ({"origin": "Laos"}, "origin: no place with id 'country:LAO' in the graph"),
    ({"level": "world"}, "level must be province or country, got 'world'"),
    ({"period": "week"}, "period must be year, quarter or month, got 'week'"),
    ({"since": date(2024, 2, 1), "until": date(2024, 1, 1)}, r"since \(2024-02-01\) must not be after until"),
    ({"limit": 0}, "limit must be between 1"),
])
def test_bad_parameters_are_refused_by_name(db: Database, arguments: dict, message: str) -> None:
    _victims(db)
    with pytest.raises(QueryError, match=message):
        routes(graph_of(db), **arguments)
