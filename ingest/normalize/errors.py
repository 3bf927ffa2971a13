"""The one exception every normaliser raises.

Ingest pipelines and the ``tipgraph normalize`` CLI need to tell *why* a value
was rejected without parsing English prose: a bad checksum on a national ID is
weak evidence worth keeping, an empty cell is not. So each error carries a short
machine ``reason`` code next to the human message.
"""

from __future__ import annotations

from typing import Literal

Reason = Literal[
    "empty",  # nothing left after clean-up (blank cell, title only)
    "format",  # characters or shape that cannot be this kind of value
    "checksum",  # well-formed identifier whose check digit is wrong
    "range",  # well-formed but impossible (31 February, year 1200)
    "script",  # a writing system we cannot romanise (Myanmar, Khmer, Lao script)
    "unknown_province",
    "unknown_country",
    "unknown_place",
    "unknown_bank",
]


class NormalizationError(ValueError):
    """A raw value that cannot be normalised; ``reason`` says why, for machines."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type[NormalizationError], tuple[Reason, str]]:
        # ValueError pickles as cls(*args) with args == (message,); ingest workers
        # send errors across process boundaries, so rebuild with both fields.
        return (type(self), (self.reason, self.message))

    def __str__(self) -> str:
        return self.message
