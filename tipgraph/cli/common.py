"""What every command needs: settings, a console, a driver, and errors a user can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from neo4j import Driver
from neo4j.exceptions import ServiceUnavailable
from rich.console import Console

from graph.connection import open_driver
from graph.server import Endpoint, ProvisioningError, endpoint
from queries.base import QueryError
from tipgraph.settings import Settings

console = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    """Print a red message on stderr and return the exit to raise."""
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the failures a user can fix into one clear line instead of a traceback."""
    try:
        yield
    except ProvisioningError as error:
        raise fail(str(error)) from None
    except ServiceUnavailable as error:
        raise fail(f"Neo4j is not reachable ({error}). Start it with `tipgraph db start`.") from None
    except QueryError as error:
        raise fail(str(error)) from None


@contextmanager
def connected(settings: Settings) -> Iterator[tuple[Driver, Endpoint]]:
    """A driver to the configured server, closed afterwards."""
    target = endpoint(settings)
    driver = open_driver(target)
    try:
        yield driver, target
    finally:
        driver.close()
