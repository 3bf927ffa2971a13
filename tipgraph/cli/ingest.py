"""`tipgraph ingest SOURCE FILE...` and `tipgraph ingest-dir DIR`: agency files into the graph."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from graph.constraints import apply_schema
from ingest.pipeline import Summary, ingest as run_ingest
from ingest.sources import SOURCES, Adapter, FileError
from tipgraph.cli.common import connected, console, fail, user_errors
from tipgraph.settings import get_settings


MANIFEST = "manifest.csv"
QuarantineOption = typer.Option(None, help="JSONL file for unusable rows (default: in the data dir).")


def ingest(
    source: str = typer.Argument(..., help=f"One of: {', '.join(SOURCES)}."),
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="CSV files in that source's format."),
    quarantine: Path | None = QuarantineOption,
) -> None:
    """Parse, normalise, resolve and write agency files; unusable rows go to quarantine."""
    adapter = SOURCES.get(source)
    if adapter is None:
        raise fail(f"unknown source {source!r}: expected one of {', '.join(SOURCES)}")
    _ingest([(adapter, path) for path in files], quarantine, source)


def ingest_dir(
    folder: Path = typer.Argument(..., exists=True, file_okay=False, help="A folder with a manifest.csv."),
    quarantine: Path | None = QuarantineOption,
) -> None:
    """Ingest every file a folder's manifest.csv names (columns file, source), in its order."""
    manifest = folder / MANIFEST
    if not manifest.exists():
        raise fail(f"{manifest} is missing: list the files to ingest with columns file,source")
    jobs = []
    with manifest.open(newline="", encoding="utf-8") as handle:
        for number, entry in enumerate(csv.DictReader(handle), start=2):
            adapter = SOURCES.get((entry.get("source") or "").strip())
            path = folder / (entry.get("file") or "").strip()
            if adapter is None:
                raise fail(f"{manifest}: row {number}: field 'source': unknown source {entry.get('source')!r}")
            if not path.is_file():
                raise fail(f"{manifest}: row {number}: field 'file': no such file {path}")
            jobs.append((adapter, path))
    _ingest(jobs, quarantine, folder.name)


def _ingest(jobs: list[tuple[Adapter, Path]], quarantine: Path | None, label: str) -> None:
    settings = get_settings()
    target = quarantine or settings.data_dir / "quarantine" / f"{datetime.now():%Y%m%d-%H%M%S}-{label}.jsonl"
    with user_errors(), connected(settings) as (driver, _):
        apply_schema(driver, settings.neo4j_database)
        try:
            summary = run_ingest(driver, settings.neo4j_database, jobs, target, console)
        except FileError as error:
            raise fail(f"{error} (nothing was written)") from None
    print_summary(summary)


def print_summary(summary: Summary) -> None:
    table = Table(title="tipgraph ingest", show_header=False)
    for name, value in (("files", summary.files), ("rows read", summary.read), ("loaded", summary.loaded),
                        ("merged into an entity", summary.merged), ("unchanged", summary.unchanged),
                        ("quarantined", summary.quarantined), ("person entities", summary.entities)):
        table.add_row(name, f"{value:,}")
    table.add_row("seconds", f"{summary.seconds:.1f}")
    console.print(table)
    console.print(f"rows read {summary.read:,} = loaded {summary.loaded:,} + merged {summary.merged:,} "
                  f"+ unchanged {summary.unchanged:,} + quarantined {summary.quarantined:,}")
    if summary.quarantine_file:
        console.print(f"quarantine: {summary.quarantine_file}")
