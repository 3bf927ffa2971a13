"""Mule accounts: the accounts through which a ring collects, splits and moves its money.

Three patterns AMLO analysts look for, computed for every account from its transfers dated
``since``..``until`` in one capped read (accounts whose transfer counts alone rule every
pattern out are skipped first, from the degree counts Neo4j keeps per node):

- **fan-in**: money from many distinct accounts (victims repaying a "debt" into one account);
  the senders held by a ``Victim`` (``HOLDS``) are counted, since payments from victims are
  what ties an account to trafficking rather than to trade;
- **fan-out**: money to many distinct accounts (paying recruiters, scattering takings);
- **fast pass-through**: what comes in goes out again soon, for about the same total.
  ``dwell_days`` is the amount-weighted mean date of the money out minus that of the money
  in: when an account passes on what it receives, this is the mean time the money stayed,
  whatever order it left in, and it needs only sums, not the transfers matched one by one.

Score (documented so that a hit can be explained), the sum of four parts, each in 0..1:

    fan_in       = s / (s + min_senders)         if s >= min_senders, else 0   (s: distinct senders)
    fan_out      = r / (r + min_receivers)       if r >= min_receivers, else 0 (r: distinct receivers)
    victims      = v / s                                                      (v: senders held by a victim)
    pass_through = through * (1 - dwell_days / within_days)   if through >= 1 - tolerance and
                                                               0 <= dwell_days <= within_days, else 0
    where through = min(received, sent) / max(received, sent)

so a hit scores up to 4. An account is a hit when at least one pattern holds; the victims
part raises the rank of a hit but alone makes none.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Literal

from graph.schema import Label, Rel
from queries.base import DEFAULT_LIMIT, EntityRef, Graph, check_range
from queries.bounds import check_fraction, check_period, day_bounds
from queries.entities import REF_OF_N, entity_ref
from queries.refs import AccountRef, account_refs, require_accounts

Pattern = Literal["fan_in", "fan_out", "pass_through"]
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class MuleEvidence:
    """The figures a score is computed from."""

    senders: int
    victim_senders: int
    victims: tuple[EntityRef, ...]  # the Victim persons holding sending accounts (entities: screened, redacted)
    receivers: int
    received: float
    received_transfers: int
    sent: float
    sent_transfers: int
    through: float | None  # min(received, sent) / max(received, sent); None without money both ways
    dwell_days: float | None


@dataclass(frozen=True)
class MuleHit:
    account: AccountRef
    score: float
    patterns: tuple[Pattern, ...]
    evidence: MuleEvidence


@dataclass(frozen=True)
class MuleAccounts:
    hits: tuple[MuleHit, ...]  # highest score first
    truncated: bool


_WINDOW = "($since IS NULL OR t.at >= $since) AND ($until IS NULL OR t.at < $until)"
_PATTERNS = f"""
WITH a, COUNT {{ (a)<-[:{Rel.TRANSFERRED}]-() }} AS inbound, COUNT {{ (a)-[:{Rel.TRANSFERRED}]->() }} AS outbound
WHERE inbound >= $min_senders OR outbound >= $min_receivers OR (inbound > 0 AND outbound > 0)
CALL (a) {{
  MATCH (s:{Label.BANK_ACCOUNT})-[t:{Rel.TRANSFERRED}]->(a) WHERE s <> a AND {_WINDOW}
  RETURN count(DISTINCT s) AS senders, collect(DISTINCT s) AS sending, count(t) AS received_transfers,
         coalesce(sum(t.amount), 0.0) AS received, sum(t.amount * datetime(t.at).epochSeconds / 86400.0) AS received_days
}}
CALL (a) {{
  MATCH (a)-[t:{Rel.TRANSFERRED}]->(r:{Label.BANK_ACCOUNT}) WHERE r <> a AND {_WINDOW}
  RETURN count(DISTINCT r) AS receivers, count(t) AS sent_transfers,
         coalesce(sum(t.amount), 0.0) AS sent, sum(t.amount * datetime(t.at).epochSeconds / 86400.0) AS sent_days
}}
WITH a, senders, sending, received_transfers, received, receivers, sent_transfers, sent,
     CASE WHEN received > 0 AND sent > 0 THEN
       CASE WHEN received < sent THEN received / sent ELSE sent / received END END AS through,
     CASE WHEN received > 0 AND sent > 0 THEN sent_days / sent - received_days / received END AS dwell_days
WITH *, senders >= $min_senders AS fan_in, receivers >= $min_receivers AS fan_out,
     coalesce(through >= 1 - $tolerance AND 0 <= dwell_days <= $within_days, false) AS pass_through
WHERE fan_in OR fan_out OR pass_through
WITH *, COLLECT {{ UNWIND sending AS s MATCH (s)<-[:{Rel.HOLDS}]-(n:{Label.VICTIM}) RETURN DISTINCT {REF_OF_N} }}
          AS victims,
     size([s IN sending WHERE EXISTS {{ (s)<-[:{Rel.HOLDS}]-(:{Label.VICTIM}) }}]) AS victim_senders
WITH *, CASE WHEN fan_in THEN toFloat(senders) / (senders + $min_senders) ELSE 0.0 END
      + CASE WHEN fan_out THEN toFloat(receivers) / (receivers + $min_receivers) ELSE 0.0 END
      + CASE WHEN senders > 0 THEN toFloat(victim_senders) / senders ELSE 0.0 END
      + CASE WHEN pass_through THEN through * (1 - dwell_days / $within_days) ELSE 0.0 END AS score
RETURN a.id AS account, score, fan_in, fan_out, pass_through, senders, victim_senders, victims, receivers,
       received, received_transfers, sent, sent_transfers, through, dwell_days
ORDER BY score DESC, account
LIMIT $cap
"""
# Over every account, or only over the accounts asked about.
_MULES = {False: f"MATCH (a:{Label.BANK_ACCOUNT})" + _PATTERNS,
          True: f"UNWIND $accounts AS id MATCH (a:{Label.BANK_ACCOUNT} {{id: id}})" + _PATTERNS}


def mule_accounts(graph: Graph, *, min_senders: int = 5, min_receivers: int = 5, since: date | None = None,
                  until: date | None = None, within_days: int = 7, tolerance: float = 0.2,
                  accounts: Collection[str] | None = None, limit: int = DEFAULT_LIMIT) -> MuleAccounts:
    """Accounts showing fan-in (at least ``min_senders`` distinct senders), fan-out (at least
    ``min_receivers`` distinct receivers) or fast pass-through (money out within about
    ``within_days`` of coming in, totals within ``tolerance`` of each other), over the
    transfers dated ``since``..``until`` (inclusive days). Highest score first (see the
    module docstring), at most ``limit``.

    Over the whole graph this reads every account with transfers (19 s for a million
    accounts and 2.5 million transfers on two cores: give the Graph a longer timeout);
    ``accounts`` (ids) limits it to the accounts of interest, such as a trail's or a case's."""
    check_range("min_senders", min_senders, 2, 100_000)
    check_range("min_receivers", min_receivers, 2, 100_000)
    check_range("within_days", within_days, 1, 366)
    check_range("limit", limit, 1, MAX_LIMIT)
    check_fraction("tolerance", tolerance)
    check_period(since, until)
    if accounts is not None:
        require_accounts(graph, accounts, "accounts")
    records = graph.read(_MULES[accounts is not None], accounts=sorted(set(accounts or ())),
                         min_senders=min_senders, min_receivers=min_receivers, within_days=within_days,
                         tolerance=tolerance, cap=limit + 1, **day_bounds(since, until))
    kept = records[:limit]
    named = account_refs(graph, [record["account"] for record in kept])
    hits = tuple(MuleHit(
        account=named[record["account"]], score=round(record["score"], 4),
        patterns=tuple(pattern for pattern in ("fan_in", "fan_out", "pass_through") if record[pattern]),
        evidence=MuleEvidence(
            senders=record["senders"], victim_senders=record["victim_senders"],
            victims=tuple(sorted(map(entity_ref, record["victims"]), key=lambda victim: victim.id)),
            receivers=record["receivers"], received=round(record["received"], 2),
            received_transfers=record["received_transfers"], sent=round(record["sent"], 2),
            sent_transfers=record["sent_transfers"],
            through=None if record["through"] is None else round(record["through"], 4),
            dwell_days=None if record["dwell_days"] is None else round(record["dwell_days"], 2)),
    ) for record in kept)
    return MuleAccounts(hits, truncated=len(records) > limit)

