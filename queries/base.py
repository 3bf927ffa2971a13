"""What every query shares: the graph it reads, under a timeout and a row cap.

A query function takes a ``Graph`` first, then typed parameters, and returns frozen
dataclasses. Every statement goes through ``Graph.read``: parameterised (labels and
relationship types only from ``graph.schema``), read-only, and bounded by the
transaction timeout, so that no question can hold the database for long.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, Driver, Query, Record

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_LIMIT = 1_000


class QueryError(ValueError):
    """A question that cannot be asked as put (bad parameter, unknown entity); the message says which."""


@dataclass(frozen=True)
class Graph:
    """The database a query reads, and the bounds it runs under."""

    driver: Driver
    database: str
    timeout_s: float = DEFAULT_TIMEOUT_S
    # For a reader who may not see victims: an id naming a victim's document, phone or
    # address is not found (see queries.entities.find_entity).
    withholds_victims: bool = False

    def read(self, cypher: str, **params: Any) -> list[Record]:
        """Run one read-only statement with ``params`` as parameters, under the timeout.

        An auto-commit transaction in read access mode (the server refuses writes): one
        round trip, where a managed transaction's begin and commit cost a fifth of a
        network question. It is not retried: a read that fails is the caller's to repeat
        (the driver itself replaces a pooled connection the server has closed)."""
        with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
            return list(session.run(Query(cypher, timeout=self.timeout_s), params))


@dataclass(frozen=True)
class EntityRef:
    """A node as results show it: id, labels, a display name and the agencies its facts come from."""

    id: str
    labels: tuple[str, ...]
    name: str | None
    agencies: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """A relationship as results show it, with the agencies of the source records asserting it."""

    type: str
    start: str
    end: str
    properties: dict[str, Any]
    agencies: tuple[str, ...]


def check_range(name: str, value: int, low: int, high: int) -> int:
    """``value`` if it is an integer with low <= value <= high, else a QueryError naming the
    parameter (some bounds become query text, such as a path pattern's length)."""
    if type(value) is not int:
        raise QueryError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise QueryError(f"{name} must be between {low} and {high}, got {value}")
    return value
