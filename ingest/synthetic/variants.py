"""How one true value can be written: the spellings a date, an ID, a phone, an
address or a name take in agency records, and the keying errors they pick up.

Each function takes the true value and a named style and returns text; which
style an agency uses is decided in ``agencies``. The styles are the ones Thai
records really show: Buddhist-era dates with Thai month names and Thai digits,
IDs in the 1-4-5-2-1 grouping of the ID card, phones with and without +66,
names in Thai script or in one of several romanisations, family name first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from random import Random
from typing import Final, Literal

from pythainlp.transliterate import romanize

from ingest.normalize.dates import BE_OFFSET
from ingest.synthetic.names import Sex, Word
from ingest.synthetic.population import Address, Origin, Person, passport_issuer

# --- Digits ----------------------------------------------------------------------

_TO_THAI_DIGITS: Final = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: str) -> str:
    """The text as typed with a Thai keyboard layout's digits (๐-๙)."""
    return text.translate(_TO_THAI_DIGITS)


def mistyped_digits(digits: str, rng: Random) -> str:
    """One keying error in a digit string: a digit replaced, or two
    neighbouring digits swapped. Always differs from the input."""
    i = rng.randrange(len(digits) - 1)
    if rng.random() < 0.3 and digits[i] != digits[i + 1]:
        return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    wrong = str((int(digits[i]) + rng.randint(1, 9)) % 10)
    return digits[:i] + wrong + digits[i + 1 :]


# --- Dates -----------------------------------------------------------------------

DateStyle = Literal[
    "iso", "ad_slash", "be_slash", "be_slash_short", "be_two_digit", "thai_abbr", "thai_full", "thai_era", "english", "passport"
]

_THAI_MONTHS: Final = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
_THAI_MONTH_ABBREVIATIONS: Final = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
_ENGLISH_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_DATE_WRITERS: Final[dict[DateStyle, Callable[[date], str]]] = {
    "iso": date.isoformat,  # bank and immigration exports: 1985-03-07
    "ad_slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "be_slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year + BE_OFFSET}",  # 07/03/2528
    "be_slash_short": lambda d: f"{d.day}/{d.month}/{d.year + BE_OFFSET}",  # 7/3/2528
    "be_two_digit": lambda d: f"{d.day:02d}-{d.month:02d}-{(d.year + BE_OFFSET) % 100:02d}",  # 07-03-28
    "thai_abbr": lambda d: f"{d.day} {_THAI_MONTH_ABBREVIATIONS[d.month - 1]} {d.year + BE_OFFSET}",  # 7 มี.ค. 2528
    "thai_full": lambda d: f"{d.day} {_THAI_MONTHS[d.month - 1]} {d.year + BE_OFFSET}",  # 7 มีนาคม 2528
    "thai_era": lambda d: f"{d.day} {_THAI_MONTHS[d.month - 1]} พ.ศ. {d.year + BE_OFFSET}",  # 7 มีนาคม พ.ศ. 2528
    "english": lambda d: f"{d.day} {_ENGLISH_MONTHS[d.month - 1]} {d.year}",  # 7 Mar 1985
    "passport": lambda d: f"{d.day:02d} {_ENGLISH_MONTHS[d.month - 1].upper()} {d.year}",  # 07 MAR 1985
}


def write_date(value: date, style: DateStyle) -> str:
    return _DATE_WRITERS[style](value)


def swapped_day_month(value: date) -> date | None:
    """The date a clerk writes by reading it month first; None when that is no
    different or no date."""
    if value.day == value.month or value.day > 12:
        return None
    return value.replace(day=value.month, month=value.day)


def mistyped_date(value: date, rng: Random) -> date:
    """The day or the year's last digit off by one."""
    if rng.random() < 0.5:
        return value + timedelta(days=rng.choice((-1, 1)))
    year = value.year + rng.choice((-1, 1))
    return value.replace(year=year, day=28) if (value.month, value.day) == (2, 29) else value.replace(year=year)


# --- Documents -------------------------------------------------------------------

IdStyle = Literal["plain", "dashed", "spaced"]


def write_national_id(digits: str, style: IdStyle) -> str:
    """Plain, or in the card's 1-4-5-2-1 grouping with dashes or spaces."""
    if style == "plain":
        return digits
    separator = "-" if style == "dashed" else " "
    return separator.join((digits[0], digits[1:5], digits[5:10], digits[10:12], digits[12]))


PassportStyle = Literal["plain", "lower", "spaced", "issuer"]


def write_passport(number: str, origin: Origin, style: PassportStyle) -> str:
    """ "MA123456", "ma123456", "MA 123456" or, as immigration exports do, "MMR:MA123456"."""
    if style == "lower":
        return number.lower()
    if style == "spaced":
        split = len(number.rstrip("0123456789"))
        return f"{number[:split]} {number[split:]}"
    if style == "issuer":
        return f"{passport_issuer(origin)}:{number}"
    return number


# --- Phones ----------------------------------------------------------------------

PhoneStyle = Literal["local_dashed", "local_plain", "local_spaced", "intl_spaced", "intl_plain", "country_plain"]
_THAILAND: Final = "+66"


def write_phone(e164: str, style: PhoneStyle) -> str:
    """A phone from its E.164 form. Thai numbers: "081-234-5678", "0812345678",
    "081 234 5678", "+66 81 234 5678", "+66812345678", "66812345678". A foreign
    number is always written with its country code, spaced, plain or after "00",
    because without one a Thai reader would take it as Thai."""
    if not e164.startswith(_THAILAND):
        if style in ("local_dashed", "local_spaced", "intl_spaced"):
            code_length = 3 if e164[1:3] == "95" else 4
            national = e164[code_length:]
            return f"{e164[:code_length]} {national[:-6]} {national[-6:-3]} {national[-3:]}"
        return "00" + e164[1:] if style == "country_plain" else e164
    national = e164[len(_THAILAND) :]
    local = "0" + national
    if style == "local_dashed":
        return f"{local[:3]}-{local[3:6]}-{local[6:]}"
    if style == "local_plain":
        return local
    if style == "local_spaced":
        return f"{local[:3]} {local[3:6]} {local[6:]}"
    if style == "intl_spaced":
        return f"{_THAILAND} {national[:2]} {national[2:5]} {national[5:]}"
    if style == "intl_plain":
        return e164
    return e164[1:]


# --- Sex and nationality -------------------------------------------------------------

SexStyle = Literal["code", "thai", "english"]
_SEX: Final[dict[SexStyle, dict[Sex, str]]] = {
    "code": {"M": "M", "F": "F"},
    "thai": {"M": "ชาย", "F": "หญิง"},
    "english": {"M": "male", "F": "female"},
}


def write_sex(sex: Sex, style: SexStyle) -> str:
    return _SEX[style][sex]


NationalityStyle = Literal["code2", "code3", "thai", "english"]
_NATIONALITY: Final[dict[Origin, dict[NationalityStyle, tuple[str, ...]]]] = {
    "thai": {"code2": ("TH",), "code3": ("THA",), "thai": ("ไทย", "สัญชาติไทย"), "english": ("Thai",)},
    "myanmar": {"code2": ("MM",), "code3": ("MMR",), "thai": ("พม่า", "เมียนมา"), "english": ("Myanmar", "Burmese")},
    "cambodian": {"code2": ("KH",), "code3": ("KHM",), "thai": ("กัมพูชา", "เขมร"), "english": ("Cambodian", "Cambodia")},
    "lao": {"code2": ("LA",), "code3": ("LAO",), "thai": ("ลาว", "สปป.ลาว"), "english": ("Lao", "Laos")},
}


def write_nationality(origin: Origin, style: NationalityStyle, rng: Random) -> str:
    return rng.choice(_NATIONALITY[origin][style])


# --- Addresses -------------------------------------------------------------------

AddressStyle = Literal["thai_full", "thai_abbr", "thai_short", "latin"]
_CAPITAL_DISTRICT: Final = "เมือง"


@cache
def _latin_place(thai: str) -> str:
    """RTGS of a place-name word, once per word."""
    return romanize(thai, engine="royin").capitalize()


def write_address(address: Address, style: AddressStyle) -> str:
    """Thai free text as DOPA ("ตำบล ... อำเภอ ... จังหวัด"), police ("ต. อ. จ.",
    "อ.เมือง" for a capital district) and hurried clerks write it, or the
    romanised form of bank KYC files."""
    a = address
    capital = a.district.startswith(_CAPITAL_DISTRICT)
    if a.in_bangkok:
        if style == "thai_full":
            return f"{a.house} ซอย{a.lane} แขวง{a.subdistrict} เขต{a.district} {a.province}"
        if style == "thai_abbr":
            return f"{a.house} ซ.{a.lane} แขวง{a.subdistrict} เขต{a.district} กทม."
        if style == "thai_short":
            return f"{a.house} ซ.{a.lane} {a.district} กรุงเทพฯ"
        road, number = a.lane.rsplit(" ", 1)
        khwaeng, khet = _latin_place(a.subdistrict), _latin_place(a.district)
        return f"{a.house} Soi {_latin_place(road)} {number}, {khwaeng}, {khet}, {a.province_latin}"
    if style == "thai_full":
        return f"{a.house} หมู่ {a.moo} ตำบล{a.subdistrict} อำเภอ{a.district} จังหวัด{a.province}"
    if style == "thai_abbr":
        district = _CAPITAL_DISTRICT if capital else a.district
        return f"{a.house} ม.{a.moo} ต.{a.subdistrict} อ.{district} จ.{a.province}"
    if style == "thai_short":
        return f"{a.house} หมู่ {a.moo} {a.subdistrict} {a.province}"
    district = f"Mueang {a.province_latin}" if capital else _latin_place(a.district)
    return f"{a.house} Moo {a.moo}, Tambon {_latin_place(a.subdistrict)}, Amphoe {district}, {a.province_latin}"


# --- Names -----------------------------------------------------------------------

Case = Literal["title", "upper", "lower"]
# "native": given name first, except Khmer; "comma": "FAMILY, Given";
# "reversed": the other order without a comma ("Dara Sok" for Khmer "Sok Dara").
Order = Literal["native", "comma", "reversed"]
_THAI_CONSONANTS: Final = "กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮ"
_LATIN_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"
_TYPO_MIN_LENGTH: Final = 4


def typo(word: str, rng: Random) -> str:
    """One keying error: a character dropped, two swapped, or one replaced by
    another letter of the same script and case. The first character is kept
    so a Thai word never starts with a stray vowel or tone mark."""
    i = rng.randrange(1, len(word))
    op = rng.random()
    if op < 0.35:
        return word[:i] + word[i + 1 :]
    if op < 0.65 and i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    original = word[i]
    if original in _THAI_CONSONANTS:
        letters = _THAI_CONSONANTS
    elif original.isascii() and original.isalpha():
        letters = _LATIN_LETTERS.upper() if original.isupper() else _LATIN_LETTERS
    else:  # a Thai vowel or tone mark: drop it instead
        return word[:i] + word[i + 1 :]
    replacement = rng.choice(letters.replace(original, ""))
    return word[:i] + replacement + word[i + 1 :]


def _latin(word: Word, own_spelling: bool, case: Case, rng: Random) -> str:
    spelling = word.latin if own_spelling or not word.variants else rng.choice(word.variants)
    if case == "upper":
        return spelling.upper()
    if case == "lower":
        return spelling.lower()
    return spelling.capitalize()


def write_name(
    person: Person,
    rng: Random,
    *,
    thai_script: bool,
    title: bool,
    honorific: bool,
    own_spelling: bool,
    case: Case,
    order: Order,
    typo_in_name: bool,
) -> str:
    """The person's name in Thai script or Latin script.

    Latin words use the person's own spelling or, with ``own_spelling`` false,
    another one in use (RTGS or a looser romanisation). A title comes first
    ("นายสมชาย ใจดี", "Mr. Somchai Jaidee"), or last in the comma form
    ("JAIDEE, SOMCHAI MR", as airline and bank systems write it).
    """
    if thai_script:
        given = [word.thai for word in person.given]
        family = [word.thai for word in person.family]
    else:
        given = [_latin(word, own_spelling, case, rng) for word in person.given]
        family = [_latin(word, own_spelling, case, rng) for word in person.family]
    if typo_in_name:
        long_words = [(part, i) for part in (given, family) for i, word in enumerate(part) if len(word) >= _TYPO_MIN_LENGTH]
        if long_words:
            part, i = rng.choice(long_words)
            part[i] = typo(part[i], rng)

    if order == "comma" and family:
        body = f"{' '.join(family)}, {' '.join(given)}"
    else:
        first, second = (family, given) if person.family_first else (given, family)
        if order == "reversed":
            first, second = second, first
        body = " ".join(first + second)
        if honorific and person.honorific is not None:
            written = person.honorific.thai if thai_script else _latin(person.honorific, own_spelling, case, rng)
            body = f"{written} {body}" if written else body
    if not title:
        return body
    if thai_script:
        written = rng.choice(person.title.thai)
        return written + body if rng.random() < 0.5 else f"{written} {body}"
    written = rng.choice(person.title.latin)
    written = written.upper() if case == "upper" else written
    return f"{body} {written.rstrip('.')}" if order == "comma" and family else f"{written} {body}"
