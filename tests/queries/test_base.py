"""The shared query plumbing: bounded parameters, read-only statements, the demo world fixture."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ClientError

from queries.base import Graph, QueryError, check_range
from tests.conftest import DemoWorld


def test_check_range_names_the_parameter() -> None:
    assert check_range("hops", 2, 1, 4) == 2
    with pytest.raises(QueryError, match="hops must be between 1 and 4, got 7"):
        check_range("hops", 7, 1, 4)


@pytest.mark.parametrize("value", [True, 3.0, "3"])
def test_check_range_takes_only_whole_numbers(value: object) -> None:
    """A bound can become query text (a path pattern's length): only an int passes."""
    with pytest.raises(QueryError, match=f"hops must be a whole number, got {value!r}"):
        check_range("hops", value, 1, 4)  # type: ignore[arg-type]


def test_reads_cannot_write(demo: DemoWorld) -> None:
    graph = Graph(demo.db.driver, demo.db.name)
    with pytest.raises(ClientError):
        graph.read("CREATE (:Person {id: $id})", id="intruder")
    assert demo.db.count("MATCH (p:Person {id: 'intruder'}) RETURN count(p)") == 0


def test_the_demo_world_is_loaded_once(demo: DemoWorld) -> None:
    people = {m["person"] for ring in demo.truth.rings for m in ring["members"]}
    assert demo.db.count("MATCH (p:Person) RETURN count(p)") >= len(people)
