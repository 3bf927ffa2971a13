"""Passport numbers with an optional issuing state."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.errors import NormalizationError
from ingest.normalize.passport import Passport, normalize_passport

PROPERTY = settings(max_examples=150, deadline=None, database=None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MA123456", Passport("MA123456", None)),
        ("ma 123 456", Passport("MA123456", None)),
        ("MA-123-456", Passport("MA123456", None)),
        ("MMR:MA123456", Passport("MA123456", "MMR")),
        ("mmr : ma123456", Passport("MA123456", "MMR")),
        ("พม่า: MA123456", Passport("MA123456", "MMR")),
        ("Cambodia:N01234567", Passport("N01234567", "KHM")),
        ("GBR:123456789", Passport("123456789", "GBR")),  # any alpha-3 issuer code is taken as written
        ("AA1234567", Passport("AA1234567", None)),  # Thai passport
        ("ａａ１２３４５６７", Passport("AA1234567", None)),  # full-width
    ],
)
def test_examples(raw: str, expected: Passport) -> None:
    assert normalize_passport(raw) == expected


def test_key_carries_the_issuer_when_known() -> None:
    assert normalize_passport("MMR:MA123456").key == "MMR:MA123456"
    assert normalize_passport("MA123456").key == "MA123456"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("12345", "format"),  # too short
        ("AB12345678", "format"),  # ten characters
        ("ABCDEFGH", "format"),  # no digit
        ("MA12#456", "format"),
        ("Atlantis:MA123456", "unknown_country"),
        ("MMR:", "format"),
    ],
)
def test_rejects(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_passport(raw)
    assert caught.value.reason == reason


numbers = st.from_regex(r"[A-Z]{1,2}[0-9]{6,7}", fullmatch=True)


@PROPERTY
@given(
    numbers,
    st.sampled_from((None, "MMR", "KHM", "LAO", "THA")),
    st.sampled_from((str.upper, str.lower)),
    st.sampled_from(("", " ", "-")),
)
def test_case_spacing_and_key_round_trip(number: str, issuer: str | None, case: object, gap: str) -> None:
    written = gap.join([number[:3], number[3:]])
    if issuer:
        written = f"{issuer}: {written}"
    passport = normalize_passport(case(written))  # type: ignore[operator]
    assert passport == Passport(number, issuer)
    assert normalize_passport(passport.key) == passport
