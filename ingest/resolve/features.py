"""Person records turned into comparable columns, once, before blocking and scoring.

Normalisation is the expensive, per-record part of resolution; everything after it
works on these columns with numpy and rapidfuzz over pairs. Values that fail to
normalise become "missing" here (the ingest pipeline quarantines them with reasons;
`tipgraph resolve` still resolves the record on its other fields).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TypeVar

import numpy as np

from ingest.normalize import (
    NormalizationError,
    has_valid_checksum,
    national_id_digits,
    normalize_country,
    normalize_date,
    normalize_name,
    normalize_passport,
    normalize_phone,
)
from ingest.normalize.text import clean, compact
from ingest.resolve.records import PersonRecord

_SEX: dict[str, str] = {
    "m": "M", "male": "M", "man": "M", "ชาย": "M", "ช": "M", "นาย": "M",
    "f": "F", "female": "F", "woman": "F", "หญิง": "F", "ญ": "F", "นาง": "F",
}


_DIGIT = re.compile(r"\d")
T = TypeVar("T")


@dataclass(frozen=True)
class NameParts:
    """A name reduced to what comparison and blocking need (all phonetic keys, lower-case)."""

    given: str
    family: str
    full: str
    sorted_full: str
    given_skeleton: str
    family_skeleton: str
    thai_soundex: str
    script: str
    given_text: str  # in the name's own script (Thai typos compare best in Thai)
    family_text: str
    full_text: str


@dataclass(frozen=True)
class Features:
    """Column-wise normalised records; index i is records[i]. Empty string means missing."""

    record_ids: list[str]
    agencies: np.ndarray
    given: np.ndarray
    family: np.ndarray
    full_name: np.ndarray
    sorted_name: np.ndarray
    given_skeleton: np.ndarray
    family_skeleton: np.ndarray
    thai_soundex: np.ndarray
    name_script: np.ndarray  # "thai", "latin" or "mixed"
    given_text: np.ndarray
    family_text: np.ndarray
    full_text: np.ndarray
    dob: np.ndarray  # int yyyymmdd, 0 when missing
    national_id: np.ndarray  # 13 digits (valid or not), "" when missing
    national_id_valid: np.ndarray  # bool: checksum verified, so the ID is a hard key
    passport: np.ndarray
    phone: np.ndarray
    nationality: np.ndarray
    sex: np.ndarray
    address_words: np.ndarray  # the address without its numbers, for a fuzzy comparison
    address_numbers: np.ndarray  # house number, moo, postcode...: in written order
    address_first_number: np.ndarray  # usually the house number
    address_last_number: np.ndarray  # usually the postcode

    def __len__(self) -> int:
        return len(self.record_ids)


_NO_NAME = NameParts(*[""] * len(fields(NameParts)))


NAMES_REMEMBERED = 1 << 20
"""Reading a name (romanising Thai, phonetic keys) is most of resolution's cost and most
of a name search's, and names recur: the ingest pipeline reads each new name while
Neo4j writes its chunk, so that resolution finds them read; the API's searches meet the
same candidates again. A million names is about a large world's worth."""


@lru_cache(maxsize=NAMES_REMEMBERED)
def name_parts(text: str) -> NameParts:
    """The comparable parts of one written name (all empty when it cannot be read)."""
    try:
        name = normalize_name(text)
    except NormalizationError:
        return _NO_NAME
    given_count = len(name.given.split())
    keys = name.latin_key
    skeletons = name.consonant_key
    return NameParts(
        given=" ".join(keys[:given_count]),
        family=" ".join(keys[given_count:]),
        full=" ".join(keys),
        sorted_full=name.sorted_key,
        given_skeleton="".join(skeletons[:given_count]),
        family_skeleton="".join(skeletons[given_count:]),
        thai_soundex=" ".join(sorted(name.thai_keys)),
        script=name.script,
        given_text=name.given,
        family_text=name.family or "",
        full_text=name.canonical,
    )


def _dob(text: str) -> int:
    try:
        day = normalize_date(text)
    except NormalizationError:
        return 0
    return day.year * 10_000 + day.month * 100 + day.day


def _national_id(text: str) -> tuple[str, bool]:
    """The ID's digits and whether its checksum holds. A wrong length or check digit
    makes it weak evidence (compared, never a hard key) rather than no evidence."""
    try:
        digits = national_id_digits(text)
    except NormalizationError:
        digits = "".join(_DIGIT.findall(clean(text)))
        return digits, False
    return digits, has_valid_checksum(digits)


def _passport(text: str) -> str:
    try:
        return normalize_passport(text).number
    except NormalizationError:
        return ""


def _phone(text: str) -> str:
    try:
        return normalize_phone(text)
    except NormalizationError:
        return ""


@lru_cache(maxsize=4096)
def _country(text: str) -> str:
    try:
        return normalize_country(text).code
    except NormalizationError:
        return compact(clean(text)).upper()


def _address(text: str) -> tuple[str, str]:
    """Words (sorted, de-duplicated) and numbers apart: a typo in a word and a different
    house number are different evidence, and numbers (house, moo, postcode) also serve
    as blocking keys. Numbers keep their written order: first is usually the house
    number, last the postcode."""
    tokens = clean(text).casefold().replace(",", " ").split()
    numbers = [t for t in tokens if _DIGIT.search(t)]
    words = sorted({t for t in tokens if not _DIGIT.search(t)})
    return " ".join(words), " ".join(numbers)


def _each(values: list[str], normalise: Callable[[str], T], missing: T) -> list[T]:
    """``normalise`` applied once per distinct value: the same names, dates and shelters
    recur thousands of times in a national file, and normalising is the costly part."""
    done = {value: normalise(value) for value in set(values) if value}
    return [done[value] if value else missing for value in values]


def extract_features(records: Sequence[PersonRecord]) -> Features:
    """Normalise every field of every record into columns."""
    n = len(records)

    def field_values(name: str) -> list[str]:
        return [getattr(record, name) for record in records]

    def column(values: list[str]) -> np.ndarray:
        array = np.empty(n, dtype=object)
        array[:] = values
        return array

    names = _each(field_values("name"), name_parts, _NO_NAME)
    ids = _each(field_values("national_id"), _national_id, ("", False))
    addresses = _each(field_values("address"), _address, ("", ""))
    return Features(
        record_ids=field_values("record_id"),
        agencies=column(field_values("agency")),
        given=column([p.given for p in names]),
        family=column([p.family for p in names]),
        full_name=column([p.full for p in names]),
        sorted_name=column([p.sorted_full for p in names]),
        given_skeleton=column([p.given_skeleton for p in names]),
        family_skeleton=column([p.family_skeleton for p in names]),
        thai_soundex=column([p.thai_soundex for p in names]),
        name_script=column([p.script for p in names]),
        given_text=column([p.given_text for p in names]),
        family_text=column([p.family_text for p in names]),
        full_text=column([p.full_text for p in names]),
        dob=np.array(_each(field_values("dob"), _dob, 0), dtype=np.int64),
        national_id=column([digits for digits, _ in ids]),
        national_id_valid=np.array([valid for _, valid in ids], dtype=bool),
        passport=column(_each(field_values("passport"), _passport, "")),
        phone=column(_each(field_values("phone"), _phone, "")),
        nationality=column(_each(field_values("nationality"), _country, "")),
        sex=column(_each(field_values("sex"), lambda text: _SEX.get(text.strip().casefold(), ""), "")),
        address_words=column([words for words, _ in addresses]),
        address_numbers=column([numbers for _, numbers in addresses]),
        address_first_number=column([numbers.split(" ", 1)[0] for _, numbers in addresses]),
        address_last_number=column([numbers.rsplit(" ", 1)[-1] for _, numbers in addresses]),
    )
