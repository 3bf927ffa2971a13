"""The GraphQL schema: the query and mutation fields, the entity types and the limits.

Limits refuse a question before it runs when it is too deep (nested selections), uses
too many aliases (the same expensive field asked many times in one request) or too
many tokens; results are capped by each query's own ``limit`` and by the page size of
connections, and every statement by the transaction timeout of ``queries.base.Graph``.
In production, errors other than the ones meant for the caller (a bad parameter, a
refusal, a limit) are replaced by a generic message: no stack trace, no Cypher.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.types import ExecutionContext

from api.metrics import Metrics
from api.schema.context import Denied
from api.schema.entities import ENTITY_TYPES
from api.schema.execution import Execution
from api.schema.extensions import Prepared, Recorded
from api.schema.fields import Mutation, Query
from queries.base import QueryError
from tipgraph.settings import Settings

UNEXPECTED = "internal error: the request could not be answered; the audit log has its details"


def _masked(error: GraphQLError) -> bool:
    """Mask what was not meant for the caller: anything but a bad parameter or a refusal."""
    return error.original_error is not None and not isinstance(error.original_error, (QueryError, Denied))


def build_schema(settings: Settings, metrics: Metrics) -> Schema:
    recorded = type("RecordedHere", (Recorded,), {"metrics": metrics})
    # The depth and alias rules are classes made by their limiter: made once here, so that
    # every request validates with the same rules, and its validation is remembered.
    limits = (*QueryDepthLimiter(max_depth=settings.tipgraph_max_query_depth).validation_rules,
              *MaxAliasesLimiter(max_alias_count=settings.tipgraph_max_aliases).validation_rules)
    prepared = type("PreparedHere", (Prepared,), {"max_tokens": settings.tipgraph_max_tokens, "limits": limits})
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [prepared, recorded]
    if settings.tipgraph_env == "production":
        extensions.append(lambda: MaskErrors(should_mask_error=_masked, error_message=UNEXPECTED))
    return _Schema(query=Query, mutation=Mutation, types=list(ENTITY_TYPES.values()), extensions=extensions,
                   execution_context_class=Execution)


class _Schema(Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log only the unexpected errors: a bad parameter or a refusal is the caller's, and is audited."""
        super().process_errors([error for error in errors if _masked(error)], execution_context)
