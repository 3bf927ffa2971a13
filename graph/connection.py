"""Connecting to Neo4j: one driver per process, and what the server says about itself."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver, GraphDatabase, Query

from graph.server import Endpoint


@dataclass(frozen=True)
class ServerInfo:
    """What `dbms.components()` reports: the kernel's name, version and edition."""

    name: str
    version: str
    edition: str


def open_driver(endpoint: Endpoint, connect_timeout_s: float = 5.0) -> Driver:
    """A driver for the endpoint.

    The timeouts are short on purpose: a health check or a CLI call should fail in
    seconds, with a clear message, when the database is down, not hang.
    """
    return GraphDatabase.driver(
        endpoint.uri,
        auth=endpoint.auth,
        connection_timeout=connect_timeout_s,
        connection_acquisition_timeout=connect_timeout_s,
        max_transaction_retry_time=connect_timeout_s,
        notifications_min_severity="OFF",  # schema hints on constant queries are for developers, not logs
    )


def server_info(driver: Driver, database: str) -> ServerInfo:
    """Ask the server, not the driver, so that the answer proves a working query path.

    An auto-commit query, not `execute_query`: that one retries for a while, and a
    health check must report a dead server at once.
    """
    query = Query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
        timeout=5.0,
    )
    with driver.session(database=database) as session:
        kernel = session.run(query).single(strict=True)
    return ServerInfo(kernel["name"], kernel["version"], kernel["edition"])


def wipe_data(driver: Driver, database: str, batch_size: int = 10_000) -> int:
    """Delete every node and relationship in batches (the schema stays); returns nodes deleted.

    Batched in separate transactions so that a large graph does not need one huge
    transaction's worth of memory. Relationships go first: detaching a batch of nodes
    would also delete all their relationships in that batch, and a province or a shop's
    account has tens of thousands (that overflowed the memory pool of a 3 GB heap).
    """
    with driver.session(database=database) as session:  # IN TRANSACTIONS needs an auto-commit query
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS", batch=batch_size).consume()
        summary = session.run(
            "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF $batch ROWS", batch=batch_size
        ).consume()
    return summary.counters.nodes_deleted
