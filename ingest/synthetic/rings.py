"""The true trafficking rings of a synthetic world, before any agency writes about them.

A ring is what investigators reconstruct: Thai suspects (with the household members
who hold assets for them), brokers who recruit in the victims' home region, victims
moved along a route to a province where they are exploited, a vehicle, the money
trail, and the case as it moves from police (or DSI) to prosecutor, court and, for
some, enforcement. People come from ``population`` so they have the same names, IDs
and phones as every other synthetic person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Final

from ingest.synthetic.money import Account, AccountBook, MoneyTrail, launder
from ingest.synthetic.population import Origin, Person, Population
from ingest.synthetic.sampling import Weighted

# Where victims come from, how they are moved, and where each kind of work exploits them.
_ORIGINS: Final = Weighted[Origin]({"myanmar": 0.45, "cambodian": 0.2, "lao": 0.15, "thai": 0.2})
_COUNTRY: Final[dict[Origin, str]] = {"myanmar": "Myanmar", "cambodian": "Cambodia", "lao": "Laos"}
ISAN: Final = ("ขอนแก่น", "อุดรธานี", "ร้อยเอ็ด", "ศรีสะเกษ", "สกลนคร", "นครราชสีมา", "บุรีรัมย์", "สุรินทร์", "อุบลราชธานี")
_TRANSIT: Final[dict[Origin, tuple[str, ...]]] = {
    "myanmar": ("ตาก", "ระนอง", "กาญจนบุรี", "เชียงราย"),
    "cambodian": ("สระแก้ว", "จันทบุรี", "ตราด"),
    "lao": ("หนองคาย", "มุกดาหาร", "นครพนม"),
    "thai": ("นครราชสีมา", "สระบุรี"),
}
_DESTINATIONS: Final[dict[str, tuple[str, ...]]] = {
    "fishing": ("สมุทรสาคร", "ระนอง", "สงขลา", "ปัตตานี"),
    "sex work": ("กรุงเทพมหานคร", "ชลบุรี", "ภูเก็ต", "เชียงใหม่"),
    "factory": ("สมุทรสาคร", "สมุทรปราการ", "ปทุมธานี"),
    "domestic work": ("กรุงเทพมหานคร", "นนทบุรี"),
}
_EXPLOITATION: Final = Weighted({"fishing": 0.35, "sex work": 0.25, "factory": 0.25, "domestic work": 0.15})
_DSI_SHARE: Final = 0.25
_VICTIMS: Final = (3, 15)
_BROKER_SHARE: Final = 0.7  # rings with a broker besides their suspects
_MIGRANT_BROKER: Final = 0.5  # a migrant ring's broker is from the victims' country this often
_LED_SHARE: Final = 0.5
_COMPENSATION_RECEIVED: Final = 0.4  # victims MSDHS saw paid something


@dataclass(frozen=True, slots=True)
class Vehicle:
    plate: str  # "1กข 1234", without the province
    province: str
    owner: Person
    kind: tuple[str, str, str]  # type, brand, model
    color: str
    vin: str
    registered_on: date


@dataclass(frozen=True, slots=True)
class Victim:
    person: Person
    compensation_ordered: int
    compensation_received: int | None
    admitted_on: date


@dataclass(frozen=True, slots=True)
class Seizure:
    """LED enforcement against the lead suspect: the cash-out account or their own vehicle."""

    led_case_no: str
    account: Account | None
    vehicle: Vehicle | None
    seized_on: date
    recovered: int
    paid: int


@dataclass(frozen=True, slots=True)
class Ring:
    ring_id: str
    agency: str  # RTP or DSI
    case_no: str
    reported_on: date
    suspects: tuple[Person, ...]
    brokers: tuple[Person, ...]
    nominees: tuple[tuple[Person, Person], ...]  # (nominee, the suspect they hold assets for)
    households: tuple[Person, ...]  # everyone in the suspects' houses, nominees included
    victims: tuple[Victim, ...]
    origin: Origin
    recruited_in: str  # a north-eastern province for Thai victims, else the victims' country (in English)
    transit: tuple[str, ...]
    destination: str
    exploitation: str
    vehicle: Vehicle
    money: MoneyTrail
    oag_case_no: str
    black_no: str
    red_no: str
    judged_on: date
    sentence_months: tuple[int, ...]  # per defendant: suspects, then brokers
    seizure: Seizure | None

    @property
    def defendants(self) -> tuple[Person, ...]:
        return (*self.suspects, *self.brokers)


class RingMaker:
    """Draws rings one after another from one population, so people never repeat."""

    def __init__(self, rng: Random, population: Population, book: AccountBook) -> None:
        self._rng = rng
        self._population = population
        self._book = book
        self._plates: set[tuple[str, str]] = set()

    def person(self, wanted: Callable[[list[Person]], bool]) -> list[Person]:
        """The first unit the population draws that ``wanted`` accepts."""
        while not wanted(unit := self._population.draw_unit()):
            pass
        return unit

    def ring(self, number: int) -> Ring:
        rng = self._rng
        origin = _ORIGINS.pick(rng)
        exploitation = _EXPLOITATION.pick(rng)
        destination = rng.choice(_DESTINATIONS[exploitation])
        transit = tuple(place for place in _TRANSIT[origin] if rng.random() < 0.5)[:2] or (rng.choice(_TRANSIT[origin]),)

        households = [self.person(_thai_household) for _ in range(rng.randint(1, 2))]
        suspects = tuple(house[0] for house in households)
        nominees = tuple((member, house[0]) for house in households for member in house[1:] if not member.minor)
        brokers = tuple(self.person(_single(self._broker_origin(origin), adult=True))[0]
                        for _ in range(rng.random() < _BROKER_SHARE))
        reported_on = date(2023, 1, 1) + timedelta(days=rng.randint(0, 600))
        recruited_in = rng.choice(ISAN) if origin == "thai" else _COUNTRY[origin]
        victims = tuple(self._victim(origin, reported_on) for _ in range(rng.randint(*_VICTIMS)))

        thai_members = [*suspects, *(n for n, _ in nominees), *(b for b in brokers if b.origin == "thai")]
        owner = rng.choice([suspects[0], *(n for n, _ in nominees)])
        vehicle = self.vehicle(owner, destination, reported_on)
        money = launder(self._book, rng, lead=suspects[0], members=[*suspects, *brokers, *(n for n, _ in nominees)],
                        mule_holder=nominees[0][0] if nominees else rng.choice(thai_members), victims=len(victims),
                        start=reported_on - timedelta(days=400))
        be_year = reported_on.year + 543
        agency = "DSI" if rng.random() < _DSI_SHARE else "RTP"
        judged_on = reported_on + timedelta(days=rng.randint(200, 500))
        return Ring(
            ring_id=f"RING{number:04d}", agency=agency, case_no=f"{100 + number}/{be_year}", reported_on=reported_on,
            suspects=suspects, brokers=brokers, nominees=nominees, households=tuple(p for h in households for p in h),
            victims=victims, origin=origin, recruited_in=recruited_in, transit=transit, destination=destination, exploitation=exploitation,
            vehicle=vehicle, money=money, oag_case_no=f"อ.{2000 + number}/{be_year}", black_no=f"คม.{300 + number}/{be_year}",
            red_no=f"คม.{700 + number}/{be_year + 1}", judged_on=judged_on,
            sentence_months=tuple(rng.randint(48, 180) for _ in range(len(suspects) + len(brokers))),
            seizure=self._seizure(number, suspects[0], money, vehicle, judged_on, sum(v.compensation_ordered for v in victims)),
        )

    def _broker_origin(self, origin: Origin) -> Origin:
        return origin if origin != "thai" and self._rng.random() < _MIGRANT_BROKER else "thai"

    def _victim(self, origin: Origin, reported_on: date) -> Victim:
        rng = self._rng
        person = self.person(_single(origin))[0]
        ordered = rng.randint(5, 60) * 10_000
        received = rng.randint(1, ordered // 1000) * 1000 if rng.random() < _COMPENSATION_RECEIVED else None
        return Victim(person, ordered, received, reported_on + timedelta(days=rng.randint(0, 10)))

    def vehicle(self, owner: Person, province: str, reported_on: date) -> Vehicle:
        rng = self._rng
        while True:
            plate = f"{rng.randint(1, 9)}{rng.choice('กขคงจฉชฌญฎฐณดตถทธนบปผพฟภมยรลวศษสหฬอฮ')}" \
                    f"{rng.choice('กขคงจฉชดตถทนบปผพมยรลวสห')} {rng.randint(1, 9999)}"
            if (plate, province) not in self._plates:
                self._plates.add((plate, province))
                break
        kind = rng.choice((("รถตู้", "Toyota", "Commuter"), ("รถกระบะ", "Isuzu", "D-Max"), ("รถกระบะ", "Toyota", "Hilux Revo"),
                           ("รถตู้", "Hyundai", "H-1")))
        vin = "MR0" + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(14))
        return Vehicle(plate, province, owner, kind, rng.choice(("ขาว", "เทา", "ดำ", "บรอนซ์เงิน")), vin,
                       reported_on - timedelta(days=rng.randint(300, 2000)))

    def _seizure(self, number: int, lead: Person, money: MoneyTrail, vehicle: Vehicle, judged_on: date,
                 ordered: int) -> Seizure | None:
        rng = self._rng
        if rng.random() >= _LED_SHARE:
            return None
        own_vehicle = vehicle if vehicle.owner is lead and rng.random() < 0.5 else None
        recovered = rng.randint(1, max(1, ordered // 2000)) * 1000
        return Seizure(f"ลท.{500 + number}/{judged_on.year + 544}", None if own_vehicle else money.cash_out, own_vehicle,
                       judged_on + timedelta(days=rng.randint(60, 300)), recovered, rng.randint(0, recovered // 1000) * 1000)


def _thai_household(unit: list[Person]) -> bool:
    """A Thai house of two or more whose first member (the head) is an adult: a suspect and their family."""
    return len(unit) > 1 and unit[0].origin == "thai" and unit[0].kind == "household_member" and not unit[0].minor


def _single(origin: Origin, *, adult: bool = False) -> Callable[[list[Person]], bool]:
    """A person drawn alone, of ``origin``: unrelated to anyone else in the world."""
    return lambda unit: len(unit) == 1 and unit[0].origin == origin and unit[0].kind == origin and not (
        adult and unit[0].minor)
