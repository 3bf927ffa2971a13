"""Latency of the investigation queries on a demo world, against the simplest hand-written Cypher.

Run by hand: `PYTHAINLP_OFFLINE=1 .venv/bin/python bench/queries.py [--size small|medium] [--runs N]`,
or on a world already loaded (the large one takes long to ingest):
`NEO4J_URI=bolt://... .venv/bin/python bench/queries.py --size large --loaded WORLD_DIR`.
In one fresh embedded Neo4j (heap and page cache from NEO4J_HEAP / NEO4J_PAGECACHE): the
demo world of that size is generated and ingested, then each query of ``queries/`` is
timed warm (every input run once first, so plans are cached and pages in memory) on
inputs drawn from the world's truth: ring suspects, their cases and accounts, names. In
the same loop, alternating call by call so that both see the same machine, the same
question is asked as the simplest Cypher one would write by hand, through the bare
driver (``driver.execute_query``): no hub rules, no caps beyond a LIMIT, no merging of
parallel relationships, no re-ranking. The ratio p50 / p50 is what the library's
exactness and safety cost. Results go to bench/out/queries-SIZE.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is bench/queries.py, and Python puts bench/ first on the path: without this
# line `import queries` would import this script instead of the project's package.
sys.path.remove(str(Path(__file__).resolve().parent))

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, Query
from neo4j.exceptions import Neo4jError
from rich.console import Console
from rich.table import Table

from graph.connection import open_driver
from graph.constraints import apply_schema
from graph.schema import Label
from graph.server import session_server
from ingest.normalize import normalize_name
from ingest.pipeline import ingest
from ingest.sources import SOURCES
from ingest.synthetic.world import MANIFEST_ORDER, WorldTruth, generate_world
from queries.assets import enforcement_assets
from queries.base import Graph
from queries.cases import case_status, related_cases
from queries.communities import communities
from queries.entities import DATA_RELS, type_pattern
from queries.money import cycles, money_trail
from queries.mules import mule_accounts
from queries.network import network
from queries.paths import paths
from queries.routes import routes
from queries.search import search
from tipgraph.settings import get_settings

OUT = Path(__file__).parent / "out"
INPUTS = 30  # distinct inputs per query, where the question takes one
DATA = type_pattern(DATA_RELS)


@dataclass(frozen=True)
class Workload:
    """One question: how the library asks it, and how the simplest Cypher asks it (text
    and parameters for one input). Whole-graph analyses run ``--global-runs`` times at most."""

    name: str
    inputs: list[Any]
    ours: Callable[[Graph, Any], object]
    baseline: Callable[[Any], tuple[str, dict[str, Any]]]
    whole_graph: bool = False




def truth_people(driver: Driver, database: str, truth: WorldTruth) -> dict[str, str]:
    """The graph Person of each truth person (through the source records written about them)."""
    rows = [{"person": identity["person"], "source": identity["source"],
             "key": "|".join(identity["key"][column] for column in SOURCES[identity["source"]].key_columns)}
            for identity in truth.identities]
    records = driver.execute_query("""
        UNWIND $rows AS r
        MATCH (p:Person)-[:FROM_SOURCE]->(:SourceRecord {source: r.source, key: r.key, current: true})
        RETURN r.person AS person, min(p.id) AS entity
        """, rows=rows, database_=database).records
    return {record["person"]: record["entity"] for record in records}


def workloads(driver: Driver, database: str, truth: WorldTruth) -> list[Workload]:
    """Inputs from the truth: (label, id) of ring suspects, their cases and mule accounts."""
    people = truth_people(driver, database, truth)
    rings = truth.rings[:INPUTS]

    def member(ring: dict, role: str) -> tuple[Label, str] | None:
        entity = next((people.get(m["person"]) for m in ring["members"] if m["role"] == role), None)
        return (Label.PERSON, entity) if entity else None

    suspects = [s for s in (member(ring, "suspect") for ring in rings) if s]
    cases = [(Label.CASE, f"case:{ring['agency']}:{ring['case_no']}") for ring in rings]
    mules = [(Label.BANK_ACCOUNT, f"account:{mule['account']}") for mule in truth.mule_accounts[:INPUTS]]
    pairs = [(s, v) for s, v in ((member(r, "suspect"), member(r, "victim")) for r in rings) if s and v]
    pairs += list(zip(suspects, mules))[:INPUTS // 3] + list(zip(suspects, suspects[1:]))[:INPUTS // 3]
    names = [r["name"] for r in driver.execute_query(
        "MATCH (p:Person) WHERE p.name_th IS NOT NULL RETURN p.name_th AS name ORDER BY p.id LIMIT $n",
        n=INPUTS, database_=database).records]
    texts = [normalize_name(name).latin if i % 2 else name for i, name in enumerate(names)]  # half cross-script
    offenders = [people[asset["person"]] for asset in truth.offender_assets[:INPUTS] if asset["person"] in people]
    whole: list[Any] = [None]

    return [
        Workload("network, 2 hops", suspects + cases + mules,
                 lambda g, x: network(g, x[1], hops=2),
                 lambda x: (f"MATCH (:{x[0]} {{id: $id}})-[:{DATA}*1..2]-(m) RETURN DISTINCT m.id AS id LIMIT 500",
                            {"id": x[1]})),
        Workload("search", texts,
                 lambda g, x: search(g, x),
                 lambda x: ("CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score "
                            "RETURN node.id AS id, score LIMIT 20", {"text": x})),
        Workload("paths, <= 6 hops", pairs,
                 lambda g, x: paths(g, x[0][1], x[1][1], max_hops=6),
                 lambda x: (f"MATCH (a:{x[0][0]} {{id: $a}}), (b:{x[1][0]} {{id: $b}}) "
                            f"MATCH p = allShortestPaths((a)-[:{DATA}*..6]-(b)) "
                            "RETURN [n IN nodes(p) | n.id] AS ids LIMIT 25", {"a": x[0][1], "b": x[1][1]})),
        Workload("related_cases", cases,
                 lambda g, x: related_cases(g, x[1]),
                 lambda x: (f"MATCH (c:Case {{id: $id}})-[:{DATA}*1..4]-(d:Case) WHERE d <> c "
                            "RETURN d.id AS id, count(*) AS links ORDER BY links DESC LIMIT 20", {"id": x[1]})),
        Workload("case_status", cases,
                 lambda g, x: case_status(g, x[1]),
                 lambda x: (f"MATCH (c:Case {{id: $id}}) OPTIONAL MATCH (c)-[r:{DATA}]-(x) "
                            "RETURN properties(c) AS c, collect([type(r), properties(r), properties(x)]) AS facts",
                            {"id": x[1]})),
        Workload("money_trail, <= 5 hops", mules,
                 lambda g, x: money_trail(g, x[1], max_hops=5),
                 lambda x: ("MATCH p = (:BankAccount {id: $id})-[:TRANSFERRED*1..5]->() RETURN [n IN nodes(p) | n.id] "
                            "AS ids, [r IN relationships(p) | r.amount] AS amounts LIMIT 1000", {"id": x[1]})),
        Workload("mule_accounts", whole,
                 lambda g, _: mule_accounts(g),
                 lambda _: ("MATCH (s:BankAccount)-[:TRANSFERRED]->(a:BankAccount) "
                            "WITH a, count(DISTINCT s) AS senders WHERE senders >= 5 RETURN a.id AS id, senders ORDER BY senders DESC LIMIT 1000", {}),
                 whole_graph=True),
        Workload("cycles, from an account", mules,
                 lambda g, x: cycles(g, x[1]),
                 lambda x: ("MATCH p = (a:BankAccount {id: $id})-[:TRANSFERRED*2..4]->(a) "
                            "RETURN [n IN nodes(p) | n.id] AS ids LIMIT 1000", {"id": x[1]})),
        Workload("routes", whole,
                 lambda g, _: routes(g),
                 lambda _: ("MATCH (v:Person)-[:ORIGIN]->(o:Location), (v)-[:EXPLOITED_AT]->(d:Location) "
                            "RETURN o.id AS origin, d.id AS destination, count(DISTINCT v) AS victims "
                            "ORDER BY victims DESC LIMIT 1000", {}),
                 whole_graph=True),
        Workload("enforcement_assets", offenders,
                 lambda g, x: enforcement_assets(g, x),
                 lambda x: ("MATCH (:Person {id: $id})-[:HOLDS|OWNS]->(a) RETURN a.id AS asset UNION "
                            "MATCH (:Person {id: $id})-[:LIVES_AT]->(:Address)<-[:LIVES_AT]-(:Person)"
                            "-[:HOLDS|OWNS]->(a) "
                            "RETURN a.id AS asset", {"id": x})),
        # Community Edition has no graph algorithms in Cypher: the baseline only reads the
        # person pairs that share a case, which the library must also read.
        Workload("communities", whole,
                 lambda g, _: communities(g),
                 lambda _: ("MATCH (p:Person)-[:SUSPECT_IN|VICTIM_IN|BROKER_IN]->(:Case)"
                            "<-[:SUSPECT_IN|VICTIM_IN|BROKER_IN]-(q:Person) WHERE p.id < q.id "
                            "RETURN p.id AS a, q.id AS b", {}),
                 whole_graph=True),
    ]


def _ms(seconds: list[float], share: float) -> float:
    return round(statistics.quantiles(seconds, n=100, method="inclusive")[int(share * 100) - 1] * 1000, 1)


def _timed_out(error: Neo4jError) -> bool:
    return "TransactionTimedOut" in (error.code or "")


def measure(workload: Workload, graph: Graph, runs: int, global_runs: int) -> dict[str, Any]:
    """Warm both sides on every input, then time them call by call, alternating. A bare
    query that outlives the transaction timeout while warming is not timed further: its
    row says so (the library's own queries run under the same timeout and must finish)."""
    driver, database = graph.driver, graph.database

    def bare(item: Any) -> None:
        cypher, params = workload.baseline(item)
        driver.execute_query(Query(cypher, timeout=graph.timeout_s), params, database_=database)

    bare_finishes = True
    for item in workload.inputs:
        workload.ours(graph, item)
        if bare_finishes:
            try:
                bare(item)
            except Neo4jError as error:
                if not _timed_out(error):
                    raise
                bare_finishes = False
    ours: list[float] = []
    baseline: list[float] = []
    runs = min(runs, global_runs) if workload.whole_graph else runs
    for run in range(runs):
        item = workload.inputs[run % len(workload.inputs)]
        began = time.perf_counter()
        workload.ours(graph, item)
        ours.append(time.perf_counter() - began)
        if bare_finishes:
            began = time.perf_counter()
            bare(item)
            baseline.append(time.perf_counter() - began)
    row: dict[str, Any] = {"query": workload.name, "inputs": len(workload.inputs), "runs": runs,
                           "p50_ms": _ms(ours, 0.5), "p95_ms": _ms(ours, 0.95)}
    if bare_finishes:
        row |= {"baseline_p50_ms": _ms(baseline, 0.5), "baseline_p95_ms": _ms(baseline, 0.95)}
        row["ratio_p50"] = round(row["p50_ms"] / max(row["baseline_p50_ms"], 0.1), 2)
    else:
        row |= {"baseline_p50_ms": None, "baseline_p95_ms": None, "ratio_p50": None,
                "baseline": f"timed out (> {graph.timeout_s:g} s)"}
    return row


def prepared_world(driver: Driver, database: str, size: str, loaded: Path | None, scratch: Path,
                   console: Console) -> WorldTruth:
    """The truth of the world the benchmark asks about: the one ``loaded`` (already in the
    server), or a world of ``size`` generated in ``scratch`` and ingested now."""
    apply_schema(driver, database)
    if loaded:
        return WorldTruth.load(loaded / "truth.json")
    console.print(f"{size}: generating and ingesting the demo world ...")
    world = scratch / size
    truth = generate_world(world, size, seed=0)
    ingest(driver, database, [(SOURCES[s], world / f"{s}.csv") for s in MANIFEST_ORDER], scratch / "quarantine.jsonl")
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=["small", "medium", "large"], default="medium")
    parser.add_argument("--loaded", type=Path, metavar="WORLD_DIR",
                        help="the world generated in WORLD_DIR is already loaded into the server NEO4J_URI names "
                             "(`tipgraph demo load WORLD_DIR`): time the queries on it, without generating or ingesting")
    parser.add_argument("--runs", type=int, default=100, help="timed calls per query (and as many baseline calls)")
    parser.add_argument("--global-runs", type=int, default=20,
                        help="timed calls of a whole-graph analysis (mule accounts, routes, communities), at most")
    parser.add_argument("--timeout", type=float, default=10.0, help="transaction timeout in seconds, both sides")
    parser.add_argument("--only", nargs="+", metavar="QUERY", help="time only the queries whose names start so")
    args = parser.parse_args()
    console = Console(width=120)
    with tempfile.TemporaryDirectory() as scratch, session_server(get_settings(), Path(scratch)) as endpoint:
        driver = open_driver(endpoint)
        truth = prepared_world(driver, endpoint.database, args.size, args.loaded, Path(scratch), console)
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=endpoint.database).records[0]["n"]
        graph = Graph(driver, endpoint.database, timeout_s=args.timeout)
        rows = []
        for workload in workloads(driver, endpoint.database, truth):
            if args.only and not workload.name.startswith(tuple(args.only)):
                continue
            rows.append(measure(workload, graph, args.runs, args.global_runs))
            console.print(f"  {rows[-1]}")
        driver.close()
    size = truth.size if args.loaded else args.size
    table = Table(title=f"queries, warm, on the {size} demo world ({nodes:,} nodes), "
                        "against the simplest Cypher through the bare driver")
    for column in ("query", "inputs", "p50 ms", "p95 ms", "bare p50 ms", "bare p95 ms", "ratio p50"):
        table.add_column(column, justify="left" if column == "query" else "right", no_wrap=True)
    for row in rows:
        bare = [str(row[key]) for key in ("baseline_p50_ms", "baseline_p95_ms", "ratio_p50")] \
            if row["ratio_p50"] is not None else [row["baseline"], "", ""]
        table.add_row(row["query"], str(row["inputs"]), str(row["p50_ms"]), str(row["p95_ms"]), *bare)
    console.print(table)
    OUT.mkdir(exist_ok=True)
    result = {"size": size, "nodes": nodes, "runs": args.runs, "queries": rows}
    (OUT / f"queries-{size}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
