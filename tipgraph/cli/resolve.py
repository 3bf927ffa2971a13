"""`tipgraph resolve`: entity resolution of a person CSV, without the database."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import typer
from rich.table import Table

from ingest.resolve import Decision, PairDecision, Resolution, ResolveOptions, read_records, resolve as run_resolve
from ingest.resolve.records import RecordFileError
from tipgraph.cli.common import console, fail


def resolve(
    input_csv: Path = typer.Argument(..., exists=True, dir_okay=False, help="Columns record_id, agency, name, "
                                     "dob, national_id, passport, phone, nationality, sex, address."),
    output: Path = typer.Option(..., "--output", "-o", help="Writes record_id,entity_id, one row per input record."),
    explain: Path | None = typer.Option(None, help="Writes every linked (or constraint-refused) pair with its reasons."),
    review: Path | None = typer.Option(None, help="Writes the grey-zone pairs for a person to accept or reject."),
    match_threshold: float = typer.Option(ResolveOptions.match_threshold, min=0.0, max=1.0),
    review_threshold: float = typer.Option(ResolveOptions.review_threshold, min=0.0, max=1.0),
    one_per_agency: bool = typer.Option(False, help="Never put two records of one agency in one entity."),
) -> None:
    """Resolve person records into entities (blocking, Fellegi-Sunter scoring, constrained clustering)."""
    started = time.perf_counter()
    try:
        records = list(read_records(input_csv))
    except RecordFileError as error:
        raise fail(str(error)) from None
    options = ResolveOptions(match_threshold=match_threshold, review_threshold=review_threshold,
                             one_per_agency=one_per_agency)
    with console.status("resolving") as status:
        resolution = run_resolve(records, options, progress=lambda stage: status.update(f"resolving: {stage}"))

    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "entity_id"])
        writer.writerows((record.record_id, resolution.entity_ids[record.record_id]) for record in records)
    counts = {
        "explain": _write_pairs(explain, resolution, Decision.MATCH, Decision.REFUSED) if explain else None,
        "review": _write_pairs(review, resolution, Decision.REVIEW) if review else None,
    }
    _summary(resolution, len(records), time.perf_counter() - started, counts)


def _write_pairs(path: Path, resolution: Resolution, *decisions: Decision) -> int:
    columns = ["left_record_id", "right_record_id", "decision", "probability", "weight", "reasons"]
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for pair in resolution.pairs(*decisions):
            writer.writerow(_pair_row(pair))
            written += 1
    return written


def _pair_row(pair: PairDecision) -> list[str]:
    return [pair.left, pair.right, str(pair.decision), f"{pair.probability:.6f}", f"{pair.weight:.2f}",
            "; ".join(pair.reasons)]


def _summary(resolution: Resolution, record_count: int, seconds: float, written: dict[str, int | None]) -> None:
    table = Table(title="tipgraph resolve", show_header=False)
    table.add_row("records", f"{record_count:,}")
    table.add_row("entities", f"{len(set(resolution.entity_ids.values())):,}")
    table.add_row("candidate pairs", f"{resolution.candidate_pairs:,}")
    for decision in (Decision.MATCH, Decision.REVIEW, Decision.REFUSED):
        table.add_row(f"pairs: {decision}", f"{resolution.count(decision):,}")
    for name, count in written.items():
        if count is not None:
            table.add_row(f"{name} rows written", f"{count:,}")
    table.add_row("seconds", f"{seconds:.2f}")
    console.print(table)
