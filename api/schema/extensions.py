"""What runs around every GraphQL operation: parsing and validating each document once,
with the limits, and what is recorded about it (an audit entry and the metrics).

``Recorded`` runs around each operation, after authentication: who asked, the operation
and its variables, the ids of the entities returned, whether it was allowed (a refusal
by role or by the limits counts as denied) and how long it took.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import lru_cache

from graphql import ASTValidationRule, GraphQLError, GraphQLSchema, OperationDefinitionNode, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from api.metrics import Metrics


DOCUMENTS_REMEMBERED = 1_000
_parsed = lru_cache(maxsize=DOCUMENTS_REMEMBERED)(parse)


@lru_cache(maxsize=DOCUMENTS_REMEMBERED)
def _validated(query: str, max_tokens: int, schema: GraphQLSchema,
               rules: tuple[type[ASTValidationRule], ...]) -> list[GraphQLError]:
    return validate_document(schema, _parsed(query, max_tokens=max_tokens), rules)


class Prepared(SchemaExtension):
    """Clients send the same few documents over and over: each is parsed once and validated
    once, with graphql's rules and the limits (depth, aliases; ``max_tokens`` at parsing).
    Both are remembered by the document's text: Strawberry's own validation cache is keyed
    by the parsed document, whose hash walks every node of it on every request. A document
    that does not parse is left to Strawberry, which parses it with the same limit and
    answers with the syntax error; the request is audited like any other."""

    max_tokens: int  # set by api.schema.build_schema
    limits: tuple[type[ASTValidationRule], ...]

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.max_tokens
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            try:
                context.graphql_document = _parsed(context.query, max_tokens=self.max_tokens)
            except GraphQLError:
                pass
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:
            context.pre_execution_errors = _validated(context.query, self.max_tokens, context.schema._schema,
                                                      (*context.validation_rules, *self.limits))
        yield


class Recorded(SchemaExtension):
    metrics: Metrics  # set by api.schema.build_schema

    def on_operation(self) -> Iterator[None]:
        began = time.perf_counter()
        yield
        run = self.execution_context
        context = run.context
        errors = (run.result.errors if run.result else None) or run.pre_execution_errors or []
        # Refused: by role, or before running (a limit, an invalid document: no original error).
        # An error while answering (a bad parameter, a timeout) was allowed and failed.
        refused = context.denied or next((error.message for error in errors if error.original_error is None), None)
        elapsed = time.perf_counter() - began
        fields = _root_fields(run)
        asked = ",".join(fields) or "(none)"
        operation = f"{run.operation_name} ({asked})" if run.operation_name else asked
        # On the event loop: an append is a few small writes to a local file (40 us), less
        # than handing it to a worker thread and back.
        context.audit.append(
            subject=context.caller.subject, agency=context.caller.agency,
            roles=sorted(context.caller.roles), operation=operation, variables=run.variables or {},
            entity_ids=sorted(context.returned), allowed=refused is None,
            reason=refused or (errors[0].message if errors else None), duration_ms=round(elapsed * 1000, 2))
        outcome = "denied" if refused else "error" if errors else "ok"
        # A metric label must be bounded by the schema, unlike the names and combinations clients choose.
        self.metrics.operation(fields[0] if len(fields) == 1 else "(several)" if fields else "(none)", outcome,
                               elapsed)


def _root_fields(run: object) -> list[str]:
    """The root fields asked for, each once, sorted."""
    document = getattr(run, "graphql_document", None)
    if document is None:
        return []
    return sorted({selection.name.value for definition in document.definitions
                   if isinstance(definition, OperationDefinitionNode)
                   for selection in definition.selection_set.selections if hasattr(selection, "name")})
