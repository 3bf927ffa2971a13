"""Mule detection against the demo world's planted mule accounts (read-only).

The demo world's everyday money has legitimate hubs too: shops that many people pay and
employers that pay many. A planted mule collects victims' instalments and sweeps them on
once a month, keeping what the ring's cycle sends back (10-30% of a hop), so the planted
profile is fan-in with a pass-through within a month for a total within 25%.
"""

from __future__ import annotations

from queries.base import Graph
from queries.mules import mule_accounts
from tests.conftest import DemoWorld
from tests.queries.demo_truth import account_id

MONTH = 31


def test_every_planted_mule_is_flagged_and_ranked_above_the_legitimate_hubs(demo: DemoWorld) -> None:
    truth = demo.truth
    smallest_ring = min(len(set(mule["payers"])) for mule in truth.mule_accounts)
    found = mule_accounts(Graph(demo.db.driver, demo.db.name), min_senders=smallest_ring, within_days=MONTH,
                          tolerance=0.25, limit=1000)
    assert not found.truncated
    mules = {account_id(mule["account"]): mule for mule in truth.mule_accounts}
    hubs = {account_id(hub["account"]) for hub in truth.legitimate_hubs}
    laundering = {account_id(key) for path in truth.money_paths for key in path["accounts"]}
    hits = {hit.account.account.id: hit for hit in found.hits}
    fan_in = {account for account, hit in hits.items() if "fan_in" in hit.patterns}
    profile = {account for account, hit in hits.items() if {"fan_in", "pass_through"} <= set(hit.patterns)}
    top = {hit.account.account.id for hit in found.hits[:len(mules)]}

    def precision(flagged: set[str]) -> float:
        return len(flagged & mules.keys()) / len(flagged)

    def recall(flagged: set[str]) -> float:
        return len(flagged & mules.keys()) / len(mules)

    passing = {account for account, hit in hits.items() if hit.patterns == ("pass_through",)}
    print(f"\nmule detection over {len(hits)} hits (min_senders={smallest_ring}): "
          f"fan-in precision {precision(fan_in):.3f} recall {recall(fan_in):.3f} ({len(fan_in & hubs)} legitimate hubs); "
          f"fan-in with pass-through precision {precision(profile):.3f} recall {recall(profile):.3f}; "
          f"top {len(mules)} by score precision {precision(top):.3f}; pass-through alone: {len(passing)} accounts, "
          f"{len(passing & laundering) / len(passing):.3f} of them on planted money paths (the layers)")
    assert recall(fan_in) == 1.0
    assert precision(profile) >= 0.9 and recall(profile) >= 0.9
    assert precision(top) >= 0.9
    assert not hubs & profile
    for account, mule in mules.items():
        assert hits[account].evidence.senders >= len(set(mule["payers"]))
