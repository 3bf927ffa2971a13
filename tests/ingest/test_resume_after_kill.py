"""A run killed halfway (SIGKILL), then run again, ends with the graph of an uninterrupted run."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph.connection import wipe_data
from ingest.pipeline import ingest
from ingest.sources import SOURCES
from ingest.synthetic.people import generate_people
from tests.conftest import Database
from tests.ingest.test_ingest_pipeline import _snapshot

ROWS = 6_000
COLUMNS = ["case_no", "person_no", "role", "name", "dob", "national_id", "passport", "nationality", "sex", "phone"]


def _police_file(path: Path) -> Path:
    """Synthetic people as one police case file: five people to a case."""
    people = generate_people(ROWS, seed=5)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number, person in enumerate(people.records):
            role = "suspect" if number % 5 == 0 else "victim"
            writer.writerow([f"{number // 5}/2567", number % 5, role, person.name, person.dob, person.national_id,
                             person.passport, person.nationality, person.sex, person.phone])
    return path


def test_a_killed_run_rerun_gives_the_uninterrupted_graph(db: Database, tmp_path: Path) -> None:
    police = _police_file(tmp_path / "police.csv")
    ingest(db.driver, db.name, [(SOURCES["rtp"], police)], tmp_path / "q1.jsonl")
    uninterrupted = _snapshot(db)
    wipe_data(db.driver, db.name)

    env = {**os.environ, "NEO4J_URI": db.endpoint.uri, "TIPGRAPH_DATA_DIR": str(tmp_path / "data")}
    run = subprocess.Popen([sys.executable, "-m", "tipgraph", "ingest", "rtp", str(police),
                            "--quarantine", str(tmp_path / "q2.jsonl")], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while db.count("MATCH (s:SourceRecord) RETURN count(s)") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    written = db.count("MATCH (s:SourceRecord) RETURN count(s)")
    assert 0 < written < ROWS, "the kill should land while source records are being written"
    assert db.count("MATCH (p:Person) RETURN count(p)") == 0

    ingest(db.driver, db.name, [(SOURCES["rtp"], police)], tmp_path / "q3.jsonl")
    assert _snapshot(db) == uninterrupted
