"""`tipgraph demo generate|load`: a synthetic investigation world to try the graph on."""

from __future__ import annotations

from pathlib import Path

import typer

from ingest.synthetic.world import SIZES, generate_world
from tipgraph.cli.common import console, fail
from tipgraph.cli.ingest import ingest_dir

app = typer.Typer(help="A synthetic investigation world to try the graph on.", no_args_is_help=True)


@app.command()
def generate(
    out_dir: Path = typer.Argument(..., file_okay=False, help="Folder for the CSVs, manifest.csv and truth.json."),
    size: str = typer.Option("small", help=f"One of: {', '.join(SIZES)}."),
    seed: int = typer.Option(0, help="The same seed gives the same world."),
) -> None:
    """Write trafficking rings as the ten agencies' files, with the truth to score analyses against."""
    if size not in SIZES:
        raise fail(f"unknown size {size!r}: expected one of {', '.join(SIZES)}")
    truth = generate_world(out_dir, size, seed)
    console.print(f"{len(truth.rings)} rings, {len(truth.identities):,} person rows written to {out_dir}")


@app.command()
def load(out_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="A folder `demo generate` wrote.")) -> None:
    """Ingest a generated world, as `tipgraph ingest-dir` does."""
    ingest_dir(out_dir, None)
