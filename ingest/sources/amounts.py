"""Money amounts as courts and the Legal Execution Department write them.

Judgments and enforcement reports give sentences, fines and recovered sums as
non-negative numbers, often with thousands separators (``1,250,000.50``) and
sometimes in Thai digits. A malformed separator (``1,25,000``) is more likely a
typing error than a number, so it is refused rather than guessed at.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.normalize import NormalizationError
from ingest.normalize.text import clean
from ingest.sources.base import Adapter, SourceRow

_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def normalize_amount(text: str) -> Decimal:
    """The non-negative decimal written in ``text``; NormalizationError otherwise."""
    value = clean(text)
    if not value:
        raise NormalizationError("empty", "no amount given")
    if not _AMOUNT.fullmatch(value):
        raise NormalizationError("format", f"not a number: {text!r}")
    amount = Decimal(value.replace(",", ""))
    if amount < 0:
        raise NormalizationError("range", f"must not be negative: {text!r}")
    return amount


def amount(adapter: Adapter, row: SourceRow, column: str) -> float | None:
    """The cell's amount as the graph stores it (Neo4j has no decimal type; baht and months
    are exact enough as floats), None when empty; RowError naming the column when invalid."""
    value = adapter.normalised(row, column, normalize_amount)
    return float(value) if isinstance(value, Decimal) else None
