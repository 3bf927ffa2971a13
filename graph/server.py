"""Where the Neo4j server comes from: the one helper that the CLI and the tests share.

The first of these that applies wins:

1. ``NEO4J_URI`` is set: that server is used as it is (bolt://, neo4j://, neo4j+s://).
2. A Docker engine answers: the official ``neo4j:5.26-community`` image, through
   ``docker-compose.yml`` for the CLI and testcontainers for the tests.
3. Otherwise: an embedded Neo4j 5.26 Community, run by the Java launcher in
   ``neo4j-local/`` (built once by Maven, then reused), serving Bolt on 127.0.0.1.

Every failure is a :class:`ProvisioningError` that says what is missing and what to do.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from tipgraph.settings import REPO_ROOT, Settings

DOCKER_IMAGE = "neo4j:5.26-community"
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
COMPOSE_SERVICE = "neo4j"

# Java 17 refuses Neo4j's reflective access to these packages unless they are opened.
JAVA_OPENS = (
    "java.base/java.lang",
    "java.base/java.nio",
    "java.base/java.io",
    "java.base/java.util",
    "java.base/java.util.concurrent",
    "java.base/sun.nio.ch",
)
JAVA_REMEDY = "Install OpenJDK 17 (Debian: apt-get install openjdk-17-jdk-headless)."
READY_LINE = re.compile(r"^READY (?P<uri>\S+) (?P<version>\S+)$", re.MULTILINE)


class ProvisioningError(RuntimeError):
    """Neo4j could not be provided; the message names the cause and the remedy."""


class Provider(enum.StrEnum):
    EXTERNAL = "external"
    DOCKER = "docker"
    EMBEDDED = "embedded"


@dataclass(frozen=True)
class Endpoint:
    """How to reach a running Neo4j."""

    uri: str
    auth: tuple[str, str]
    database: str
    provider: Provider


def choose_provider(settings: Settings) -> Provider:
    """Apply the order documented above."""
    if settings.neo4j_uri:
        return Provider.EXTERNAL
    if docker_engine_answers():
        return Provider.DOCKER
    return Provider.EMBEDDED


def docker_engine_answers() -> bool:
    """True when a Docker engine (not merely the client) responds within a few seconds."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        probe = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0 and bool(probe.stdout.strip())


# --------------------------------------------------------------------------- CLI side


def start(settings: Settings, console: Console | None = None) -> Endpoint:
    """Start (or find already running) the server the settings call for; return its endpoint."""
    provider = choose_provider(settings)
    if provider is Provider.EXTERNAL:
        return endpoint(settings)
    if provider is Provider.DOCKER:
        _compose(settings, "up", "-d", "--wait", COMPOSE_SERVICE)
        return endpoint(settings)
    return EmbeddedNeo4j.from_settings(settings).start(console)


def stop(settings: Settings) -> str:
    """Stop the server that :func:`start` would have started; say what was done."""
    provider = choose_provider(settings)
    if provider is Provider.EXTERNAL:
        return f"NEO4J_URI is set ({settings.neo4j_uri}): that server is not managed by tipgraph."
    if provider is Provider.DOCKER:
        _compose(settings, "stop", COMPOSE_SERVICE)
        return "Stopped the Docker service 'neo4j'."
    return EmbeddedNeo4j.from_settings(settings).stop()


def endpoint(settings: Settings) -> Endpoint:
    """The endpoint of the configured server, without starting anything."""
    provider = choose_provider(settings)
    if provider is Provider.EXTERNAL:
        uri = settings.neo4j_uri or ""
    elif provider is Provider.DOCKER:
        uri = f"bolt://127.0.0.1:{settings.neo4j_bolt_port}"
    else:
        uri = EmbeddedNeo4j.from_settings(settings).uri
    return Endpoint(uri, settings.auth, settings.neo4j_database, provider)


def _compose(settings: Settings, *args: str) -> None:
    env = {
        **os.environ,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_BOLT_PORT": str(settings.neo4j_bolt_port),
        "NEO4J_HTTP_PORT": str(settings.neo4j_http_port),
    }
    done = subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE_FILE), *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise ProvisioningError(
            f"`docker compose {' '.join(args)}` failed:\n{done.stderr.strip()}\n"
            "Fix Docker, or set NEO4J_URI to a running server."
        )


# ------------------------------------------------------------------------- test side


@contextlib.contextmanager
def session_server(settings: Settings, scratch: Path) -> Iterator[Endpoint]:
    """A server for one test session, torn down afterwards.

    Embedded mode uses a fresh home under ``scratch`` and a free port, so a test run
    never touches the user's own database.
    """
    provider = choose_provider(settings)
    if provider is Provider.EXTERNAL:
        yield endpoint(settings)
        return
    if provider is Provider.DOCKER:
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer(DOCKER_IMAGE, password=settings.neo4j_password) as container:
            yield Endpoint(
                container.get_connection_url(), ("neo4j", settings.neo4j_password), "neo4j", provider
            )
        return
    server = EmbeddedNeo4j(
        home=scratch / "neo4j",
        port=free_port(),
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        launcher_dir=settings.tipgraph_launcher_dir,
        auth=settings.auth,
        database=settings.neo4j_database,
    )
    server.start(exit_with_parent=True)
    try:
        yield server.endpoint()
    finally:
        server.stop()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether a server could listen on the port now. SO_REUSEADDR, as Neo4j's own socket
    sets it, so that connections of a just-stopped server in TIME_WAIT do not count."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


# ---------------------------------------------------------------------- the launcher


@dataclass(frozen=True)
class EmbeddedStatus:
    running: bool
    pid: int | None
    port: int
    home: Path
    log: Path


class EmbeddedNeo4j:
    """The local Java launcher: build its jar, start it, wait for it, stop it.

    State lives in ``home``: the store (``data/``), Neo4j's own logs (``logs/``), the
    launcher's output (``neo4j-local.log``) and a pid file that lets a later CLI call
    find and stop a server started by an earlier one.
    """

    START_TIMEOUT_S = 180.0
    STOP_TIMEOUT_S = 60.0

    def __init__(
        self,
        home: Path,
        port: int,
        heap: str,
        pagecache: str,
        launcher_dir: Path,
        auth: tuple[str, str],
        database: str,
    ) -> None:
        self.home = home
        self.port = port
        self.heap = heap
        self.pagecache = pagecache
        self.launcher_dir = launcher_dir
        self.auth = auth
        self.database = database
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedNeo4j:
        return cls(
            home=settings.data_dir / "neo4j",
            port=settings.neo4j_bolt_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
            launcher_dir=settings.tipgraph_launcher_dir,
            auth=settings.auth,
            database=settings.neo4j_database,
        )

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.home / "neo4j-local.log"

    @property
    def pid_path(self) -> Path:
        return self.home / "neo4j-local.pid"

    @property
    def jar_path(self) -> Path:
        """The jar servers run: named by a digest of the launcher's sources, so that a
        rebuild writes a new file and never changes a jar a running server still reads."""
        digest = hashlib.blake2b(digest_size=8)
        for source in self._sources():
            digest.update(source.read_bytes())
        return self.launcher_dir / "target" / f"neo4j-local-{digest.hexdigest()}.jar"

    def endpoint(self) -> Endpoint:
        return Endpoint(self.uri, self.auth, self.database, Provider.EMBEDDED)

    # -- build

    def _sources(self) -> list[Path]:
        return [self.launcher_dir / "pom.xml", *sorted(self.launcher_dir.glob("src/**/*.java"))]

    def ensure_jar(self, console: Console | None = None) -> Path:
        """Build the launcher jar with Maven unless one for the current sources exists."""
        jar = self.jar_path
        if jar.exists():
            return jar
        _require_tool("java", JAVA_REMEDY)
        mvn = _require_tool("mvn", "Install Maven (Debian: apt-get install maven).")
        self.home.mkdir(parents=True, exist_ok=True)
        build_log = self.home / "neo4j-local-build.log"
        message = "Building the Neo4j 5.26 launcher (the first build downloads ~150 MB from Maven Central)"
        with _status(console, message):
            with build_log.open("w") as log:
                done = subprocess.run(
                    [mvn, "-B", "-q", "-f", str(self.launcher_dir / "pom.xml"), "package", "-DskipTests"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        if done.returncode != 0:
            output = build_log.read_text(errors="replace")
            if re.search(r"Could not (transfer|resolve)|UnknownHost|Connection refused|offline", output):
                raise ProvisioningError(
                    "Maven could not download Neo4j from Maven Central (offline?). Connect this machine "
                    f"to Maven Central once, or set NEO4J_URI to a running server. Build log: {build_log}"
                )
            raise ProvisioningError(f"Building the Neo4j launcher failed; see {build_log}:\n{_tail(output)}")
        staged = jar.with_suffix(".part")
        shutil.copyfile(self.launcher_dir / "target" / "neo4j-local.jar", staged)
        staged.replace(jar)
        return jar

    # -- lifecycle

    def status(self) -> EmbeddedStatus:
        pid = self._recorded_pid()
        return EmbeddedStatus(pid is not None, pid, self.port, self.home, self.log_path)

    def start(self, console: Console | None = None, exit_with_parent: bool = False) -> Endpoint:
        """Start the launcher in the background and wait until ready. It outlives this
        process, unless ``exit_with_parent``: then it holds a pipe from this process and
        shuts down when the pipe closes, however this process ends."""
        if self._recorded_pid() is not None:
            return self.endpoint()
        if not port_is_free(self.port):
            raise ProvisioningError(
                f"Port {self.port} on 127.0.0.1 is taken by another process. Stop that process, "
                "or choose another port with NEO4J_BOLT_PORT."
            )
        java = _require_tool("java", JAVA_REMEDY)
        jar = self.ensure_jar(console)
        self.home.mkdir(parents=True, exist_ok=True)
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        command = [
            java,
            *(f"--add-opens={module}=ALL-UNNAMED" for module in JAVA_OPENS),
            f"-Xmx{self.heap}",
            "-jar",
            str(jar),
            str(self.home),
            str(self.port),
            self.pagecache,
            *(["--exit-with-parent"] if exit_with_parent else []),
        ]
        with self.log_path.open("ab") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                stdin=subprocess.PIPE if exit_with_parent else subprocess.DEVNULL,
            )
        self._process = process  # keeps the pipe of exit_with_parent open while this object lives
        with _status(console, f"Starting Neo4j 5.26 on {self.uri}"):
            self._await_ready(process, offset)
        self.pid_path.write_text(json.dumps({"pid": process.pid, "port": self.port}))
        return self.endpoint()

    def stop(self) -> str:
        """SIGTERM lets the launcher shut the DBMS down cleanly; SIGKILL only after a timeout."""
        pid = self._recorded_pid()
        if pid is None:
            return f"No local Neo4j is running for {self.home}."
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.STOP_TIMEOUT_S
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        forced = _alive(pid)
        if forced:
            os.kill(pid, signal.SIGKILL)
        self.pid_path.unlink(missing_ok=True)
        return f"Stopped the local Neo4j (pid {pid}){' by SIGKILL after a timeout' if forced else ''}."

    def _await_ready(self, process: subprocess.Popen[bytes], offset: int) -> None:
        deadline = time.monotonic() + self.START_TIMEOUT_S
        while time.monotonic() < deadline:
            output = self._log_since(offset)
            if READY_LINE.search(output):
                return
            if process.poll() is not None:
                raise ProvisioningError(
                    f"The local Neo4j exited with code {process.returncode} during start-up. "
                    f"Log {self.log_path}:\n{_tail(output)}"
                )
            time.sleep(0.1)
        process.terminate()
        raise ProvisioningError(
            f"The local Neo4j was not ready after {self.START_TIMEOUT_S:.0f} s; see {self.log_path}."
        )

    def _log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")

    def _recorded_pid(self) -> int | None:
        """The pid from the pid file if that process still runs; a stale file is removed."""
        if not self.pid_path.exists():
            return None
        pid = int(json.loads(self.pid_path.read_text())["pid"])
        if _alive(pid) and _is_launcher(pid):
            return pid
        self.pid_path.unlink(missing_ok=True)
        return None


def _require_tool(name: str, remedy: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ProvisioningError(
            f"`{name}` was not found on PATH; it is needed to run Neo4j without Docker. {remedy} "
            "Alternatively set NEO4J_URI to a running Neo4j 5.26 server."
        )
    return path


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        waited = 0  # not our child: fall through to the signal probe
    if waited == pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _is_launcher(pid: int) -> bool:
    """Guards against a recycled pid: the process must be running our jar (Linux /proc)."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    return not cmdline.exists() or b"neo4j-local" in cmdline.read_bytes()


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _status(console: Console | None, message: str) -> contextlib.AbstractContextManager[object]:
    return console.status(message) if console is not None else contextlib.nullcontext()
