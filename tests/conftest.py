"""One real Neo4j 5.26 for the whole test session, chosen by `graph.server`.

NEO4J_URI set: that server. A Docker engine: testcontainers. Otherwise the embedded
launcher on a free port, in a scratch directory. Tests that touch data take the `db`
fixture, which empties the database (data, not the JVM) before each test, or the
`demo` fixture, the small demo world loaded once and shared by read-only tests until a
`db` test empties the database again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from neo4j import Driver

from graph.connection import open_driver, wipe_data
from graph.constraints import apply_schema
from graph.server import Endpoint, session_server
from ingest.pipeline import ingest
from ingest.sources import SOURCES
from ingest.synthetic.world import MANIFEST_ORDER, WorldTruth, generate_world
from tipgraph.settings import Settings, get_settings

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the demo world run last, together, so that it is loaded once: a test that
    empties the database between two of them would force a reload."""
    items.sort(key=lambda item: "demo" in getattr(item, "fixturenames", ()))


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


@dataclass(frozen=True)
class DemoWorld:
    """The small demo world as loaded: its database, its files and its ground truth."""

    db: Database
    folder: Path
    truth: WorldTruth


@pytest.fixture(scope="session")
def _holds_demo() -> dict[str, bool]:
    """Whether the session database currently holds the demo world (a `db` test empties it)."""
    return {"loaded": False}


@pytest.fixture
def db(session_driver: Driver, neo4j_endpoint: Endpoint, _holds_demo: dict[str, bool]) -> Database:
    """An empty database with the tipgraph schema applied."""
    wipe_data(session_driver, neo4j_endpoint.database)
    apply_schema(session_driver, neo4j_endpoint.database)
    _holds_demo["loaded"] = False
    return Database(session_driver, neo4j_endpoint.database, neo4j_endpoint)


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WorldTruth]:
    folder = tmp_path_factory.mktemp("demo-world")
    return folder, generate_world(folder, "small", seed=0)


@pytest.fixture
def demo(session_driver: Driver, neo4j_endpoint: Endpoint, demo_files: tuple[Path, WorldTruth],
         _holds_demo: dict[str, bool]) -> DemoWorld:
    """The small demo world, ingested once and kept while no `db` test intervenes. Tests
    that take it must not write."""
    folder, truth = demo_files
    database = Database(session_driver, neo4j_endpoint.database, neo4j_endpoint)
    if not _holds_demo["loaded"]:
        load_demo(database, folder)
        _holds_demo["loaded"] = True
    return DemoWorld(database, folder, truth)


def load_demo(database: Database, folder: Path) -> None:
    """Empty ``database`` and ingest the demo world's files in ``folder`` into it; a test
    that writes to the world takes `db` and loads its own."""
    wipe_data(database.driver, database.name)
    apply_schema(database.driver, database.name)
    jobs = [(SOURCES[source], folder / f"{source}.csv") for source in MANIFEST_ORDER]
    summary = ingest(database.driver, database.name, jobs, folder / "quarantine.jsonl")
    assert summary.quarantined == 0, f"the demo world quarantined rows: see {folder / 'quarantine.jsonl'}"
