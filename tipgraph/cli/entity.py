"""`tipgraph entity explain|unmerge`: why records were joined, and splitting them apart."""

from __future__ import annotations

import typer
from rich.table import Table

from ingest.pipeline import unmerge as run_unmerge
from queries.base import Graph
from queries.provenance import entity_provenance
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
