"""The README's table of GraphQL examples: one per field of the API, each a valid document.

The table is the user's first look at the API; a renamed field or argument would leave it
quietly wrong. Each example is validated against the schema the API serves (it is not
run: its ids are placeholders for the reader's own).
"""

from __future__ import annotations

import re

import pytest
from graphql import GraphQLSchema, parse, validate

from api.metrics import Metrics
from api.schema import build_schema
from tipgraph.settings import REPO_ROOT, get_settings

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
API_SECTION = README[README.index("\n## API\n"):README.index("\n### API benchmark\n")]
_ROW = re.compile(r"^\| `(\w+)`(?: \(mutation\))? \| `(.+?)`(?: \([^)]*\))? \|$", re.M)
EXAMPLES = {field: example.replace("\\|", "|") for field, example in _ROW.findall(API_SECTION)}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema(get_settings(), Metrics())._schema


def test_every_field_has_an_example(schema: GraphQLSchema) -> None:
    fields = set(schema.query_type.fields) | set(schema.mutation_type.fields)
    assert fields == set(EXAMPLES)


@pytest.mark.parametrize("field", sorted(EXAMPLES))
def test_the_example_is_a_valid_document(schema: GraphQLSchema, field: str) -> None:
    example = EXAMPLES[field]
    document = parse(example if example.startswith("mutation") else f"{{ {example} }}")
    assert [error.message for error in validate(schema, document)] == []
