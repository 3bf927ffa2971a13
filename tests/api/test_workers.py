"""`tipgraph serve --workers 2`, as an operator runs it: several processes, one API.

The workers are separate processes, so what must be shared is shared through files: the
audit log stays one chain, the rate limit is one limit per caller, and a metrics scrape
counts the requests of every worker, whichever worker answers it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from api.audit import AuditLog
from api.auth import create_token
from graph.server import free_port
from tests.conftest import Database
from tipgraph.settings import Settings

SEARCH = "query Find($text: String!) { search(text: $text) { hits { totalCount } } }"
BURST = 6


class Served(NamedTuple):
    url: str
    settings: Settings
    process: subprocess.Popen[str]  # `tipgraph serve`, the workers' parent

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


def _serve(db: Database, data_dir: Path, port: int) -> subprocess.Popen[str]:
    """`tipgraph serve --workers 2` on ``port`` against the session's Neo4j."""
    environment = {**os.environ, "TIPGRAPH_DATA_DIR": str(data_dir), "NEO4J_URI": db.endpoint.uri,
                   "NEO4J_USER": db.endpoint.auth[0], "NEO4J_PASSWORD": db.endpoint.auth[1],
                   "TIPGRAPH_RATE_LIMIT_BURST": str(BURST), "TIPGRAPH_RATE_LIMIT_PER_MINUTE": "1"}
    command = [sys.executable, "-m", "tipgraph", "serve", "--port", str(port), "--workers", "2"]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture
def served(db: Database, tmp_path: Path) -> Iterator[Served]:
    """Two workers on a free port against the session's Neo4j; stopped with SIGINT, as Ctrl+C does."""
    port = free_port()
    process = _serve(db, tmp_path, port)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process)
        yield Served(url, Settings(tipgraph_data_dir=tmp_path), process)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def _wait_for_health(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"tipgraph serve exited with {process.returncode}: {process.stdout.read() if process.stdout else ''}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail("tipgraph serve --workers 2 did not answer /health within 60 s")


def test_workers_share_the_audit_chain_the_rate_limit_and_the_metrics(served: Served) -> None:
    url, settings, _ = served
    bearer = create_token(settings, "somchai", "RTP", ["investigator"], (), timedelta(hours=1))
    statuses = []
    for _ in range(BURST + 2):  # a new connection each time, so the requests spread over the workers
        response = httpx.post(f"{url}/graphql", json={"query": SEARCH, "variables": {"text": "somchai"}},
                              headers={"Authorization": f"Bearer {bearer}"}, timeout=30)
        statuses.append(response.status_code)
    assert statuses == [200] * BURST + [429, 429]

    report = AuditLog.from_settings(settings).verify()
    assert report.ok, report.problems
    assert report.entries == BURST + 2

    scraped = httpx.get(f"{url}/metrics", timeout=10).text
    counted = {status: float(value) for status, value in re.findall(
        r'^tipgraph_http_requests_total\{path="/graphql",status="(\d+)"\} (\S+)$', scraped, re.MULTILINE)}
    assert counted == {"200": BURST, "429": 2}


def test_connections_opened_together_spread_over_the_workers(served: Served) -> None:
    """Sixteen connections opened at once (as a proxy opens its pool): both workers hold
    some, since each listens on a socket of its own. On one shared socket, the first
    worker to wake accepted every connection waiting, and the other idled."""
    connections = [socket.create_connection(("127.0.0.1", served.port), timeout=10) for _ in range(16)]
    try:
        deadline = time.monotonic() + 10
        while sum((held := _holders_of_connections_to(served.port)).values()) < 16 and time.monotonic() < deadline:
            time.sleep(0.05)  # until the workers have accepted them all
        assert sum(held.values()) == 16 and len(held) == 2, held
    finally:
        for connection in connections:
            connection.close()


def _holders_of_connections_to(port: int) -> Counter[int]:
    """How many server sides of established TCP connections on ``port`` each process
    holds (from /proc: the connections' socket inodes, and which process has them open)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
        if local_port == port and state == "01":  # ESTABLISHED
            inodes.add(f"socket:[{inode}]")
    holders: Counter[int] = Counter()
    for descriptor in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if os.readlink(descriptor) in inodes:
                holders[int(descriptor.parts[2])] += 1
        except OSError:  # the process or descriptor is gone
            pass
    return holders


def test_a_worker_that_dies_is_replaced(served: Served) -> None:
    [first, second] = _workers(served.process.pid)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _workers(served.process.pid)
        if first not in workers and len(workers) == 2 and _answers(served.url):
            break
        time.sleep(0.2)
    assert second in workers and first not in workers and len(workers) == 2
    assert _answers(served.url)


def test_workers_that_cannot_start_stop_the_server(db: Database, tmp_path: Path) -> None:
    """The port is held by another program: no worker can listen, and `serve` says so
    and exits instead of starting workers forever."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = _serve(db, tmp_path, taken.getsockname()[1])
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "an API worker exited with code 1 before serving" in output and "Address already in use" in output


def _workers(parent: int) -> list[int]:
    """The worker processes of `tipgraph serve` (its children other than multiprocessing's resource tracker)."""
    workers = []
    for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:  # gone since the listing
            continue
        if b"resource_tracker" not in command:
            workers.append(int(child))
    return workers


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=5).status_code == 200
    except httpx.TransportError:
        return False
