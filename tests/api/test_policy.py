"""The whole rights matrix, written out by hand so that a change to RIGHTS must be made twice."""

from __future__ import annotations

import pytest

from api.policy import VICTIM_PII, Operation, Role, allowed, rights_table, sees_victim_pii

# x = allowed, . = refused.
MATRIX = """
                   investigator analyst prosecutor case-worker auditor admin
network                 x          x        x           .         .      x
paths                   x          x        x           .         .      x
relatedCases            x          .        x           .         .      x
caseStatus              x          .        x           x         .      x
moneyTrail              x          x        .           .         .      x
muleAccounts            .          x        .           .         .      x
cycles                  x          x        .           .         .      x
communities             x          x        .           .         .      x
keyPlayers              x          x        .           .         .      x
routes                  x          x        .           x         .      x
enforcementAssets       x          x        x           .         .      x
search                  x          x        x           x         .      x
entity                  x          x        x           x         .      x
provenance              x          x        x           .         .      x
reviewQueue             x          .        .           .         .      x
decideMatch             x          .        .           .         .      x
unmerge                 x          .        .           .         .      x
auditLog                .          .        .           .         x      .
"""


def _cases() -> list[tuple[str, str, bool]]:
    header, *rows = [line.split() for line in MATRIX.strip().splitlines()]
    return [(role, row[0], mark == "x") for row in rows for role, mark in zip(header, row[1:], strict=True)]


@pytest.mark.parametrize(("role", "operation", "expected"), _cases())
def test_rights_matrix(role: str, operation: str, expected: bool) -> None:
    assert allowed([Role(role)], Operation(operation)) is expected


def test_matrix_covers_every_role_and_operation() -> None:
    cases = _cases()
    assert {role for role, _, _ in cases} == set(Role)
    assert {operation for _, operation, _ in cases} == set(Operation)
    assert len(cases) == len(Role) * len(Operation)


def test_any_role_grants_and_no_role_grants_nothing() -> None:
    assert allowed([Role.AUDITOR, Role.CASE_WORKER], Operation.AUDIT_LOG)
    assert allowed([Role.AUDITOR, Role.CASE_WORKER], Operation.ROUTES)
    assert not allowed([], Operation.SEARCH)


@pytest.mark.parametrize(
    ("roles", "clearances", "expected"),
    [
        ([Role.INVESTIGATOR], [], False),
        ([Role.INVESTIGATOR], [VICTIM_PII], True),
        ([Role.ANALYST, Role.PROSECUTOR], [], False),
        ([Role.CASE_WORKER], [], True),
        ([Role.ADMIN], [], False),
        ([], [VICTIM_PII], True),
    ],
)
def test_sees_victim_pii(roles: list[Role], clearances: list[str], expected: bool) -> None:
    assert sees_victim_pii(roles, clearances) is expected


def test_rights_table_has_a_header_and_one_row_per_operation() -> None:
    header, *rows = rights_table()
    assert header == ("operation", "investigator", "analyst", "prosecutor", "case-worker", "auditor", "admin")
    assert [row[0] for row in rows] == [operation.value for operation in Operation]
    assert dict((row[0], row[1:]) for row in rows)["auditLog"] == ("", "", "", "", "yes", "")
