"""`tipgraph token ...`: issue bearer tokens for people and API keys for services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from api.auth import create_api_key, create_token, parse_ttl
from api.secrets import SecretsError
from tipgraph.cli.common import fail
from tipgraph.settings import get_settings

app = typer.Typer(help="Issue bearer tokens and API keys for the GraphQL API.", no_args_is_help=True)

AgencyOption = typer.Option(..., "--agency", help="The caller's agency code, e.g. AMLO.")
RoleOption = typer.Option(..., "--role", help="A role (repeatable): investigator, analyst, prosecutor, ...")
ClearanceOption = typer.Option([], "--clearance", help="A clearance (repeatable): victim-pii.")


@app.command()
def create(
    sub: str = typer.Option(..., "--sub", help="Who the token is for (the audit log records it)."),
    agency: str = AgencyOption,
    role: list[str] = RoleOption,
    clearance: list[str] = ClearanceOption,
    ttl: str = typer.Option("8h", "--ttl", help="Lifetime such as 90s, 30m, 8h or 2d (at most 30 days)."),
) -> None:
    """Print a signed token, alone on stdout, so that `TOKEN=$(tipgraph token create ...)` works."""
    with issuing_errors():
        token = create_token(get_settings(), sub, agency, role, clearance, parse_ttl(ttl))
    typer.echo(token)


@app.command()
def apikey(
    name: str = typer.Option(..., "--name", help="The service the key is for; issuing a name again replaces its key."),
    agency: str = AgencyOption,
    role: list[str] = RoleOption,
    clearance: list[str] = ClearanceOption,
) -> None:
    """Print a new API key for a service; only its hash is stored, so this is the one time it is shown."""
    with issuing_errors():
        key = create_api_key(get_settings(), name, agency, role, clearance)
    typer.echo(key)


@contextmanager
def issuing_errors() -> Iterator[None]:
    """A bad argument exits 2, as click does for its own; a key that cannot be used exits 1."""
    try:
        yield
    except ValueError as error:
        fail(str(error))
        raise typer.Exit(code=2) from None
    except SecretsError as error:
        raise fail(str(error)) from None
