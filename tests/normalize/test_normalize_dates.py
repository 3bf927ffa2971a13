"""Dates in Buddhist and common era, Thai and English."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize.dates import normalize_date, normalize_moment
from ingest.normalize.errors import NormalizationError

PROPERTY = settings(max_examples=150, deadline=None, database=None)

TODAY = date(2025, 6, 1)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_ABBREVIATIONS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@pytest.mark.parametrize(
    "raw",
    [
        "7/3/2528",
        "07/03/2528",
        "7-3-2528",
        "7.3.2528",
        "7 3 2528",
        "7/3/28",  # two-digit BE year
        "07/03/1985",  # AD, day first
        "1985-03-07",
        "2528-03-07",  # ISO layout, BE year
        "7 มีนาคม 2528",
        "7 มีนาคม พ.ศ. 2528",
        "วันที่ 7 มีนาคม พ.ศ. 2528",
        "วันพฤหัสบดีที่ 7 มีนาคม 2528",
        "7 มี.ค. 2528",
        "7 มี.ค. 28",
        "7 มีค 28",
        "๗ มี.ค. ๒๘",
        "๗/๓/๒๕๒๘",
        "7มีนาคม2528",
        "7 มีนาคม ค.ศ. 1985",
        "7 March 1985",
        "7 Mar 1985",
        "7-Mar-85",  # English month: two-digit year is AD
        "March 7, 1985",
        "Mar. 7 1985",
        "Thursday, 7th March 1985",
        "7/3/1985 A.D.",
        "7/3/2528 B.E.",
        "1985-03-07T10:30:00Z",
        "07/03/2528 10:30",
        "7 มี.ค. 2528 เวลา 10.30 น.",
    ],
)
def test_one_date_many_ways(raw: str) -> None:
    assert normalize_date(raw, today=TODAY) == date(1985, 3, 7)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7 กรกฏาคม 2528", date(1985, 7, 7)),  # common misspelling of กรกฎาคม
        ("29/2/2567", date(2024, 2, 29)),
        ("1 ม.ค. 2401", date(1858, 1, 1)),  # the first year read as BE
        ("31.12.1999", date(1999, 12, 31)),
        ("7 sept. 2024", date(2024, 9, 7)),
    ],
)
def test_examples(raw: str, expected: date) -> None:
    assert normalize_date(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1/1/68", date(2025, 1, 1)),  # BE 2568
        ("1/1/78", date(2035, 1, 1)),  # BE 2578: ten years ahead is the limit
        ("1/1/79", date(1936, 1, 1)),  # BE 2579 would be too far ahead: BE 2479
        ("1/1/90", date(1947, 1, 1)),
        ("1/1/00", date(1957, 1, 1)),  # BE 2500
        ("1/1/24 ค.ศ.", date(2024, 1, 1)),
        ("1/1/35 AD", date(2035, 1, 1)),
        ("1/1/36 AD", date(1936, 1, 1)),  # AD 2036 is more than ten years ahead
        ("1 Jan 36", date(1936, 1, 1)),
    ],
)
def test_two_digit_year_pivot(raw: str, expected: date) -> None:
    assert normalize_date(raw, today=TODAY) == expected


def test_two_digit_era_can_be_ad_for_ad_sources() -> None:
    assert normalize_date("7/3/85", two_digit_era="AD", today=TODAY) == date(1985, 3, 7)
    assert normalize_date("7/3/85", today=TODAY) == date(1942, 3, 7)  # BE 2485


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("2528", "format"),  # year only
        ("มีนาคม 2528", "format"),  # no day
        ("7 Foo 2528", "format"),
        ("yesterday", "format"),
        ("7/3/2528 พ.ศ. ค.ศ.", "format"),  # two eras
        ("31/2/2528", "range"),
        ("29/2/2566", "range"),  # 2023 is not a leap year
        ("03/25/1985", "range"),  # month first is not read silently
        ("7/3/1200", "range"),
        ("1/1/2400", "range"),  # not above 2400, so AD 2400
        ("7/3/1985 พ.ศ.", "range"),  # BE 1985 = AD 1442
        ("32 มีนาคม 2528", "range"),
    ],
)
def test_rejects(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        normalize_date(raw, today=TODAY)
    assert caught.value.reason == reason


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[date, str]:
    """A date and one way a Thai or international record might write it."""
    day = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
    be = day.year + 543
    month_th, abbreviation, month_en = (
        THAI_MONTHS[day.month - 1],
        THAI_ABBREVIATIONS[day.month - 1],
        ENGLISH_MONTHS[day.month - 1],
    )
    sep = draw(st.sampled_from("/-."))
    layouts = [
        f"{day.day}{sep}{day.month}{sep}{be}",
        f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}",
        day.isoformat(),
        f"{day.day} {month_th} พ.ศ. {be}",
        f"วันที่ {day.day} {abbreviation} {be}".translate(THAI_DIGITS),
        f"{day.day} {month_en} {day.year}",
        f"{month_en[:3]} {day.day}, {day.year}",
        f"{day.day} {month_en.upper()} {be} B.E.",
    ]
    return day, draw(st.sampled_from(layouts))


@PROPERTY
@given(written_dates())
def test_every_layout_gives_the_same_date(case: tuple[date, str]) -> None:
    day, written = case
    assert normalize_date(written, today=TODAY) == day
    assert normalize_date(day.isoformat(), today=TODAY) == day  # idempotent on ISO output


@PROPERTY
@given(st.dates(date(1936, 1, 1), date(2035, 12, 31)))
def test_two_digit_be_years_within_the_window(day: date) -> None:
    be = day.year + 543
    assert normalize_date(f"{day.day}/{day.month}/{be % 100:02d}", today=TODAY) == day


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-01 14:05", "2024-03-01T14:05"),
    ("2024-03-01T14:05:59Z", "2024-03-01T14:05"),
    ("1 มี.ค. 2567 เวลา 9.30 น.", "2024-03-01T09:30"),
    ("01.03.2024", "2024-03-01"),
    ("2024-03-01", "2024-03-01"),
])
def test_a_moment_keeps_the_time_of_day_when_there_is_one(text: str, expected: str) -> None:
    assert normalize_moment(text) == expected


def test_an_impossible_time_of_day_is_refused() -> None:
    with pytest.raises(NormalizationError, match="no such time of day: 25:05"):
        normalize_moment("2024-03-01 25:05")
