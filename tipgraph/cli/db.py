"""`tipgraph db ...`: start, stop, inspect, initialise and wipe the database."""

from __future__ import annotations

import typer
from neo4j.exceptions import DriverError, Neo4jError

from graph import server
from graph.connection import server_info, wipe_data
from graph.constraints import apply_schema, drop_schema
from tipgraph.cli.common import connected, console, fail, user_errors
from tipgraph.settings import get_settings

app = typer.Typer(help="Start, stop, inspect, initialise and wipe the Neo4j database.", no_args_is_help=True)


@app.command()
def start() -> None:
    """Start Neo4j (NEO4J_URI, else Docker, else the embedded launcher) and wait until it is ready."""
    settings = get_settings()
    with user_errors():
        target = server.start(settings, console)
        with connected(settings) as (driver, _):
            info = server_info(driver, settings.neo4j_database)
    console.print(f"Neo4j {info.version} ({info.edition}) ready at {target.uri} ({target.provider})")


@app.command()
def stop() -> None:
    """Stop the Neo4j that `db start` started (a NEO4J_URI server is left alone)."""
    with user_errors():
        console.print(server.stop(get_settings()))


@app.command()
def status() -> None:
    """Say which server is configured and whether it answers; exit 1 when it does not."""
    settings = get_settings()
    target = server.endpoint(settings)
    console.print(f"provider: {target.provider}\nuri:      {target.uri}")
    if target.provider is server.Provider.EMBEDDED:
        local = server.EmbeddedNeo4j.from_settings(settings).status()
        console.print(f"home:     {local.home}\nlog:      {local.log}\npid:      {local.pid or '-'}")
    try:
        with connected(settings) as (driver, _):
            info = server_info(driver, settings.neo4j_database)
    except (DriverError, Neo4jError, OSError) as error:
        raise fail(f"Neo4j does not answer at {target.uri}: {error}") from None
    console.print(f"status:   up, Neo4j {info.version} ({info.edition})")


@app.command()
def init() -> None:
    """Create the constraints and indexes (idempotent: a second run changes nothing)."""
    settings = get_settings()
    with user_errors(), connected(settings) as (driver, _):
        report = apply_schema(driver, settings.neo4j_database)
    console.print(f"schema: {len(report.created)} created, {len(report.existing)} already present")
    for name in report.created:
        console.print(f"  + {name}")


@app.command()
def wipe(
    yes: bool = typer.Option(False, "--yes", help="Confirm that every node and relationship is deleted."),
    schema: bool = typer.Option(False, "--schema", help="Also drop the constraints and indexes."),
) -> None:
    """Delete all data (and, with --schema, the constraints and indexes)."""
    if not yes:
        raise fail("`db wipe` deletes every node and relationship; pass --yes to confirm.")
    settings = get_settings()
    with user_errors(), connected(settings) as (driver, _):
        deleted = wipe_data(driver, settings.neo4j_database)
        dropped = drop_schema(driver, settings.neo4j_database) if schema else 0
    console.print(f"wiped: {deleted} nodes deleted" + (f", {dropped} constraints/indexes dropped" if schema else ""))
