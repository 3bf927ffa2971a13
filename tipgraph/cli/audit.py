"""`tipgraph audit verify`: check that nobody edited, deleted or reordered audit entries."""

from __future__ import annotations

from pathlib import Path

import typer

from api.audit import AuditLog, audit_log_path
from api.secrets import SecretsError, audit_key
from tipgraph.cli.common import console, fail
from tipgraph.settings import get_settings

app = typer.Typer(help="Check the API's hash-chained audit log.", no_args_is_help=True)


@app.command()
def verify(
    log: Path | None = typer.Option(
        None, "--log", exists=True, dir_okay=False, help="The log to check (default TIPGRAPH_AUDIT_LOG)."
    ),
) -> None:
    """Check every entry's hash, the chain and the head; exit 1 and list the problems when any is found."""
    settings = get_settings()
    path = log or audit_log_path(settings)
    try:
        report = AuditLog(path, audit_key(settings)).verify()
    except SecretsError as error:
        raise fail(str(error)) from None
    for problem in report.problems:
        console.print(problem, highlight=False, soft_wrap=True)
    if not report.ok:
        raise fail(f"{path}: {len(report.problems)} problem(s) in {report.entries} entries checked")
    console.print(f"{path}: {report.entries} entries checked; OK", highlight=False, soft_wrap=True)
