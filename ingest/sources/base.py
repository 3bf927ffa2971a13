"""What every agency adapter shares: reading a file, and the shape of what a row asserts.

An adapter turns one row of one agency's export into a ``Parsed`` assertion: at most
one person (as a ``PersonRecord`` for the resolver), the other things the row names
(case, phone, vehicle, account, document, address, place) keyed by their normalised
natural keys, and the links between them. A row that cannot be used raises
``RowError`` naming the field and the reason; the pipeline quarantines it and goes on.
A file that cannot be read at all raises ``FileError`` before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from functools import cached_property
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from graph.schema import AgencyCode, Label, Rel
from ingest.normalize import NormalizationError
from ingest.resolve.records import PersonRecord

EXTRA_CELLS = "(cells past the header)"  # where a row keeps the cells its header has no column for
PERSON = "@person"  # stands for the row's person in a Link, until resolution names the entity
NODE = "@node:"  # prefix: a node of another row of the same source, known by its row key


def node_of(source: str, key: str, thing_id: str) -> str:
    """A Link end naming another row of the source by its key: that row's person if it has
    one, else the thing ``thing_id``. Leak and FtM files link their nodes by id, and whether
    a node is a person is known only once its row is read."""
    return f"{NODE}{source}|{key}|{thing_id}"


def split_node(end: str) -> tuple[str, str]:
    """The "source|key" of the row a node_of end names, and its fallback thing id."""
    row, _, thing = end.removeprefix(NODE).rpartition("|")
    return row, thing


def is_person_end(end: str) -> bool:
    """Whether the end is only known after person resolution."""
    return end == PERSON or end.startswith(NODE)


class FileError(ValueError):
    """The file as a whole cannot be ingested (encoding, missing columns); nothing is written."""


class RowError(ValueError):
    """One row cannot be used; ``field`` and ``reason`` go to the quarantine file."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Thing:
    """A non-person entity, identified by a stable id built from its natural key."""

    label: Label
    id: str
    properties: dict[str, object]


@dataclass(frozen=True)
class Link:
    """A relationship between two things of the row (``PERSON`` for the row's person)."""

    rel: Rel
    start: str
    end: str
    properties: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    person: PersonRecord | None = None
    roles: tuple[Label, ...] = ()
    things: tuple[Thing, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class SourceRow:
    """One input row: where it came from, its raw cells, and a stable identity.

    ``key`` identifies the row across versions of the file (the adapter's key columns,
    else the row number); ``content_hash`` changes when a corrected file changes it.
    """

    source: str
    agency: AgencyCode
    file: str
    row: int
    key: str
    raw: dict[str, str]
    problem: RowError | None = field(default=None, compare=False)  # not readable as the header says (cells kept)

    @cached_property
    def content_hash(self) -> str:
        payload = json.dumps(self.raw, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    @cached_property
    def record_id(self) -> str:
        """The SourceRecord id: one per version of the row."""
        return f"{self.source}:{self.key}@{self.content_hash[:12]}"


class Adapter(ABC):
    """Base of the agency adapters: header checks, row identity, and value normalisation
    that reports the failing field. Headers may use the Thai names in ``aliases``."""

    source: ClassVar[str]
    agency: ClassVar[AgencyCode]
    required: ClassVar[tuple[str, ...]]  # columns the header must have
    key_columns: ClassVar[tuple[str, ...]]  # cells that identify a row across file versions
    aliases: ClassVar[dict[str, str]] = {}  # Thai header -> column name

    def rows(self, path: Path) -> Iterator[SourceRow]:
        """The file's rows; FileError for a file that is not UTF-8 CSV with the required columns."""
        return self.read_csv(path, self.required, self.key_columns)

    def read_csv(self, path: Path, required: tuple[str, ...], key_columns: tuple[str, ...]) -> Iterator[SourceRow]:
        """Rows of a UTF-8 CSV with ``required`` columns, identified by ``key_columns``.

        A file that is not well-formed CSV is refused whole, with the line: read leniently,
        a quote left open would take every later row into one cell, and the rows would
        be gone without a word. So is a header that names a column twice (a column and
        its Thai name are one column): one of the two cells would be dropped. A row with
        more or fewer cells than the header is read with its ``problem``, for the
        quarantine; cells past the header are kept under ``EXTRA_CELLS``. Rows are numbered
        as a spreadsheet shows the file: a blank line is a row, a cell of several lines is
        in one."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise FileError(f"{path}: not UTF-8 ({error.reason} at byte {error.start}); export it as UTF-8") from None
        yield from self._csv_rows(path, csv.reader(io.StringIO(text, newline=""), strict=True), required, key_columns)

    def _csv_rows(self, path: Path, reader: Any, required: tuple[str, ...],
                  key_columns: tuple[str, ...]) -> Iterator[SourceRow]:
        """The rows of a ``csv.reader`` (its records, and ``line_num``: the lines read so far)."""
        ended = 0  # the line the last record read ended on
        try:
            headers = [self.aliases.get(name.strip(), name.strip()) for name in next(reader, [])]
            twice = sorted({header for header in headers if headers.count(header) > 1})
            if twice:
                raise FileError(f"{path}: column(s) {', '.join(twice)} given more than once (a column and its Thai "
                                "header are one column)")
            missing = [c for c in required if c not in headers]
            if missing:
                raise FileError(f"{path}: missing required column(s) {', '.join(missing)} for source {self.source!r}")
            ended = reader.line_num
            for number, read in enumerate(reader, start=2):
                ended = reader.line_num
                if not read:  # a blank line
                    continue
                values = [value.strip() for value in read[:len(headers)]]
                cells = dict(zip(headers, values + [""] * (len(headers) - len(values)), strict=True))
                problem = None
                if len(read) != len(headers):
                    problem = RowError("row", f"{len(read)} cells, the header has {len(headers)}")
                    if read[len(headers):]:
                        cells[EXTRA_CELLS] = json.dumps(read[len(headers):], ensure_ascii=False)
                key_cells = [cells.get(c, "") for c in key_columns]
                key = "|".join(key_cells) if all(key_cells) else f"{path.name}#row{number}"
                yield SourceRow(self.source, self.agency, path.name, number, key, cells, problem)
        except csv.Error as error:
            raise FileError(f"{path}: line {ended + 1}: not well-formed CSV ({error}); "
                            "nothing of the file is written") from None

    @abstractmethod
    def parse(self, row: SourceRow) -> Parsed:
        """What the row asserts; RowError when it cannot be used."""

    @staticmethod
    def required_cell(row: SourceRow, column: str) -> str:
        value = row.raw.get(column, "")
        if not value:
            raise RowError(column, "missing")
        return value

    @classmethod
    def normalised(cls, row: SourceRow, column: str, normalise: Callable[[str], object]) -> object | None:
        """``normalise`` of the cell, None when empty; RowError naming the column when invalid."""
        return cls.checked(column, row.raw.get(column, ""), normalise)

    @staticmethod
    def checked(field: str, value: str, normalise: Callable[[str], object]) -> object | None:
        """``normalise`` of a value from field ``field``, None when empty; RowError naming it when invalid."""
        if not value:
            return None
        try:
            return normalise(value)
        except NormalizationError as error:
            raise RowError(field, f"{error.reason}: {error.message}") from None
