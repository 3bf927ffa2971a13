"""`tipgraph entity explain|unmerge|review|decide`: why records were joined, splitting them
apart, and the pairs the resolver left for a person to decide."""

from __future__ import annotations

import typer
from rich.table import Table

from ingest.pipeline import decide as run_decide
from ingest.pipeline import unmerge as run_unmerge
from queries.base import Graph
from queries.provenance import entity_provenance
from queries.review import review_queue
from tipgraph.cli.common import connected, console, fail, user_errors
from tipgraph.settings import get_settings

app = typer.Typer(help="Explain or split an entity.", no_args_is_help=True)


@app.command()
def explain(entity_id: str = typer.Argument(..., help="The entity's id, e.g. E-1a2b3c4d5e6f.")) -> None:
    """The source records behind an entity, with the score and reasons of each link."""
    settings = get_settings()
    with user_errors(), connected(settings) as (driver, _):
        provenance = entity_provenance(Graph(driver, settings.neo4j_database), entity_id)
    table = Table(title=f"{entity_id} ({', '.join(provenance.labels)}): {provenance.name}")
    for column in ("source record", "agency", "file:row", "current", "score", "reasons"):
        table.add_column(column)
    for link in provenance.sources:
        table.add_row(link.source_record, link.agency, f"{link.source_file}:{link.row}", "yes" if link.current else "no",
                      f"{link.score:.4f}", "\n".join(link.reasons))
    console.print(table)


@app.command()
def unmerge(
    entity_id: str = typer.Argument(..., help="The person entity to split."),
    records: list[str] = typer.Option(..., "--records", help="Source record ids to split off (repeat the option)."),
) -> None:
    """Split source records off a person without re-ingesting; the decision is kept for later runs."""
    settings = get_settings()
    with user_errors(), connected(settings) as (driver, _):
        try:
            entity_of = run_unmerge(driver, settings.neo4j_database, entity_id, records)
        except ValueError as error:
            raise fail(str(error)) from None
    for record in records:
        console.print(f"{record} -> {entity_of[record]}")


@app.command()
def review(limit: int = typer.Option(50, min=1, max=5_000, help="Pairs to show, most probable first.")) -> None:
    """The pairs of person records waiting for a decision (probability 0.9 to 0.999)."""
    settings = get_settings()
    with user_errors(), connected(settings) as (driver, _):
        queue = review_queue(Graph(driver, settings.neo4j_database), limit)
    table = Table(title=f"{len(queue.pairs)} pairs to decide" + (" (more wait)" if queue.truncated else ""))
    for column in ("left record", "person", "right record", "person", "probability", "reasons"):
        table.add_column(column)
    for pair in queue.pairs:
        table.add_row(f"{pair.left_record} ({pair.left_agency})", f"{pair.left.id} {pair.left.name or ''}",
                      f"{pair.right_record} ({pair.right_agency})", f"{pair.right.id} {pair.right.name or ''}",
                      f"{pair.probability:.4f}", "\n".join(pair.reasons))
    console.print(table)


@app.command()
def decide(
    left: str = typer.Argument(..., help="A current person record id."),
    right: str = typer.Argument(..., help="Another one."),
    same: bool = typer.Option(..., "--same/--different", help="One person, or two."),
) -> None:
    """Decide whether two person records are one person or two; later runs keep the decision."""
    settings = get_settings()
    with user_errors(), connected(settings) as (driver, _):
        try:
            entity_of = run_decide(driver, settings.neo4j_database, left, right, same)
        except ValueError as error:
            raise fail(str(error)) from None
    for record in (left, right):
        console.print(f"{record} -> {entity_of[record]}")
