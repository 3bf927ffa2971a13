"""docs/schema.graphql is the schema the API serves: regenerate it with `tipgraph graphql-schema`."""

from __future__ import annotations

from tipgraph.cli.serve import graphql_sdl
from tipgraph.settings import REPO_ROOT


def test_the_published_schema_is_current() -> None:
    published = (REPO_ROOT / "docs" / "schema.graphql").read_text(encoding="utf-8")
    assert published == graphql_sdl(), "run `tipgraph graphql-schema > docs/schema.graphql`"
