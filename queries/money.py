"""Money trails and round trips in the AMLO transfer graph: where money went, where it came
from, and where it came back.

A trail is time-respecting: each transfer happens no earlier than the one that brought the
money to its sender. Neo4j 5.26 cannot compare a relationship with the previous one while a
quantified path pattern expands (a predicate over consecutive relationships is checked only
on whole paths; Cypher 25's ``allReduce`` is not in 5.26), so a variable-length MATCH would
build every path of up to k hops and filter afterwards, which grows exponentially with k.
Instead the trail is expanded hop by hop, one statement per hop, from a frontier: the
accounts the previous hop reached, with the transfers that reached them. A transfer leaving
such an account is followed only if it is no earlier than one of those arrivals (and, with a
tolerance, of a similar amount). Each transfer is followed at most once and gets one parent,
the arrival closest before it in time, so the work grows with the transfers in reach, not
with the number of paths through them.

Time precision: AMLO files give the day of a transfer (``at``, ISO 8601 as stored), so "no
earlier" means the same day or later: transfers of one day cannot be put in order, and are
taken to follow each other. Bounds ``since``/``until`` are inclusive days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from graph.schema import Label, Rel
from queries.base import DEFAULT_LIMIT, Graph, QueryError, check_range
from queries.bounds import check_fraction, check_period, day_bounds
from queries.refs import AccountRef, account_refs, require_accounts

Direction = Literal["out", "in", "both"]
_Way = Literal["out", "in"]

MAX_HOPS = 6
MAX_LIMIT = 50_000
# Transfers a cycle search may follow before it stops and says it was truncated, and
# accounts it searches from at once.
_CYCLE_WORK = 50_000
_ORIGINS_AT_ONCE = 1_000


@dataclass(frozen=True)
class Transfer:
    """One transaction (a ``TRANSFERRED`` relationship) as AMLO reported it."""

    reference: str | None
    sender: str
    receiver: str
    amount: float
    currency: str
    at: str


@dataclass(frozen=True)
class TransferPath:
    """Transfers in time order, each leaving the account the previous one reached.

    ``direction`` "out" paths start at the account asked about, "in" paths end there.
    ``closes_loop``: the last transfer returns to an account already on the path, so the
    path stops there (the money went round)."""

    direction: _Way
    transfers: tuple[Transfer, ...]
    closes_loop: bool

    @property
    def accounts(self) -> tuple[str, ...]:
        return (self.transfers[0].sender, *(t.receiver for t in self.transfers))


@dataclass(frozen=True)
class Flow:
    """All transfers of the trail from one account to another, summed."""

    sender: str
    receiver: str
    total: float
    transfers: int
    first_at: str
    last_at: str


@dataclass(frozen=True)
class TrailEnd:
    """Where money stops on the trail: a sink (nothing leaves it later, under the same
    filters: the money stayed or left as cash) or, tracing back, a source (nothing
    reached it earlier). ``amount`` and ``transfers`` are the trail's transfers into the
    sink, or out of the source."""

    account: str
    amount: float
    transfers: int


@dataclass(frozen=True)
class MoneyTrail:
    account: AccountRef
    paths: tuple[TransferPath, ...]
    flows: tuple[Flow, ...]
    sinks: tuple[TrailEnd, ...]
    sources: tuple[TrailEnd, ...]
    accounts: tuple[AccountRef, ...]
    truncated: bool


@dataclass(frozen=True)
class Cycle:
    """Money that left ``accounts[0]`` and came back to it, through distinct accounts, in time order."""

    accounts: tuple[str, ...]
    transfers: tuple[Transfer, ...]

    @property
    def sent(self) -> float:
        return self.transfers[0].amount

    @property
    def returned(self) -> float:
        return self.transfers[-1].amount


@dataclass(frozen=True)
class Cycles:
    cycles: tuple[Cycle, ...]
    accounts: tuple[AccountRef, ...]
    truncated: bool


def money_trail(graph: Graph, account_id: str, *, direction: Direction = "out", max_hops: int = 3,
                since: date | None = None, until: date | None = None, min_amount: float | None = None,
                tolerance: float | None = None, limit: int = DEFAULT_LIMIT) -> MoneyTrail:
    """The time-respecting transfer paths from (``out``), to (``in``) or both ways around an
    account, up to ``max_hops`` transfers; the flow graph they add up to; and the accounts
    where the money ends (sinks) or starts (sources).

    Only transfers dated ``since``..``until`` and of at least ``min_amount`` are followed.
    With ``tolerance`` (a fraction, e.g. 0.1), each transfer must be within that fraction of
    the amount of the transfer before it, as a layering chain passes on what it received
    less a cut. At most ``limit`` transfers are followed in each direction, earliest first;
    beyond that ``truncated`` is set (and the sinks and sources seen so far are kept).
    """
    if direction not in ("out", "in", "both"):
        raise QueryError(f"direction must be one of out, in, both, got {direction!r}")
    check_range("max_hops", max_hops, 1, MAX_HOPS)
    check_range("limit", limit, 1, MAX_LIMIT)
    window = _Window.checked(since, until, min_amount, tolerance)
    require_accounts(graph, [account_id], "account_id")
    ways: tuple[_Way, ...] = ("out", "in") if direction == "both" else (direction,)
    expansions = {way: _expand(graph, [account_id], way, max_hops, window, limit) for way in ways}

    reached = [step for expansion in expansions.values() for step in expansion.reached]
    ends = {way: _ends(expansion) for way, expansion in expansions.items()}
    flows = _flows(reached)
    named = account_refs(graph, {account_id} | {end for flow in flows for end in (flow.sender, flow.receiver)})
    return MoneyTrail(
        account=named[account_id],
        paths=tuple(path for way, expansion in expansions.items() for path in _paths(expansion, way)),
        flows=flows, sinks=ends.get("out", ()), sources=ends.get("in", ()),
        accounts=tuple(named[key] for key in sorted(named)),
        truncated=any(expansion.truncated for expansion in expansions.values()),
    )


def cycles(graph: Graph, account_id: str | None = None, *, max_len: int = 4, since: date | None = None,
           until: date | None = None, limit: int = DEFAULT_LIMIT) -> Cycles:
    """Round trips: time-ordered transfers through 2..``max_len`` distinct accounts that bring
    money back to the account it left, dated ``since``..``until``.

    With ``account_id``, the cycles that start and end there. Without it, the graph is
    searched from every account that sends money and later receives some (a cycle needs
    both), a thousand accounts at a time in id order so that the work goes into finishing
    round trips, each reported once, from the account whose transfer opens it. That search
    reads every account: on a large graph, ask about an account. At most ``limit`` cycles
    are returned and 50,000 transfers followed; ``truncated`` says when either stopped it."""
    check_range("max_len", max_len, 2, MAX_HOPS)
    check_range("limit", limit, 1, MAX_LIMIT)
    window = _Window.checked(since, until, None, None)
    if account_id is not None:
        require_accounts(graph, [account_id], "account_id")
        origins, truncated = [account_id], False
    else:
        origins, truncated = _cycle_starts(graph, window, _CYCLE_WORK)
    found: list[Cycle] = []
    work = _CYCLE_WORK
    for first in range(0, len(origins), _ORIGINS_AT_ONCE):
        expansion = _expand(graph, origins[first:first + _ORIGINS_AT_ONCE], "out", max_len, window, work, closing=True)
        work -= len(expansion.reached)
        found += _round_trips(expansion, anchored=account_id is not None)
        if expansion.truncated or len(found) > limit:
            truncated = True
            break
    kept = found[:limit]
    named = account_refs(graph, {account for cycle in kept for account in cycle.accounts})
    return Cycles(tuple(kept), tuple(named[key] for key in sorted(named)), truncated)


def _round_trips(expansion: _Expansion, anchored: bool) -> list[Cycle]:
    """The followed paths that came back to their origin, in time order. Searched from
    everywhere, a round trip is also found from each later account on it: only the
    opener's is kept (its first transfer is the earliest)."""
    closing = sorted((step for step in expansion.reached if step.level >= 2 and step.onward == step.origin),
                     key=lambda step: _order(step.chain()))
    return [Cycle(tuple(step.transfer.sender for step in chain), tuple(step.transfer for step in chain))
            for chain in (step.chain() for step in closing)
            if anchored or min(chain, key=lambda step: _order([step])) is chain[0]]


# ----------------------------------------------------------------------- the expansion


@dataclass(frozen=True)
class _Window:
    """The filters every followed transfer must pass, as statement parameters."""

    since: date | None
    until: date | None
    min_amount: float | None
    tolerance: float | None

    @classmethod
    def checked(cls, since: date | None, until: date | None, min_amount: float | None,
                tolerance: float | None) -> _Window:
        check_period(since, until)
        check_fraction("tolerance", tolerance)
        if min_amount is not None and min_amount < 0:
            raise QueryError(f"min_amount must not be negative, got {min_amount}")
        return cls(since, until, min_amount, tolerance)

    def params(self) -> dict[str, Any]:
        return {**day_bounds(self.since, self.until), "min_amount": self.min_amount, "tolerance": self.tolerance}

    def follows(self, earlier: Transfer, later: Transfer) -> bool:
        """Whether ``later`` can carry on the money of ``earlier``: no earlier in time, similar amount."""
        if later.at < earlier.at:
            return False
        return self.tolerance is None or abs(later.amount - earlier.amount) <= self.tolerance * earlier.amount


# Whether transfer t can carry on the money that reached frontier entry f: "out" follows
# transfers leaving the account no earlier than an arrival, "in" transfers into it no later
# than a departure; the amount check compares each transfer with the one before it in time.
_FOLLOWS = """($since IS NULL OR t.at >= $since) AND ($until IS NULL OR t.at < $until)
  AND ($min_amount IS NULL OR t.amount >= $min_amount)
  AND (f.bound IS NULL OR t.at {bound} f.bound)
  AND ($tolerance IS NULL OR f.arrivals = [] OR any(p IN f.arrivals WHERE {in_time}
       AND abs(p.amount - t.amount) <= $tolerance * {earlier}.amount))"""
_SHAPES: dict[_Way, dict[str, str]] = {
    "out": {"pattern": f"-[t:{Rel.TRANSFERRED}]->", "bound": ">=", "in_time": "p.at <= t.at", "earlier": "p",
            "sender": "a", "receiver": "b"},
    "in": {"pattern": f"<-[t:{Rel.TRANSFERRED}]-", "bound": "<=", "in_time": "p.at >= t.at", "earlier": "t",
           "sender": "b", "receiver": "a"},
}
# One hop from every frontier entry, earliest transfers first.
_HOPS: dict[_Way, str] = {way: f"""
UNWIND $frontier AS f
MATCH (a:{Label.BANK_ACCOUNT} {{id: f.account}}){shape["pattern"]}(b:{Label.BANK_ACCOUNT})
WHERE {_FOLLOWS.format(**shape)}
  AND NOT elementId(t) IN f.seen
  AND (NOT $closing OR b.id = f.origin)
RETURN f.origin AS origin, f.account AS account, b.id AS onward, elementId(t) AS key, t.reference AS reference,
       {shape["sender"]}.id AS sender, {shape["receiver"]}.id AS receiver, t.amount AS amount,
       coalesce(t.currency, 'THB') AS currency, t.at AS at
ORDER BY at, reference, key
LIMIT $cap
""" for way, shape in _SHAPES.items()}
# The frontier entries the trail reached at its last hop from which no transfer could follow.
_STOPS: dict[_Way, str] = {way: f"""
UNWIND $frontier AS f
MATCH (a:{Label.BANK_ACCOUNT} {{id: f.account}})
WHERE NOT EXISTS {{ MATCH (a){shape["pattern"]}(b:{Label.BANK_ACCOUNT}) WHERE {_FOLLOWS.format(**shape)} }}
RETURN f.origin AS origin, f.account AS account
LIMIT $cap
""" for way, shape in _SHAPES.items()}


@dataclass(frozen=True, eq=False)
class _Step:
    """A followed transfer: how many hops from the origin, and the transfer it carries on."""

    key: str
    transfer: Transfer
    origin: str
    onward: str  # the account the money reaches next: the receiver going out, the sender going in
    level: int
    parent: _Step | None

    def chain(self) -> list[_Step]:
        """From the origin's transfer to this one."""
        steps: list[_Step] = []
        step: _Step | None = self
        while step is not None:
            steps.append(step)
            step = step.parent
        return steps[::-1]

    def visited(self) -> set[str]:
        return {self.origin, *(step.onward for step in self.chain())}


@dataclass(frozen=True)
class _Expansion:
    way: _Way
    reached: tuple[_Step, ...]
    stopped: frozenset[tuple[str, str]]  # (origin, account) the money reached and from which none followed
    truncated: bool


def _expand(graph: Graph, origins: Sequence[str], way: _Way, max_hops: int, window: _Window, cap: int, *,
            closing: bool = False) -> _Expansion:
    """Follow transfers hop by hop from each origin (see the module docstring), at most ``cap``
    in all. With ``closing``, the last hop only follows transfers back to the origin."""
    reached: list[_Step] = []
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    frontier: dict[tuple[str, str], list[_Step]] = {(origin, origin): [] for origin in origins}
    stopped: set[tuple[str, str]] = set()
    truncated = False
    for level in range(1, max_hops + 1):
        if not frontier:
            break
        room = cap - len(reached)
        last = closing and level == max_hops
        rows = graph.read(_HOPS[way], frontier=[_entry(key, arrivals, seen[key], way) for key, arrivals in frontier.items()],
                          cap=room + 1, closing=last, **window.params())
        truncated = len(rows) > room
        following: dict[tuple[str, str], list[_Step]] = defaultdict(list)
        for row in rows[:room]:
            transfer = Transfer(row["reference"], row["sender"], row["receiver"], row["amount"], row["currency"],
                                row["at"])
            origin, account, onward = row["origin"], row["account"], row["onward"]
            step = _Step(row["key"], transfer, origin, onward, level,
                         _parent(frontier[(origin, account)], transfer, onward, way, window))
            reached.append(step)
            seen[(origin, account)].append(step.key)
            if onward not in (step.parent.visited() if step.parent else {origin}):
                following[(origin, onward)].append(step)
        if truncated:
            break  # a cut hop says nothing about the accounts it did not get to
        if not last:
            stopped |= {key for key in frontier if not seen[key]}
        frontier = following
    if frontier and not truncated:  # the accounts first reached by the last hop: probed, not followed
        horizon = [_entry(key, arrivals, [], way) for key, arrivals in frontier.items() if not seen[key]]
        rows = graph.read(_STOPS[way], frontier=horizon, cap=len(horizon), **window.params())
        stopped |= {(row["origin"], row["account"]) for row in rows}
    return _Expansion(way, tuple(reached), frozenset(stopped), truncated)


def _entry(key: tuple[str, str], arrivals: list[_Step], seen: list[str], way: _Way) -> dict[str, Any]:
    origin, account = key
    times = [step.transfer.at for step in arrivals]
    return {"origin": origin, "account": account, "seen": seen,
            "bound": (min(times) if way == "out" else max(times)) if times else None,
            "arrivals": [{"at": step.transfer.at, "amount": step.transfer.amount} for step in arrivals]}


def _parent(arrivals: list[_Step], transfer: Transfer, onward: str, way: _Way, window: _Window) -> _Step | None:
    """The arrival whose money ``transfer`` most plausibly carries on: the closest in time (then
    in amount), preferring one whose path has not yet visited ``onward``, so that paths stay simple."""
    if not arrivals:
        return None
    fitting = [step for step in arrivals if (window.follows(step.transfer, transfer) if way == "out"
                                             else window.follows(transfer, step.transfer))]
    fitting.sort(key=lambda step: (abs(step.transfer.amount - transfer.amount), step.key))
    fitting.sort(key=lambda step: step.transfer.at, reverse=way == "out")  # stable: equal times keep the amount order
    return next((step for step in fitting if onward not in step.visited()), fitting[0])


# ----------------------------------------------------------------------- what a trail adds up to


def _paths(expansion: _Expansion, way: _Way) -> list[TransferPath]:
    """One path per followed transfer that no other carries on, in time order."""
    carried_on = {step.parent for step in expansion.reached if step.parent is not None}
    paths = []
    for step in expansion.reached:
        if step in carried_on:
            continue
        chain = step.chain()
        loop = step.onward in (step.parent.visited() if step.parent else {step.origin})
        transfers = tuple(s.transfer for s in (chain if way == "out" else chain[::-1]))
        paths.append(TransferPath(way, transfers, loop))
    return sorted(paths, key=lambda path: (path.transfers[0].at, path.accounts, path.transfers[-1].at))


def _ends(expansion: _Expansion) -> tuple[TrailEnd, ...]:
    """The accounts the money reached and from which no transfer followed, with what reached them."""
    into: dict[str, list[float]] = defaultdict(list)
    for step in expansion.reached:
        if (step.origin, step.onward) in expansion.stopped and step.onward != step.origin:
            into[step.onward].append(step.transfer.amount)
    ends = [TrailEnd(account, round(sum(amounts), 2), len(amounts)) for account, amounts in into.items()]
    return tuple(sorted(ends, key=lambda end: (-end.amount, end.account)))


def _flows(reached: Sequence[_Step]) -> tuple[Flow, ...]:
    pairs: dict[tuple[str, str], dict[str, Transfer]] = defaultdict(dict)
    for step in reached:  # "both" may reach a transfer from either side: count it once
        pairs[(step.transfer.sender, step.transfer.receiver)][step.key] = step.transfer
    flows = [Flow(sender, receiver, round(sum(t.amount for t in transfers.values()), 2), len(transfers),
                  min(t.at for t in transfers.values()), max(t.at for t in transfers.values()))
             for (sender, receiver), transfers in pairs.items()]
    return tuple(sorted(flows, key=lambda flow: (-flow.total, flow.sender, flow.receiver)))


def _order(chain: list[_Step]) -> tuple[Any, ...]:
    return tuple((step.transfer.at, step.transfer.reference or "", step.key) for step in chain)


# ----------------------------------------------------------------------- lookups



def _cycle_starts(graph: Graph, window: _Window, cap: int) -> tuple[list[str], bool]:
    """Accounts that send money and receive some no earlier: only these can open a cycle
    (at most ``cap``, and whether there were more)."""
    records = graph.read(f"""
    MATCH (a:{Label.BANK_ACCOUNT})
    WHERE EXISTS {{
      MATCH (a)-[o:{Rel.TRANSFERRED}]->()
      WHERE ($since IS NULL OR o.at >= $since) AND ($until IS NULL OR o.at < $until)
        AND EXISTS {{ MATCH (a)<-[i:{Rel.TRANSFERRED}]-() WHERE i.at >= o.at AND ($until IS NULL OR i.at < $until) }}
    }}
    RETURN a.id AS id ORDER BY id LIMIT $cap
    """, cap=cap + 1, **window.params())
    return [record["id"] for record in records[:cap]], len(records) > cap
