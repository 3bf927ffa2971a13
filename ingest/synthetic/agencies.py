"""How each agency writes a person: which fields it fills, in which styles,
and how often its clerks mistype.

Agencies differ in ways the resolver must survive. DOPA, the civil registry,
writes every Thai name in Thai script with its title, a clean national ID and
a Buddhist-era date. Police (RTP) type Thai digits and two-digit BE years and
transliterate foreign names into Thai script. AMLO works from bank KYC files:
romanised upper-case names, often "FAMILY, GIVEN", AD dates, +66 phones.
MSDHS shelters victims: it records nationality and sex, rarely an ID, and
often the shelter's address instead of the victim's. The numbers below are
those habits as per-record probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Final, Literal, TypeVar

from ingest.resolve.records import PersonRecord
from ingest.synthetic.population import Person
from ingest.synthetic.sampling import Weighted
from ingest.synthetic.variants import (
    AddressStyle,
    Case,
    DateStyle,
    IdStyle,
    NationalityStyle,
    Order,
    PassportStyle,
    PhoneStyle,
    SexStyle,
    mistyped_date,
    mistyped_digits,
    swapped_day_month,
    thai_digits,
    write_address,
    write_date,
    write_name,
    write_national_id,
    write_nationality,
    write_passport,
    write_phone,
    write_sex,
)

Agency = Literal["RTP", "DSI", "OAG", "COJ", "AMLO", "MSDHS", "DOPA", "LED", "DLT"]
T = TypeVar("T")

_PASSPORTS_AS_TYPED: Final = Weighted[PassportStyle]({"plain": 0.7, "lower": 0.1, "spaced": 0.2})


@dataclass(frozen=True, slots=True)
class Habits:
    """Per-record probabilities that an agency writes a field, and the styles
    it writes it in. ``errors`` scales the shared keying-error rate (DOPA's
    registry extracts have none)."""

    thai_script: float  # a Thai person's name in Thai script rather than Latin
    foreign_in_thai_script: float  # a migrant's name transliterated into Thai script
    title: float
    dob: float
    dates: Weighted[DateStyle]
    national_id: float
    id_styles: Weighted[IdStyle]
    passport: float
    phone: float
    phone_styles: Weighted[PhoneStyle]
    sex: float
    sex_styles: Weighted[SexStyle]
    nationality: float
    nationality_styles: Weighted[NationalityStyle]
    address: float
    address_styles: Weighted[AddressStyle]
    thai_digits: float = 0.0  # the clerk typed digits with the Thai keyboard layout
    errors: float = 1.0
    own_spelling: float = 0.6  # Latin: the person's own spelling, not RTGS or another
    upper: float = 0.35
    family_first: float = 0.1  # Latin "FAMILY, Given"
    shelter: float = 0.0  # the shelter's address written instead of the person's
    passport_styles: Weighted[PassportStyle] = _PASSPORTS_AS_TYPED


_THAI_SEX: Final = Weighted[SexStyle]({"thai": 1.0})
_THAI_NATIONALITY: Final = Weighted[NationalityStyle]({"thai": 1.0})
_ID_MIX: Final = Weighted[IdStyle]({"plain": 0.45, "dashed": 0.45, "spaced": 0.1})
_LOCAL_PHONES: Final = Weighted[PhoneStyle]({"local_dashed": 0.5, "local_plain": 0.4, "local_spaced": 0.1})

HABITS: Final[dict[Agency, Habits]] = {
    "DOPA": Habits(
        thai_script=1.0, foreign_in_thai_script=1.0, title=1.0,
        dob=1.0, dates=Weighted({"thai_abbr": 0.5, "thai_full": 0.3, "be_slash": 0.2}),
        national_id=1.0, id_styles=Weighted({"plain": 0.5, "spaced": 0.3, "dashed": 0.2}),
        passport=0.0, phone=0.3, phone_styles=_LOCAL_PHONES,
        sex=0.9, sex_styles=_THAI_SEX, nationality=0.9, nationality_styles=_THAI_NATIONALITY,
        address=1.0, address_styles=Weighted({"thai_full": 0.6, "thai_abbr": 0.4}),
        errors=0.0,
    ),
    "RTP": Habits(
        thai_script=0.9, foreign_in_thai_script=0.6, title=0.8,
        dob=0.85,
        dates=Weighted({"be_slash": 0.25, "be_slash_short": 0.1, "thai_abbr": 0.25, "be_two_digit": 0.2, "thai_full": 0.2}),
        national_id=0.7, id_styles=_ID_MIX, passport=0.6,
        phone=0.75, phone_styles=Weighted({"local_dashed": 0.5, "local_plain": 0.3, "local_spaced": 0.1, "intl_spaced": 0.1}),
        sex=0.6, sex_styles=Weighted({"thai": 0.7, "code": 0.3}),
        nationality=0.6, nationality_styles=Weighted({"thai": 0.7, "english": 0.2, "code3": 0.1}),
        address=0.7, address_styles=Weighted({"thai_abbr": 0.6, "thai_short": 0.3, "thai_full": 0.1}),
        thai_digits=0.25,
    ),
    "DSI": Habits(
        thai_script=0.85, foreign_in_thai_script=0.4, title=0.6,
        dob=0.9, dates=Weighted({"be_slash": 0.4, "thai_full": 0.3, "iso": 0.3}),
        national_id=0.8, id_styles=_ID_MIX, passport=0.7,
        phone=0.7, phone_styles=Weighted({"local_dashed": 0.4, "local_plain": 0.3, "intl_plain": 0.2, "intl_spaced": 0.1}),
        sex=0.5, sex_styles=Weighted({"code": 0.5, "thai": 0.5}),
        nationality=0.7, nationality_styles=Weighted({"code3": 0.4, "thai": 0.4, "english": 0.2}),
        address=0.6, address_styles=Weighted({"thai_abbr": 0.5, "thai_full": 0.5}),
        errors=0.8,
    ),
    "OAG": Habits(
        thai_script=0.95, foreign_in_thai_script=0.7, title=0.9,
        dob=0.8, dates=Weighted({"thai_full": 0.6, "thai_era": 0.2, "be_slash": 0.2}),
        national_id=0.85, id_styles=_ID_MIX, passport=0.6,
        phone=0.3, phone_styles=_LOCAL_PHONES,
        sex=0.3, sex_styles=_THAI_SEX, nationality=0.8, nationality_styles=_THAI_NATIONALITY,
        address=0.8, address_styles=Weighted({"thai_full": 0.7, "thai_abbr": 0.3}),
        thai_digits=0.3, errors=0.7,
    ),
    "COJ": Habits(
        thai_script=0.95, foreign_in_thai_script=0.8, title=0.9,
        dob=0.5, dates=Weighted({"thai_full": 0.5, "thai_era": 0.5}),
        national_id=0.6, id_styles=_ID_MIX, passport=0.5,
        phone=0.1, phone_styles=_LOCAL_PHONES,
        sex=0.3, sex_styles=_THAI_SEX, nationality=0.7, nationality_styles=_THAI_NATIONALITY,
        address=0.6, address_styles=Weighted({"thai_full": 1.0}),
        thai_digits=0.6, errors=0.6,
    ),
    "AMLO": Habits(
        thai_script=0.25, foreign_in_thai_script=0.05, title=0.4,
        dob=0.9, dates=Weighted({"iso": 0.5, "passport": 0.3, "ad_slash": 0.2}),
        national_id=0.9, id_styles=Weighted({"plain": 0.6, "dashed": 0.4}), passport=0.8,
        phone=0.8, phone_styles=Weighted({"intl_spaced": 0.3, "country_plain": 0.3, "intl_plain": 0.2, "local_plain": 0.2}),
        sex=0.6, sex_styles=Weighted({"code": 0.7, "english": 0.3}),
        nationality=0.9, nationality_styles=Weighted({"code3": 0.5, "english": 0.3, "code2": 0.2}),
        address=0.7, address_styles=Weighted({"latin": 0.6, "thai_abbr": 0.4}),
        errors=0.8, own_spelling=0.7, upper=0.75, family_first=0.45,
        passport_styles=Weighted({"plain": 0.6, "issuer": 0.3, "spaced": 0.1}),
    ),
    "MSDHS": Habits(
        thai_script=0.7, foreign_in_thai_script=0.3, title=0.4,
        dob=0.9, dates=Weighted({"english": 0.3, "be_slash": 0.4, "iso": 0.3}),
        national_id=0.5, id_styles=_ID_MIX, passport=0.15,
        phone=0.4, phone_styles=_LOCAL_PHONES,
        sex=0.95, sex_styles=Weighted({"english": 0.4, "thai": 0.4, "code": 0.2}),
        nationality=1.0, nationality_styles=Weighted({"english": 0.5, "thai": 0.4, "code3": 0.1}),
        address=0.8, address_styles=Weighted({"thai_abbr": 0.6, "thai_short": 0.4}),
        own_spelling=0.5, upper=0.3, shelter=0.6,
    ),
    "LED": Habits(
        thai_script=0.95, foreign_in_thai_script=0.5, title=0.9,
        dob=0.7, dates=Weighted({"be_slash": 0.5, "thai_abbr": 0.5}),
        national_id=0.95, id_styles=_ID_MIX, passport=0.5,
        phone=0.3, phone_styles=_LOCAL_PHONES,
        sex=0.2, sex_styles=_THAI_SEX, nationality=0.4, nationality_styles=_THAI_NATIONALITY,
        address=0.9, address_styles=Weighted({"thai_full": 0.5, "thai_abbr": 0.5}),
        errors=0.5,
    ),
    "DLT": Habits(
        thai_script=0.95, foreign_in_thai_script=0.5, title=0.8,
        dob=0.8, dates=Weighted({"be_two_digit": 0.5, "be_slash": 0.5}),
        national_id=0.9, id_styles=_ID_MIX, passport=0.9,
        phone=0.6, phone_styles=Weighted({"local_dashed": 0.5, "local_plain": 0.5}),
        sex=0.3, sex_styles=_THAI_SEX, nationality=0.3, nationality_styles=_THAI_NATIONALITY,
        address=0.95, address_styles=Weighted({"thai_abbr": 0.7, "thai_short": 0.3}),
        errors=0.6,
    ),
}  # fmt: skip

# Which agencies hold records of whom. Migrants are not in the DOPA registry;
# children do not own vehicles, hold bank accounts AMLO traces, or owe debts.
_AGENCY_MIX: Final[dict[tuple[bool, bool], Weighted[Agency]]] = {
    # (Thai national, minor)
    (True, False): Weighted(
        {"RTP": 0.22, "DSI": 0.12, "OAG": 0.12, "COJ": 0.1, "AMLO": 0.13, "DOPA": 0.13, "DLT": 0.07, "LED": 0.05, "MSDHS": 0.06}
    ),
    (True, True): Weighted({"MSDHS": 0.3, "RTP": 0.25, "DSI": 0.15, "OAG": 0.1, "COJ": 0.05, "DOPA": 0.15}),
    (False, False): Weighted({"MSDHS": 0.3, "RTP": 0.28, "DSI": 0.14, "OAG": 0.1, "COJ": 0.08, "AMLO": 0.06, "DLT": 0.04}),
    (False, True): Weighted({"MSDHS": 0.45, "RTP": 0.3, "DSI": 0.15, "OAG": 0.07, "COJ": 0.03}),
}
# The civil registry holds one row per person.
_ONCE_PER_PERSON: Final[frozenset[Agency]] = frozenset({"DOPA"})

SHELTERS: Final = (
    "บ้านพักเด็กและครอบครัวจังหวัดระนอง",
    "บ้านพักเด็กและครอบครัวจังหวัดตาก",
    "บ้านพักเด็กและครอบครัวจังหวัดสมุทรสาคร",
    "บ้านพักเด็กและครอบครัวจังหวัดเชียงราย",
    "สถานคุ้มครองและพัฒนาอาชีพภาคใต้ จ.สงขลา",
    "สถานคุ้มครองและพัฒนาอาชีพ จ.ปทุมธานี",
)

# Keying errors: a share of records carry exactly one, of one of these kinds.
# With the agencies' ``errors`` factors about one record in ten has a
# misspelt name. A record never carries two, and an identifier is only
# corrupted when the record has another one: a careful reader can still link it.
_ERROR_RATE: Final = 0.25
_ERRORS: Final = Weighted({"name": 0.55, "dob": 0.2, "document": 0.15, "phone": 0.1})
_MIN_IDENTIFIERS: Final = 2
_HONORIFIC_WRITTEN: Final = 0.6
_LOWER_CASE: Final = 0.03
_KHMER_GIVEN_FIRST: Final = 0.25  # Khmer names written in Western order ("Dara Sok")
_PRIMARY: Final = 0.7  # records carry a person's first phone and address this often


def agencies_for(person: Person, count: int, rng: Random) -> list[Agency]:
    """Which agencies ``count`` records of ``person`` come from."""
    mix = _AGENCY_MIX[person.origin == "thai", person.minor]
    chosen: list[Agency] = []
    while len(chosen) < count:
        agency = mix.pick(rng)
        if not (agency in _ONCE_PER_PERSON and agency in chosen):
            chosen.append(agency)
    return chosen


def _primary_or_other(values: tuple[T, ...], rng: Random) -> T | None:
    if not values:
        return None
    return values[0] if len(values) == 1 or rng.random() < _PRIMARY else rng.choice(values[1:])


def write_record(person: Person, agency: Agency, record_id: str, rng: Random) -> PersonRecord:
    """One record of ``person`` as ``agency`` writes it."""
    habits = HABITS[agency]
    thai = person.origin == "thai"
    phone = _primary_or_other(person.phones, rng) or ""
    carried = _identifiers_carried(person, habits, phone, rng)
    error = _ERRORS.pick(rng) if rng.random() < _ERROR_RATE * habits.errors else None
    if error in carried and (not carried[error] or sum(carried.values()) < _MIN_IDENTIFIERS):
        error = None  # corrupting the record's only identifier would make it unlinkable

    dob = national_id = passport = phone_text = ""
    if carried["dob"]:
        dob = write_date(_date_with_error(person, rng) if error == "dob" else person.dob, habits.dates.pick(rng))
    if thai and carried["document"]:
        digits = mistyped_digits(person.national_id, rng) if error == "document" else person.national_id
        national_id = write_national_id(digits, habits.id_styles.pick(rng))
    # A migrant's passport is their document; a Thai's is extra, written where the agency asks for it.
    if person.passport and (rng.random() < habits.passport if thai else carried["document"]):
        number = person.passport
        if error == "document" and not thai:
            letters = len(number.rstrip("0123456789"))
            number = number[:letters] + mistyped_digits(number[letters:], rng)
        passport = write_passport(number, person.origin, habits.passport_styles.pick(rng))
    if carried["phone"]:
        if error == "phone":  # the last seven digits: a wrong operator prefix would be no number at all
            phone = phone[:-7] + mistyped_digits(phone[-7:], rng)
        phone_text = write_phone(phone, habits.phone_styles.pick(rng))
    address = _address(person, agency, habits, rng)
    if rng.random() < habits.thai_digits:
        dob, national_id, phone_text, address = (thai_digits(text) for text in (dob, national_id, phone_text, address))

    return PersonRecord(
        record_id=record_id,
        agency=agency,
        name=_name(person, habits, rng, typo_in_name=error == "name"),
        dob=dob,
        national_id=national_id,
        passport=passport,
        phone=phone_text,
        nationality=write_nationality(person.origin, habits.nationality_styles.pick(rng), rng)
        if rng.random() < habits.nationality
        else "",
        sex=write_sex(person.sex, habits.sex_styles.pick(rng)) if rng.random() < habits.sex else "",
        address=address,
    )


def _identifiers_carried(person: Person, habits: Habits, phone: str, rng: Random) -> dict[str, bool]:
    """Which of date of birth, document (national ID, or a migrant's passport)
    and phone the record carries: the agency's habit, topped up to two of
    them whenever the person has them and the agency ever records them."""
    thai = person.origin == "thai"
    has_document = bool(person.national_id if thai else person.passport)
    document_rate = habits.national_id if thai else habits.passport
    carried = {
        "dob": rng.random() < habits.dob,
        "document": has_document and rng.random() < document_rate,
        "phone": bool(phone) and rng.random() < habits.phone,
    }
    possible = {"dob": habits.dob > 0, "document": has_document and document_rate > 0, "phone": bool(phone) and habits.phone > 0}
    for field, can in possible.items():
        if sum(carried.values()) >= _MIN_IDENTIFIERS:
            break
        carried[field] = carried[field] or can
    return carried


def _address(person: Person, agency: Agency, habits: Habits, rng: Random) -> str:
    """DOPA writes the registered address; others the one they met the person
    at; MSDHS often the shelter it placed the victim in."""
    if habits.shelter and rng.random() < habits.shelter:
        return rng.choice(SHELTERS)
    if rng.random() >= habits.address:
        return ""
    home = person.addresses[0] if agency == "DOPA" else _primary_or_other(person.addresses, rng)
    return write_address(home, habits.address_styles.pick(rng)) if home else ""


def _name(person: Person, habits: Habits, rng: Random, *, typo_in_name: bool) -> str:
    thai_script = rng.random() < (habits.thai_script if person.origin == "thai" else habits.foreign_in_thai_script)
    case: Case = "title"
    order: Order = "native"
    if not thai_script:
        if rng.random() < habits.upper:
            case = "upper"
        elif rng.random() < _LOWER_CASE:
            case = "lower"
        if rng.random() < habits.family_first:
            order = "comma"
        elif person.family_first and rng.random() < _KHMER_GIVEN_FIRST:
            order = "reversed"
    return write_name(
        person,
        rng,
        thai_script=thai_script,
        title=rng.random() < habits.title,
        honorific=rng.random() < _HONORIFIC_WRITTEN,
        own_spelling=rng.random() < habits.own_spelling,
        case=case,
        order=order,
        typo_in_name=typo_in_name,
    )


def _date_with_error(person: Person, rng: Random) -> date:
    """A wrong date of birth: day and month read the wrong way round, one digit
    off, or, for a migrant who does not know their birthday, 1 January."""
    if person.origin != "thai" and person.dob.month != 1 and rng.random() < 0.35:
        return person.dob.replace(month=1, day=1)
    if rng.random() < 0.4 and (swapped := swapped_day_month(person.dob)) is not None:
        return swapped
    return mistyped_date(person.dob, rng)
