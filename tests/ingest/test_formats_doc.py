"""docs/formats.md describes the agency files as the adapters read them.

Agencies prepare their exports from this document: for every CSV source, the key columns,
the required columns and the Thai headers it gives must be those the adapter in
``ingest/sources`` uses, or a file made to the letter of the document is refused, or
keyed differently from what the document promises.
"""

from __future__ import annotations

import re

import pytest

from ingest.sources import SOURCES
from tipgraph.settings import REPO_ROOT

FORMATS = (REPO_ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
SECTIONS = {tuple(re.findall(r"`([\w-]+)`", heading)): body
            for heading, body in re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", FORMATS, re.S | re.M)}
TABLED = {source: body for sources, body in SECTIONS.items() for source in sources if "| column |" in body}


def test_every_source_is_described() -> None:
    assert {source for sources in SECTIONS for source in sources} == set(SOURCES)


@pytest.mark.parametrize("source", sorted(TABLED))
def test_the_document_gives_the_adapters_columns(source: str) -> None:
    body, adapter = TABLED[source], SOURCES[source]
    key = re.search(r"Key: ((?:`\w+`(?: \+ )?)+)\.", body)
    assert key and tuple(re.findall(r"`(\w+)`", key.group(1))) == adapter.key_columns
    required, thai = set(), {}
    for row in re.findall(r"^\|(.+)\|$", body, re.M)[2:]:  # after the heading and the rule
        columns, headers, needed = (cell.strip() for cell in row.split("|")[:3])
        names = columns.split(", ")
        required |= set(names) if needed == "yes" else set()
        if headers:
            thai.update(zip(headers.split(", "), names, strict=True))
    assert required == set(adapter.required)
    assert thai == adapter.aliases
