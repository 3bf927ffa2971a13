"""Entity resolution at scale: 100k and 1M synthetic Thai multi-agency person records.

Run by hand: `PYTHAINLP_OFFLINE=1 .venv/bin/python bench/er_scale.py [--sizes 100000 1000000]`.
The records are generated first and written as CSV (bench/out/); then a fresh process
reads that CSV and resolves it, as `tipgraph resolve` does, so that its peak memory
(ru_maxrss) is the resolver's alone. Reported: records per second (reading the CSV,
normalisation, blocking, comparison, training and clustering), candidate pairs,
seconds per stage, peak resident memory, and pairwise precision / recall / F1
against the generator's ground truth.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingest.resolve.evaluation import pairs_from_clusters, pairwise_scores

OUT = Path(__file__).parent / "out" / "er_scale.json"


def generate(size: int, seed: int, folder: Path) -> tuple[Path, Path]:
    """Write the synthetic records and their truth as CSV, as an agency export would arrive."""
    from ingest.resolve.records import write_records
    from ingest.synthetic.people import generate_people

    people = generate_people(size, seed=seed)
    records, truth = folder / f"people-{size}.csv", folder / f"truth-{size}.csv"
    write_records(records, people.records)
    with truth.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(people.truth.items())
    return records, truth


def measure(records_csv: Path, truth_csv: Path) -> dict[str, object]:
    """Read and resolve one file in this process, as `tipgraph resolve` would, then score it.
    Peak memory is read before scoring, which needs the truth and all pairs in memory."""
    from ingest.resolve import read_records, resolve
    from ingest.synthetic.people import true_pairs

    stages: list[tuple[str, float]] = []
    began = time.perf_counter()
    records = list(read_records(records_csv))
    resolution = resolve(records, progress=lambda stage: stages.append((stage, time.perf_counter())))
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stage_seconds = {"reading": round(stages[0][1] - began, 2)} | {
        name.split(" ")[0]: round(end - start, 2)
        for (name, start), (_, end) in zip(stages, [*stages[1:], ("end", began + seconds)], strict=True)
    }
    with truth_csv.open(newline="", encoding="utf-8") as handle:
        truth = dict(csv.reader(handle))
    precision, recall, f1 = pairwise_scores(pairs_from_clusters(resolution.entity_ids), true_pairs(truth))
    return {
        "records": len(records),
        "true_people": len(set(truth.values())),
        "resolve_s": round(seconds, 1),
        "records_per_s": round(len(records) / seconds),
        "candidate_pairs": resolution.candidate_pairs,
        "stages_s": stage_seconds,
        "peak_rss_mib": round(peak),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(*args.worker)))
        return

    console = Console()
    OUT.parent.mkdir(exist_ok=True)
    rows = []
    for size in args.sizes:
        console.print(f"generating {size:,} records ...")
        files = generate(size, args.seed, OUT.parent)
        console.print(f"resolving {size:,} records in a fresh process ...")
        done = subprocess.run([sys.executable, __file__, "--worker", *map(str, files)],
                              capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))

    table = Table(title="tipgraph resolve on synthetic Thai multi-agency people (2 cores)")
    for column in ("records", "resolve s", "records/s", "candidate pairs", "peak RSS MiB", "P", "R", "F1",
                   "seconds by stage"):
        table.add_column(column)
    for row in rows:
        stages = ", ".join(f"{name} {value}" for name, value in row["stages_s"].items())
        table.add_row(f"{row['records']:,}", str(row["resolve_s"]), f"{row['records_per_s']:,}",
                      f"{row['candidate_pairs']:,}", str(row["peak_rss_mib"]), str(row["precision"]),
                      str(row["recall"]), str(row["f1"]), stages)
    console.print(table)
    OUT.write_text(json.dumps(rows, indent=2))
    console.print(f"rows written to {OUT}")


if __name__ == "__main__":
    main()
