"""Phone numbers to E.164.

Call-detail records, seized-phone extractions and witness statements write the
same number as "081-234-5678", "+66 (0) 81 234 5678", "66812345678" or in Thai
digits; recruiters and victims from Myanmar, Cambodia and Laos appear with their
own country codes. E.164 ("+66812345678") is the one spelling all of them share.
Numbers without a "+" or international "00" prefix are taken as Thai.
"""

from __future__ import annotations

import re
from typing import Final

from ingest.normalize.errors import NormalizationError
from ingest.normalize.text import clean

THAILAND: Final = "66"

# National significant number lengths (digits after the country code, trunk 0
# dropped) for the countries routes run through. Myanmar varies most: Yangon
# landlines are short, newer mobile ranges long.
_NSN_LENGTHS: Final[dict[str, range]] = {
    "66": range(8, 10),  # Thailand: 8 for landlines (02 ...), 9 for mobiles (06/08/09 ...)
    "95": range(7, 11),  # Myanmar
    "855": range(8, 10),  # Cambodia
    "856": range(8, 11),  # Laos: 8 for landlines, 10 for mobiles (20 ...)
    "84": range(9, 11),  # Vietnam
    "60": range(8, 11),  # Malaysia
    "62": range(8, 13),  # Indonesia
    "63": range(8, 11),  # Philippines
    "65": range(8, 9),  # Singapore
    "673": range(7, 8),  # Brunei
    "86": range(9, 12),  # China
}
_E164_DIGITS: Final = range(8, 16)  # whole number, country code included, for other countries

# A label before the number ("โทร.", "Tel:", "มือถือ") and an extension after it
# ("ต่อ 12", "ext. 12", "x12"): neither is part of the E.164 number.
_LABEL: Final = re.compile(r"^[^\d+]*")
_EXTENSION: Final = re.compile(r"\s*(?:ต่อ|ext\.?|x|#)\s*\d{1,5}$", re.IGNORECASE)
_DIALLED: Final = re.compile(r"\+?[\d\s\-.()]+")


def _country_code(digits: str) -> str | None:
    """The known country code ``digits`` starts with; codes do not prefix one
    another (E.164 codes are a prefix code), so the first match is the only one."""
    return next((code for code in _NSN_LENGTHS if digits.startswith(code)), None)


def _international(digits: str) -> str:
    """E.164 from digits that start with a country code."""
    code = _country_code(digits)
    if code is None:
        if len(digits) not in _E164_DIGITS:
            raise NormalizationError("format", f"an international number has 8-15 digits, not {len(digits)}")
        return "+" + digits
    # "+66 (0) 81..." and "+95 09..." keep the domestic trunk 0; E.164 drops it.
    national = digits[len(code) :].removeprefix("0")
    if len(national) not in _NSN_LENGTHS[code]:
        raise NormalizationError(
            "format", f"+{code} numbers have {_describe(_NSN_LENGTHS[code])} digits after the country code"
        )
    if code == THAILAND and not _is_thai_number(national):
        raise NormalizationError("format", f"no Thai number of {len(national)} digits starts with {national[0]}")
    return f"+{code}{national}"


def _is_thai_number(national: str) -> bool:
    """Mobiles are 9 digits starting 6, 8 or 9; landlines 8 digits starting 2-7."""
    if len(national) == 9:
        return national[0] in "689"
    return national[0] in "234567"


def _describe(lengths: range) -> str:
    return str(lengths.start) if len(lengths) == 1 else f"{lengths.start}-{lengths.stop - 1}"


def normalize_phone(text: str) -> str:
    """E.164 form ("+66812345678") of a Thai or international phone number."""
    cleaned = clean(text)
    if not cleaned:
        raise NormalizationError("empty", "no phone number given")
    cleaned = _EXTENSION.sub("", _LABEL.sub("", cleaned))
    if not _DIALLED.fullmatch(cleaned):
        raise NormalizationError("format", f"not a phone number: {text!r}")
    digits = re.sub(r"\D", "", cleaned)
    if cleaned.startswith("+"):
        return _international(digits)
    if digits.startswith("00"):
        return _international(digits[2:])
    if digits.startswith("0"):
        return _international(THAILAND + digits[1:])
    if digits.startswith(THAILAND):
        return _international(digits)
    raise NormalizationError("format", "a Thai number starts with 0, an international one with + or 00")
