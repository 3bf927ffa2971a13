"""The person record that entity resolution works on, and reading it from CSV.

Every agency adapter maps its rows onto this shape; `tipgraph resolve` reads it
straight from a CSV with exactly these column names (others are ignored).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class PersonRecord:
    """One agency's statement about one person, as raw text; any field may be empty."""

    record_id: str
    agency: str = ""
    name: str = ""
    dob: str = ""
    national_id: str = ""
    passport: str = ""
    phone: str = ""
    nationality: str = ""
    sex: str = ""
    address: str = ""


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(PersonRecord))


class RecordFileError(ValueError):
    """The input file cannot be read as person records; the message names file, row and field."""


def read_records(path: Path) -> Iterator[PersonRecord]:
    """Yield the records of a UTF-8 CSV. `record_id` is required and must be unique."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "record_id" not in reader.fieldnames:
                raise RecordFileError(f"{path}: the header has no 'record_id' column")
            present = [c for c in COLUMNS if c in reader.fieldnames]
            seen: set[str] = set()
            for row_number, row in enumerate(reader, start=2):
                record_id = (row.get("record_id") or "").strip()
                if not record_id:
                    raise RecordFileError(f"{path}: row {row_number}: field 'record_id' is empty")
                if record_id in seen:
                    raise RecordFileError(f"{path}: row {row_number}: record_id {record_id!r} is repeated")
                seen.add(record_id)
                yield PersonRecord(**{c: (row.get(c) or "").strip() for c in present})
    except UnicodeDecodeError as error:
        raise RecordFileError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None


def write_records(path: Path, records: list[PersonRecord]) -> None:
    """Write records in the same layout `read_records` reads."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow([getattr(record, c) for c in COLUMNS])
