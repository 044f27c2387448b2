"""The executor that completes planned values (schema/selection.py) in one pass.

graphql-core's own executor, with two changes: before any root field runs it prices the
whole operation (schema/cost.py) and refuses one over the viewer's budget; and where a
root field returned ``planned(fetch)``, it collects the field's selection once, lets the
resolvers fetch the whole subtree, and hands the value to the shaper (schema/shape.py)
instead of resolving field by field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from functools import partial
from types import MappingProxyType
from typing import Any

from graphql import (
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

from schema.cost import selection_cost
from schema.selection import FieldSel, Planned, Sel
from schema.selection_cache import SelectionCache
from schema.shape import Shaper

MAX_REPORTED_COST = 2**53 - 1
"""The largest cost an answer reports: the largest integer a JSON number holds exactly."""

KEPT = SelectionCache()
"""Root fields' selections that no variable changes, for the whole process."""


class PlanningExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, completing planned values in one pass."""

    # The root fields' selections by response key, collected once for the cost.
    _roots: Mapping[str, Sel | None] = MappingProxyType({})

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
        # The whole operation's cost, before any root field runs (schema/cost.py). Its
        # selection is the one each planned root field is then fetched and shaped by:
        # collected once, kept by response key.
        roots = self._fields(root_type, grouped_field_set, keep=True)
        self._roots = {f.key: f.sel for f in roots}
        cost = selection_cost(Sel(root_type, roots))
        budget = int(getattr(self.context_value, "cost_budget", 0)) or None
        if budget is not None and cost > budget:
            # Nested lists multiply: a cost can outgrow what a JSON number holds exactly
            # (and what orjson writes at all), so the answer says "at least" this much.
            cost = min(cost, MAX_REPORTED_COST)
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
        self, return_type: GraphQLObjectType, grouped: GroupedFieldSet, *, keep: bool = False
    ) -> tuple[FieldSel, ...]:
        """The fields asked of ``return_type``; ``keep``: these are root fields, whose
        sub-selections are kept across requests where no variable can change them."""
        fields: list[FieldSel] = []
        for index, (key, group) in enumerate(grouped.items()):
            first = group[0]
            name = first.node.name.value
            if name == "__typename":
                fields.append(FieldSel(key, name, {}, return_type, None, (first.node,), name))
                continue
            if name in ("__schema", "__type"):
                # Introspection: graphql-core answers it from the schema, no plan and no
                # data (and it is off in production); it is not among the type's fields.
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
            if not is_object_type(named):
                sub = None
            elif keep and all(d.fragment_variable_values is None for d in group):
                sub = KEPT.selection(
                    return_type,
                    tuple(d.node for d in group),
                    self.fragments,
                    partial(self.selection, named, group),
                )
            else:
                sub = self.selection(named, group)
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
        named = get_named_type(return_type)
        if path.prev is None and path.key in self._roots:
            sel = self._roots[str(path.key)]
        else:
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
