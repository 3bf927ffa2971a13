"""What one GraphQL request carries: who asks, the graph, what it has learnt of victims,
and its DataLoader of entity properties.

A root field's answer is screened as a whole before any of it is served: for a caller
who may not see victims' identities, which of the entities it names identify a victim
is asked in one statement. Each entity object is then made with its id and name already
decided for this caller (``api.schema.entities.entity``), served as plain values: for a
list of entities, awaiting a resolver per field cost more than the query itself. Properties
beyond the reference are read only when asked for, batched by the loader into one
statement for the whole response. Query functions are synchronous (the Neo4j driver's
sync API); they run on worker threads so that the event loop keeps serving others.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any, TypeVar

from neo4j.exceptions import Neo4jError
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from api.audit import AuditLog
from api.auth import Caller
from api.policy import Operation, allowed
from queries.base import EntityRef, Graph, Link, QueryError
from queries.entities import properties_of
from queries.victims import victim_identifiers

T = TypeVar("T")


class Denied(Exception):
    """The caller's roles do not allow the operation; the message says which."""


class Context(BaseContext):
    def __init__(self, caller: Caller, graph: Graph, audit: AuditLog, redaction_key: bytes) -> None:
        super().__init__()
        self.caller = caller
        # A caller who may not see victims cannot look a victim's number or address up either.
        self.graph = graph if caller.sees_victim_pii else dataclasses.replace(graph, withholds_victims=True)
        self.audit = audit
        self._redaction_key = redaction_key
        self.returned: set[str] = set()  # ids of the entities the response shows, for the audit log
        self.denied: str | None = None  # why an operation was refused, for the audit log
        self._properties = DataLoader(load_fn=self._load_properties)
        self._screened: set[str] = set()  # ids whose victim status is known (callers without clearance)
        self._victims: set[str] = set()  # ... and those of them that identify a victim

    def require(self, operation: Operation) -> None:
        """Denied (and remembered for the audit log) unless one of the caller's roles allows ``operation``."""
        if not allowed(self.caller.roles, operation):
            roles = ", ".join(sorted(self.caller.roles)) or "no role"
            self.denied = f"{operation} is not allowed for {roles}"
            raise Denied(self.denied)

    async def ask(self, question: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a function of ``queries/`` (or ``ingest/``) on a worker thread; a statement
        stopped by the transaction timeout is the caller's error to narrow, said plainly."""
        try:
            return await asyncio.to_thread(question, *args, **kwargs)
        except Neo4jError as error:
            if "TransactionTimedOut" in (error.code or "") or "Terminated" in (error.code or ""):
                raise QueryError(f"the question took longer than {self.graph.timeout_s:g} s and was stopped; "
                                 "narrow it (fewer hops, a smaller limit, a shorter period)") from None
            raise

    async def answer(self, question: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``ask``, with every entity the answer names screened for victims before it is served."""
        found = await self.ask(question, *args, **kwargs)
        if not self.caller.sees_victim_pii:
            await self.victims_among(set(_named(found)))
        return found

    async def victims_among(self, ids: Collection[str]) -> set[str]:
        """The ids among ``ids`` that identify a victim, remembered for ``redacts``. Asked of
        the graph only for a caller who may not see victims, and only for ids not yet screened."""
        if self.caller.sees_victim_pii:
            return set()
        unknown = set(ids) - self._screened
        if unknown:
            self._victims |= await self.ask(victim_identifiers, self.graph, unknown)
            self._screened |= unknown
        return self._victims.intersection(ids)

    def redacts(self, entity_id: str) -> bool:
        """Whether this caller must not see what identifies this entity (it identifies a victim).
        An entity served without being screened is a fault of the field serving it: refused,
        never guessed."""
        if self.caller.sees_victim_pii:
            return False
        if entity_id not in self._screened:
            raise RuntimeError(f"entity {entity_id} reached the response without being screened for victims")
        return entity_id in self._victims

    async def properties(self, entity_id: str) -> dict[str, Any]:
        return await self._properties.load(entity_id)

    def shown_id(self, entity_id: str) -> str:
        """The id this caller sees. Ids are built from natural keys (``nid:<number>``,
        ``address:<text>``), so a victim's identifiers get a keyed digest instead: the same
        within and across answers, so links still meet their nodes, but not reversible."""
        return self.digest(entity_id) if self.redacts(entity_id) else entity_id

    def digest(self, identifier: str) -> str:
        """``redacted:`` and a keyed digest of ``identifier`` (an entity or source record id)."""
        digest = hashlib.blake2b(identifier.encode(), key=self._redaction_key, person=b"redacted-id", digest_size=8)
        return f"redacted:{digest.hexdigest()}"

    async def _load_properties(self, ids: list[str]) -> list[dict[str, Any]]:
        found = await self.ask(properties_of, self.graph, ids)
        return [found.get(entity_id, {}) for entity_id in ids]


def _named(found: Any) -> Iterator[str]:
    """The ids of the entities an answer of ``queries/`` names: its EntityRefs and the ends
    of its Links, wherever they sit in its dataclasses, tuples and mappings."""
    if isinstance(found, EntityRef):
        yield found.id
    elif isinstance(found, Link):
        yield from (found.start, found.end)
    elif dataclasses.is_dataclass(found) and not isinstance(found, type):
        for field in dataclasses.fields(found):
            yield from _named(getattr(found, field.name))
    elif isinstance(found, Mapping):
        for value in found.values():
            yield from _named(value)
    elif isinstance(found, (tuple, list)):
        for item in found:
            yield from _named(item)
