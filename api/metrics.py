"""Prometheus metrics of the API, served at /metrics.

Each app has its own registry, so that two apps in one process (the tests make many)
count separately. With several worker processes (`tipgraph serve --workers N`),
``api.workers`` sets PROMETHEUS_MULTIPROC_DIR: every worker then keeps its counts in
files there, and a scrape, whichever worker answers it, adds up all of them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def count_across_workers(folder: Path) -> None:
    """Make the worker processes started from here on keep their counts in ``folder``,
    emptied first: a new server counts from zero, as a single worker does. Call it
    before the workers start (prometheus_client reads the variable when imported)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[MULTIPROCESS_DIR] = str(folder)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._requests = Counter("tipgraph_http_requests", "HTTP requests by path and status code",
                                 ["path", "status"], registry=self.registry)
        self._operations = Counter("tipgraph_graphql_operations", "GraphQL operations by name and outcome "
                                   "(ok, error, denied)", ["operation", "outcome"], registry=self.registry)
        self._seconds = Histogram("tipgraph_graphql_operation_seconds", "Time to answer a GraphQL operation",
                                  ["operation"], registry=self.registry,
                                  buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))

    def request(self, path: str, status: int) -> None:
        self._requests.labels(path, str(status)).inc()

    def operation(self, name: str, outcome: str, seconds: float) -> None:
        self._operations.labels(name, outcome).inc()
        self._seconds.labels(name).observe(seconds)

    def exposition(self) -> bytes:
        if os.environ.get(MULTIPROCESS_DIR):
            every_worker = CollectorRegistry()
            multiprocess.MultiProcessCollector(every_worker)
            return generate_latest(every_worker)
        return generate_latest(self.registry)
