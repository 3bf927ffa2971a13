"""Every setting is documented, with its true default: the README's configuration table and
`.env.example` name exactly the variables `tipgraph/settings.py` reads.

A deployment is configured from these two files; a variable missing from them is one
nobody can find, and a stale default misleads whoever relies on it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tipgraph.settings import REPO_ROOT, Settings

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
TABLE = README[README.index("\n## Configuration\n"):].split("\n## ", 2)[1]
ROWS = re.findall(r"^\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \| (.+?) \|", TABLE, re.M)


def _documented() -> dict[str, str]:
    """Variable -> its default as the README writes it (one default for a row of several
    variables is each one's)."""
    documented = {}
    for names, defaults in ROWS:
        variables, values = re.findall(r"`(\w+)`", names), defaults.split(", ")
        documented.update(zip(variables, values * len(variables) if len(values) == 1 else values, strict=True))
    return documented


DOCUMENTED = _documented()
SETTINGS = {name.upper(): field.default for name, field in Settings.model_fields.items()}


def test_the_readme_documents_every_setting() -> None:
    assert set(DOCUMENTED) == set(SETTINGS)


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_the_readme_gives_the_true_default(name: str) -> None:
    shown, default = DOCUMENTED[name].strip("`"), SETTINGS[name]
    assert _means(shown, default), f"README: {name} defaults to {DOCUMENTED[name]}, the settings say {default!r}"


def _means(shown: str, default: Any) -> bool:
    """Whether the README's default (a number, a literal, or words for a value that is made
    when unset) states the setting's default."""
    if shown in ("unset", "generated") or shown.startswith("$TIPGRAPH_DATA_DIR/"):
        return default is None
    if re.fullmatch(r"\d[\d,]*(\.\d+)?", shown):
        return default == float(shown.replace(",", ""))
    if isinstance(default, Path) and default.is_absolute():
        return default == REPO_ROOT / shown.split("`")[0]
    return str(default) == shown


def test_the_env_example_names_every_setting() -> None:
    example = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    assert set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M)) == set(SETTINGS)
