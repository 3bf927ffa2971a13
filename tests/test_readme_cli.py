"""The README's command table names commands and options the `tipgraph` CLI has.

The table is how a user learns the CLI; a renamed command or option would leave it
quietly wrong. Each row's command path and every ``--option`` it shows are looked up in
the CLI itself (the click commands typer builds), without running anything.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main

from tipgraph.cli import app
from tipgraph.settings import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
TABLE = README[README.index("\n## Command line\n"):].split("\n## ", 2)[1]
USAGES = [usage.replace("\\|", "|") for row in re.findall(r"^\| (`tipgraph .+?`) \|", TABLE, re.M)
          for usage in re.findall(r"`tipgraph ([^`]+)`", row)]
CLI = typer.main.get_command(app)


def command(usage: str) -> tuple[list[str], Any]:
    """The command a usage line names (its leading words), and the click command itself
    (a group has ``commands``)."""
    path, found = [], CLI
    for word in usage.split():
        if word not in getattr(found, "commands", {}):
            break
        path.append(word)
        found = found.commands[word]
    return path, found


def test_the_table_lists_every_command() -> None:
    listed = {" ".join(command(usage)[0]) for usage in USAGES}
    every = {" ".join((name, *([sub] if sub else []))) for name, found in CLI.commands.items()
             for sub in getattr(found, "commands", None) or [""]}
    assert listed == every


@pytest.mark.parametrize("usage", USAGES)
def test_the_usage_names_real_options(usage: str) -> None:
    path, found = command(usage)
    assert path and not hasattr(found, "commands"), f"`tipgraph {usage}` names no command"
    options = {option for parameter in found.params for option in (*parameter.opts, *parameter.secondary_opts)}
    shown = set(re.findall(r"--[a-z][\w-]*", usage))
    assert shown <= options, f"`tipgraph {usage}`: {sorted(shown - options)} are not options of it"
