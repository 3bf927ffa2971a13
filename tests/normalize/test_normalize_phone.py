"""Phone numbers to E.164."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.errors import NormalizationError
from ingest.normalize.phone import normalize_phone

PROPERTY = settings(max_examples=150, deadline=None, database=None)

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    "raw",
    [
        "0812345678",
        "081-234-5678",
        "081 234 5678",
        "(081) 234-5678",
        "081.234.5678",
        "+66812345678",
        "+66 81 234 5678",
        "+66 (0) 81 234 5678",
        "+66 081 234 5678",
        "66812345678",
        "0066 81 234 5678",
        "๐๘๑-๒๓๔-๕๖๗๘",
        "โทร. 081-234-5678",
        "Tel: 081-234-5678",
        "081-234-5678 ext. 12",
    ],
)
def test_one_thai_mobile_many_ways(raw: str) -> None:
    assert normalize_phone(raw) == "+66812345678"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("02-123-4567", "+6621234567"),  # Bangkok landline
        ("02 123 4567 ต่อ 12", "+6621234567"),
        ("053-123-456", "+6653123456"),  # Chiang Mai landline
        ("0612345678", "+66612345678"),
        ("+95 9 123 456 789", "+959123456789"),  # Myanmar mobile
        ("+95 09 123 456 789", "+959123456789"),  # trunk 0 kept by mistake
        ("+95 1 234 567", "+951234567"),  # Yangon landline
        ("+855 12 345 678", "+85512345678"),  # Cambodia
        ("+856 20 5555 1234", "+8562055551234"),  # Laos mobile
        ("+856 21 123 456", "+85621123456"),  # Vientiane landline
        ("+1 202 555 0100", "+12025550100"),  # outside the table: length only
    ],
)
def test_examples(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("abc", "format"),
        ("081234567", "format"),  # a digit short for a mobile
        ("08123456789", "format"),  # a digit too many
        ("1234", "format"),  # no trunk 0 or country code
        ("1669", "format"),  # short code, not a subscriber number
        ("+66 1 234 5678", "format"),  # Thai numbers do not start with 1
        ("+95 9", "format"),
        ("+855 12 345 678 901", "format"),
        ("+123", "format"),
        ("081-234-5678 / 089-999-9999", "format"),  # two numbers
    ],
)
def test_rejects(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_phone(raw)
    assert caught.value.reason == reason


thai_mobiles = st.from_regex(r"[689][0-9]{8}", fullmatch=True)
thai_landlines = st.from_regex(r"[2-7][0-9]{7}", fullmatch=True)


def layouts(national: str) -> list[str]:
    """Ways a Thai number with national significant number ``national`` is written."""
    domestic = "0" + national
    grouped = f"{domestic[:3]}-{domestic[3:6]}-{domestic[6:]}"
    return [
        domestic,
        grouped,
        grouped.replace("-", " "),
        grouped.translate(THAI_DIGITS),
        "+66" + national,
        f"+66 (0) {national[:2]} {national[2:]}",
        "66" + national,
        "0066" + national,
        f"โทร {grouped}",
    ]


@PROPERTY
@given(st.one_of(thai_mobiles, thai_landlines))
def test_every_layout_gives_the_same_e164(national: str) -> None:
    results = {normalize_phone(written) for written in layouts(national)}
    assert results == {"+66" + national}
    assert normalize_phone("+66" + national) == "+66" + national  # idempotent


@PROPERTY
@given(st.from_regex(r"9[0-9]{7,9}", fullmatch=True))
def test_myanmar_mobiles_are_idempotent(national: str) -> None:
    e164 = normalize_phone(f"+95 0{national}")
    assert e164 == "+95" + national
    assert normalize_phone(e164) == e164
