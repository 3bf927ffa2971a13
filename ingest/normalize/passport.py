"""Passport numbers of foreign victims and suspects.

Passport numbers are only unique per issuing state, and immigration records
often carry the state next to the number ("MMR:MA1234567"). The state is kept
apart from the number so the resolver can match on the number alone when one
record lacks it and on both when both have it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ingest.normalize.errors import NormalizationError
from ingest.normalize.places import normalize_country
from ingest.normalize.text import clean

# Passport numbers are 6-9 letters and digits (ICAO 9303 allows up to 9 in the
# machine-readable zone); all digits is allowed, all letters is not.
_NUMBER: Final = re.compile(r"(?=.*\d)[A-Z0-9]{6,9}")
_ISSUER_CODE: Final = re.compile(r"[A-Z]{3}")
_SEPARATORS: Final = re.compile(r"[\s\-.]")


@dataclass(frozen=True, slots=True)
class Passport:
    """``country`` is the issuing state's ICAO/ISO alpha-3 code when given."""

    number: str
    country: str | None

    @property
    def key(self) -> str:
        return f"{self.country}:{self.number}" if self.country else self.number


def _issuer(prefix: str) -> str:
    """Alpha-3 codes are taken as written (ICAO has codes ISO lacks); a country
    name in Thai or English ("พม่า", "Myanmar") is looked up."""
    if _ISSUER_CODE.fullmatch(prefix):
        return prefix
    return normalize_country(prefix).code


def normalize_passport(text: str) -> Passport:
    """Upper-cased passport number without spaces or dashes, with the issuing
    state from an optional "COUNTRY:" prefix."""
    cleaned = clean(text).upper()
    if not cleaned:
        raise NormalizationError("empty", "no passport number given")
    prefix, colon, rest = cleaned.rpartition(":")
    country = _issuer(prefix.strip()) if colon else None
    number = _SEPARATORS.sub("", rest)
    if not _NUMBER.fullmatch(number):
        raise NormalizationError(
            "format", f"a passport number has 6-9 letters and digits with at least one digit, not {number!r}"
        )
    return Passport(number, country)
