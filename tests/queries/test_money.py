"""Money trails and cycles against the demo world's planted money (read-only)."""

from __future__ import annotations

import statistics
import time

from queries.base import Graph
from queries.money import cycles, money_trail
from tests.conftest import DemoWorld
from tests.queries.demo_truth import account_id


def _graph(demo: DemoWorld) -> Graph:
    return Graph(demo.db.driver, demo.db.name)


def test_every_planted_money_path_is_found_from_its_first_account(demo: DemoWorld) -> None:
    graph = _graph(demo)
    money_trail(graph, account_id(demo.truth.money_paths[0]["accounts"][0]), max_hops=5)  # plans the statements
    took = []
    for planted in demo.truth.money_paths:
        accounts = tuple(account_id(key) for key in planted["accounts"])
        began = time.perf_counter()
        trail = money_trail(graph, accounts[0], max_hops=5)
        took.append(time.perf_counter() - began)
        assert not trail.truncated, planted["ring"]
        assert accounts in {path.accounts for path in trail.paths}, planted["ring"]
        assert accounts[-1] in {sink.account for sink in trail.sinks}, f"{planted['ring']}: the cash-out is a sink"
        assert set(zip(accounts, accounts[1:])) <= {(flow.sender, flow.receiver) for flow in trail.flows}
        for path in trail.paths:
            hops = path.transfers
            assert all(a.receiver == b.sender and a.at <= b.at for a, b in zip(hops, hops[1:])), planted["ring"]
    print(f"\nmoney_trail at 5 hops over the {len(took)} planted paths: median {statistics.median(took) * 1000:.0f} ms, "
          f"max {max(took) * 1000:.0f} ms")


def test_traced_back_from_the_cash_out_the_money_starts_with_the_victims(demo: DemoWorld) -> None:
    graph = _graph(demo)
    payers = {mule["ring"]: {account_id(key) for key in mule["payers"]} for mule in demo.truth.mule_accounts}
    for planted in demo.truth.money_paths:
        accounts = [account_id(key) for key in planted["accounts"]]
        trail = money_trail(graph, accounts[-1], direction="in", max_hops=len(accounts))
        assert payers[planted["ring"]] <= {source.account for source in trail.sources}, planted["ring"]
        assert tuple(accounts) in {path.accounts[1:] for path in trail.paths}, planted["ring"]


def test_a_tolerance_keeps_the_layering_chains_that_pass_the_money_on(demo: DemoWorld) -> None:
    """Each layer passes on 90-99% of what it received; a cycle ring's last layer also sends
    part back, so only the rings without a cycle keep every hop within 10%."""
    graph = _graph(demo)
    cycling = {cycle["ring"] for cycle in demo.truth.cycles}
    for planted in demo.truth.money_paths:
        if planted["ring"] in cycling:
            continue
        accounts = tuple(account_id(key) for key in planted["accounts"])
        trail = money_trail(graph, accounts[0], max_hops=5, tolerance=0.1)
        assert accounts in {path.accounts for path in trail.paths}, planted["ring"]
        for path in trail.paths:
            hops = path.transfers
            assert all(abs(b.amount - a.amount) <= 0.1 * a.amount for a, b in zip(hops, hops[1:]))


def test_every_planted_cycle_is_found(demo: DemoWorld) -> None:
    graph = _graph(demo)
    planted = [tuple(account_id(key) for key in cycle["accounts"]) for cycle in demo.truth.cycles]
    for accounts in planted:
        assert accounts in {cycle.accounts for cycle in cycles(graph, accounts[0], max_len=len(accounts)).cycles}
    found = cycles(graph, max_len=5)
    assert not found.truncated
    for cycle in found.cycles:
        hops = cycle.transfers
        assert len(set(cycle.accounts)) == len(cycle.accounts)
        assert hops[-1].receiver == cycle.accounts[0]
        assert all(a.receiver == b.sender and a.at <= b.at for a, b in zip(hops, hops[1:]))
    rotations = {frozenset(accounts) for accounts in planted}
    assert rotations <= {frozenset(cycle.accounts) for cycle in found.cycles}
    true = sum(frozenset(cycle.accounts) in rotations for cycle in found.cycles)
    print(f"\ncycles over the whole demo world: {len(found.cycles)} round trips, {true / len(found.cycles):.3f} "
          f"of them through a planted cycle's accounts; all {len(planted)} planted cycles found")
