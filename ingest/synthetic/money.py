"""The money of a synthetic trafficking ring: who pays whom, when, and through which accounts.

Victims repay a "debt" (recruitment fee, transport, lodging) in monthly instalments
into one mule account the ring controls; each month the mule sweeps the takings
through a layering chain of two to four accounts held by the ring's members and their
nominees, sometimes sending part back round to the mule (a cycle), and the last
account is emptied in cash. These are the patterns AMLO analysis must find: fan-in,
chains, cycles, cash-out.

Around the rings runs everyday money (``everyday``): wages from employers, purchases
at shops, transfers between people. Shops take money from many people and employers
pay many, so fan-in and fan-out alone do not make a mule; the analyses are scored
against this background.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import Final

from ingest.synthetic.population import Person
from ingest.synthetic.sampling import Weighted

# Bank of Thailand code -> account number length; only banks whose length the
# account normaliser knows for certain, so every number written is readable.
ACCOUNT_LENGTHS: Final[dict[str, int]] = {
    "002": 10, "004": 10, "006": 10, "011": 10, "014": 10, "025": 10, "030": 12, "034": 12,
}  # fmt: skip
_BANKS: Final = Weighted({"004": 0.25, "014": 0.2, "006": 0.15, "002": 0.12, "025": 0.1, "011": 0.08, "030": 0.06,
                          "034": 0.04})  # fmt: skip
_LAYERS: Final = Weighted({2: 0.4, 3: 0.35, 4: 0.25})
_CYCLE_SHARE: Final = 0.35  # of rings whose last layer sends part of each sweep back to the mule
_CYCLE_FRACTION: Final = (0.1, 0.3)
_SWEEP_KEPT: Final = (0.9, 0.99)  # of what arrives, the share passed on (the rest is each hop's cut)
_INSTALMENTS: Final = (4, 10)  # monthly payments per victim
_INSTALMENT_BAHT: Final = (1_500, 9_000)


@dataclass(frozen=True, slots=True)
class Account:
    """A bank account and the person the bank's KYC file names as its holder."""

    bank: str  # Bank of Thailand code
    number: str
    holder: Person | None  # None: a victim's account, which no agency profiled

    @property
    def key(self) -> str:
        return f"{self.bank}:{self.number}"


@dataclass(frozen=True, slots=True)
class Transfer:
    sender: Account
    receiver: Account
    amount: float
    at: datetime


@dataclass(frozen=True, slots=True)
class MoneyTrail:
    """One ring's accounts and transfers. ``path`` runs from the mule to the cash-out account."""

    mule: Account
    layers: tuple[Account, ...]
    cash_out: Account
    cycle: bool
    payers: tuple[Account, ...]  # one per victim, in the ring's victim order
    transfers: tuple[Transfer, ...]

    @property
    def path(self) -> tuple[Account, ...]:
        return (self.mule, *self.layers, self.cash_out)


class AccountBook:
    """Opens accounts with numbers unique across the whole world: a repeated number
    would join two rings' money by accident."""

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._taken: set[tuple[str, str]] = set()

    def open(self, holder: Person | None) -> Account:
        bank = _BANKS.pick(self._rng)
        length = ACCOUNT_LENGTHS[bank]
        while True:
            number = str(self._rng.randint(10 ** (length - 1), 10**length - 1))
            if (bank, number) not in self._taken:
                self._taken.add((bank, number))
                return Account(bank, number, holder)


def launder(book: AccountBook, rng: Random, *, lead: Person, members: Sequence[Person], mule_holder: Person,
            victims: int, start: date) -> MoneyTrail:
    """The ring's accounts and a year of its transfers, starting ``start``.

    The mule is held by ``mule_holder`` (a nominee where the ring has one); the layers
    by the ring's members in turn; the cash-out account by the ``lead`` suspect."""
    mule = book.open(mule_holder)
    layers = tuple(book.open(members[i % len(members)]) for i in range(_LAYERS.pick(rng)))
    cash_out = book.open(lead)
    cycle = rng.random() < _CYCLE_SHARE
    payers = tuple(book.open(None) for _ in range(victims))

    transfers: list[Transfer] = []
    takings: dict[int, float] = {}  # month -> what reached the mule
    for payer in payers:
        first = rng.randint(0, 2)
        instalment = float(rng.randint(*_INSTALMENT_BAHT) // 100 * 100)
        for month in range(first, first + rng.randint(*_INSTALMENTS)):
            at = _moment(start, month, rng.randint(1, 25), rng)
            transfers.append(Transfer(payer, mule, instalment, at))
            takings[month] = takings.get(month, 0.0) + instalment
    for month in sorted(takings):
        at = _moment(start, month, 27, rng)
        amount = takings[month]
        for sender, receiver in zip((mule, *layers), (*layers, cash_out), strict=True):
            amount = round(amount * rng.uniform(*_SWEEP_KEPT), 2)
            if cycle and receiver is cash_out:
                returned = round(amount * rng.uniform(*_CYCLE_FRACTION), 2)
                transfers.append(Transfer(sender, mule, returned, at))
                at += timedelta(minutes=rng.randint(5, 90))
                amount = round(amount - returned, 2)
            transfers.append(Transfer(sender, receiver, amount, at))
            at += timedelta(minutes=rng.randint(5, 240))
    transfers.sort(key=lambda transfer: transfer.at)
    return MoneyTrail(mule, layers, cash_out, cycle, payers, tuple(transfers))


def _moment(start: date, month: int, day: int, rng: Random) -> datetime:
    """A time of day on ``day`` of the ``month``-th month after ``start``."""
    year, month_index = divmod(start.month - 1 + month, 12)
    return datetime(start.year + year, month_index + 1, day, rng.randint(8, 21), rng.randint(0, 59))


_SHOP_CUSTOMERS: Final = 150  # people per shop account
_STAFF: Final = 40  # people per employer account
_EVERYDAY: Final = Weighted({"purchase": 0.5, "wage": 0.3, "personal": 0.2})
_EVERYDAY_BAHT: Final = {"purchase": (60, 4_000), "wage": (9_000, 45_000), "personal": (100, 20_000)}
EVERYDAY_SPAN: Final = (date(2022, 1, 1), date(2024, 12, 31))


@dataclass(frozen=True, slots=True)
class EverydayMoney:
    """Payments of people in no ring. ``shops`` and ``employers`` are the legitimate
    hubs: many payers in, many payees out."""

    shops: tuple[Account, ...]
    employers: tuple[Account, ...]
    transfers: tuple[Transfer, ...]


def everyday(book: AccountBook, rng: Random, people: Sequence[Person], per_person: float) -> EverydayMoney:
    """About ``per_person`` transfers for each adult of ``people`` (each given an account)
    over ``EVERYDAY_SPAN``: a purchase at one of their few shops, a wage from their
    employer, or a transfer to another person."""
    accounts = [book.open(person) for person in people if not person.minor]
    if not accounts:
        return EverydayMoney((), (), ())
    shops = tuple(book.open(None) for _ in range(math.ceil(len(accounts) / _SHOP_CUSTOMERS)))
    employers = tuple(book.open(None) for _ in range(math.ceil(len(accounts) / _STAFF)))
    first, last = EVERYDAY_SPAN
    transfers = []
    for index, account in enumerate(accounts):
        employer = employers[index // _STAFF]
        for _ in range(_count(rng, per_person)):
            kind = _EVERYDAY.pick(rng)
            amount = float(rng.randint(*_EVERYDAY_BAHT[kind]))
            at = datetime.combine(first + timedelta(days=rng.randint(0, (last - first).days)), datetime.min.time()) \
                + timedelta(minutes=rng.randint(6 * 60, 22 * 60))
            if kind == "purchase":
                shop = shops[(index // _SHOP_CUSTOMERS + rng.randint(0, 2)) % len(shops)]
                transfers.append(Transfer(account, shop, amount, at))
            elif kind == "wage":
                transfers.append(Transfer(employer, account, amount, at))
            else:
                transfers.append(Transfer(account, rng.choice(accounts), amount, at))
    return EverydayMoney(shops, employers, tuple(t for t in transfers if t.sender is not t.receiver))


def _count(rng: Random, mean: float) -> int:
    """A whole number of transfers with the given mean (the fraction drawn as a coin)."""
    whole = int(mean)
    return whole + (rng.random() < mean - whole)
