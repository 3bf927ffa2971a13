"""A person's date of birth is the first record's that has one, whatever the records before it lack."""

from __future__ import annotations

from ingest.pipeline import _first_date


def test_records_without_a_date_are_passed_over() -> None:
    assert _first_date([None, "", "not a date", "14 ธันวาคม 2536", "1990-01-01"]) == "1993-12-14"
    assert _first_date([None, ""]) is None
