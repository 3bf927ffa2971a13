"""Several API worker processes on one port, each listening on a socket of its own.

uvicorn's own workers share one listening socket, and the worker that wakes first takes
every connection waiting: clients that keep their connections open (a proxy's pool, a
script's session) can all land on one worker while the others idle. Measured with the
benchmark's 8 keep-alive clients and 2 workers: one worker served every request. Here
each worker binds the port itself with SO_REUSEPORT, so the kernel spreads new
connections over the workers by a hash of their addresses.

The parent only supervises: a worker that dies is replaced, and SIGINT or SIGTERM stops
them all (each finishes the requests in flight, as uvicorn does). A worker that exits
before it is serving (the port is taken, the app cannot be built) stops the whole
server rather than being restarted forever.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from pathlib import Path

import uvicorn

from api.metrics import count_across_workers

APP = "api.app:served_app"  # each worker builds the app for the Neo4j NEO4J_URI names
SPAWN = multiprocessing.get_context("spawn")
STOP_S = 30.0  # how long stopping workers may finish their requests before being killed
BACKLOG = 2048  # uvicorn's default

logger = logging.getLogger("uvicorn.error")


class WorkerError(RuntimeError):
    """A worker failed as it started; its own log says why."""


def serve_workers(host: str, port: int, workers: int, metrics: Path, log_level: str = "info",
                  access_log: bool = True) -> None:
    """Serve the API (``APP``) from ``workers`` processes until SIGINT or SIGTERM; they
    count their metrics together in the folder ``metrics`` (emptied first)."""
    count_across_workers(metrics)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    running: list[_Running] = []
    try:
        running = [_start(host, port, log_level, access_log) for _ in range(workers)]
        while not stop.wait(0.5):
            for number, worker in enumerate(running):
                if worker.process.is_alive() or stop.is_set():  # Ctrl+C stops the workers too: not a death
                    continue
                if not worker.serving.is_set():
                    raise WorkerError(f"an API worker exited with code {worker.process.exitcode} before serving")
                logger.warning("API worker %s exited with code %s; starting another", worker.process.pid,
                               worker.process.exitcode)
                running[number] = _start(host, port, log_level, access_log)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _stop([worker.process for worker in running])


@dataclass(frozen=True)
class _Running:
    process: BaseProcess
    serving: Event  # set by the worker once it accepts connections


def _start(host: str, port: int, log_level: str, access_log: bool) -> _Running:
    serving = SPAWN.Event()
    process = SPAWN.Process(target=_worker, args=(host, port, log_level, access_log, serving), daemon=False)
    process.start()
    return _Running(process, serving)


def _stop(processes: list[BaseProcess]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
    deadline = time.monotonic() + STOP_S
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _worker(host: str, port: int, log_level: str, access_log: bool, serving: Event) -> None:
    """One worker: its own socket on the shared port, and uvicorn serving the app on it."""
    config = uvicorn.Config(APP, factory=True, host=host, port=port, log_level=log_level, access_log=access_log)
    _Server(config, serving).run(sockets=[_listening(host, port)])


class _Server(uvicorn.Server):
    """uvicorn's server, telling the supervisor when it has started serving."""

    def __init__(self, config: uvicorn.Config, serving: Event) -> None:
        super().__init__(config)
        self._serving = serving

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self._serving.set()


def _listening(host: str, port: int) -> socket.socket:
    """A listening TCP socket on (host, port) that other processes may bind too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(BACKLOG)
    return listener
