"""What one GraphQL request carries: who asks, the graph, and the request's DataLoaders.

The loaders batch what nested fields need (an entity's properties, whether it identifies
a victim) into one statement per kind for the whole response, instead of one per
entity. Query functions are synchronous (the Neo4j driver's sync API); they run on
worker threads so that the event loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from neo4j.exceptions import Neo4jError
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from api.audit import AuditLog
from api.auth import Caller
from api.policy import Operation, allowed
from queries.base import Graph, QueryError
from queries.entities import properties_of
from queries.victims import victim_identifiers

T = TypeVar("T")


class Denied(Exception):
    """The caller's roles do not allow the operation; the message says which."""


class Context(BaseContext):
    def __init__(self, caller: Caller, graph: Graph, audit: AuditLog, redaction_key: bytes) -> None:
        super().__init__()
        self.caller = caller
        self.graph = graph
        self.audit = audit
        self._redaction_key = redaction_key
        self.returned: set[str] = set()  # ids of the entities the response shows, for the audit log
        self.denied: str | None = None  # why an operation was refused, for the audit log
        self._properties = DataLoader(load_fn=self._load_properties)
        self._victims = DataLoader(load_fn=self._load_victims)

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

    async def properties(self, entity_id: str) -> dict[str, Any]:
        return await self._properties.load(entity_id)

    async def identifies_victim(self, entity_id: str) -> bool:
        return await self._victims.load(entity_id)

    async def redacts(self, entity_id: str) -> bool:
        """Whether this caller must not see what identifies this entity (it identifies a victim)."""
        return not self.caller.sees_victim_pii and await self.identifies_victim(entity_id)

    async def shown_id(self, entity_id: str) -> str:
        """The id this caller sees. Ids are built from natural keys (``nid:<number>``,
        ``address:<text>``), so a victim's identifiers get a keyed digest instead: the same
        within and across answers, so links still meet their nodes, but not reversible."""
        return self.digest(entity_id) if await self.redacts(entity_id) else entity_id

    def digest(self, identifier: str) -> str:
        """``redacted:`` and a keyed digest of ``identifier`` (an entity or source record id)."""
        digest = hashlib.blake2b(identifier.encode(), key=self._redaction_key, person=b"redacted-id", digest_size=8)
        return f"redacted:{digest.hexdigest()}"

    async def _load_properties(self, ids: list[str]) -> list[dict[str, Any]]:
        found = await self.ask(properties_of, self.graph, ids)
        return [found.get(entity_id, {}) for entity_id in ids]

    async def _load_victims(self, ids: list[str]) -> list[bool]:
        found = await self.ask(victim_identifiers, self.graph, ids)
        return [entity_id in found for entity_id in ids]
