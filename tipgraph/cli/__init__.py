"""The `tipgraph` command line (typer). Each command group lives in its own module."""

from __future__ import annotations

import typer

from tipgraph.cli import audit, db, demo, entity, ingest, normalize, resolve, serve, token

app = typer.Typer(
    name="tipgraph",
    help="Knowledge graph for trafficking-in-persons and money-laundering investigations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(entity.app, name="entity")
app.add_typer(demo.app, name="demo")
app.add_typer(token.app, name="token")
app.add_typer(audit.app, name="audit")
app.command("serve")(serve.serve)
app.command("up")(serve.up)
app.command("graphql-schema")(serve.graphql_schema)
app.command("normalize")(normalize.normalize)
app.command("resolve")(resolve.resolve)
app.command("ingest")(ingest.ingest)
app.command("ingest-dir")(ingest.ingest_dir)
