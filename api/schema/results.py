"""GraphQL types for the results of ``queries/``, derived from their dataclasses.

Each result dataclass (``Network``, ``MoneyTrail``, ``CaseStatus`` ...) is served as a
GraphQL type of the same name with the same fields in camelCase, so the API cannot
drift from the library: a field added to a result appears in the schema, and in
``docs/schema.graphql``, which a test keeps current. How the Python types map:

* ``EntityRef`` -> ``Entity``, typed by label and redacted for the caller
  (``api.schema.entities``); ``Link`` -> ``Link``
* ``tuple[X, ...]`` -> ``[X]``; ``X | None`` -> nullable ``X``; a nested dataclass -> its type
* str enums and ``Literal[...]`` -> ``String``; ``date`` -> ``Date``; ``dict`` -> ``JSON``
* ``(kind, count)`` pairs -> ``[KindCount]``
* the long lists named in ``PAGED`` -> relay-style connections (``first``, ``after``)
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import enum
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Generic, Optional, TypeVar

import strawberry
from strawberry.scalars import JSON

from api.schema.entities import Entity, Link, entity, link
from api.schema.execution import READ
from queries.base import EntityRef, Link as QueryLink, QueryError
from queries.cases import RelatedCases
from queries.communities import Communities, KeyPlayers
from queries.money import Cycles, MoneyTrail
from queries.mules import MuleAccounts
from queries.network import Network
from queries.provenance import SourceLink
from queries.review import ReviewQueue
from queries.routes import Routes
from queries.search import SearchResult

# Lists that can be long, and what a page holds by default and at most.
PAGED: dict[type, frozenset[str]] = {
    Network: frozenset({"nodes"}), SearchResult: frozenset({"hits"}), MuleAccounts: frozenset({"hits"}),
    RelatedCases: frozenset({"related"}), KeyPlayers: frozenset({"players"}),
    Communities: frozenset({"communities"}), MoneyTrail: frozenset({"paths", "flows"}),
    Cycles: frozenset({"cycles"}), Routes: frozenset({"flows"}), ReviewQueue: frozenset({"pairs"}),
}
# Fields the API may withhold from a caller (api.policy), nullable whatever their Python type.
WITHHELD: dict[type, frozenset[str]] = {SourceLink: frozenset({"raw"})}
PAGE = 100
MAX_PAGE = 1_000

T = TypeVar("T")
Convert = Callable[[Any, Any], Any]  # (value from queries/, request context) -> what GraphQL serves


@strawberry.type(description="How many of a kind: links of a community by kind, say.")
class KindCount:
    kind: str
    count: int


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: Optional[str]
    end_cursor: Optional[str]


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="One page of a long list; `totalCount` is the length of the whole list.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


@lru_cache(maxsize=MAX_PAGE)
def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    """The position after ``cursor``; QueryError when it is not a cursor this API made."""
    if cursor is None:
        return 0
    try:
        kind, _, offset = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "offset" and offset.isdigit():
            return int(offset) + 1
    except (ValueError, UnicodeError):
        pass
    raise QueryError(f"after: {cursor[:40]!r} is not a cursor of this list")


def page(items: Iterable[Any], first: int, after: str | None) -> Connection[Any]:
    """The ``first`` items after the cursor ``after``. A list is sliced; any other iterable
    (the audit log's entries, read from its file) is read once, keeping only the page."""
    if not 1 <= first <= MAX_PAGE:
        raise QueryError(f"first must be between 1 and {MAX_PAGE}, got {first}")
    start = _offset(after)
    if isinstance(items, Sequence):
        shown, total = items[start:start + first], len(items)
    else:
        shown, total = [], 0
        for total, item in enumerate(items, start=1):
            if start < total <= start + first:
                shown.append(item)
    edges = [Edge(cursor=_cursor(start + i), node=node) for i, node in enumerate(shown)]
    return Connection(edges=edges, total_count=total, page_info=PageInfo(
        has_next_page=start + len(shown) < total, has_previous_page=start > 0,
        start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None))


_types: dict[type, type] = {}


def graphql_type(result: type) -> type:
    """The GraphQL type of a result dataclass of ``queries/`` (made once)."""
    if result not in _types:
        hints = typing.get_type_hints(result)
        namespace: dict[str, Any] = {"__module__": __name__, "__annotations__": {}}
        for field in dataclasses.fields(result):
            hint = Optional[hints[field.name]] if field.name in WITHHELD.get(result, ()) else hints[field.name]
            served, convert = _mapping(hint)
            paged = field.name in PAGED.get(result, ())
            # Every field annotated, so that the schema lists them in the dataclass's order.
            namespace["__annotations__"][field.name] = Connection[typing.get_args(served)[0]] if paged else served
            if paged or convert is not _same:  # else GraphQL reads the dataclass's attribute: no resolver
                namespace[field.name] = _converted(field.name, convert, paged)
        description = (result.__doc__ or "").strip().split("\n\n")[0] or None
        _types[result] = strawberry.type(type(result.__name__, (), namespace), description=description)
    return _types[result]


def _converted(name: str, convert: Convert, paged: bool) -> Any:
    """A field whose value is converted for GraphQL (entities, links, pairs), or paged; its
    type is the class's annotation."""
    if paged:
        def resolve_page(root: Any, info: strawberry.Info, first: int = PAGE, after: Optional[str] = None) -> Any:
            return page(convert(getattr(root, name), info.context), first, after)

        return strawberry.field(resolver=resolve_page)

    def resolve(root: Any, info: strawberry.Info) -> Any:
        return convert(getattr(root, name), info.context)

    # READ lets api.schema.execution serve it without calling the resolver.
    return strawberry.field(resolver=resolve, metadata={READ: (name, convert)})


def _same(value: Any, context: Any) -> Any:
    return value


def _mapping(hint: Any) -> tuple[Any, Convert]:
    """The GraphQL type serving values of the Python type ``hint``, and how to convert them."""
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if hint is EntityRef:
        return Entity, entity
    if hint is QueryLink:
        return Link, link
    if origin in (types.UnionType, typing.Union):
        inner, convert = _mapping(next(argument for argument in arguments if argument is not type(None)))
        if convert is _same:
            return Optional[inner], _same
        return Optional[inner], lambda value, context: None if value is None else convert(value, context)
    if origin is tuple and len(arguments) == 2 and arguments[1] is not Ellipsis:
        return KindCount, lambda value, context: KindCount(kind=value[0], count=value[1])
    if origin is tuple:
        inner, convert = _mapping(arguments[0])
        if convert is _same:
            return list[inner], _same  # GraphQL serves a tuple as a list
        return list[inner], lambda value, context: [convert(item, context) for item in value]
    if origin is dict:
        return JSON, _same
    if origin is typing.Literal or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        return str, _same
    if dataclasses.is_dataclass(hint):
        return graphql_type(hint), _same
    if hint in (str, int, float, bool, datetime.date):
        return hint, _same
    raise TypeError(f"no GraphQL type for {hint!r}")
