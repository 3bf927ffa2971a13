"""What is recorded about every GraphQL operation: an audit entry and the metrics.

Runs around each operation, after authentication: who asked, the operation and its
variables, the ids of the entities returned, whether it was allowed (a refusal by role
or by the limits counts as denied) and how long it took.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from graphql import OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from api.metrics import Metrics


class Recorded(SchemaExtension):
    metrics: Metrics  # set by api.schema.build_schema

    async def on_operation(self) -> AsyncIterator[None]:
        began = time.perf_counter()
        yield
        run = self.execution_context
        context = run.context
        errors = (run.result.errors if run.result else None) or run.pre_execution_errors or []
        refused = context.denied or (errors[0].message if run.pre_execution_errors else None)
        elapsed = time.perf_counter() - began
        fields = _root_fields(run)  # bounded by the schema: fit for metric labels, unlike client-chosen names
        operation = f"{run.operation_name} ({fields})" if run.operation_name else fields
        # The append locks and syncs a file: on a worker thread, so the event loop serves others meanwhile.
        await asyncio.to_thread(
            context.audit.append, subject=context.caller.subject, agency=context.caller.agency,
            roles=sorted(context.caller.roles), operation=operation, variables=run.variables or {},
            entity_ids=sorted(context.returned), allowed=refused is None,
            reason=refused or (errors[0].message if errors else None), duration_ms=round(elapsed * 1000, 2))
        outcome = "denied" if refused else "error" if errors else "ok"
        self.metrics.operation(fields, outcome, elapsed)


def _root_fields(run: object) -> str:
    """The root fields asked for ("network,search") when the operation has no name."""
    document = getattr(run, "graphql_document", None)
    if document is None:
        return "(unparsed)"
    names = [selection.name.value for definition in document.definitions
             if isinstance(definition, OperationDefinitionNode)
             for selection in definition.selection_set.selections if hasattr(selection, "name")]
    return ",".join(names) or "(none)"
