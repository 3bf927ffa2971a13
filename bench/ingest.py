"""Ingest speed against a raw baseline, on the demo worlds.

Run by hand: `PYTHAINLP_OFFLINE=1 .venv/bin/python bench/ingest.py [--sizes small medium]`.
For each size, in one fresh embedded Neo4j: generate the world, time `ingest` of all its
files (parse, normalise, resolve, write), then export the resulting graph, wipe it,
and time the raw baseline: the same final nodes and relationships, already resolved,
written by plain `UNWIND ... CREATE` batches. The ratio of the two is the cost of
everything ingest does beyond writing. Peak memory is this process's (Neo4j's own is
the JVM's, sized by NEO4J_HEAP and NEO4J_PAGECACHE).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is bench/ingest.py, and Python puts bench/ first on the path: without this
# line `import ingest` would import this script instead of the project's package.
sys.path.remove(str(Path(__file__).resolve().parent))

import argparse
import json
import resource
import tempfile
import time
from collections import defaultdict
from typing import Any

from neo4j import Driver
from rich.console import Console
from rich.table import Table

from graph.connection import open_driver, wipe_data
from graph.constraints import apply_schema
from graph.schema import Label, Rel
from graph.server import session_server
from ingest.pipeline import ingest
from ingest.sources import SOURCES
from ingest.synthetic.world import MANIFEST_ORDER, generate_world
from tipgraph.settings import get_settings

BATCH = 5_000
OUT = Path(__file__).parent / "out" / "ingest.json"


def export(driver: Driver, database: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props",
                                 database_=database).records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, labels(a)[0] AS a_label, b.id AS b, "
        "labels(b)[0] AS b_label, properties(r) AS props", database_=database).records
    return [r.data() for r in nodes], [r.data() for r in rels]


def raw_write(driver: Driver, database: str, nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> None:
    """The baseline: CREATE in batches, no MERGE, no lookups beyond the id indexes."""
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        by_labels[tuple(sorted(Label(label) for label in node["labels"]))].append(node["props"])
    for labels, props in by_labels.items():
        query = f"UNWIND $rows AS r CREATE (n:{':'.join(labels)}) SET n = r"
        for start in range(0, len(props), BATCH):
            driver.execute_query(query, rows=props[start:start + BATCH], database_=database)
    by_type: dict[tuple[Rel, Label, Label], list[dict[str, Any]]] = defaultdict(list)
    for rel in rels:
        by_type[(Rel(rel["type"]), Label(rel["a_label"]), Label(rel["b_label"]))].append(
            {"a": rel["a"], "b": rel["b"], "props": rel["props"]})
    for (rel_type, a_label, b_label), rows in by_type.items():
        query = (f"UNWIND $rows AS r MATCH (a:{a_label} {{id: r.a}}), (b:{b_label} {{id: r.b}}) "
                 f"CREATE (a)-[x:{rel_type}]->(b) SET x = r.props")
        for start in range(0, len(rows), BATCH):
            driver.execute_query(query, rows=rows[start:start + BATCH], database_=database)


def measure(size: str, scratch: Path, driver: Driver, database: str) -> dict[str, Any]:
    world = scratch / size
    generate_world(world, size, seed=0)
    jobs = [(SOURCES[source], world / f"{source}.csv") for source in MANIFEST_ORDER]
    wipe_data(driver, database)
    began = time.perf_counter()
    summary = ingest(driver, database, jobs, scratch / f"{size}-quarantine.jsonl")
    ingest_s = time.perf_counter() - began
    nodes, rels = export(driver, database)
    wipe_data(driver, database)
    began = time.perf_counter()
    raw_write(driver, database, nodes, rels)
    raw_s = time.perf_counter() - began
    return {
        "size": size, "rows": summary.read, "quarantined": summary.quarantined, "nodes": len(nodes),
        "relationships": len(rels), "ingest_s": round(ingest_s, 1), "rows_per_s": round(summary.read / ingest_s),
        "raw_s": round(raw_s, 1), "ratio": round(ingest_s / raw_s, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["small", "medium"])
    args = parser.parse_args()
    console = Console()
    rows = []
    with tempfile.TemporaryDirectory() as scratch, session_server(get_settings(), Path(scratch)) as endpoint:
        driver = open_driver(endpoint)
        apply_schema(driver, endpoint.database)
        for size in args.sizes:
            console.print(f"{size}: generating and ingesting ...")
            rows.append(measure(size, Path(scratch), driver, endpoint.database))
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
