"""docs/api.md shows what the API returns on the small demo world: each output marked
``<!-- checked as NAME [with VARIABLES] [on a demo world of its own] -->`` is asked again
and must still be what it shows.

A marked output is the answer to the nearest GraphQL block above it, with the variables
of the marker, or else of the last "Variables `{...}`" line between that block and the
output, asked with a token for NAME as the guide's token list creates it. The guide
trims long lists with a line ``// … N more``: there the answer must hold N items the
guide does not show, so every item shown is checked at its place and the list's length
too. Victims' ``redacted:`` ids are keyed by each server's secret: an id the guide shows
must stand for one and the same id throughout the answer, and no two for the same one.
Outputs of mutations (marked "on a demo world of its own") are asked, in the guide's
order, of a demo world loaded for them alone, as the guide's own were.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import create_token
from ingest.synthetic.world import WorldTruth
from tests.conftest import Database, DemoWorld, load_demo
from tipgraph.settings import REPO_ROOT, Settings

GUIDE = REPO_ROOT / "docs" / "api.md"
_MARKER = re.compile(
    r"<!-- checked as (\S+)(?: with (\{.*?\}))?( on a demo world of its own)? -->\n+```json\n(.*?)\n```", re.S)
_GRAPHQL = re.compile(r"```graphql\n(.*?)\n```", re.S)
_VARIABLES = re.compile(r"Variables `(\{.*?\})`")
_TOKEN = re.compile(r"tipgraph token create --sub (\S+) +--agency (\S+)((?: +--role \S+)+)((?: +--clearance \S+)*)")
_TRIMMED = re.compile(r"^\s*// … (\d+) more")
_CONTINUED = re.compile(r"^\s*//")
_REDACTED = "redacted:"


@dataclass(frozen=True)
class Example:
    """One output of the guide: who asked what, and what the guide shows."""

    line: int
    caller: str
    document: str
    variables: dict[str, Any]
    shown: Any
    writes: bool  # a mutation: asked of a demo world of its own


@dataclass(frozen=True)
class Trimmed:
    """Where the guide leaves ``count`` items of a list out."""

    count: int


def examples(text: str) -> list[Example]:
    """The checked outputs of the guide's ``text``, in order."""
    found = []
    for marker in _MARKER.finditer(text):
        before = text[:marker.start()]
        documents = list(_GRAPHQL.finditer(before))
        assert documents, f"docs/api.md line {_line(text, marker.start())}: no GraphQL block above the output"
        document = documents[-1]
        variables = marker.group(2) or next(reversed(_VARIABLES.findall(before[document.end():])), "{}")
        found.append(Example(_line(text, marker.start()), marker.group(1), document.group(1), json.loads(variables),
                             shown(marker.group(4)), bool(marker.group(3))))
    return found


def shown(output: str) -> Any:
    """The JSON the guide shows, with each ``// … N more`` line as a ``Trimmed(N)`` item."""
    lines: list[str] = []
    for line in output.splitlines():
        trimmed = _TRIMMED.match(line)
        if trimmed:
            if lines and not lines[-1].rstrip().endswith((",", "[")):
                lines[-1] += ","
            lines.append(json.dumps({"\0trimmed": int(trimmed.group(1))}) + ",")
        elif not _CONTINUED.match(line):
            lines.append(line)
    text = re.sub(r",(\s*[\]}])", r"\1", "\n".join(lines))
    return json.loads(text, object_hook=lambda value: Trimmed(value["\0trimmed"]) if "\0trimmed" in value else value)


def differences(shown_value: Any, answered: Any, where: str, redacted: dict[str, str]) -> Iterator[str]:
    """Where the answer differs from what the guide shows; ``redacted`` pairs the guide's
    redacted ids with the answer's as they are met."""
    if isinstance(shown_value, dict):
        if not isinstance(answered, dict) or answered.keys() != shown_value.keys():
            yield f"{where}: the guide shows {sorted(shown_value)}, the answer has {_keys(answered)}"
            return
        for key, value in shown_value.items():
            yield from differences(value, answered[key], f"{where}.{key}", redacted)
    elif isinstance(shown_value, list):
        items = sum(item.count if isinstance(item, Trimmed) else 1 for item in shown_value)
        if not isinstance(answered, list) or len(answered) != items:
            yield f"{where}: the guide accounts for {items} items, the answer has {_length(answered)}"
        elif not any(isinstance(item, Trimmed) for item in shown_value):  # the whole list: item by item
            for position, (item, answer) in enumerate(zip(shown_value, answered)):
                yield from differences(item, answer, f"{where}[{position}]", redacted)
        else:
            yield from _picked(shown_value, answered, where, redacted)
    elif isinstance(shown_value, str) and shown_value.startswith(_REDACTED):
        paired = redacted.setdefault(shown_value, answered)
        if not (isinstance(answered, str) and answered.startswith(_REDACTED)) or paired != answered or \
                list(redacted.values()).count(answered) > 1:
            yield f"{where}: the guide's {shown_value} does not stand for one redacted id of its own, got {answered!r}"
    elif shown_value != answered or type(shown_value) is not type(answered):
        yield f"{where}: the guide shows {shown_value!r}, the answer has {answered!r}"


def _picked(shown_value: list[Any], answered: list[Any], where: str, redacted: dict[str, str]) -> Iterator[str]:
    """A trimmed list: the items the guide shows are items of the answer, in its order
    (the guide picks telling ones, and says where it left some out)."""
    position = 0
    for item in shown_value:
        if isinstance(item, Trimmed):
            continue
        for candidate in range(position, len(answered)):
            paired = dict(redacted)
            if not any(differences(item, answered[candidate], where, paired)):
                redacted.update(paired)
                position = candidate + 1
                break
        else:
            yield f"{where}: the guide shows {json.dumps(item, ensure_ascii=False)[:300]}, which the answer does " \
                  f"not hold after its item {position}"
            return


def _keys(value: Any) -> Any:
    return sorted(value) if isinstance(value, dict) else type(value).__name__


def _length(value: Any) -> Any:
    return len(value) if isinstance(value, list) else type(value).__name__


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def callers(text: str) -> dict[str, tuple[str, list[str], list[str]]]:
    """The guide's tokens: subject -> (agency, roles, clearances)."""
    return {match.group(1): (match.group(2), match.group(3).split()[1::2], match.group(4).split()[1::2])
            for match in _TOKEN.finditer(text)}


GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")
EXAMPLES = examples(GUIDE_TEXT)
CALLERS = callers(GUIDE_TEXT)
READING = [example for example in EXAMPLES if not example.writes]
WRITING = [example for example in EXAMPLES if example.writes]


@pytest.fixture(scope="module")
def guide_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(tipgraph_data_dir=tmp_path_factory.mktemp("guide"), tipgraph_rate_limit_burst=10_000,
                    tipgraph_rate_limit_per_minute=60_000)




def test_the_guide_marks_outputs_for_every_use_case_and_its_callers_exist() -> None:
    """The markers are found (a changed marker format would silently check nothing)."""
    assert len(READING) >= 20 and len(WRITING) >= 2
    assert {example.caller for example in EXAMPLES} <= set(CALLERS)
    assert {"somchai.k", "malee.s", "niran.p", "kanya.w", "pim.t"} <= {example.caller for example in EXAMPLES}


@pytest.mark.parametrize("example", READING, ids=[f"line {example.line}" for example in READING])
def test_the_guide_shows_what_the_api_answers(demo: DemoWorld, guide_settings: Settings, example: Example) -> None:
    with TestClient(create_app(demo.db.endpoint, guide_settings)) as client:
        _check(client, guide_settings, example)


def test_the_guide_shows_what_the_mutations_answer(db: Database, demo_files: tuple[Path, WorldTruth],
                                                   guide_settings: Settings) -> None:
    load_demo(db, demo_files[0])
    with TestClient(create_app(db.endpoint, guide_settings)) as client:
        for example in WRITING:
            _check(client, guide_settings, example)


def _check(client: TestClient, settings: Settings, example: Example) -> None:
    """Ask the example's question as its caller; the answer must be what the guide shows."""
    agency, roles, clearances = CALLERS[example.caller]
    bearer = create_token(settings, example.caller, agency, roles, clearances, timedelta(hours=1))
    response = client.post("/graphql", json={"query": example.document, "variables": example.variables},
                           headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 200, response.text
    found = list(differences(example.shown, response.json(), "", {}))
    assert not found, f"docs/api.md line {example.line}, asked by {example.caller}:\n" + "\n".join(found[:10])


def test_a_trimmed_list_is_checked_item_by_item() -> None:
    """The comparison itself: a trimmed list accounts for every item and shows items of the
    answer in its order; a whole list is compared item by item; a redacted id pairs once."""
    guide = shown('{ "a": [\n 1\n // … 2 more (why)\n //   and more why\n 4 ],'
                  ' "v": "redacted:x", "w": "redacted:x" }')
    assert guide == {"a": [1, Trimmed(2), 4], "v": "redacted:x", "w": "redacted:x"}
    assert not list(differences(guide, {"a": [1, 2, 3, 4], "v": "redacted:1", "w": "redacted:1"}, "", {}))
    assert list(differences(guide, {"a": [1, 2, 4], "v": "redacted:1", "w": "redacted:1"}, "", {}))
    assert list(differences(guide, {"a": [1, 2, 3, 5], "v": "redacted:1", "w": "redacted:1"}, "", {}))
    assert list(differences(guide, {"a": [1, 2, 3, 4], "v": "redacted:1", "w": "redacted:2"}, "", {}))
    assert not list(differences([1, 4, Trimmed(2)], [1, 2, 3, 4], "", {}))
    assert list(differences([1, Trimmed(1), 4], [1, 2, 5], "", {}))
    assert list(differences([4, 1, Trimmed(2)], [1, 2, 3, 4], "", {}))
    assert list(differences([1, 2], [2, 1], "", {}))
    assert list(differences({"n": 1}, {"n": 1.0}, "", {}))
    assert list(differences({"v": "redacted:x", "w": "redacted:y"}, {"v": "redacted:1", "w": "redacted:1"}, "", {}))
