"""Provinces and countries, however they are written.

Trafficking routes run origin -> transit -> destination across ASEAN, and each
agency writes the same place differently: "กทม.", "กรุงเทพฯ", "Bangkok",
"จ.เชียงใหม่", "Chiang Mai Province", a DOPA code "50"; "พม่า", "เมียนมา",
"Burma", "สัญชาติเมียนมา". The graph needs one node per place, so every
spelling maps to a ``Place`` keyed by the DOPA province code or the ISO 3166-1
alpha-3 country code.

Province names come from kongvut/thai-province-data (MIT), copied into
``data/thai_geography`` so the product does not depend on the shared folder.
That data set numbers provinces its own way; the DOPA code is the first two
digits of its district ids, which follow the DOPA geocode.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Final, Literal

from ingest.normalize.errors import NormalizationError, Reason
from ingest.normalize.text import clean, compact, latin_phonetic_key

PlaceKind = Literal["province", "country"]


@dataclass(frozen=True, slots=True)
class Place:
    """A province (``code`` = 2-digit DOPA code) or a country (``code`` = ISO
    3166-1 alpha-3)."""

    kind: PlaceKind
    code: str
    name_th: str
    name_en: str


# Spellings in common use that are neither the official Thai nor the data
# set's English name; keyed by DOPA code. Spacing, case and dots do not matter.
_PROVINCE_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "10": ("กทม", "กรุงเทพฯ", "Krung Thep", "Krung Thep Maha Nakhon", "Bangkok Metropolis", "BKK"),
    "14": ("อยุธยา", "Ayutthaya", "Ayudhya"),
    "30": ("โคราช", "Korat", "Khorat"),
    "34": ("อุบล", "Ubon"),
    "38": ("Bung Kan",),
    "41": ("อุดร", "Udon"),
    "76": ("Phetburi",),
    "80": ("นครศรีฯ", "Nakhon Si"),
    "77": ("ประจวบ", "Prachuap"),
    "84": ("สุราษฎร์", "Surat"),
}

# The countries victims and offenders come from or pass through: ASEAN and China.
_COUNTRIES: Final[tuple[tuple[Place, tuple[str, ...]], ...]] = (
    (
        Place("country", "MMR", "เมียนมา", "Myanmar"),
        ("MM", "Burma", "Burmese", "พม่า", "เมียนมาร์", "Republic of the Union of Myanmar"),
    ),
    (
        Place("country", "KHM", "กัมพูชา", "Cambodia"),
        ("KH", "Cambodian", "Khmer", "Kampuchea", "เขมร", "Kingdom of Cambodia", "ราชอาณาจักรกัมพูชา"),
    ),
    (
        Place("country", "LAO", "ลาว", "Laos"),
        ("LA", "Lao", "Lao PDR", "Laotian", "Lao People's Democratic Republic", "สปป.ลาว"),
    ),
    (Place("country", "VNM", "เวียดนาม", "Vietnam"), ("VN", "Viet Nam", "Vietnamese", "ญวน")),
    (Place("country", "MYS", "มาเลเซีย", "Malaysia"), ("MY", "Malaysian")),
    (Place("country", "IDN", "อินโดนีเซีย", "Indonesia"), ("ID", "Indonesian")),
    (Place("country", "PHL", "ฟิลิปปินส์", "Philippines"), ("PH", "Filipino", "Philippine")),
    (Place("country", "SGP", "สิงคโปร์", "Singapore"), ("SG", "Singaporean")),
    (Place("country", "BRN", "บรูไน", "Brunei"), ("BN", "Brunei Darussalam", "Bruneian")),
    (Place("country", "TLS", "ติมอร์-เลสเต", "Timor-Leste"), ("TL", "East Timor", "Timorese", "ติมอร์ตะวันออก")),
    (Place("country", "THA", "ไทย", "Thailand"), ("TH", "Thai", "Siam", "Kingdom of Thailand", "ราชอาณาจักรไทย")),
    (Place("country", "CHN", "จีน", "China"), ("CN", "Chinese", "People's Republic of China", "PRC")),
)

# Words around a name that say what kind of place it is, not which one.
_PROVINCE_WORDS: Final = re.compile(r"^(?:จังหวัด|จ\.|changwat\b)\s*|\s*\b(?:province|prov\.?)$")
_COUNTRY_WORDS: Final = re.compile(r"^(?:ประเทศ|สัญชาติ|ชาว|nationality:?)\s*|\s*\b(?:nationals?|citizens?|nationality)$")

_DATA: Final = files("ingest.normalize") / "data" / "thai_geography"


def _read_csv(name: str) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(_DATA.joinpath(name).read_text(encoding="utf-8"), newline=""))


@lru_cache(maxsize=1)
def provinces() -> tuple[Place, ...]:
    """The 77 provinces with DOPA codes, read once from the packaged CSVs."""
    dopa_codes: dict[str, set[str]] = {}
    for district in _read_csv("districts.csv"):
        dopa_codes.setdefault(district["province_id"], set()).add(district["id"][:2])
    result = []
    for row in _read_csv("provinces.csv"):
        codes = dopa_codes.get(row["id"], set())
        if len(codes) != 1:
            raise RuntimeError(f"province {row['name_en']}: district ids give DOPA codes {codes}")
        result.append(Place("province", codes.pop(), row["name_th"], row["name_en"]))
    return tuple(result)


@dataclass(frozen=True, slots=True)
class _Index:
    """Places by compact spelling, and Latin spellings by phonetic key so that
    "Petchaburi" finds Phetchaburi. Phonetic keys two places share are left
    out rather than guessed."""

    exact: dict[str, Place]
    phonetic: dict[str, Place]

    @classmethod
    def build(cls, entries: Iterable[tuple[Place, Iterable[str]]]) -> _Index:
        exact: dict[str, Place] = {}
        phonetic: dict[str, Place | None] = {}
        for place, spellings in entries:
            for spelling in spellings:
                key = compact(clean(spelling))
                if exact.setdefault(key, place) != place:
                    raise RuntimeError(f"{spelling!r} names both {exact[key]} and {place}")
                if spelling.isascii() and len(key) > 3:  # codes are matched exactly
                    sound = latin_phonetic_key(key)
                    phonetic[sound] = place if phonetic.get(sound, place) == place else None
        return cls(exact, {sound: place for sound, place in phonetic.items() if place is not None})

    def find(self, text: str) -> Place | None:
        key = compact(text)
        found = self.exact.get(key)
        if found is None and key.isascii():
            found = self.phonetic.get(latin_phonetic_key(key))
        return found


@lru_cache(maxsize=1)
def _province_index() -> _Index:
    return _Index.build(
        (place, (place.code, place.name_th, place.name_en, *_PROVINCE_ALIASES.get(place.code, ())))
        for place in provinces()
    )


@lru_cache(maxsize=1)
def _country_index() -> _Index:
    return _Index.build((place, (place.code, place.name_th, place.name_en, *aliases)) for place, aliases in _COUNTRIES)


def _lookup(text: str, index: _Index, kind_words: re.Pattern[str], unknown: Reason, what: str) -> Place:
    cleaned = clean(text).casefold()
    if not cleaned:
        raise NormalizationError("empty", f"no {what} given")
    place = index.find(kind_words.sub("", cleaned))
    if place is None:
        raise NormalizationError(unknown, f"unknown {what}: {text!r}")
    return place


def normalize_province(text: str) -> Place:
    """A Thai province from its Thai or English name, a common short form, or
    its DOPA code, with or without "จ.", "จังหวัด" or "Province"."""
    return _lookup(text, _province_index(), _PROVINCE_WORDS, "unknown_province", "province")


def normalize_country(text: str) -> Place:
    """A country from its name, nationality word or ISO code, in Thai or English."""
    return _lookup(text, _country_index(), _COUNTRY_WORDS, "unknown_country", "country")


def normalize_place(text: str) -> Place:
    """A province if the text names one, otherwise a country."""
    if not clean(text):
        raise NormalizationError("empty", "no place given")
    try:
        return normalize_province(text)
    except NormalizationError as error:
        if error.reason != "unknown_province":
            raise
    try:
        return normalize_country(text)
    except NormalizationError:
        raise NormalizationError("unknown_place", f"neither a Thai province nor a known country: {text!r}") from None
