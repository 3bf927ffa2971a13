"""Thai vehicle registration plates (DLT).

Vans and pickups that move victims are traced through DLT records, police
checkpoint logs and CCTV notes, which write one plate as "1กข 1234
กรุงเทพมหานคร", "1 กข-1234 กทม." or "กข1234 Bangkok". A plate is only unique
within its province, so the province is resolved to its DOPA code and kept
beside the plate; ``key`` combines both when the province is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ingest.normalize.errors import NormalizationError
from ingest.normalize.places import normalize_province
from ingest.normalize.text import clean

# Thai consonants ก-ฮ; ฤ and ฦ sit in that range but are vowels and never on plates.
_CONSONANT: Final = "[ก-รลว-ฮ]"
_PLATE: Final = re.compile(
    rf"(?P<series>[1-9])?\s*(?P<letters>{_CONSONANT}{{1,2}})\s*-?\s*(?P<number>\d{{1,4}})(?:\s*(?P<province>\D.*))?"
)


@dataclass(frozen=True, slots=True)
class Plate:
    """``plate`` is written without spaces ("1กข1234"); ``province_code`` is the
    DOPA code and ``province`` the Thai name, both None when not given."""

    plate: str
    province_code: str | None
    province: str | None

    @property
    def key(self) -> str:
        return f"{self.province_code}:{self.plate}" if self.province_code else self.plate


def normalize_plate(text: str) -> Plate:
    """Plate "[digit]consonants number" plus an optional province in any spelling."""
    cleaned = clean(text)
    if not cleaned:
        raise NormalizationError("empty", "no plate given")
    match = _PLATE.fullmatch(cleaned)
    if match is None:
        raise NormalizationError(
            "format", f"a plate is an optional digit, one or two Thai consonants and up to four digits: {text!r}"
        )
    number = match["number"].lstrip("0")
    if not number:
        raise NormalizationError("format", "a plate number is 1-9999")
    plate = f"{match['series'] or ''}{match['letters']}{number}"
    if match["province"] is None:
        return Plate(plate, None, None)
    province = normalize_province(match["province"])
    return Plate(plate, province.code, province.name_th)
