"""Dates of birth, arrests, transfers and hearings to ``datetime.date``.

Thai agencies write dates in the Buddhist era (พ.ศ. = AD + 543), day first,
with Thai month names or their dotted abbreviations and often Thai digits:
"๗ มี.ค. ๒๘", "7/3/2528", "วันที่ 7 มีนาคม พ.ศ. 2528". Bank and immigration
exports use AD ("1985-03-07", "07/03/1985", "7 Mar 1985"). pythainlp's
``thai_strptime`` cannot read "/" separators, so dates are parsed here.

Rules, in order:

* An explicit era marker wins: "พ.ศ."/"B.E." means BE, "ค.ศ."/"A.D."/"C.E." AD.
* Four-digit years above 2400 are BE; others are AD.
* Two-digit years follow ``two_digit_era`` (default BE, because two-digit years
  are a Thai habit: "7/3/28" is 2528 = 1985), except next to an English month
  name, where they are AD. The century is the latest one that does not put the
  year more than ten years after ``today``: in 2025 "28" is BE 2528 and "90" is
  BE 2490 (1947), since BE 2590 lies decades ahead.
* Numeric dates are day first, the Thai convention; "03/25/1985" is rejected,
  not silently read as March 25. Eight digits in a row are the ISO 8601 basic
  form, year first ("19850307", or BE "25280307"), as bank and registry exports write it.
* Year, month and day must all be present; a bare "2528" or "มีนาคม 2528" is
  rejected rather than guessed into a full date.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, Literal

from ingest.normalize.errors import NormalizationError
from ingest.normalize.text import clean, compact

Era = Literal["BE", "AD"]

BE_OFFSET: Final = 543
# The years a record of people alive in a trafficking case can mention.
EARLIEST_YEAR: Final = 1850
LATEST_YEAR: Final = 2150
# How far in the future a two-digit year may land before we take the previous century.
_FUTURE_SLACK_YEARS: Final = 10

_MONTHS: Final[tuple[tuple[str, ...], ...]] = (
    ("มกราคม", "ม.ค.", "january", "jan"),
    ("กุมภาพันธ์", "ก.พ.", "february", "feb"),
    ("มีนาคม", "มี.ค.", "march", "mar"),
    ("เมษายน", "เม.ย.", "april", "apr"),
    ("พฤษภาคม", "พ.ค.", "may"),
    ("มิถุนายน", "มิ.ย.", "june", "jun"),
    # กรกฏาคม (with ฏ) is the common misspelling of กรกฎาคม.
    ("กรกฎาคม", "กรกฏาคม", "ก.ค.", "july", "jul"),
    ("สิงหาคม", "ส.ค.", "august", "aug"),
    ("กันยายน", "ก.ย.", "september", "sept", "sep"),
    ("ตุลาคม", "ต.ค.", "october", "oct"),
    ("พฤศจิกายน", "พ.ย.", "november", "nov"),
    ("ธันวาคม", "ธ.ค.", "december", "dec"),
)
_MONTH_BY_KEY: Final[dict[str, int]] = {
    compact(spelling): number for number, spellings in enumerate(_MONTHS, start=1) for spelling in spellings
}


def _month_pattern(spelling: str) -> str:
    """Dots in abbreviations are optional and may be followed by a space
    ("มี.ค.", "มีค", "มี. ค."); English names may end in a dot ("Mar.")."""
    pieces = [re.escape(piece) for piece in spelling.split(".") if piece]
    return r"\.?\s*".join(pieces) + r"\.?"


_MONTH: Final = "|".join(
    _month_pattern(spelling)
    for spelling in sorted((s for spellings in _MONTHS for s in spellings), key=len, reverse=True)
)
_YEAR: Final = r"(?P<year>\d{4}|\d{2})"
_SEP: Final = r"\s*[-/.,\s]?\s*"
_FORMATS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})",
        r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})",
        rf"(?P<day>\d{{1,2}})\s*[-/.\s]\s*(?P<month>\d{{1,2}})\s*[-/.\s]\s*{_YEAR}",
        rf"(?P<day>\d{{1,2}}){_SEP}(?P<month_name>{_MONTH}){_SEP}{_YEAR}",
        # Day and year need a space or comma between them, or "มีนาคม 2528" would read as the 25th of 28.
        rf"(?P<month_name>{_MONTH}){_SEP}(?P<day>\d{{1,2}})(?:\s*,\s*|\s+){_YEAR}",
    )
)

_BE_MARKER: Final = re.compile(r"พ\.?\s*ศ\.?|\bb\.\s*e\.?|\bbe\b")
_AD_MARKER: Final = re.compile(r"ค\.?\s*ศ\.?|\ba\.\s*d\.?|\bad\b|\bc\.\s*e\.?|\bce\b")

# Words around a date that are not part of it: "ณ วันจันทร์ที่", "เมื่อ",
# "Monday,", ordinal suffixes (7th), and a trailing time of day ("10:30",
# "T10:30:00Z", "เวลา 10.30 น.").
_NOISE: Final = re.compile(
    r"(?:ณ\s*)?วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?(?:ที่)?|เมื่อ"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?,?"
    r"|(?<=\d)(?:st|nd|rd|th)\b"
    r"|(?:t|\s|เวลา)+(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:น\.?|นาฬิกา|z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}\.\d{2}\s*(?:น\.|นาฬิกา))$"
)


def _era_marker(text: str) -> tuple[Era | None, str]:
    """The era a marker in ``text`` states, and the text without it."""
    be, ad = _BE_MARKER.search(text), _AD_MARKER.search(text)
    if be and ad:
        raise NormalizationError("format", "both พ.ศ./BE and ค.ศ./AD given")
    if be:
        return "BE", _BE_MARKER.sub(" ", text)
    if ad:
        return "AD", _AD_MARKER.sub(" ", text)
    return None, text


def _two_digit_year(two_digits: int, era: Era, today: date) -> int:
    """AD year of a two-digit year: the latest century that keeps it no more
    than ``_FUTURE_SLACK_YEARS`` after ``today``."""
    offset = BE_OFFSET if era == "BE" else 0
    now = today.year + offset
    year = now // 100 * 100 + two_digits
    if year > now + _FUTURE_SLACK_YEARS:
        year -= 100
    return year - offset


def _ad_year(written: str, era: Era | None, two_digit_era: Era, today: date) -> int:
    year = int(written)
    if len(written) == 2:
        return _two_digit_year(year, era or two_digit_era, today)
    if era == "BE" or (era is None and year > 2400):
        return year - BE_OFFSET
    return year


def normalize_date(text: str, *, two_digit_era: Era = "BE", today: date | None = None) -> date:
    """A calendar date from a Thai or international written date (see the
    module docstring for the rules); ``today`` anchors two-digit years."""
    cleaned = clean(text).casefold()
    if not cleaned:
        raise NormalizationError("empty", "no date given")
    era, cleaned = _era_marker(cleaned)
    cleaned = " ".join(_NOISE.sub(" ", cleaned).split()).strip(" ,")
    match = next((found for pattern in _FORMATS if (found := pattern.fullmatch(cleaned))), None)
    if match is None:
        raise NormalizationError("format", f"not a day-month-year date: {text!r}")
    fields = match.groupdict()
    month_name = fields.get("month_name")
    if month_name is not None:
        month = _MONTH_BY_KEY[compact(month_name)]
        if month_name.isascii():
            two_digit_era = "AD"  # "7 Mar 85" is an English-language date
    else:
        month = int(fields["month"])
    year = _ad_year(fields["year"], era, two_digit_era, today or date.today())
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise NormalizationError("range", f"year {year} AD is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    try:
        return date(year, month, int(fields["day"]))
    except ValueError as error:
        raise NormalizationError("range", f"no such date (day first): {error}") from None


# The time of day a date cell may end with: "14:05", "T14:05:00Z", "เวลา 14.05 น.".
_CLOCK: Final = re.compile(r"(?:t|\s|เวลา)+(\d{1,2})(?::(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:น\.?|นาฬิกา|z|[+-]\d{2}:?\d{2})?"
                           r"|\.(\d{2})\s*(?:น\.|นาฬิกา))$")


def normalize_moment(text: str, *, two_digit_era: Era = "BE", today: date | None = None) -> str:
    """The date, with its time of day when the cell has one: "2024-03-01T14:05", else
    "2024-03-01". Transfers of one layering sweep happen minutes apart on one day, and
    a money trail must keep their order."""
    day = normalize_date(text, two_digit_era=two_digit_era, today=today)
    clock = _CLOCK.search(clean(text).casefold())
    if clock is None:
        return day.isoformat()
    hour, minute = int(clock[1]), int(clock[2] or clock[3])
    if hour > 23 or minute > 59:
        raise NormalizationError("range", f"no such time of day: {hour:02d}:{minute:02d} in {text!r}")
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"
