"""The short path of ``api.schema.execution``: the same response as graphql-core's own
executor, whatever the document (fragments, aliases, interfaces, directives with
variables) and whatever the values (nulls where none are allowed, values that do not
coerce), and the resolvers it replaces are really not called.

First on a small schema made for the purpose, then with the API's schema on the demo world.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Optional

import pytest
import strawberry
from strawberry import Schema

from api.audit import AuditLog
from api.auth import Caller
from api.metrics import Metrics
from api.policy import VICTIM_PII
from api.schema import build_schema
from api.schema.context import Context
from api.schema.entities import ENTITY_TYPES
from api.schema.execution import READ, Execution
from api.schema.extensions import Prepared
from api.schema.fields import Mutation, Query
from queries.base import Graph
from tests.conftest import DemoWorld
from tipgraph.settings import Settings

converted: list[object] = []  # values the READ field's resolver converted (the short path converts without it)


def _pair(value: tuple[str, int], context: Any) -> Tally:
    return Tally(kind=value[0], count=value[1])


def _resolve_pair(root: Any, info: strawberry.Info) -> Tally:
    converted.append(root.raw_pair)
    return _pair(root.raw_pair, info.context)


@strawberry.type
class Tally:
    kind: str
    count: int


@strawberry.interface
class Thing:
    name: str
    weight: Optional[int]


@strawberry.type
class Animal(Thing):
    legs: list[int]


@strawberry.type
class Plant(Thing):
    leaves: Optional[int]


@strawberry.type
class Box:
    label: str
    things: list[Thing]
    raw_pair: strawberry.Private[tuple[str, int]]
    pair: Tally = strawberry.field(resolver=_resolve_pair, metadata={READ: ("raw_pair", _pair)})


def _box(broken: str) -> Box:
    cat = Animal(name="cat", weight=4, legs=[1, 2, 3, 4])
    fern = Plant(name="fern", weight=None, leaves=12)
    if broken == "null-name":
        fern.name = None  # type: ignore[assignment]  # a null where the schema allows none
    if broken == "not-an-int":
        cat.weight = "heavy"  # type: ignore[assignment]
    if broken == "null-leg":
        cat.legs = [1, None]  # type: ignore[list-item]
    return Box(label="crate", things=[cat, fern], raw_pair=("Animal", 1))


@strawberry.type
class SmallQuery:
    @strawberry.field
    def box(self, broken: str = "") -> Box:
        return _box(broken)


# Each document parsed once, as the API does: plans are remembered per parsed selection.
PARSED_ONCE = type("PreparedForTests", (Prepared,), {"max_tokens": 1_000, "limits": ()})
SHORT = Schema(query=SmallQuery, types=[Animal, Plant], execution_context_class=Execution, extensions=[PARSED_ONCE])
REFERENCE = Schema(query=SmallQuery, types=[Animal, Plant], extensions=[PARSED_ONCE])

WHOLE = """query Whole($broken: String!) { box(broken: $broken) { __typename label pair { kind count }
  first: things { name } things { ...Named ... on Animal { legs } ... on Plant { leaves __typename } } } }
fragment Named on Thing { name weight }"""
SKIPPING = """query Skipping($skip: Boolean!) { box { label things { name weight @skip(if: $skip) } } }"""


def _both(document: str, **variables: Any) -> tuple[Any, Any]:
    async def run(schema: Schema) -> Any:
        result = await schema.execute(document, variable_values=variables)
        return result.data, [(error.message, error.path) for error in result.errors or ()]

    return asyncio.run(run(SHORT)), asyncio.run(run(REFERENCE))


def test_the_short_path_serves_what_graphql_core_serves() -> None:
    short, reference = _both(WHOLE, broken="")
    assert short == reference and not short[1]
    assert short[0]["box"]["things"][1] == {"name": "fern", "weight": None, "leaves": 12, "__typename": "Plant"}


def test_the_short_path_calls_no_resolver_of_a_read_field() -> None:
    converted.clear()
    asyncio.run(REFERENCE.execute(WHOLE, variable_values={"broken": ""}))
    assert converted == [("Animal", 1)]  # graphql-core calls the field's resolver
    converted.clear()
    asyncio.run(SHORT.execute(WHOLE, variable_values={"broken": ""}))
    assert converted == []


@pytest.mark.parametrize("broken", ["null-name", "not-an-int", "null-leg"])
def test_unexpected_values_get_graphql_cores_errors_and_nulls(broken: str) -> None:
    short, reference = _both(WHOLE, broken=broken)
    assert short == reference and short[1]  # the same error at the same path, and the same nulls around it


def test_a_directive_is_decided_by_each_requests_variables() -> None:
    """A selection under ``@skip(if: $skip)`` is not remembered from the first request."""
    for skip in (True, False, True):
        short, reference = _both(SKIPPING, skip=skip)
        assert short == reference
        assert ("weight" in short[0]["box"]["things"][0]) is not skip


DOCUMENTS = {
    "search": """query S($text: String!) { search(text: $text) { truncated
      hits(first: 5) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { score matchedName entity { __typename id name labels agencies redacted } } } } } }""",
    "network": """query N($id: ID!) { network(entityId: $id, hops: 2) { center { id name }
      nodes(first: 50) { edges { node { hops hub entity { id name redacted ... on Person { dob nationality }
        properties } } } }
      links { type start end agencies } truncated } }""",
}


@pytest.mark.parametrize("cleared", [True, False], ids=["cleared", "uncleared"])
def test_the_apis_answers_are_the_same_without_the_short_path(demo: DemoWorld, tmp_path: Path, cleared: bool) -> None:
    """The API's schema on the demo world: search and a 2-hop network (entity properties
    come from a DataLoader, so part of each node is completed by graphql-core), by callers
    with and without the victim clearance."""
    settings = Settings(tipgraph_data_dir=tmp_path)
    graph = Graph(demo.db.driver, demo.db.name)
    audit = AuditLog.from_settings(settings)
    caller = Caller.of("investigator-1", "RTP", ["investigator"], [VICTIM_PII] if cleared else [], "token")
    served = build_schema(settings, Metrics())
    reference = Schema(query=Query, mutation=Mutation, types=list(ENTITY_TYPES.values()))
    ring = demo.truth.rings[0]
    asked = {"search": {"text": "somchai"},
             "network": {"id": f"case:{ring['agency']}:{ring['case_no']}"}}

    async def run(schema: Schema, name: str) -> Any:
        result = await schema.execute(DOCUMENTS[name], variable_values=asked[name],
                                      context_value=Context(caller, graph, audit, b"k" * 32))
        assert not result.errors, result.errors
        return result.data

    for name in DOCUMENTS:
        data = asyncio.run(run(served, name))
        assert data == asyncio.run(run(reference, name))
        assert data == asyncio.run(run(served, name))  # and again, from the remembered plans
    assert data["network"]["nodes"]["edges"], "the ring's network has nodes"
    assert asyncio.run(run(served, "search"))["search"]["hits"]["totalCount"] > 0
