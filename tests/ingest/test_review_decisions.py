"""The review queue on the small demo world: grey-zone pairs are written, a person decides
them, the decisions hold in every later run, and a decision can be changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from typer.testing import CliRunner

from graph import writes
from ingest.pipeline import decide, ingest
from ingest.sources import SOURCES
from ingest.synthetic.world import MANIFEST_ORDER, WorldTruth
from queries.base import Graph
from queries.review import ReviewPair, review_queue
from tests.conftest import Database
from tipgraph.cli import app


def _pairs(graph: Graph) -> set[tuple[str, str]]:
    return {(pair.left_record, pair.right_record) for pair in review_queue(graph, limit=5_000).pairs}


def test_review_pairs_are_decided_and_the_decisions_kept(db: Database, demo_files: tuple[Path, WorldTruth],
                                                         tmp_path: Path) -> None:
    folder, _ = demo_files
    jobs = [(SOURCES[source], folder / f"{source}.csv") for source in MANIFEST_ORDER]
    ingest(db.driver, db.name, jobs, tmp_path / "quarantine.jsonl")
    graph = Graph(db.driver, db.name)
    queue = review_queue(graph, limit=5_000)
    assert len(queue.pairs) >= 2 and not queue.truncated
    assert _pairs(graph) == set(writes.review_pairs(db.driver, db.name)), "every stored pair is served"
    assert all(0.9 <= pair.probability < 0.999 and pair.reasons for pair in queue.pairs)
    assert all(pair.left.id != pair.right.id for pair in queue.pairs), "a pair in review is two people now"
    accepted: ReviewPair = queue.pairs[0]
    rejected = next(pair for pair in queue.pairs[1:]
                    if not {pair.left_record, pair.right_record} & {accepted.left_record, accepted.right_record})

    joined = decide(db.driver, db.name, accepted.left_record, accepted.right_record, same=True)
    assert joined[accepted.left_record] == joined[accepted.right_record]
    apart = decide(db.driver, db.name, rejected.left_record, rejected.right_record, same=False)
    assert apart[rejected.left_record] != apart[rejected.right_record]
    waiting = _pairs(graph)
    assert (accepted.left_record, accepted.right_record) not in waiting
    assert (rejected.left_record, rejected.right_record) not in waiting

    persons = db.count("MATCH (p:Person) RETURN count(p) AS n")
    again = ingest(db.driver, db.name, jobs, tmp_path / "quarantine.jsonl")
    assert again.unchanged == again.read and db.count("MATCH (p:Person) RETURN count(p) AS n") == persons
    assert _pairs(graph) == waiting, "a run without new records leaves the queue as it was"
    changed = decide(db.driver, db.name, accepted.left_record, accepted.right_record, same=False)
    assert changed[accepted.left_record] != changed[accepted.right_record], "a decision can be changed"
    assert db.count("MATCH (:SourceRecord {id: $a})-[r:SAME_AS|NOT_SAME_AS]-(:SourceRecord {id: $b}) "
                    "RETURN count(r) AS n", a=accepted.left_record, b=accepted.right_record) == 1

    env = {"NEO4J_URI": db.endpoint.uri, "TIPGRAPH_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "300"}
    listed = CliRunner().invoke(app, ["entity", "review", "--limit", "3"], env=env)
    top = review_queue(graph, limit=1).pairs[0]
    assert listed.exit_code == 0 and top.left_record in listed.output and f"{top.probability:.4f}" in listed.output
    cli = CliRunner().invoke(app, ["entity", "decide", top.left_record, top.right_record, "--same"], env=env)
    assert cli.exit_code == 0, cli.output
    assert len({line.split(" -> ")[1] for line in cli.output.splitlines() if " -> " in line}) == 1


@pytest.mark.parametrize(("left", "right", "message"), [
    ("nothing", "nobody", "record(s) nobody, nothing are not current source records of a person"),
    ("same", "same", "same and same are one record: a decision needs two"),
])
def test_a_decision_names_the_records_it_cannot_take(db: Database, tmp_path: Path, left: str, right: str,
                                                      message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        decide(db.driver, db.name, left, right, same=True)
    env = {"NEO4J_URI": db.endpoint.uri, "TIPGRAPH_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "300"}
    cli = CliRunner().invoke(app, ["entity", "decide", left, right, "--different"], env=env)
    assert cli.exit_code == 1 and message in cli.output
