"""Ingest speed against a raw baseline, on the demo worlds.

Run by hand: `PYTHAINLP_OFFLINE=1 .venv/bin/python bench/ingest.py [--sizes small medium large] [--world DIR]`
(for large, give Neo4j room: NEO4J_HEAP=3g NEO4J_PAGECACHE=6g).
For each size, in one fresh embedded Neo4j: generate the world, time `ingest` of all its
files (parse, normalise, resolve, write), then export the resulting graph (streamed to
a file), wipe it, and time the raw baseline: the same final nodes and relationships, already resolved,
written by plain `UNWIND ... CREATE` batches. The ratio of the two is the cost of
everything ingest does beyond writing. Peak memory is this process's during ingest (the
world is generated in a child process; Neo4j's own is the JVM's, sized by NEO4J_HEAP
and NEO4J_PAGECACHE).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is bench/ingest.py, and Python puts bench/ first on the path: without this
# line `import ingest` would import this script instead of the project's package.
# (A spawned child process re-runs these lines without bench/ on its path.)
if str(Path(__file__).resolve().parent) in sys.path:
    sys.path.remove(str(Path(__file__).resolve().parent))

import argparse
import itertools
import json
import multiprocessing
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from neo4j import Driver
from rich.console import Console
from rich.table import Table

from graph.connection import open_driver, wipe_data
from graph.constraints import apply_schema
from graph.schema import ENTITY_LABELS, Label, Rel
from graph.server import session_server
from ingest.pipeline import ingest
from ingest.sources import SOURCES
from ingest.synthetic.world import MANIFEST_ORDER, generate_world
from tipgraph.settings import get_settings

BATCH = 5_000
OUT = Path(__file__).parent / "out" / "ingest.json"


def export(driver: Driver, database: str, folder: Path) -> tuple[int, int]:
    """The graph, streamed to two JSON-lines files (nodes, then relationships with their
    ends' id labels), so that even the large world is never held in memory."""
    counts = []
    with driver.session(database=database) as session:
        for name, query in (
            ("nodes", "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"),
            ("relationships", "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, labels(a) AS a_labels, "
                              "b.id AS b, labels(b) AS b_labels, properties(r) AS props"),
        ):
            count = 0
            with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
                for record in session.run(query):
                    handle.write(json.dumps(record.data(), ensure_ascii=False, default=str) + "\n")
                    count += 1
            counts.append(count)
    return counts[0], counts[1]


def _chunks(path: Path) -> Iterator[list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        while chunk := [json.loads(line) for line in itertools.islice(handle, BATCH)]:
            yield chunk


def _id_label(labels: list[str]) -> Label:
    """The label whose ``id`` is indexed (a Person's role labels are not)."""
    return next(label for label in ENTITY_LABELS if label in labels)


def raw_write(driver: Driver, database: str, folder: Path) -> None:
    """The baseline: CREATE in batches, no MERGE, no lookups beyond the id indexes."""
    for chunk in _chunks(folder / "nodes.jsonl"):
        by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for node in chunk:
            by_labels[tuple(sorted(Label(label) for label in node["labels"]))].append(node["props"])
        for labels, props in by_labels.items():
            driver.execute_query(f"UNWIND $rows AS r CREATE (n:{':'.join(labels)}) SET n = r", rows=props,
                                 database_=database)
    for chunk in _chunks(folder / "relationships.jsonl"):
        by_type: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = defaultdict(list)
        for rel in chunk:
            by_type[(Rel(rel["type"]), _id_label(rel["a_labels"]), _id_label(rel["b_labels"]))].append(
                {"a": rel["a"], "b": rel["b"], "props": rel["props"]})
        for (rel_type, a_label, b_label), rows in by_type.items():
            driver.execute_query(f"UNWIND $rows AS r MATCH (a:{a_label} {{id: r.a}}), (b:{b_label} {{id: r.b}}) "
                                 f"CREATE (a)-[x:{rel_type}]->(b) SET x = r.props", rows=rows, database_=database)


def measure(size: str, scratch: Path, driver: Driver, database: str, world: Path | None) -> dict[str, Any]:
    if world is None:
        world = scratch / size
        # In a child process, so that this process's peak memory is the ingest's alone.
        generator = multiprocessing.get_context("spawn").Process(target=generate_world, args=(world, size, 0))
        generator.start()
        generator.join()
        if generator.exitcode != 0:
            raise SystemExit(f"generating the {size} world failed (exit code {generator.exitcode})")
    jobs = [(SOURCES[source], world / f"{source}.csv") for source in MANIFEST_ORDER]
    wipe_data(driver, database)
    began = time.perf_counter()
    summary = ingest(driver, database, jobs, scratch / f"{size}-quarantine.jsonl")
    ingest_s = time.perf_counter() - began
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    nodes, rels = export(driver, database, scratch)
    wipe_data(driver, database)
    began = time.perf_counter()
    raw_write(driver, database, scratch)
    raw_s = time.perf_counter() - began
    return {
        "size": size, "rows": summary.read, "quarantined": summary.quarantined, "nodes": nodes,
        "relationships": rels, "ingest_s": round(ingest_s, 1), "rows_per_s": round(summary.read / ingest_s),
        "raw_s": round(raw_s, 1), "ratio": round(ingest_s / raw_s, 2),
        "peak_rss_mib": round(peak_rss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["small", "medium"])
    parser.add_argument("--world", type=Path, help="a world `tipgraph demo generate` already wrote (one size only)")
    args = parser.parse_args()
    if args.world and len(args.sizes) != 1:
        parser.error("--world goes with one --sizes value, the size it was generated at")
    console = Console()
    rows = []
    with tempfile.TemporaryDirectory() as scratch, session_server(get_settings(), Path(scratch)) as endpoint:
        driver = open_driver(endpoint)
        apply_schema(driver, endpoint.database)
        for size in args.sizes:
            console.print(f"{size}: {'ingesting' if args.world else 'generating and ingesting'} ...")
            rows.append(measure(size, Path(scratch), driver, endpoint.database, args.world))
        driver.close()
    table = Table(title="ingest against a raw UNWIND CREATE baseline (one embedded Neo4j, 2 cores)")
    for column in ("size", "rows", "nodes", "relationships", "ingest s", "rows/s", "raw s", "ratio", "peak RSS MiB"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["size"], f"{row['rows']:,}", f"{row['nodes']:,}", f"{row['relationships']:,}",
                      str(row["ingest_s"]), f"{row['rows_per_s']:,}", str(row["raw_s"]), str(row["ratio"]),
                      str(row["peak_rss_mib"]))
    console.print(table)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
