"""Amounts as courts and LED write them: separators and Thai digits read, anything doubtful refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.normalize import NormalizationError
from ingest.sources.amounts import normalize_amount


@pytest.mark.parametrize(("text", "expected"), [
    ("0", Decimal("0")), ("36", Decimal("36")), ("1,250,000.50", Decimal("1250000.50")),
    ("๑๒,๕๐๐", Decimal("12500")), (" 7.5 ", Decimal("7.5")), ("1000000", Decimal("1000000")),
])
def test_reads_non_negative_amounts(text: str, expected: Decimal) -> None:
    assert normalize_amount(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("-500", "range"), ("1,25,000", "format"), ("12.", "format"), ("abc", "format"), ("1 000", "format"),
    ("", "empty"),
])
def test_refuses_what_is_not_a_non_negative_amount(text: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as error:
        normalize_amount(text)
    assert error.value.reason == reason
