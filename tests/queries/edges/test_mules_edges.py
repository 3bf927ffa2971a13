"""Mule detection on hand-built accounts: each pattern, the victims among the senders, and the score's parts."""

from __future__ import annotations

from datetime import date

import pytest

from queries.base import QueryError
from queries.mules import mule_accounts
from tests.conftest import Database
from tests.queries.edges.built import graph_of, run, transfers


def _hits(db: Database, **arguments: object) -> dict:
    return {hit.account.account.id: hit for hit in mule_accounts(graph_of(db), **arguments).hits}


def test_fan_in_counts_the_victims_among_the_senders(db: Database) -> None:
    transfers(db, [(f"S{n}", "M", 2000.0, f"2024-01-0{n}") for n in range(1, 6)])
    run(db, """
    UNWIND [['V1', 'S1'], ['V2', 'S2']] AS pair
    MERGE (v:Person:Victim {id: pair[0]}) WITH v, pair MATCH (a:BankAccount {id: pair[1]}) MERGE (v)-[:HOLDS]->(a)
    """)
    run(db, "MERGE (p:Person {id: 'P3'}) WITH p MATCH (a:BankAccount {id: 'S3'}) MERGE (p)-[:HOLDS]->(a)")
    hits = _hits(db, min_senders=5)
    assert list(hits) == ["M"]
    mule = hits["M"]
    assert mule.patterns == ("fan_in",)
    assert (mule.evidence.senders, mule.evidence.victim_senders) == (5, 2)
    assert [victim.id for victim in mule.evidence.victims] == ["V1", "V2"]
    assert (mule.evidence.received, mule.evidence.received_transfers, mule.evidence.through) == (10000.0, 5, None)
    assert mule.score == pytest.approx(5 / (5 + 5) + 2 / 5)
    assert _hits(db, min_senders=6) == {}


def test_fan_out_to_many_receivers(db: Database) -> None:
    transfers(db, [("F", f"R{n}", 500.0, "2024-01-01") for n in range(4)])
    hits = _hits(db, min_receivers=4)
    assert list(hits) == ["F"] and hits["F"].patterns == ("fan_out",)
    assert hits["F"].score == pytest.approx(4 / (4 + 4))
    assert (hits["F"].evidence.receivers, hits["F"].evidence.sent) == (4, 2000.0)


def test_fast_pass_through_of_a_similar_amount(db: Database) -> None:
    transfers(db, [("X", "P", 1000.0, "2024-01-01"), ("P", "Y", 950.0, "2024-01-03"),  # passed on in two days
                   ("X", "SLOW", 1000.0, "2024-01-01"), ("SLOW", "Y", 1000.0, "2024-03-01"),  # kept for two months
                   ("X", "KEEP", 1000.0, "2024-01-01"), ("KEEP", "Y", 300.0, "2024-01-02")])  # kept most of it
    hits = _hits(db)
    assert list(hits) == ["P"]
    assert hits["P"].patterns == ("pass_through",)
    assert (hits["P"].evidence.through, hits["P"].evidence.dwell_days) == (0.95, 2.0)
    assert hits["P"].score == pytest.approx(0.95 * (1 - 2 / 7), abs=1e-4)
    assert set(_hits(db, within_days=90)) == {"P", "SLOW"}
    assert _hits(db, within_days=1) == {}
    assert _hits(db, tolerance=0.01) == {}


def test_the_window_and_self_transfers(db: Database) -> None:
    transfers(db, [(f"S{n}", "M", 100.0, f"2024-0{n}-15") for n in range(1, 6)] + [("M", "M", 100.0, "2024-03-01")])
    assert set(_hits(db, min_senders=5)) == {"M"}
    assert _hits(db, min_senders=5, since=date(2024, 2, 1)) == {}
    assert _hits(db, min_senders=4, since=date(2024, 2, 1), until=date(2024, 5, 15))["M"].evidence.senders == 4
    assert _hits(db, min_senders=2)["M"].evidence.sent == 0.0  # paying oneself moves no money


def test_asked_about_some_accounts_only_those_are_scored(db: Database) -> None:
    transfers(db, [(f"S{n}", "M", 100.0, "2024-01-01") for n in range(5)] +
              [(f"T{n}", "N", 100.0, "2024-01-01") for n in range(5)])
    assert set(_hits(db, accounts=["N", "S1"])) == {"N"}
    assert set(_hits(db)) == {"M", "N"}
    with pytest.raises(QueryError, match="accounts: no bank account with id 'nowhere'"):
        mule_accounts(graph_of(db), accounts=["M", "nowhere"])
    with pytest.raises(QueryError, match="accounts: at most 10,000 accounts at once, got 10,001"):
        mule_accounts(graph_of(db), accounts=[f"A{n}" for n in range(10_001)])


def test_the_cap_keeps_the_highest_scores_and_says_so(db: Database) -> None:
    transfers(db, [(f"S{n}", "BIG", 100.0, "2024-01-01") for n in range(8)] +
              [(f"T{n}", "SMALL", 100.0, "2024-01-01") for n in range(5)])
    capped = mule_accounts(graph_of(db), min_senders=5, limit=1)
    assert capped.truncated and [hit.account.account.id for hit in capped.hits] == ["BIG"]
    assert not mule_accounts(graph_of(db), min_senders=5, limit=2).truncated


@pytest.mark.parametrize(("arguments", "message"), [
    ({"min_senders": 1}, "min_senders must be between 2"),
    ({"min_receivers": 0}, "min_receivers must be between 2"),
    ({"within_days": 0}, "within_days must be between 1 and 366, got 0"),
    ({"tolerance": -0.1}, "tolerance must be a fraction between 0 and 1, got -0.1"),
    ({"limit": 0}, "limit must be between 1"),
    ({"since": date(2024, 2, 1), "until": date(2024, 1, 1)}, r"since \(2024-02-01\) must not be after until"),
])
def test_bad_parameters_are_refused_by_name(db: Database, arguments: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        mule_accounts(graph_of(db), **arguments)
