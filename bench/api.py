"""Throughput and latency of the GraphQL API as clients see it, and what GraphQL and auth add.

Run by hand: `PYTHAINLP_OFFLINE=1 .venv/bin/python bench/api.py [--size small|medium] [--duration S] [--workers N]`,
or on a world already loaded (the large one takes long to ingest):
`NEO4J_URI=bolt://... .venv/bin/python bench/api.py --size large --loaded WORLD_DIR`.

Three kinds of process, so that the load generator does not share an interpreter (or a
GIL) with the app it measures:

* this one: provides Neo4j (a fresh embedded one with the demo world of ``--size``
  generated and ingested, as bench/queries.py does, or the server NEO4J_URI names),
  mints the bearer tokens and times the direct calls;
* the app under test: ``api.app.served_app`` under uvicorn with ``--workers`` processes
  (as `tipgraph serve --workers N` runs it), on a free loopback port, with the rate limit
  lifted so that it is the API being measured and not the limiter, and a scratch data
  directory: every request still appends to the hash-chained audit log and takes a
  token from the shared rate-limit file, which are part of the cost. Its access log is
  off: that is a deployment's choice;
* the load generator: N closed-loop clients (N = 1, 8, 32), each with its own keep-alive
  connection and token (an investigator with the victim-pii clearance), asking POST
  /graphql over and over over inputs from the world's truth (``workloads()`` of
  bench/queries.py): the 2-hop network of ring suspects, cases and mule accounts, and a
  name search, half of the names romanised. The clients are asyncio tasks in one thread,
  each on a connection of its own that speaks just enough HTTP/1.1 (``_Connection``): on
  2 cores shared with the API, 32 threads would spend the client's share of the CPU
  handing the GIL around, and a general HTTP client costs more CPU per request than the
  requests measured can spare. The client's CPU is reported (client CPU %, of one core)
  so that a saturated client can be told from a saturated API, with the API's processes'
  (API CPU %, of one core, all workers) and the machine's (of all cores; the rest is
  mostly Neo4j), read from /proc over the same window.
  Each level runs ``--warmup`` seconds, then ``--duration`` seconds are measured: requests
  per second and p50/p95 latency of the requests that completed in that window. Any
  status other than 200, or a GraphQL error, is counted and fails the run.

The overhead of HTTP, GraphQL, authentication and the audit log over the library is the
API's p50 with one client over the p50 of calling ``queries.network.network`` and
``queries.search.search`` directly in this process, on the same inputs, the same server,
warm, one at a time. The direct call includes no HTTP on purpose: the ratio is what a
client pays for going through the API. Results go to bench/out/api-SIZE-Nw.json.

With ``--floor`` the same clients also ask, just before the API, the least an endpoint
on this stack does for the same questions (``floor_app``, one process): uvicorn and one
Starlette route that runs the query function on a worker thread, as the API's resolvers
do, and answers with a constant body; no GraphQL, authentication, rate limit, audit or
metrics, and not even the answer written. Its p50 over the direct call's is a lower
bound for any endpoint on this stack, and the API's p50 over the floor's is what
GraphQL, authentication and the audit log add to it ("over floor").
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# Python puts bench/ first on the path, and there this file is `api`, which would shadow
# the project's package. The spawned children get this process's path, without bench/.
if str(BENCH) in sys.path:
    sys.path.remove(str(BENCH))

import argparse
import asyncio
import importlib.util
import json
import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from types import ModuleType
from typing import Any

import httpx
import uvicorn
from rich.console import Console
from rich.table import Table
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from api.auth import create_token
from api.workers import APP, serve_workers
from api.policy import VICTIM_PII, Role
from graph import server
from graph.connection import open_driver
from graph.server import free_port, session_server
from queries.base import Graph
from queries.network import network
from queries.search import search
from tipgraph.settings import Settings, get_settings

OUT = BENCH / "out"
CLIENTS = (1, 8, 32)
LIFTED = 1_000_000_000  # requests a minute and burst: no caller is ever held back
OVERHEAD_TARGET = 1.3  # API p50 at 1 client over the direct call's p50, at most
SEARCH_RPS_TARGET = 300  # search requests a second at 8 clients, at least
SEARCH_RPS_CLIENTS = 8
REQUEST_TIMEOUT_S = 120.0
SPAWN = multiprocessing.get_context("spawn")
FLOOR_BODY = b'{"data": {}}'

# What an investigator's client asks: every node of the network (the default limit is
# 500, so one page of 500 holds them all, as the direct call returns them all) with its
# hops and entity, and the type of every link; the hits of a search with their entity.
NETWORK = """query Network($id: ID!) { network(entityId: $id, hops: 2) {
  nodes(first: 500) { totalCount edges { node { hops entity { id name agencies } } } }
  links { type } truncated } }"""
SEARCH = """query Search($text: String!) { search(text: $text) {
  hits { edges { node { score matchedName entity { id name agencies } } } } truncated } }"""


@dataclass(frozen=True)
class Question:
    """One query of the API: its GraphQL document, the variable that carries an input,
    the inputs, and the same question asked of ``queries/`` directly. Picklable: the
    load generator receives it."""

    name: str
    document: str
    variable: str
    inputs: tuple[str, ...]
    direct: Callable[[Graph, str], object]


def questions(workloads: list[Any]) -> list[Question]:
    """The network and search workloads of bench/queries.py, as API questions."""
    inputs = {workload.name: workload.inputs for workload in workloads}
    return [
        Question("network, 2 hops", NETWORK, "id", tuple(item[1] for item in inputs["network, 2 hops"]),
                 partial(network, hops=2)),
        Question("search", SEARCH, "text", tuple(inputs["search"]), search),
    ]


def bench_queries() -> ModuleType:
    """bench/queries.py, for its ``workloads()``, loaded from its file: ``queries`` names
    the project's package. It takes bench/ off the path as it loads, as this script did,
    so bench/ goes back on for it to take off."""
    spec = importlib.util.spec_from_file_location("bench_queries", BENCH / "queries.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    sys.path.insert(0, str(BENCH))
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ the app under test


def serve(environment: dict[str, str], port: int, workers: int, floor: tuple[Question, ...] = ()) -> None:
    """The app as `tipgraph serve --workers N` runs it (each worker builds
    ``api.app.served_app`` from the environment), less the access log; or, given
    questions as ``floor``, ``floor_app`` for them in one process."""
    os.environ.update(environment)
    if floor:
        uvicorn.run(floor_app(floor), host="127.0.0.1", port=port, log_level="warning", access_log=False)
        return
    if workers == 1:
        uvicorn.run(APP, factory=True, host="127.0.0.1", port=port, log_level="warning",
                    access_log=False)
        return
    serve_workers("127.0.0.1", port, workers, Path(environment["TIPGRAPH_DATA_DIR"]) / "metrics", log_level="warning",
                  access_log=False)


def floor_app(asked: tuple[Question, ...]) -> Starlette:
    """An endpoint that does for the questions ``asked`` no more than any endpoint on this
    stack must: the request's JSON read, the question's query function run on a worker
    thread (as ``api.schema.context.Context.ask`` runs it) for the Neo4j the environment
    names, and a response sent. Its body is constant (``FLOOR_BODY``): leaving out
    writing the answer keeps the floor a lower bound."""
    by_document = {question.document: question for question in asked}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        settings = get_settings()
        endpoint = server.endpoint(settings)
        driver = open_driver(endpoint)
        app.state.graph = Graph(driver, endpoint.database, timeout_s=settings.neo4j_tx_timeout_s)
        try:
            yield
        finally:
            driver.close()

    async def answer(request: Request) -> Response:
        payload = json.loads(await request.body())
        question = by_document[payload["query"]]
        await asyncio.to_thread(question.direct, request.app.state.graph, payload["variables"][question.variable])
        return Response(FLOOR_BODY, media_type="application/json")

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/graphql", answer, methods=["POST"]), Route("/health", health)],
                     lifespan=lifespan)


@contextmanager
def api_server(environment: dict[str, str], workers: int,
               floor: tuple[Question, ...] = ()) -> Iterator[tuple[str, int]]:
    """The app (or with ``floor``, ``floor_app``) in its own process(es) until the block
    ends; yields its base URL and the pid of its first process (its workers are that
    process's children) once /health answers 200."""
    port = free_port()
    process = SPAWN.Process(target=serve, args=(environment, port, workers, floor), daemon=False)
    process.start()
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            if not process.is_alive():
                raise RuntimeError(f"the API process exited with code {process.exitcode} while starting")
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the API at {url} did not answer /health with 200 within 120 s")
            time.sleep(0.2)
        assert process.pid is not None
        yield url, process.pid
    finally:
        process.terminate()  # SIGTERM: the workers finish their requests; each lifespan closes its driver
        process.join(60)
        if process.is_alive():
            process.kill()
            process.join()


# ------------------------------------------------------------------ the load generator


def generate(url: str, api_pid: int, tokens: list[str], question: Question, levels: tuple[int, ...],
             warmup: float, duration: float) -> list[dict[str, Any]]:
    """One question at every level of concurrency; runs in the load generator's process."""
    return asyncio.run(_generate(url, api_pid, tokens, question, levels, warmup, duration))


async def _generate(url: str, api_pid: int, tokens: list[str], question: Question, levels: tuple[int, ...],
                    warmup: float, duration: float) -> list[dict[str, Any]]:
    clients = [await _Connection.open(url, token) for token in tokens]
    try:
        for item in question.inputs:  # each input once, as the direct calls are warmed
            problem = await _ask(clients[0], question, item)
            if problem:
                raise RuntimeError(f"{question.name} {item!r}: {problem}")
        return [await _level(clients[:level], api_pid, question, warmup, duration) for level in levels]
    finally:
        for client in clients:
            await client.close()


class _Connection:
    """One keep-alive HTTP/1.1 connection that POSTs JSON and reads a response by its
    Content-Length, which is all the benchmark asks. httpx spent 0.9 ms of CPU a request
    (a fifth of a core at 250 requests a second), taken from the 2 cores under test and
    added to every latency."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> None:
        self._reader, self._writer, self._head = reader, writer, head

    @classmethod
    async def open(cls, url: str, token: str) -> _Connection:
        address = httpx.URL(url)
        reader, writer = await asyncio.open_connection(address.host, address.port)
        head = (f"Host: {address.host}:{address.port}\r\nAuthorization: Bearer {token}\r\n"
                "Content-Type: application/json\r\n").encode()
        return cls(reader, writer, head)

    async def post(self, path: str, payload: dict[str, Any]) -> tuple[int, bytes]:
        """(status, body) of one request, after the whole response is read."""
        body = json.dumps(payload).encode()
        self._writer.write(b"POST %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s" % (
            path.encode(), self._head, len(body), body))
        status = int((await asyncio.wait_for(self._reader.readline(), REQUEST_TIMEOUT_S)).split()[1])
        length = None
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError(f"HTTP {status} without Content-Length")
        return status, await self._reader.readexactly(length)

    async def close(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()


async def _ask(client: _Connection, question: Question, item: str) -> str | None:
    """None when the API answered, else what went wrong: a status other than 200, or GraphQL errors."""
    status, body = await client.post("/graphql", {"query": question.document, "variables": {question.variable: item}})
    if status != 200:
        return f"HTTP {status}: {body[:300].decode(errors='replace')}"
    errors = json.loads(body).get("errors")
    return f"GraphQL errors: {json.dumps(errors)[:300]}" if errors else None


async def _level(clients: list[_Connection], api_pid: int, question: Question, warmup: float,
                 duration: float) -> dict[str, Any]:
    """Closed loop: each client asks again as soon as it is answered, starting at its own
    place in the inputs. Latencies and throughput count the requests answered in the
    measured window; errors count everywhere."""
    began = time.perf_counter()
    measured_from, until = began + warmup, began + warmup + duration
    latencies: list[float] = []
    errors: list[str] = []
    inputs = question.inputs

    async def client(number: int) -> None:
        position = number * len(inputs) // len(clients)
        while (start := time.perf_counter()) < until:
            problem = await _ask(clients[number], question, inputs[position % len(inputs)])
            end = time.perf_counter()
            position += 1
            if problem:
                errors.append(f"{inputs[(position - 1) % len(inputs)]!r}: {problem}")
            if measured_from <= end <= until:
                latencies.append(end - start)

    async def cpu_used() -> dict[str, int]:
        """CPU in the measured window, in % of one core: the load generator's, the API's
        processes', and the whole machine's (of all its cores; Neo4j is most of the rest)."""
        await asyncio.sleep(max(0.0, measured_from - time.perf_counter()))
        client_from, api_from, (busy_from, total_from) = time.process_time(), _ticks(_tree(api_pid)), _machine()
        await asyncio.sleep(max(0.0, until - time.perf_counter()))
        busy, total = _machine()
        return {"loadgen_cpu_pct": round(100 * (time.process_time() - client_from) / duration),
                "api_cpu_pct": round(100 * (_ticks(_tree(api_pid)) - api_from) / TICKS / duration),
                "machine_cpu_pct": round(100 * os.cpu_count() * (busy - busy_from) / max(total - total_from, 1))}

    cpu, *_ = await asyncio.gather(cpu_used(), *(client(number) for number in range(len(clients))))
    return {"query": question.name, "clients": len(clients), "requests": len(latencies),
            "rps": round(len(latencies) / duration, 1), "p50_ms": _ms(latencies, 0.5),
            "p95_ms": _ms(latencies, 0.95), "errors": len(errors), "first_errors": errors[:3], **cpu}


TICKS = os.sysconf("SC_CLK_TCK")  # the unit of /proc's CPU times


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (an API's workers), from /proc."""
    found, waiting = [], [pid]
    while waiting:
        process = waiting.pop()
        found.append(process)
        for task in Path(f"/proc/{process}/task").glob("*/children"):
            waiting += [int(child) for child in task.read_text().split()]
    return found


def _ticks(pids: list[int]) -> int:
    """CPU time (user + system, in ticks) the processes used so far; a process gone counts 0."""
    used = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        used += int(fields[11]) + int(fields[12])
    return used


def _machine() -> tuple[int, int]:
    """(busy, all) CPU ticks of the machine since boot, from /proc/stat."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return sum(ticks) - idle, sum(ticks)


def _ms(seconds: list[float], share: float) -> float | None:
    """A percentile in ms to 0.01 ms: the overhead is a ratio of two p50s of a few ms, which
    rounding each to 0.1 ms would move by up to 4 %."""
    if len(seconds) < 2:
        return round(seconds[0] * 1000, 2) if seconds else None
    return round(statistics.quantiles(seconds, n=100, method="inclusive")[int(share * 100) - 1] * 1000, 2)


# ------------------------------------------------------------------ the direct calls


def time_direct(question: Question, graph: Graph, duration: float) -> dict[str, Any]:
    """The query function called in this process, one call at a time, for ``duration``
    seconds over the inputs in order, after every input once (as the API is warmed)."""
    for item in question.inputs:
        question.direct(graph, item)
    latencies: list[float] = []
    until = time.perf_counter() + duration
    position = 0
    while (start := time.perf_counter()) < until:
        question.direct(graph, question.inputs[position % len(question.inputs)])
        latencies.append(time.perf_counter() - start)
        position += 1
    return {"calls": len(latencies), "p50_ms": _ms(latencies, 0.5), "p95_ms": _ms(latencies, 0.95)}


# ------------------------------------------------------------------ the run


def judged(rows: list[dict[str, Any]], direct: dict[str, dict[str, Any]]) -> None:
    """Add to each 1-client row its p50 over the direct call's (and the API's over the
    floor's, when the floor was measured), and to the API's rows each target's verdict."""
    floors = {row["query"]: row["p50_ms"] for row in rows if row["served"] == "floor" and row["clients"] == 1}
    for row in rows:
        if row["clients"] == 1 and row["p50_ms"] is not None:
            row["direct_p50_ms"] = direct[row["query"]]["p50_ms"]
            row["overhead_p50"] = round(row["p50_ms"] / max(row["direct_p50_ms"], 0.1), 2)
            if row["served"] == "API" and floors.get(row["query"]):
                row["floor_p50_ms"] = floors[row["query"]]
                row["over_floor_p50"] = round(row["p50_ms"] / row["floor_p50_ms"], 2)
            if row["served"] == "API":
                row["target"] = f"overhead <= {OVERHEAD_TARGET}x: " + \
                    ("met" if row["overhead_p50"] <= OVERHEAD_TARGET else "missed")
        if row["served"] == "API" and row["query"] == "search" and row["clients"] == SEARCH_RPS_CLIENTS:
            row["target"] = f">= {SEARCH_RPS_TARGET} req/s: " + ("met" if row["rps"] >= SEARCH_RPS_TARGET else "missed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["small", "medium", "large"], default="medium")
    parser.add_argument("--loaded", type=Path, metavar="WORLD_DIR",
                        help="the world generated in WORLD_DIR is already loaded into the server NEO4J_URI names "
                             "(`tipgraph demo load WORLD_DIR`): measure the API on it, without generating or ingesting")
    parser.add_argument("--duration", type=float, default=10.0,
                        help="seconds measured per (query, clients), and of direct calls per query")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load before each measured window")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of the API, as `tipgraph serve --workers N` runs them")
    parser.add_argument("--floor", action="store_true",
                        help="also measure floor_app (HTTP and a worker thread; no GraphQL, auth or audit) "
                             "before the API, and the API's p50 over it")
    args = parser.parse_args()
    console = Console(width=240)
    settings = get_settings()
    with tempfile.TemporaryDirectory() as scratch, session_server(settings, Path(scratch)) as endpoint:
        driver = open_driver(endpoint)
        try:
            asked_about = bench_queries()
            truth = asked_about.prepared_world(driver, endpoint.database, args.size, args.loaded, Path(scratch),
                                               console)
            nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=endpoint.database).records[0]["n"]
            asked = questions(asked_about.workloads(driver, endpoint.database, truth))
            environment = {"TIPGRAPH_DATA_DIR": str(Path(scratch) / "api"), "NEO4J_URI": endpoint.uri,
                           "NEO4J_USER": endpoint.auth[0], "NEO4J_PASSWORD": endpoint.auth[1],
                           "NEO4J_DATABASE": endpoint.database, "TIPGRAPH_RATE_LIMIT_PER_MINUTE": str(LIFTED),
                           "TIPGRAPH_RATE_LIMIT_BURST": str(LIFTED)}
            api_settings = Settings(tipgraph_data_dir=Path(scratch) / "api", tipgraph_rate_limit_per_minute=LIFTED,
                                    tipgraph_rate_limit_burst=LIFTED)
            # Minted before the app starts, so that in development the signing key is
            # generated here, once, and the app reads the same one.
            tokens = [create_token(api_settings, f"bench-{number}", "RTP", [Role.INVESTIGATOR], [VICTIM_PII],
                                   timedelta(hours=12)) for number in range(max(CLIENTS))]
            graph = Graph(driver, endpoint.database, timeout_s=api_settings.neo4j_tx_timeout_s)
            direct: dict[str, dict[str, Any]] = {}
            rows: list[dict[str, Any]] = []
            with api_server(environment, args.workers) as (url, api_pid), \
                    (api_server(environment, 1, tuple(asked)) if args.floor else nullcontext()) as floor, \
                    ProcessPoolExecutor(1, mp_context=SPAWN) as pool:
                console.print(f"API on {url}{f', floor on {floor[0]}' if floor else ''}; per query: direct calls, "
                              f"then {CLIENTS} clients, {args.warmup:g} s warm-up and {args.duration:g} s measured "
                              "per level")
                servers = ([("floor", *floor)] if floor else []) + [("API", url, api_pid)]
                for question in asked:
                    # Direct calls just before the API's levels, so that a machine whose
                    # load drifts shows both sides of the ratio much the same.
                    direct[question.name] = time_direct(question, graph, args.duration)
                    for served, at, pid in servers:
                        levels = pool.submit(generate, at, pid, tokens, question, CLIENTS, args.warmup,
                                             args.duration).result()
                        rows += [{"served": served, **level} for level in levels]
                        console.print(f"  {question.name}: direct p50 {direct[question.name]['p50_ms']} ms; {served} "
                                      + ", ".join(f"{level['clients']} clients {level['rps']} req/s p50 "
                                                  f"{level['p50_ms']} ms" for level in levels))
        finally:
            driver.close()
    judged(rows, direct)
    size = truth.size if args.loaded else args.size
    served = f"GraphQL API, uvicorn with {args.workers} worker(s)" + (", and the floor" if args.floor else "")
    table = Table(title=f"{served}, on the {size} demo world ({nodes:,} nodes); "
                        f"{args.duration:g} s per level after {args.warmup:g} s of warm-up")
    for column in ("served", "query", "clients", "requests", "req/s", "p50 ms", "p95 ms", "errors", "client CPU %",
                   "server CPU %", "machine CPU %", "direct p50 ms", "overhead p50", "floor p50 ms", "over floor",
                   "target"):
        table.add_column(column, justify="left" if column in ("served", "query", "target") else "right",
                         no_wrap=True)
    for row in rows:
        table.add_row(row["served"], row["query"], str(row["clients"]), str(row["requests"]), str(row["rps"]),
                      str(row["p50_ms"]), str(row["p95_ms"]), str(row["errors"]), str(row["loadgen_cpu_pct"]),
                      str(row["api_cpu_pct"]), str(row["machine_cpu_pct"]), str(row.get("direct_p50_ms", "")),
                      str(row.get("overhead_p50", "")), str(row.get("floor_p50_ms", "")),
                      str(row.get("over_floor_p50", "")), row.get("target", ""))
    console.print(table)
    OUT.mkdir(exist_ok=True)
    result = {"size": size, "nodes": nodes, "server": served, "warmup_s": args.warmup,
              "duration_s": args.duration, "targets": {"overhead_p50_max": OVERHEAD_TARGET,
              "search_rps_min": SEARCH_RPS_TARGET, "search_rps_clients": SEARCH_RPS_CLIENTS},
              "direct": direct, "levels": rows}
    (OUT / f"api-{size}-{args.workers}w.json").write_text(json.dumps(result, indent=2))
    failed = [row for row in rows if row["errors"]]
    if failed:
        for row in failed:
            console.print(f"[red]{row['served']}, {row['query']}, {row['clients']} clients: {row['errors']} errors, "
                          f"first: {row['first_errors']}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
