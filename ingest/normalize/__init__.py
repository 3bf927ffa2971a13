"""Pure normalisation of the values that link records across agencies.

Entity resolution only works if "นายสมชาย ใจดี" and "JAIDEE, Somchai", or
"081-234-5678" and "+66 81 234 5678", become the same value before they reach
the graph. Each kind of value has its own module; this package adds a registry
so the ``tipgraph normalize KIND`` CLI and ingest mappings can pick a normaliser
by name and get a JSON-ready result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any, Final

from ingest.normalize.account import BankAccount, normalize_account
from ingest.normalize.dates import normalize_date, normalize_moment
from ingest.normalize.errors import NormalizationError
from ingest.normalize.names import PersonName, normalize_name
from ingest.normalize.national_id import has_valid_checksum, national_id_digits, normalize_national_id
from ingest.normalize.passport import Passport, normalize_passport
from ingest.normalize.phone import normalize_phone
from ingest.normalize.places import Place, normalize_country, normalize_place, normalize_province
from ingest.normalize.plate import Plate, normalize_plate

__all__ = [
    "KINDS",
    "BankAccount",
    "NormalizationError",
    "Passport",
    "PersonName",
    "Place",
    "Plate",
    "has_valid_checksum",
    "national_id_digits",
    "normalize",
    "normalize_account",
    "normalize_country",
    "normalize_date",
    "normalize_moment",
    "normalize_name",
    "normalize_national_id",
    "normalize_passport",
    "normalize_phone",
    "normalize_place",
    "normalize_plate",
    "normalize_province",
]

JsonValue = str | dict[str, Any]


def _json(value: PersonName | Passport | BankAccount | Plate | Place) -> dict[str, Any]:
    """A result dataclass as a JSON object: tuples become lists, and a ``key``
    property, where the kind has one, is included."""
    result = {field: list(item) if isinstance(item, tuple) else item for field, item in asdict(value).items()}
    if (key := getattr(value, "key", None)) is not None:
        result["key"] = key
    return result


_NORMALIZERS: Final[dict[str, Callable[[str], JsonValue]]] = {
    "name": lambda text: _json(normalize_name(text)),
    "national-id": normalize_national_id,
    "passport": lambda text: _json(normalize_passport(text)),
    "phone": normalize_phone,
    "account": lambda text: _json(normalize_account(text)),
    "plate": lambda text: _json(normalize_plate(text)),
    "date": lambda text: normalize_date(text).isoformat(),
    "place": lambda text: _json(normalize_place(text)),
}

KINDS: Final[tuple[str, ...]] = tuple(_NORMALIZERS)


def normalize(kind: str, text: str) -> JsonValue:
    """Normalise ``text`` as ``kind`` (one of ``KINDS``) to a JSON-serialisable value.

    Raises NormalizationError for a value that cannot be normalised, and plain
    ValueError for an unknown kind, which is a caller's mistake rather than bad data.
    """
    normalizer = _NORMALIZERS.get(kind)
    if normalizer is None:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    return normalizer(text)
