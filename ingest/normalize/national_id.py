"""Thai 13-digit national ID numbers (เลขประจำตัวประชาชน).

The ID is the strongest key the resolver has for a Thai person, so a number
whose check digit fails must not become a key. But a well-formed number with a
bad check digit is usually one mistyped digit of a real ID, still worth keeping
as weak evidence; hence ``national_id_digits`` (shape only) and
``has_valid_checksum`` are exposed next to the strict ``normalize_national_id``.
"""

from __future__ import annotations

import re
from typing import Final

from ingest.normalize.errors import NormalizationError
from ingest.normalize.text import clean

_SEPARATORS: Final = re.compile(r"[\s\-.]")


def national_id_digits(text: str) -> str:
    """The 13 digits of a national ID written with any dashes, spaces or Thai
    digits ("1-2345-67890-12-1", "๑ ๒๓๔๕ ..."); the check digit is not verified.
    """
    digits = _SEPARATORS.sub("", clean(text))
    if not digits:
        raise NormalizationError("empty", "no national ID given")
    if not (digits.isascii() and digits.isdigit()):
        raise NormalizationError("format", "a national ID has digits only")
    if len(digits) != 13:
        raise NormalizationError("format", f"a national ID has 13 digits, not {len(digits)}")
    return digits


def check_digit(first_twelve: str) -> int:
    """The DOPA check digit: weights 13 down to 2, modulo 11."""
    total = sum(int(digit) * weight for digit, weight in zip(first_twelve, range(13, 1, -1), strict=True))
    return (11 - total % 11) % 10


def has_valid_checksum(digits: str) -> bool:
    """Whether 13 digits (as from ``national_id_digits``) end in the right check digit."""
    return check_digit(digits[:12]) == int(digits[12])


def normalize_national_id(text: str) -> str:
    """The 13-digit ID, or NormalizationError with reason "checksum" when the
    shape is right but the check digit is not."""
    digits = national_id_digits(text)
    if not has_valid_checksum(digits):
        raise NormalizationError("checksum", f"check digit of {digits} should be {check_digit(digits[:12])}")
    return digits
