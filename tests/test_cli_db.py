"""The `tipgraph db` commands against a second embedded server of their own.

This is where stop/start is proven: data written before `db stop` is there after
`db start`. Only meaningful when tipgraph manages the server itself (embedded mode).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.connection import open_driver
from graph.server import Provider, choose_provider, endpoint, free_port
from tipgraph.cli import app
from tipgraph.settings import Settings


@pytest.fixture
def cli_env(settings: Settings, tmp_path: Path) -> Iterator[dict[str, str]]:
    if choose_provider(settings) is not Provider.EMBEDDED:
        pytest.skip("stop/start through the CLI is tested where tipgraph runs Neo4j itself")
    env = {"TIPGRAPH_DATA_DIR": str(tmp_path / "data"), "NEO4J_BOLT_PORT": str(free_port()), "NEO4J_HEAP": "512m"}
    yield env
    CliRunner().invoke(app, ["db", "stop"], env=env)


def _run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_data_survives_stop_and_start(cli_env: dict[str, str]) -> None:
    code, output = _run(cli_env, "db", "start")
    assert code == 0, output
    assert "ready at bolt://127.0.0.1:" + cli_env["NEO4J_BOLT_PORT"] in output

    code, output = _run(cli_env, "db", "init")
    assert code == 0 and "created" in output

    target = endpoint(Settings(**{k.lower(): v for k, v in cli_env.items()}))
    with open_driver(target) as driver:
        driver.execute_query("CREATE (:Person {id: 'p-kept', name: 'สมหญิง'})")

    code, output = _run(cli_env, "db", "stop")
    assert code == 0 and "Stopped" in output
    code, output = _run(cli_env, "db", "status")
    assert code == 1 and "does not answer" in output

    code, output = _run(cli_env, "db", "start")
    assert code == 0, output
    code, output = _run(cli_env, "db", "status")
    assert code == 0 and "up, Neo4j 5.26." in output
    with open_driver(target) as driver:
        names = driver.execute_query("MATCH (p:Person {id: 'p-kept'}) RETURN p.name AS name").records
    assert [r["name"] for r in names] == ["สมหญิง"]

    code, output = _run(cli_env, "db", "init")
    assert code == 0 and "0 created" in output


def test_wipe_needs_yes_then_empties(cli_env: dict[str, str]) -> None:
    assert _run(cli_env, "db", "start")[0] == 0
    target = endpoint(Settings(**{k.lower(): v for k, v in cli_env.items()}))
    with open_driver(target) as driver:
        driver.execute_query("UNWIND range(1, 25) AS i CREATE (:Phone {id: 'ph' + i})")
    code, output = _run(cli_env, "db", "wipe")
    assert code == 1 and "--yes" in output
    code, output = _run(cli_env, "db", "wipe", "--yes")
    assert code == 0 and "25 nodes deleted" in output
