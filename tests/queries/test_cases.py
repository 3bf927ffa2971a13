"""related_cases() and case_status() on the demo world, against the truth and the agencies' own files."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import pytest

from ingest.normalize import normalize_country
from ingest.sources.amounts import normalize_amount
from queries.base import Graph
from queries.cases import Stage, case_status, related_cases
from tests.conftest import DemoWorld


@pytest.fixture
def graph(demo: DemoWorld) -> Graph:
    return Graph(demo.db.driver, demo.db.name)


def _rows(folder: Path, source: str) -> list[dict[str, str]]:
    with (folder / f"{source}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _case_id(ring: dict) -> str:
    return f"case:{ring['agency']}:{ring['case_no']}"


def _places(demo: DemoWorld) -> dict[str, set[str]]:
    """Each case's places by the truth: its route, and its victims' countries as the case files give them.
    The demo world's rings share no people, phones, accounts or vehicles: places are all they share."""
    places = {_case_id(ring): {route["origin"], route["destination"], *route["transit"]}
              for ring, route in zip(demo.truth.rings, demo.truth.routes, strict=True)}
    for ring in demo.truth.rings:
        for row in _rows(demo.folder, ring["agency"].lower()):
            if row["case_no"] == ring["case_no"] and row["role"] == "victim" and row["origin"]:
                places[_case_id(ring)].add(f"country:{normalize_country(row['origin']).code}")
    return places


def test_related_cases_share_places_scored_by_rarity(demo: DemoWorld, graph: Graph) -> None:
    places = _places(demo)
    cases_of: dict[str, set[str]] = defaultdict(set)
    for case, items in places.items():
        for item in items:
            cases_of[item].add(case)
    total = len(places)
    for case, items in places.items():
        related = related_cases(graph, case, limit=100)
        expected = {other: places[other] & items for other in places if other != case and places[other] & items}
        assert {r.case.id: {s.entity.id for s in r.shared} for r in related.related} == expected
        for r in related.related:
            assert all(s.kind == "place" and s.cases == len(cases_of[s.entity.id]) for s in r.shared)
            assert r.score == pytest.approx(sum(0.5 * math.log((total + 1) / len(cases_of[s.entity.id]))
                                                for s in r.shared), abs=1e-3)
        assert [r.score for r in related.related] == sorted((r.score for r in related.related), reverse=True)
        assert not related.truncated and related.too_common == ()


def test_case_status_follows_the_case_across_agencies(demo: DemoWorld, graph: Graph) -> None:
    ordered, paid, received = defaultdict(float), defaultdict(float), defaultdict(float)
    for row in _rows(demo.folder, "coj"):
        if row["compensation_ordered_baht"]:
            ordered[row["police_case_no"]] += float(normalize_amount(row["compensation_ordered_baht"]))
    for row in _rows(demo.folder, "led"):
        paid[row["police_case_no"]] += float(normalize_amount(row["paid_to_victims_baht"] or "0"))
    for row in _rows(demo.folder, "msdhs"):
        received[row["police_case_no"]] += float(normalize_amount(row["compensation_received_baht"] or "0"))
    enforced = {row["police_case_no"] for row in _rows(demo.folder, "led")}

    for ring in demo.truth.rings:
        status = case_status(graph, _case_id(ring))
        stages = [event.stage for event in status.timeline]
        for stage in (Stage.INVESTIGATION, Stage.PROSECUTION, Stage.TRIAL, Stage.JUDGED):
            assert stage in stages, (ring["ring_id"], stage)
        police = next(e for e in status.timeline if e.stage is Stage.INVESTIGATION)
        assert police.agency == ring["agency"] and police.number == ring["case_no"]
        court = {e.stage: e.number for e in status.timeline if e.agency == "COJ"}
        assert court[Stage.TRIAL].startswith("คม.") and court[Stage.JUDGED].startswith("คม.")
        assert status.numbers["black"] == court[Stage.TRIAL] and status.numbers["red"] == court[Stage.JUDGED]
        dated = [e.on for e in status.timeline if e.on is not None]
        assert dated == sorted(dated) and len(dated) == len(status.timeline)
        assert stages.index(Stage.INVESTIGATION) < stages.index(Stage.PROSECUTION) <= stages.index(Stage.JUDGED)

        money = status.compensation
        assert money.ordered_baht == pytest.approx(ordered[ring["case_no"]])
        assert money.orders == sum(1 for m in ring["members"] if m["role"] == "victim")
        assert money.paid_by_enforcement_baht == pytest.approx(paid[ring["case_no"]])
        assert money.received_by_victims_baht == pytest.approx(received[ring["case_no"]])
        assert status.stage is (Stage.ENFORCEMENT if ring["case_no"] in enforced else Stage.JUDGED)
        assert (Stage.ENFORCEMENT in stages) == (ring["case_no"] in enforced)
