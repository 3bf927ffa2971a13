"""Money trails and cycles on small hand-built transfer graphs: the cases the demo world does not pin down."""

from __future__ import annotations

from datetime import date

import pytest

from queries.base import QueryError
from queries.money import cycles, money_trail
from tests.conftest import Database
from tests.queries.edges.built import graph_of, transfers


def test_an_account_that_sends_nothing_has_no_trail(db: Database) -> None:
    transfers(db, [("B", "A", 100.0, "2024-01-01")])
    trail = money_trail(graph_of(db), "A")
    assert (trail.paths, trail.flows, trail.sinks, trail.truncated) == ((), (), (), False)
    assert trail.account.account.id == "A"
    back = money_trail(graph_of(db), "A", direction="in")
    assert [path.accounts for path in back.paths] == [("B", "A")]
    assert [source.account for source in back.sources] == ["B"]


def test_an_unknown_account_is_named_in_the_error(db: Database) -> None:
    transfers(db, [("A", "B", 100.0, "2024-01-01")])
    with pytest.raises(QueryError, match="account_id: no bank account with id 'account:999'"):
        money_trail(graph_of(db), "account:999")
    with pytest.raises(QueryError, match="account:999"):
        cycles(graph_of(db), "account:999")


def test_a_transfer_before_the_money_arrived_is_not_followed(db: Database) -> None:
    transfers(db, [("A", "B", 1000.0, "2024-03-05"),
                   ("B", "C", 900.0, "2024-03-01"),  # B paid C before A's money came: not A's money
                   ("B", "D", 950.0, "2024-03-05"),  # the same day: cannot be ordered, so followed
                   ("D", "E", 940.0, "2024-03-09")])
    trail = money_trail(graph_of(db), "A", max_hops=4)
    assert [path.accounts for path in trail.paths] == [("A", "B", "D", "E")]
    assert "C" not in {account.account.id for account in trail.accounts}
    assert [(sink.account, sink.amount, sink.transfers) for sink in trail.sinks] == [("E", 940.0, 1)]
    for path in trail.paths:
        assert all(a.at <= b.at and a.receiver == b.sender for a, b in zip(path.transfers, path.transfers[1:]))


def test_money_that_stays_makes_a_sink_even_when_the_account_paid_out_earlier(db: Database) -> None:
    transfers(db, [("A", "B", 500.0, "2024-05-10"), ("B", "C", 400.0, "2024-05-01")])
    trail = money_trail(graph_of(db), "A")
    assert [sink.account for sink in trail.sinks] == ["B"]


def test_tracing_back_keeps_time_order_the_other_way(db: Database) -> None:
    transfers(db, [("P1", "M", 100.0, "2024-01-01"), ("P2", "M", 200.0, "2024-01-03"),
                   ("P3", "M", 300.0, "2024-02-01"),  # after M paid on: not the money that went on
                   ("M", "X", 290.0, "2024-01-05")])
    trail = money_trail(graph_of(db), "X", direction="in")
    assert sorted(path.accounts for path in trail.paths) == [("P1", "M", "X"), ("P2", "M", "X")]
    assert sorted(source.account for source in trail.sources) == ["P1", "P2"]
    both = money_trail(graph_of(db), "M", direction="both")
    assert {path.direction for path in both.paths} == {"in", "out"}
    assert [sink.account for sink in both.sinks] == ["X"]
    assert sorted(source.account for source in both.sources) == ["P1", "P2", "P3"]


def test_a_cycle_through_the_start_closes_the_path_and_is_found_as_a_cycle(db: Database) -> None:
    transfers(db, [("A", "B", 1000.0, "2024-01-01"), ("B", "C", 950.0, "2024-01-02"),
                   ("C", "A", 900.0, "2024-01-03"), ("A", "D", 880.0, "2024-01-04")])
    trail = money_trail(graph_of(db), "A", max_hops=5)
    assert sorted((path.accounts, path.closes_loop) for path in trail.paths) == [
        (("A", "B", "C", "A"), True), (("A", "D"), False)]
    found = cycles(graph_of(db), "A")
    assert [(cycle.accounts, cycle.sent, cycle.returned) for cycle in found.cycles] == [(("A", "B", "C"), 1000.0, 900.0)]
    # Searched from everywhere, the round trip is reported once (B -> C -> A -> B would need A -> B after C -> A).
    assert [cycle.accounts for cycle in cycles(graph_of(db)).cycles] == [("A", "B", "C")]


def test_a_cycle_out_of_time_order_or_too_long_is_not_a_cycle(db: Database) -> None:
    transfers(db, [("A", "B", 100.0, "2024-01-05"), ("B", "A", 100.0, "2024-01-01"),  # returned before it left
                   ("X", "Y", 100.0, "2024-01-01"), ("Y", "Z", 100.0, "2024-01-02"), ("Z", "W", 100.0, "2024-01-03"),
                   ("W", "X", 100.0, "2024-01-04")])
    assert cycles(graph_of(db), "A").cycles == ()
    assert cycles(graph_of(db), "X", max_len=3).cycles == ()
    # From B the same two transfers are in time order: B paid A, and A paid B back later.
    assert [cycle.accounts for cycle in cycles(graph_of(db), max_len=4).cycles] == [("B", "A"), ("X", "Y", "Z", "W")]


def test_a_cycle_repeats_no_account(db: Database) -> None:
    transfers(db, [("A", "B", 100.0, "2024-01-01"), ("B", "C", 100.0, "2024-01-02"),
                   ("C", "B", 100.0, "2024-01-03"), ("B", "A", 100.0, "2024-01-04")])
    found = cycles(graph_of(db), "A", max_len=4)
    assert [cycle.accounts for cycle in found.cycles] == [("A", "B")]
    assert all(len(set(cycle.accounts)) == len(cycle.accounts) for cycle in cycles(graph_of(db), max_len=4).cycles)


def test_an_amount_tolerance_keeps_the_chain_that_passes_the_money_on(db: Database) -> None:
    transfers(db, [("A", "B", 1000.0, "2024-01-01"), ("B", "C", 950.0, "2024-01-02"),
                   ("B", "D", 400.0, "2024-01-02"), ("C", "E", 1100.0, "2024-01-03")])
    everything = money_trail(graph_of(db), "A")
    assert sorted(path.accounts for path in everything.paths) == [("A", "B", "C", "E"), ("A", "B", "D")]
    within = money_trail(graph_of(db), "A", tolerance=0.1)
    assert [path.accounts for path in within.paths] == [("A", "B", "C")]  # 1,100 is more than 10% above 950
    assert [path.accounts for path in money_trail(graph_of(db), "A", tolerance=0.2).paths] == [("A", "B", "C", "E")]


def test_the_window_and_the_minimum_amount_bound_every_transfer(db: Database) -> None:
    transfers(db, [("A", "B", 1000.0, "2023-12-31"), ("A", "B", 2000.0, "2024-01-01"),
                   ("B", "C", 50.0, "2024-01-02"), ("B", "D", 1900.0, "2024-01-31"), ("D", "E", 1800.0, "2024-02-01")])
    trail = money_trail(graph_of(db), "A", since=date(2024, 1, 1), until=date(2024, 1, 31), min_amount=100.0)
    assert [path.accounts for path in trail.paths] == [("A", "B", "D")]
    assert [(flow.sender, flow.receiver, flow.total, flow.transfers) for flow in trail.flows] == [
        ("A", "B", 2000.0, 1), ("B", "D", 1900.0, 1)]
    assert [sink.account for sink in trail.sinks] == ["D"]  # nothing left D within the window


def test_flows_add_up_every_transfer_between_two_accounts(db: Database) -> None:
    transfers(db, [("A", "B", 100.0, "2024-01-01"), ("A", "B", 250.0, "2024-02-01"), ("B", "C", 300.0, "2024-02-02")])
    flows = {(flow.sender, flow.receiver): flow for flow in money_trail(graph_of(db), "A").flows}
    assert (flows[("A", "B")].total, flows[("A", "B")].transfers) == (350.0, 2)
    assert (flows[("A", "B")].first_at, flows[("A", "B")].last_at) == ("2024-01-01", "2024-02-01")


def test_caps_truncate_and_say_so(db: Database) -> None:
    transfers(db, [("A", f"B{n}", 100.0 + n, f"2024-01-{n + 1:02d}") for n in range(10)])
    capped = money_trail(graph_of(db), "A", limit=4)
    assert capped.truncated and len(capped.flows) == 4
    assert {flow.receiver for flow in capped.flows} == {"B0", "B1", "B2", "B3"}  # earliest first
    assert capped.sinks == ()  # a cut hop says nothing about where the money ended
    whole = money_trail(graph_of(db), "A", limit=10)
    assert not whole.truncated and len(whole.sinks) == 10
    transfers(db, [("X", "Y", 10.0, "2024-01-01"), ("Y", "X", 10.0, "2024-01-02"),
                   ("X", "Z", 10.0, "2024-01-03"), ("Z", "X", 10.0, "2024-01-04")])
    assert cycles(graph_of(db), "X", limit=1).truncated
    assert not cycles(graph_of(db), "X", limit=2).truncated


@pytest.mark.parametrize(("arguments", "message"), [
    ({"max_hops": 0}, "max_hops must be between 1 and 6, got 0"),
    ({"max_hops": 7}, "max_hops must be between 1 and 6, got 7"),
    ({"limit": 0}, "limit must be between 1"),
    ({"direction": "sideways"}, "direction must be one of out, in, both, got 'sideways'"),
    ({"since": date(2024, 2, 1), "until": date(2024, 1, 1)}, r"since \(2024-02-01\) must not be after until"),
    ({"tolerance": 1.5}, "tolerance must be a fraction between 0 and 1, got 1.5"),
    ({"min_amount": -1.0}, "min_amount must not be negative, got -1.0"),
])
def test_bad_parameters_are_refused_by_name(db: Database, arguments: dict, message: str) -> None:
    transfers(db, [("A", "B", 100.0, "2024-01-01")])
    with pytest.raises(QueryError, match=message):
        money_trail(graph_of(db), "A", **arguments)


def test_bad_cycle_parameters_are_refused_by_name(db: Database) -> None:
    with pytest.raises(QueryError, match="max_len must be between 2 and 6, got 1"):
        cycles(graph_of(db), max_len=1)
    with pytest.raises(QueryError, match="limit must be between 1"):
        cycles(graph_of(db), limit=0)
