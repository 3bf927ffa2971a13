"""One real Neo4j 5.26 for the whole test session, chosen by `graph.server`.

NEO4J_URI set: that server. A Docker engine: testcontainers. Otherwise the embedded
launcher on a free port, in a scratch directory. Tests that touch data take the `db`
fixture, which empties the database (data, not the JVM) before each test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from neo4j import Driver

from graph.connection import open_driver, wipe_data
from graph.constraints import apply_schema
from graph.server import Endpoint, session_server
from tipgraph.settings import Settings, get_settings

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


@dataclass(frozen=True)
class Database:
    """The session's driver and database name, handed to one test."""

    driver: Driver
    name: str
    endpoint: Endpoint

    def count(self, query: str, **params: object) -> int:
        """The single number a counting query returns."""
        return self.driver.execute_query(query, params, database_=self.name).records[0][0]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def neo4j_endpoint(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with session_server(settings, tmp_path_factory.mktemp("neo4j-session")) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def session_driver(neo4j_endpoint: Endpoint) -> Iterator[Driver]:
    driver = open_driver(neo4j_endpoint)
    yield driver
    driver.close()


@pytest.fixture
def db(session_driver: Driver, neo4j_endpoint: Endpoint) -> Database:
    """An empty database with the tipgraph schema applied."""
    wipe_data(session_driver, neo4j_endpoint.database)
    apply_schema(session_driver, neo4j_endpoint.database)
    return Database(session_driver, neo4j_endpoint.database, neo4j_endpoint)
