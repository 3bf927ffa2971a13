"""The synthetic world: files every adapter reads, truth that points into them, and a graph
whose rings and people come back out after ingest."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.resolve.evaluation import pairs_from_clusters, pairwise_scores
from ingest.sources import SOURCES, RowError
from ingest.synthetic.world import MANIFEST_ORDER, WorldTruth, generate_world
from tests.conftest import DemoWorld


def _jobs(folder: Path) -> list:
    with (folder / "manifest.csv").open(encoding="utf-8") as handle:
        return [(SOURCES[entry["source"]], folder / entry["file"]) for entry in csv.DictReader(handle)]


def _key(source: str, key: dict[str, str]) -> str:
    return "|".join(key[column] for column in SOURCES[source].key_columns)


def test_every_row_parses_and_counts_are_small(demo_files: tuple[Path, WorldTruth]) -> None:
    folder, _ = demo_files
    jobs = _jobs(folder)
    assert [adapter.source for adapter, _ in jobs] == list(MANIFEST_ORDER)
    total = 0
    for adapter, path in jobs:
        rows = list(adapter.rows(path))
        total += len(rows)
        for row in rows:
            try:
                adapter.parse(row)
            except RowError as error:
                pytest.fail(f"{path.name} row {row.row}: {error}")
    assert 9_000 <= total <= 13_000  # the "small: about 10k source rows"


def test_truth_points_into_the_files(demo_files: tuple[Path, WorldTruth]) -> None:
    folder, truth = demo_files
    keys = {(adapter.source, row.key) for adapter, path in _jobs(folder) for row in adapter.rows(path)}
    assert len(truth.rings) == 30
    assert all((i["source"], _key(i["source"], i["key"])) in keys for i in truth.identities)
    people = {i["person"] for i in truth.identities}
    assert all(m["person"] in people for ring in truth.rings for m in ring["members"])
    accounts = (folder / "amlo-transfers.csv").read_text(encoding="utf-8")
    assert truth.money_paths and all(len(p["accounts"]) >= 4 for p in truth.money_paths)
    assert all(m["account"].split(":")[1] in accounts.replace("-", "") for m in truth.mule_accounts)
    assert WorldTruth.load(folder / "truth.json") == truth


def test_a_seed_gives_the_same_world(tmp_path: Path, demo_files: tuple[Path, WorldTruth]) -> None:
    folder, _ = demo_files
    generate_world(tmp_path, "small", seed=0)
    for name in (*(f"{source}.csv" for source in MANIFEST_ORDER), "truth.json"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_everyday_money_surrounds_the_rings(demo_files: tuple[Path, WorldTruth]) -> None:
    """Shops and employers are hubs too: mules must be told apart from them, not just found."""
    folder, truth = demo_files
    with (folder / "amlo-transfers.csv").open(encoding="utf-8") as handle:
        transfers = list(csv.DictReader(handle))
    ring_accounts = {a for path in truth.money_paths for a in path["accounts"]} | \
                    {p for mule in truth.mule_accounts for p in mule["payers"]}
    def key(row: dict[str, str], side: str) -> str:
        return f"{row[side + '_bank']}:{row[side + '_account'].replace('-', '')}"
    everyday = [row for row in transfers if key(row, "from") not in ring_accounts and key(row, "to") not in ring_accounts]
    assert len(everyday) >= len(transfers) // 3
    payers: dict[str, set[str]] = {}
    for row in everyday:
        payers.setdefault(key(row, "to"), set()).add(key(row, "from"))
    shops = [hub["account"] for hub in truth.legitimate_hubs if hub["kind"] == "shop"]
    mule_payers = min(len(mule["payers"]) for mule in truth.mule_accounts)
    assert shops and all(len(payers.get(shop, ())) >= mule_payers for shop in shops)
    assert not {hub["account"] for hub in truth.legitimate_hubs} & ring_accounts


def test_the_world_loads_and_resolves(demo: DemoWorld) -> None:
    db, truth = demo.db, demo.truth
    for ring in truth.rings:
        linked = db.driver.execute_query(
            "MATCH (c:Case {id: $case})<-[r:SUSPECT_IN|VICTIM_IN|BROKER_IN]-(p:Person) RETURN type(r) AS rel, count(*) AS n",
            case=f"case:{ring['agency']}:{ring['case_no']}", database_=db.name).records
        counts = {record["rel"]: record["n"] for record in linked}
        assert counts.get("SUSPECT_IN") and counts.get("VICTIM_IN"), ring["ring_id"]

    records = db.driver.execute_query(
        "MATCH (p:Person)-[:FROM_SOURCE]->(s:SourceRecord {current: true}) RETURN s.source AS source, s.key AS key, p.id AS person",
        database_=db.name).records
    entity_of = {f"{r['source']}|{r['key']}": r["person"] for r in records}
    true_of = {f"{i['source']}|{_key(i['source'], i['key'])}": i["person"] for i in truth.identities}
    assert set(true_of) <= set(entity_of)
    precision, recall, f1 = pairwise_scores(pairs_from_clusters({k: entity_of[k] for k in true_of}),
                                            pairs_from_clusters(true_of))
    print(f"person resolution on the small world: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
    assert f1 >= 0.97  # the target for the small world
