"""`tipgraph token ...` and `tipgraph audit verify`, as an operator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.audit import AuditLog
from api.auth import Authenticator
from api.policy import VICTIM_PII, Role
from graph.schema import AgencyCode
from tipgraph.cli import app
from tipgraph.settings import get_settings


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIPGRAPH_DATA_DIR", str(tmp_path))
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_token_create_prints_only_a_token_the_api_accepts() -> None:
    code, out, err = _run("token", "create", "--sub", "malee", "--agency", "AMLO", "--role", "analyst",
                          "--role", "prosecutor", "--clearance", "victim-pii", "--ttl", "30m")
    assert (code, err) == (0, "")
    [token] = out.splitlines()
    caller = Authenticator(get_settings()).caller(f"Bearer {token}", None)
    assert (caller.subject, caller.agency) == ("malee", AgencyCode.AMLO)
    assert caller.roles == {Role.ANALYST, Role.PROSECUTOR} and caller.clearances == {VICTIM_PII}


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--agency", "PUBLIC", "error: agency 'PUBLIC' is not one of RTP, DSI"),
        ("--role", "boss", "error: role 'boss' is not one of investigator"),
        ("--clearance", "top-secret", "error: clearance 'top-secret' is not one of victim-pii"),
        ("--ttl", "forever", "error: ttl 'forever' is not a duration"),
        ("--ttl", "45d", "error: ttl '45d' exceeds the maximum of 30 days"),
    ],
)
def test_token_create_refuses_bad_values_in_one_line(option: str, value: str, message: str) -> None:
    arguments = {"--sub": "malee", "--agency": "AMLO", "--role": "analyst", option: value}
    code, out, err = _run("token", "create", *[part for pair in arguments.items() for part in pair])
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith(message)


def test_token_create_in_production_without_a_secret_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPGRAPH_ENV", "production")
    code, out, err = _run("token", "create", "--sub", "malee", "--agency", "AMLO", "--role", "analyst")
    assert (code, out) == (1, "")
    assert "TIPGRAPH_JWT_SECRET is not set" in err


def test_token_apikey_prints_a_key_the_api_accepts() -> None:
    code, out, _ = _run("token", "apikey", "--name", "nightly-etl", "--agency", "DSI", "--role", "investigator")
    assert code == 0
    [key] = out.splitlines()
    caller = Authenticator(get_settings()).caller(None, key)
    assert (caller.subject, caller.via, caller.roles) == ("nightly-etl", "api-key", {Role.INVESTIGATOR})


def test_audit_verify_good_and_tampered_log(data_dir: Path) -> None:
    audit = AuditLog.from_settings(get_settings())
    for operation in ("network", "moneyTrail", "search"):
        audit.append(subject="somchai", agency="DSI", roles=["investigator"], operation=operation,
                     variables={}, allowed=True, duration_ms=1.0)
    code, _, err = _run("audit", "verify")
    assert code == 0 and "3 entries checked; OK" in err

    lines = audit.path.read_text().splitlines(keepends=True)
    audit.path.write_text(lines[0] + lines[2])
    code, _, err = _run("audit", "verify", "--log", str(audit.path))
    assert code == 1
    assert "entry 3 (line 2): expected entry 2 here" in err
    assert "1 problem(s) in 2 entries checked" in err
