"""Thai 13-digit national IDs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.errors import NormalizationError
from ingest.normalize.national_id import has_valid_checksum, national_id_digits, normalize_national_id

PROPERTY = settings(max_examples=150, deadline=None, database=None)

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def expected_check_digit(first_twelve: str) -> str:
    """The DOPA rule as published: sum of digit[i] * (13 - i), then (11 - sum mod 11) mod 10."""
    total = sum(int(first_twelve[i]) * (13 - i) for i in range(12))
    return str((11 - total % 11) % 10)


def dashed(digits: str) -> str:
    """The printed layout on the ID card: 1-2345-67890-12-3."""
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"


@pytest.mark.parametrize(
    "raw",
    [
        "1103702071838",
        "1-1037-02071-83-8",
        "1 1037 02071 83 8",
        " 1-1037-02071-83-8 ",
        "๑-๑๐๓๗-๐๒๐๗๑-๘๓-๘",
        "1–1037–02071–83–8",  # en dashes from a word processor
        "1.1037.02071.83.8",
    ],
)
def test_layouts_of_one_id(raw: str) -> None:
    assert normalize_national_id(raw) == "1103702071838"


@pytest.mark.parametrize("valid", ["3101200123453", "1234567890121", "5100100000011"])
def test_known_valid_ids(valid: str) -> None:
    assert normalize_national_id(valid) == valid


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        (" - ", "empty"),
        ("110370207183", "format"),  # 12 digits
        ("11037020718380", "format"),  # 14 digits
        ("1-1037-02071-83-X", "format"),
        ("ID 1103702071838", "format"),
        ("1103702071831", "checksum"),
        ("1-1037-02071-83-9", "checksum"),
    ],
)
def test_rejects(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_national_id(raw)
    assert caught.value.reason == reason


def test_bad_checksum_is_told_apart_from_bad_format() -> None:
    """The resolver keeps a well-formed ID with a wrong check digit as weak evidence."""
    digits = national_id_digits("1-1037-02071-83-1")
    assert digits == "1103702071831"
    assert not has_valid_checksum(digits)
    assert has_valid_checksum("1103702071838")
    with pytest.raises(NormalizationError) as caught:
        national_id_digits("1-1037-02071-83")
    assert caught.value.reason == "format"


payloads = st.from_regex(r"[0-9]{12}", fullmatch=True)


@PROPERTY
@given(payloads, st.sampled_from(("plain", "dashed", "spaced", "thai")))
def test_layout_does_not_change_the_id(payload: str, layout: str) -> None:
    digits = payload + expected_check_digit(payload)
    written = {
        "plain": digits,
        "dashed": dashed(digits),
        "spaced": dashed(digits).replace("-", " "),
        "thai": dashed(digits).translate(THAI_DIGITS),
    }[layout]
    assert normalize_national_id(written) == digits
    assert normalize_national_id(normalize_national_id(written)) == digits


@PROPERTY
@given(payloads, st.integers(1, 9))
def test_every_other_check_digit_is_a_checksum_error(payload: str, shift: int) -> None:
    wrong = str((int(expected_check_digit(payload)) + shift) % 10)
    with pytest.raises(NormalizationError) as caught:
        normalize_national_id(dashed(payload + wrong))
    assert caught.value.reason == "checksum"
    assert national_id_digits(payload + wrong) == payload + wrong
