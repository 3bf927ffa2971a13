"""`tipgraph serve`, `tipgraph up` and `tipgraph graphql-schema`: the API, the one command
that brings everything up, and the API's schema for clients."""

from __future__ import annotations

import os

import typer
import uvicorn

from api.app import create_app
from api.metrics import Metrics
from api.schema import build_schema
from api.workers import WorkerError, serve_workers
from graph import server
from graph.connection import open_driver, server_info
from graph.constraints import apply_schema
from graph.writes import has_source_records
from ingest.synthetic.world import generate_world
from tipgraph.cli.common import console, fail, user_errors
from tipgraph.cli.ingest import ingest_dir
from tipgraph.settings import Settings, get_settings

HostOption = typer.Option(None, help="Interface to bind (default TIPGRAPH_API_HOST).")
PortOption = typer.Option(None, help="Port to bind (default TIPGRAPH_API_PORT).")
WorkersOption = typer.Option(None, min=1, max=64, help="Worker processes (default TIPGRAPH_API_WORKERS).")


def serve(host: str | None = HostOption, port: int | None = PortOption, workers: int | None = WorkersOption) -> None:
    """Serve the API (FastAPI under uvicorn) against the configured Neo4j."""
    settings = get_settings()
    _run_api(settings, server.endpoint(settings), host, port, workers)


def up(
    host: str | None = HostOption,
    port: int | None = PortOption,
    workers: int | None = WorkersOption,
    demo: bool = typer.Option(True, help="Load the small demo world when the graph holds no data yet."),
) -> None:
    """Start Neo4j, apply the schema, load the demo world into an empty graph, then serve the
    API: the one command for a new user.

    A local Neo4j that `up` itself started is stopped again when the API exits (Ctrl+C);
    one that was already running is left running.
    """
    settings = get_settings()
    local = server.EmbeddedNeo4j.from_settings(settings)
    started_here = server.choose_provider(settings) is server.Provider.EMBEDDED and not local.status().running
    with user_errors():
        target = server.start(settings, console)
        driver = open_driver(target)
        try:
            info = server_info(driver, settings.neo4j_database)
            report = apply_schema(driver, settings.neo4j_database)
            empty = not has_source_records(driver, settings.neo4j_database)
        finally:
            driver.close()
    console.print(f"Neo4j {info.version} ({info.edition}) at {target.uri} ({target.provider})")
    console.print(f"schema: {len(report.created)} created, {len(report.existing)} already present")
    if demo and empty:
        world = settings.data_dir / "demo-small"
        generate_world(world, "small", seed=0)
        console.print(f"loading the small demo world from {world} (truth: {world / 'truth.json'})")
        ingest_dir(world, None)
    try:
        _run_api(settings, target, host, port, workers)
    finally:
        if started_here:
            console.print(local.stop())


def graphql_schema() -> None:
    """Print the GraphQL schema (SDL): what docs/schema.graphql holds."""
    typer.echo(graphql_sdl(), nl=False)


def graphql_sdl() -> str:
    return str(build_schema(get_settings(), Metrics())) + "\n"


def _run_api(settings: Settings, target: server.Endpoint, host: str | None, port: int | None,
             workers: int | None) -> None:
    """One worker serves the app built here; several are processes that each build their
    own (``api.workers`` starts them), told where Neo4j is by NEO4J_URI. They share the audit log,
    the rate limits and the metrics, kept in files safe across processes."""
    bind_host = host or settings.tipgraph_api_host
    bind_port = port or settings.tipgraph_api_port
    processes = workers or settings.tipgraph_api_workers
    console.print(f"API on http://{bind_host}:{bind_port} with {processes} worker(s)  "
                  "(health: /health, metrics: /metrics)")
    console.print(f"GraphQL: http://{bind_host}:{bind_port}/graphql; a token for it: "
                  "tipgraph token create --sub NAME --agency RTP --role investigator")
    if processes == 1:
        uvicorn.run(create_app(target), host=bind_host, port=bind_port, log_level="info")
        return
    os.environ["NEO4J_URI"] = target.uri
    try:
        serve_workers(bind_host, bind_port, processes, settings.data_dir / "metrics")
    except WorkerError as error:
        raise fail(f"{error}: see the worker's log above") from None
