"""search() on the demo world: romanised queries find Thai-script persons, misspelt Thai finds its person."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.normalize import normalize_name
from queries.base import Graph
from queries.search import search
from tests.conftest import DemoWorld

SAMPLE = 40


@pytest.fixture
def graph(demo: DemoWorld) -> Graph:
    return Graph(demo.db.driver, demo.db.name)


def _thai_only_people(demo: DemoWorld) -> list[tuple[str, str]]:
    """(entity id, Thai name) of persons never seen in Latin script and whose name no one
    else bears (among namesakes, any of them is a right answer), spread over the graph."""
    records = demo.db.driver.execute_query(
        "MATCH (p:Person) WHERE p.name_latin IS NULL AND p.name_th IS NOT NULL RETURN p.id AS id, p.name_th AS name "
        "ORDER BY id", database_=demo.db.name).records
    canonical = {r["id"]: normalize_name(r["name"]).canonical for r in records}
    everyone = demo.db.driver.execute_query("MATCH (p:Person) UNWIND p.names AS name RETURN p.id AS id, name",
                                            database_=demo.db.name).records
    bearers = Counter(name for _, name in {(r["id"], normalize_name(r["name"]).canonical) for r in everyone})
    unique = [(r["id"], r["name"]) for r in records if bearers[canonical[r["id"]]] == 1]
    return unique[:: max(len(unique) // SAMPLE, 1)][:SAMPLE]


def _rank(graph: Graph, text: str, entity: str) -> int | None:
    hits = [hit.entity.id for hit in search(graph, text, limit=10).hits]
    return hits.index(entity) if entity in hits else None


def test_romanised_names_find_thai_script_persons(demo: DemoWorld, graph: Graph) -> None:
    people = _thai_only_people(demo)
    assert len(people) == SAMPLE
    for entity, name in people:
        romanised = normalize_name(name).latin  # "somchai chaidi": the project's royin romanisation
        rank = _rank(graph, romanised, entity)
        assert rank is not None and rank < 3, (name, romanised, rank)
        hit = search(graph, romanised.upper(), limit=3).hits[0]
        assert hit.entity.id == entity and hit.score == 1.0 and "Person" in hit.entity.labels


def _misspelt(name: str) -> str:
    """The name with one letter of its family name dropped (the last but one)."""
    given, family = normalize_name(name).given, normalize_name(name).family or ""
    return f"{given} {family[:-2]}{family[-1:]}"


def test_misspelt_thai_names_find_their_person(demo: DemoWorld, graph: Graph) -> None:
    people = [(entity, name) for entity, name in _thai_only_people(demo) if len(normalize_name(name).family or "") > 3]
    assert len(people) >= SAMPLE // 2
    for entity, name in people:
        typo = _misspelt(name)
        assert normalize_name(typo).canonical != normalize_name(name).canonical
        rank = _rank(graph, typo, entity)
        assert rank is not None and rank < 3, (name, typo, rank)


def test_names_written_with_typos_are_found_by_their_right_spelling(demo: DemoWorld, graph: Graph) -> None:
    """Agencies misspell: a person whose records carry several Thai spellings is found by each of them."""
    records = demo.db.driver.execute_query(
        "MATCH (p:Person) WITH p, [n IN p.names WHERE n =~ '.*[ก-ฮ].*'] AS thai WHERE size(thai) > 2 "
        "RETURN p.id AS id, thai ORDER BY id LIMIT 30", database_=demo.db.name).records
    assert len(records) == 30
    for record in records:
        spellings = {normalize_name(name).canonical for name in record["thai"]}
        for spelling in spellings:
            rank = _rank(graph, spelling, record["id"])
            assert rank is not None and rank < 3, (spelling, record["id"], rank)
