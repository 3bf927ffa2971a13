"""Every authorisation rule of the API, in one place.

The GraphQL layer asks two questions of every request: may this caller run this
operation (`allowed`), and may the answer show victims' personal data
(`sees_victim_pii`). Keeping the answers here, as data rather than scattered `if`s,
lets one test pin the whole matrix and lets the docs print it (`rights_table`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from graph.schema import AgencyCode


class Role(enum.StrEnum):
    """What a caller does for a living; rights follow from the job, not from the person."""

    INVESTIGATOR = "investigator"
    ANALYST = "analyst"
    PROSECUTOR = "prosecutor"
    CASE_WORKER = "case-worker"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Operation(enum.StrEnum):
    """The guarded GraphQL fields; the values are the field names."""

    NETWORK = "network"
    PATHS = "paths"
    RELATED_CASES = "relatedCases"
    CASE_STATUS = "caseStatus"
    MONEY_TRAIL = "moneyTrail"
    MULE_ACCOUNTS = "muleAccounts"
    CYCLES = "cycles"
    COMMUNITIES = "communities"
    KEY_PLAYERS = "keyPlayers"
    ROUTES = "routes"
    ENFORCEMENT_ASSETS = "enforcementAssets"
    SEARCH = "search"
    ENTITY = "entity"
    PROVENANCE = "provenance"
    REVIEW_QUEUE = "reviewQueue"
    DECIDE_MATCH = "decideMatch"
    UNMERGE = "unmerge"
    AUDIT_LOG = "auditLog"


VICTIM_PII = "victim-pii"
"""The clearance to see victims' names, identity numbers, phones and addresses unmasked."""

CLEARANCES = frozenset({VICTIM_PII})

CALLER_AGENCIES = frozenset(AgencyCode) - {AgencyCode.PUBLIC}
"""Agencies whose staff may call the API: PUBLIC labels public datasets, not an employer."""

_O = Operation
RIGHTS: Mapping[Role, frozenset[Operation]] = MappingProxyType(
    {
        # RTP/DSI police build the case: the whole network, case files, and entity
        # resolution (they know which records are the same person), but not AMLO's
        # mule-account scoring, which is financial intelligence.
        Role.INVESTIGATOR: frozenset(
            {
                _O.NETWORK, _O.PATHS, _O.RELATED_CASES, _O.CASE_STATUS, _O.MONEY_TRAIL, _O.CYCLES,
                _O.COMMUNITIES, _O.KEY_PLAYERS, _O.ROUTES, _O.ENFORCEMENT_ASSETS, _O.SEARCH, _O.ENTITY,
                _O.PROVENANCE, _O.REVIEW_QUEUE, _O.DECIDE_MATCH, _O.UNMERGE,
            }
        ),
        # AMLO analysts follow the money; case files and match decisions belong to
        # the police and prosecutors who are accountable for them.
        Role.ANALYST: frozenset(
            {
                _O.NETWORK, _O.PATHS, _O.MONEY_TRAIL, _O.MULE_ACCOUNTS, _O.CYCLES, _O.COMMUNITIES,
                _O.KEY_PLAYERS, _O.ROUTES, _O.ENFORCEMENT_ASSETS, _O.SEARCH, _O.ENTITY, _O.PROVENANCE,
            }
        ),
        # OAG prosecutors weigh evidence for a charge: who is connected, which cases
        # relate, what can be seized, and where each fact came from.
        Role.PROSECUTOR: frozenset(
            {
                _O.NETWORK, _O.PATHS, _O.RELATED_CASES, _O.CASE_STATUS, _O.ENFORCEMENT_ASSETS,
                _O.SEARCH, _O.ENTITY, _O.PROVENANCE,
            }
        ),
        # MSDHS case workers shelter victims: they need a victim's case status and
        # trafficking route, not the suspects' network or finances.
        Role.CASE_WORKER: frozenset({_O.CASE_STATUS, _O.ROUTES, _O.SEARCH, _O.ENTITY}),
        # Auditors read the audit log, and nothing else.
        Role.AUDITOR: frozenset({_O.AUDIT_LOG}),
        # Admins may run everything except reading the audit log: who administers is
        # not who audits (separation of duties).
        Role.ADMIN: frozenset(Operation) - {_O.AUDIT_LOG},
    }
)


VICTIM_IDENTITY: frozenset[str] = frozenset({
    "id", "name", "names", "name_th", "name_latin", "name_keys", "dob", "number", "text", "key", "house_id",
    "fingerprint", "provenance",
})
"""Stored properties withheld, without the clearance, from an entity that identifies a
victim (the victim, and the documents, phones and addresses that lead to the victim)
and from the links at such an entity: names in every script, the date of birth,
identity and phone numbers, addresses and house registration numbers, the stored id,
built from such values (the entity's `id` field shows a digest instead), and a person's
`fingerprint` and `provenance`: unkeyed digests of what the person is made of, the
same on every server, which would follow a victim across servers as a pseudonym."""

VICTIM_MENTIONS: frozenset[str] = frozenset({"compensates_victim_name"})
"""Properties that name a victim on any entity (a judgment's compensation order),
withheld from every entity without the clearance."""


def allowed(caller_roles: Iterable[Role], operation: Operation) -> bool:
    """True when any of the caller's roles grants the operation: roles add up, never subtract."""
    return any(operation in RIGHTS[role] for role in caller_roles)


def sees_victim_pii(caller_roles: Iterable[Role], clearances: Iterable[str]) -> bool:
    """True when answers may show victims' personal data unmasked.

    The victim-pii clearance is granted person by person. Case workers need no
    separate grant: they shelter the victims, so their role implies the clearance.
    """
    return VICTIM_PII in set(clearances) or Role.CASE_WORKER in set(caller_roles)


def rights_table() -> list[tuple[str, ...]]:
    """The role × operation matrix for the docs: a header row, then one row per operation."""
    rows = [(operation.value, *("yes" if operation in RIGHTS[role] else "" for role in Role)) for operation in Operation]
    return [("operation", *(role.value for role in Role)), *rows]
