"""Mule detection on IBM AMLSim's labelled alerts (walakulu/AMLSim, 1K accounts, Apache-2.0).

Only the alert subgraphs are in the snapshot (alert_transactions.csv: 130 transfers in 13
alerts; the full transactions file is not), converted here into an AMLO transfers file and
ingested through the ordinary pipeline. Each alert's hub is the account its pattern names:
the receiver of a fan-in, the sender of a fan-out, the scattering and gathering accounts of
a scatter-gather, the middle account of a gather-scatter.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.sources import SOURCES
from queries.mules import mule_accounts
from tests.conftest import Database
from tests.queries.edges.built import graph_of

AMLSIM = Path(os.environ.get("AMLSIM_ALERTS_DIR", "/work/shared/data/amlsim-1K-alerts-walakulu"))
BANK = "004"  # every AMLSim account becomes a KBANK account (10-digit numbers)
MIN_COUNTERPARTIES = 4  # the smallest fan-in alert has four senders


def _account(amlsim_id: str) -> str:
    return f"9{int(amlsim_id):09d}"


def _hubs(alerts: dict[str, list[dict[str, str]]]) -> dict[str, list[tuple[str, str]]]:
    """Per alert type, the (account, expected pattern) its alerts name."""
    hubs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rows in alerts.values():
        kind = rows[0]["alert_type"]
        senders: dict[str, set[str]] = defaultdict(set)
        receivers: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            senders[row["bene_acct"]].add(row["orig_acct"])
            receivers[row["orig_acct"]].add(row["bene_acct"])
        gathers = max(senders, key=lambda account: len(senders[account]))
        scatters = max(receivers, key=lambda account: len(receivers[account]))
        if kind == "fan_in":
            hubs[kind].append((gathers, "fan_in"))
        elif kind == "fan_out":
            hubs[kind].append((scatters, "fan_out"))
        elif kind == "scatter_gather":
            hubs[kind].append((gathers, "fan_in"))
            if len(receivers[scatters]) > 1:  # some alerts hold only the gathering leg
                hubs[kind].append((scatters, "fan_out"))
        else:  # gather_scatter: the account in the middle both gathers and scatters
            middle = next(account for account in senders if account in receivers)
            hubs[kind] += [(middle, "fan_in"), (middle, "fan_out")]
    return hubs


@pytest.mark.skipif(not (AMLSIM / "alert_transactions.csv").exists(), reason=f"AMLSim alerts not found in {AMLSIM}")
def test_amlsim_fan_in_and_fan_out_alerts_are_flagged(db: Database, tmp_path: Path) -> None:
    with (AMLSIM / "alert_transactions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    transfers = tmp_path / "amlo-transfers.csv"
    with transfers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "from_bank", "from_account", "to_bank", "to_account", "amount", "currency", "at"])
        writer.writerows([f"AMLSIM-{row['tran_id']}", BANK, _account(row["orig_acct"]), BANK, _account(row["bene_acct"]),
                          row["base_amt"], "USD", row["tran_timestamp"][:10]] for row in rows)
    summary = ingest(db.driver, db.name, [(SOURCES["amlo-transfers"], transfers)], tmp_path / "quarantine.jsonl")
    assert (summary.read, summary.quarantined) == (len(rows), 0)

    alerts: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        alerts[row["alert_id"]].append(row)
    hubs = _hubs(alerts)
    found = mule_accounts(graph_of(db), min_senders=MIN_COUNTERPARTIES, min_receivers=MIN_COUNTERPARTIES, limit=1000)
    assert not found.truncated
    flagged = {(hit.account.account.id, pattern) for hit in found.hits for pattern in hit.patterns}

    recall = {kind: sum((f"account:{BANK}:{_account(a)}", p) in flagged for a, p in named) / len(named)
              for kind, named in sorted(hubs.items())}
    expected = {(f"account:{BANK}:{_account(a)}", p) for named in hubs.values() for a, p in named}
    fans = {(account, pattern) for account, pattern in flagged if pattern != "pass_through"}
    precision = len(fans & expected) / len(fans)
    print(f"\nAMLSim alerts, recall by alert type: {recall}; fan-in/fan-out precision {precision:.3f} "
          f"({len(fans)} flags); pass-through flags {sum(p == 'pass_through' for _, p in flagged)}")
    assert recall["fan_in"] == recall["fan_out"] == recall["scatter_gather"] == 1.0
    assert precision == 1.0
    # Not asserted: the two gather-scatter alerts keep only two and one counterparties each way in
    # this extract, below any sensible fan threshold, and in and out differ too much for a pass-through.
