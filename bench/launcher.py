"""Measure the embedded Neo4j launcher: start time, stop time and resident memory.

Run by hand: `.venv/bin/python bench/launcher.py [--runs 5]`. Each run starts the
launcher on a fresh store (the jar is already built), waits for READY, runs one
query, reads the JVM's resident set size from /proc, then stops it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graph.connection import open_driver, server_info
from graph.server import EmbeddedNeo4j, free_port
from tipgraph.settings import get_settings


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings = get_settings()
    starts, stops, rss, version = [], [], [], ""
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.runs):
            server = EmbeddedNeo4j(
                Path(scratch) / f"run{run}", free_port(), settings.neo4j_heap, settings.neo4j_pagecache,
                settings.tipgraph_launcher_dir, settings.auth, settings.neo4j_database,
            )
            server.ensure_jar()
            began = time.perf_counter()
            server.start()
            with open_driver(server.endpoint()) as driver:
                version = server_info(driver, settings.neo4j_database).version
            starts.append(time.perf_counter() - began)
            rss.append(rss_mib(server.status().pid or 0))
            began = time.perf_counter()
            server.stop()
            stops.append(time.perf_counter() - began)
    table = Table(title=f"Embedded Neo4j {version}, heap {settings.neo4j_heap}, "
                        f"page cache {settings.neo4j_pagecache}, {args.runs} runs")
    for column in ("measure", "median", "min", "max"):
        table.add_column(column)
    for name, values, unit in (("start to first query", starts, "s"), ("stop (SIGTERM)", stops, "s"),
                               ("resident memory, idle", rss, "MiB")):
        table.add_row(name, *(f"{v:.1f} {unit}" for v in (statistics.median(values), min(values), max(values))))
    Console().print(table)


if __name__ == "__main__":
    main()
