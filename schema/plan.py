"""One plan per request: root fields fetch exactly what the operation selects, in one go.

A root field returns ``planned(fetch)`` instead of an object. The executor below hands
``fetch`` the field's selection (``Sel``: every sub-field asked, with fragments resolved,
``@skip``/``@include`` applied and arguments coerced, collected by graphql-core itself),
so the resolvers build one Cypher statement for the whole subtree (graphdb/selection.py).
The value that comes back — plain dicts — is turned into the response by
``schema/shape.py`` in one pass, which is where the access policy, pseudonyms and the
audit's subjects are applied to every field of every row. No per-field resolver runs for
a planned subtree: graphql-core's field-by-field execution costs ~8 µs a field here,
which for a page of 100 people with their supporters (~5,000 fields) would be most of
the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar, cast

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    get_named_type,
    is_object_type,
)
from graphql.execution.collect_fields import DeferUsage, FieldDetailsList, GroupedFieldSet
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FieldSel:
    """One field of a selection, under its response key."""

    key: str
    name: str
    args: Mapping[str, Any]
    type: GraphQLOutputType
    sel: Sel | None
    nodes: tuple[FieldNode, ...]
    # Where the fetched value keeps it: the field name, or for a field with arguments
    # (which may be asked several times under aliases) the name and its position.
    data_key: str


@dataclass(frozen=True, slots=True)
class Sel:
    """The fields asked of one object type."""

    type: GraphQLObjectType
    fields: tuple[FieldSel, ...]

    def named(self, *names: str) -> list[FieldSel]:
        return [f for f in self.fields if f.name in names]

    def has(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    def names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    def one(self, name: str) -> Sel | None:
        """The merged sub-selection of every occurrence of an argument-free field."""
        subs = [f.sel for f in self.fields if f.name == name and f.sel is not None]
        if not subs:
            return None
        return Sel(subs[0].type, tuple(x for s in subs for x in s.fields))


Fetch = Callable[[Sel | None], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Planned:
    """What a planned root field returns: how to fetch its value given its selection."""

    fetch: Fetch


def planned(_type: type[T], fetch: Fetch) -> T:
    """Return this from a root field resolver declared to return ``_type``."""
    return cast(T, Planned(fetch))


class PlanningExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, completing planned values in one pass."""

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Planned):
            return self._complete_planned(return_type, field_details_list, path, result)
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def execute_collected_root_fields(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
        serially: bool,
        new_defer_usages: Sequence[DeferUsage],
    ) -> Any:
        # The whole operation's cost, before any root field runs (schema/cost.py).
        from schema.cost import selection_cost

        cost = selection_cost(Sel(root_type, self._fields(root_type, grouped_field_set)))
        budget = int(getattr(self.context_value, "cost_budget", 0)) or None
        if budget is not None and cost > budget:
            raise GraphQLError(
                f"this operation could cost {cost} (objects it may return, and work), over "
                f"the budget of {budget}: ask for fewer items (first), fewer aliases or a "
                "shallower selection",
                self.operation,
                extensions={"code": "BAD_USER_INPUT", "cost": cost, "budget": budget},
            )
        return super().execute_collected_root_fields(
            root_type, root_value, grouped_field_set, serially, new_defer_usages
        )

    def selection(self, return_type: GraphQLObjectType, details: FieldDetailsList) -> Sel:
        grouped = self.collect_subfields(return_type, details).grouped_field_set
        return Sel(return_type, self._fields(return_type, grouped))

    def _fields(
        self, return_type: GraphQLObjectType, grouped: GroupedFieldSet
    ) -> tuple[FieldSel, ...]:
        fields: list[FieldSel] = []
        for index, (key, group) in enumerate(grouped.items()):
            first = group[0]
            name = first.node.name.value
            if name == "__typename":
                fields.append(FieldSel(key, name, {}, return_type, None, (first.node,), name))
                continue
            definition = return_type.fields[name]
            args = (
                _plain(
                    get_argument_values(
                        definition,
                        first.node,
                        self.variable_values,
                        first.fragment_variable_values,
                        self.hide_suggestions,
                    )
                )
                if definition.args
                else {}
            )
            named = get_named_type(definition.type)
            sub = self.selection(named, group) if is_object_type(named) else None
            fields.append(
                FieldSel(
                    key,
                    name,
                    args,
                    definition.type,
                    sub,
                    tuple(d.node for d in group),
                    f"{name}{index}" if definition.args else name,
                )
            )
        return tuple(fields)

    async def _complete_planned(
        self,
        return_type: GraphQLOutputType,
        details: FieldDetailsList,
        path: Path,
        result: Planned,
    ) -> Any:
        from schema.shape import Shaper

        named = get_named_type(return_type)
        sel = self.selection(named, details) if is_object_type(named) else None
        value = await result.fetch(sel)
        shaper = Shaper(self.context_value, path, self._record)
        return await shaper.complete(return_type, sel, value, tuple(d.node for d in details))

    def _record(self, error: GraphQLError, path: Path) -> None:
        self.collected_errors.add(error, path)


def _plain(value: Any) -> Any:
    """Argument values as plain data (enum members become their values)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
