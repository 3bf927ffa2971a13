"""The provisioned server is a real Neo4j 5.26, and provisioning failures are explained."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.connection import server_info
from graph.server import EmbeddedNeo4j, ProvisioningError, free_port
from tests.conftest import Database
from tipgraph.settings import REPO_ROOT, Settings


def test_server_is_neo4j_5_26(db: Database) -> None:
    records = db.driver.execute_query("CALL dbms.components()", database_=db.name).records
    kernel = next(r for r in records if r["name"] == "Neo4j Kernel")
    assert kernel["versions"][0].startswith("5.26.")
    assert server_info(db.driver, db.name).version == kernel["versions"][0]


def test_each_test_starts_empty_first(db: Database) -> None:
    db.driver.execute_query("CREATE (:Person {id: 'leftover'})", database_=db.name)


def test_each_test_starts_empty_second(db: Database) -> None:
    count = db.driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=db.name).records[0]["n"]
    assert count == 0


def _launcher(settings: Settings, home: Path, port: int) -> EmbeddedNeo4j:
    return EmbeddedNeo4j(
        home=home,
        port=port,
        heap="256m",
        pagecache="64m",
        launcher_dir=settings.tipgraph_launcher_dir,
        auth=settings.auth,
        database=settings.neo4j_database,
    )


def test_port_taken_is_explained(settings: Settings, tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        with pytest.raises(ProvisioningError, match=rf"Port {port} on 127.0.0.1 is taken.*NEO4J_BOLT_PORT"):
            _launcher(settings, tmp_path, port).start()


def test_missing_java_is_explained(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which no java exists
    with pytest.raises(ProvisioningError, match=r"`java` was not found.*OpenJDK 17.*NEO4J_URI"):
        _launcher(settings, tmp_path / "home", free_port()).start()


@pytest.mark.skipif(shutil.which("mvn") is None, reason="needs Maven to provoke an offline build")
def test_maven_offline_is_explained(settings: Settings, tmp_path: Path) -> None:
    """A launcher build with no reachable repository fails with the remedy, not a Maven dump."""
    launcher = tmp_path / "neo4j-local"
    shutil.copytree(settings.tipgraph_launcher_dir, launcher, ignore=shutil.ignore_patterns("target"))
    (launcher / ".mvn").mkdir()
    (launcher / ".mvn" / "maven.config").write_text(f"-o\n-Dmaven.repo.local={tmp_path / 'empty-m2'}\n")
    server = EmbeddedNeo4j(tmp_path / "home", free_port(), "256m", "64m", launcher, settings.auth, "neo4j")
    with pytest.raises(ProvisioningError, match=r"Maven could not download Neo4j.*offline"):
        server.ensure_jar()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_session_server_dies_with_the_process_that_started_it(settings: Settings, tmp_path: Path) -> None:
    """A test run or benchmark killed outright must not leave a JVM holding gigabytes."""
    starter = (
        "import sys\n"
        "from pathlib import Path\n"
        "from graph.server import EmbeddedNeo4j, free_port\n"
        "from tipgraph.settings import get_settings\n"
        "s = get_settings()\n"
        "server = EmbeddedNeo4j(Path(sys.argv[1]), free_port(), '256m', '64m', s.tipgraph_launcher_dir, s.auth, 'neo4j')\n"
        "server.start(exit_with_parent=True)\n"
        "print(server.status().pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", starter, str(tmp_path / "home")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT)
    launcher_pid = int(parent.stdout.readline())
    assert _alive(launcher_pid)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 60
    while _alive(launcher_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(launcher_pid)
    assert "STOPPING" in (tmp_path / "home" / "neo4j-local.log").read_text()  # a clean shutdown, not a crash
