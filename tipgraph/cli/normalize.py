"""`tipgraph normalize KIND`: one value per line on stdin, one JSON object per line out."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer

from ingest.normalize import KINDS, NormalizationError, normalize as normalize_value

Kind = StrEnum("Kind", {kind.replace("-", "_"): kind for kind in KINDS})


def normalize(kind: Kind = typer.Argument(..., help="What each line holds.")) -> None:
    """Normalise values from stdin: {"input", "value", "error", "detail"} per line.

    A value that cannot be normalised gets value null, a short error code (such as
    `checksum`) and a detail that says why. Blank lines are echoed as errors too, so
    that output line N always answers input line N.
    """
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        try:
            result = {"input": text, "value": normalize_value(kind.value, text), "error": None, "detail": None}
        except NormalizationError as error:
            result = {"input": text, "value": None, "error": error.reason, "detail": error.message}
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
