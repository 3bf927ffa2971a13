"""Executing a GraphQL operation: graphql-core's executor, with a short path for the parts
of an answer that need no resolver.

Most of a response is values read from the answer of ``queries/``: twenty search hits
are some 130 fields, and graphql-core resolves and completes each on its own (its
resolve info, Strawberry's resolver wrappers, checks for awaitables, null and list
handling), which took longer than the search itself. For a selection made only of
fields that read a value (an attribute served as it is, or converted by
``api.schema.results`` without arguments), ``Execution`` compiles a function that
builds that part of the response directly, once per selection of a parsed document.

Whatever that function does not expect (a null where none is allowed, a value of an
unexpected type, any error) hands the selection back to graphql-core, which completes
it again and reports the error with its path as it always does. Reading and converting
values has no side effects, so doing it twice is safe. Selections with directives are
left to graphql-core: ``@skip(if: $x)`` makes the selection depend on the variables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, NamedTuple

from graphql import (FieldNode, FragmentSpreadNode, GraphQLField, GraphQLList, GraphQLNonNull, GraphQLObjectType,
                     GraphQLOutputType, SelectionNode, Undefined, is_abstract_type, is_leaf_type)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_subfields
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

READ = "tipgraph.read"
"""Metadata of a Strawberry field that is a value converted without arguments: ``(attribute, convert)``,
served as ``convert(getattr(source, attribute), context)``."""

PLANS_REMEMBERED = 10_000

Plan = Callable[[Any, Any], Any]  # (value from the answer, request context) -> what the response holds
Convert = Callable[[Any, Any], Any]  # (value read, request context) -> the value GraphQL serves

_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF


class _Unexpected(Exception):
    """A plan met a value it does not serve: graphql-core completes the selection instead."""


class Execution(StrawberryGraphQLCoreExecutionContext):
    # (return type, ids of the field nodes) -> (the nodes, kept alive so that their ids are not
    # reused while the plan is remembered; the plan, or None when graphql-core must complete it)
    _plans: ClassVar[dict[tuple[Any, ...], tuple[tuple[FieldNode, ...], Plan | None]]] = {}

    def complete_value(self, return_type: GraphQLOutputType, field_details_list: list[FieldDetails], info: Any,
                       path: Any, result: Any, position_context: Any) -> Any:
        if not isinstance(result, Exception):
            plan = self._plan(return_type, field_details_list)
            if plan is not None:
                try:
                    return plan(result, self.context_value)
                except Exception:  # noqa: BLE001 - completed (and the error reported) by graphql-core below
                    pass
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    def _plan(self, return_type: GraphQLOutputType, field_details_list: list[FieldDetails]) -> Plan | None:
        nodes = tuple(details.node for details in field_details_list)
        key = (return_type, *map(id, nodes))
        known = self._plans.get(key)
        if known is None:
            plannable = not any(details.defer_usage or details.fragment_variable_values
                                for details in field_details_list) and \
                not any(node.selection_set and _directed(node.selection_set.selections, self.fragments)
                        for node in nodes)
            if len(self._plans) >= PLANS_REMEMBERED:
                self._plans.clear()
            known = self._plans[key] = (nodes, self._compiled(return_type, field_details_list) if plannable else None)
        return known[1]

    def _compiled(self, served: GraphQLOutputType, field_details_list: list[FieldDetails],
                  required: bool = False) -> Plan | None:
        """How to complete values of type ``served`` for these fields, or None when some field needs graphql-core."""
        if isinstance(served, GraphQLNonNull):
            return self._compiled(served.of_type, field_details_list, required=True)
        if isinstance(served, GraphQLList):
            inner = self._compiled(served.of_type, field_details_list)
            return None if inner is None else _listed(inner, required)
        if is_leaf_type(served):
            return _leaf(served.coerce_output_value, required)  # type: ignore[union-attr]
        if isinstance(served, GraphQLObjectType):
            fields = self._fields(served, field_details_list)
            return None if fields is None else _object(fields, served.is_type_of, required)
        if is_abstract_type(served):
            by_class: dict[type, Plan] = {}
            for possible in self.schema.get_possible_types(served):  # type: ignore[arg-type]
                fields, definition = self._fields(possible, field_details_list), possible.extensions.get(_BACKREF)
                if fields is None or definition is None or definition.origin in by_class:  # a class served twice
                    return None
                # Chosen by its class: the type check the object type would make is already made.
                by_class[definition.origin] = _object(fields, None, required)
            return _by_class(by_class, required)
        return None

    def _fields(self, served: GraphQLObjectType, field_details_list: list[FieldDetails]) -> list[_Field] | None:
        """What an object of type ``served`` is completed with, field by field, or None when one needs graphql-core."""
        grouped, defers, _ = collect_subfields(self.schema, self.fragments, self.variable_values, self.operation,
                                               served, field_details_list, self.hide_suggestions)
        if defers:
            return None
        fields: list[_Field] = []
        for response_key, group in grouped.items():
            name = group[0].node.name.value
            if name == "__typename":
                fields.append(_Field(response_key, None, None, _constant(served.name)))
                continue
            field = served.fields.get(name)
            read = _read(field)
            plan = self._compiled(field.type, group) if field is not None else None
            if read is None or plan is None or any(details.node.arguments for details in group):
                return None
            fields.append(_Field(response_key, *read, plan))
        return fields


class _Field(NamedTuple):
    """One field of an object: its value is ``convert(getattr(object, attribute), context)``
    (no attribute: None; no convert: the attribute's value), completed by ``plan``."""

    response_key: str
    attribute: str | None
    convert: Convert | None
    plan: Plan


def _directed(selections: Iterable[SelectionNode], fragments: Mapping[str, FragmentDetails]) -> bool:
    """Whether a directive appears anywhere below, fragments included."""
    for selection in selections:
        if selection.directives:
            return True
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is None or _directed(fragment.definition.selection_set.selections, fragments):
                return True
        elif getattr(selection, "selection_set", None) and _directed(selection.selection_set.selections, fragments):
            return True
    return False


def _read(field: GraphQLField | None) -> tuple[str, Convert | None] | None:
    """The attribute a field reads and how its value is converted, or None when it needs its resolver."""
    definition = field and (field.extensions or {}).get(_BACKREF)
    if definition is None:
        return None
    if getattr(field.resolve, "_is_default", False) and definition.default_resolver is getattr:
        return definition.python_name, None
    if READ in definition.metadata:
        return definition.metadata[READ]
    return None


def _constant(value: Any) -> Plan:
    return lambda ignored, context: value


def _listed(inner: Plan, required: bool) -> Plan:
    def listed(value: Any, context: Any) -> Any:
        if value is None:
            if required:
                raise _Unexpected
            return None
        if not isinstance(value, (list, tuple)):
            raise _Unexpected
        return [inner(item, context) for item in value]

    return listed


def _leaf(coerce: Callable[[Any], Any], required: bool) -> Plan:
    def leaf(value: Any, context: Any) -> Any:
        if value is None:
            if required:
                raise _Unexpected
            return None
        completed = coerce(value)
        if completed is None or completed is Undefined:
            raise _Unexpected
        return completed

    return leaf


def _by_class(plans: dict[type, Plan], required: bool) -> Plan:
    """An interface's value, completed as the object type of its class (objects are never cast)."""
    def abstract(value: Any, context: Any) -> Any:
        if value is None:
            if required:
                raise _Unexpected
            return None
        return plans[type(value)](value, context)

    return abstract


def _object(fields: list[_Field], is_type_of: Callable[..., Any] | None, required: bool) -> Plan:
    def completed(value: Any, context: Any) -> Any:
        if value is None:
            if required:
                raise _Unexpected
            return None
        if is_type_of is not None and is_type_of(value, None) is not True:
            raise _Unexpected
        response = {}
        for response_key, attribute, convert, plan in fields:
            item = None if attribute is None else getattr(value, attribute)
            response[response_key] = plan(item if convert is None else convert(item, context), context)
        return response

    return completed
