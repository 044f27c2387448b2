"""Root fields' selections kept from one request to the next.

Clients send the same few documents again and again, and Strawberry's ParserCache hands
back the very same parsed document for the same text. Below its root fields a document
seldom uses a variable — `person(id: $id) { name supporters(first: 10) { … } }` asks the
same of every person — so the selection under such a root field (schema/selection.py:
every sub-field, fragments resolved, arguments coerced) is the same for every request:
it is collected once and kept, keyed by the field nodes it was collected from (they
live as long as the entry, so their ids are not reused). Where a variable appears below
the root (an argument, an ``@include(if: $x)``) or a fragment takes arguments, it is
collected afresh each time (that verdict is kept: the walk for variables is made once).
Nothing request-specific is in a selection: the viewer's verdicts are applied by the
shaper, per request.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
)
from graphql.execution.collect_fields import FragmentDetails

from schema.selection import Sel

MAX_KEPT = 1024
"""Selections kept per process: documents a busy API sees are a few dozen."""

_Key = tuple[int, tuple[int, ...]]
# The nodes' parent type, the nodes, and their selection — or None where a variable can
# change it (that verdict is kept too, so a document is walked for variables once).
_Entry = tuple[GraphQLObjectType, tuple[FieldNode, ...], tuple[Sel | None] | None]


class SelectionCache:
    """Keyed by the parent type too: the parsed document is shared by every schema in
    the process (tests build several), and a selection holds its schema's types."""

    def __init__(self, size: int = MAX_KEPT) -> None:
        self._size = size
        self._kept: OrderedDict[_Key, _Entry] = OrderedDict()
        # Requests answered from a kept selection: what keeping saves, for tests and tuning.
        self.hits = 0

    def selection(
        self,
        parent: GraphQLObjectType,
        nodes: tuple[FieldNode, ...],
        fragments: Mapping[str, FragmentDetails],
        collect: Callable[[], Sel | None],
    ) -> Sel | None:
        """The selection under these root field nodes: kept, or collected by ``collect``
        (and kept when no variable can change it)."""
        key = (id(parent), tuple(id(n) for n in nodes))
        found = self._kept.get(key)
        if (
            found is not None
            and found[0] is parent
            and all(a is b for a, b in zip(found[1], nodes, strict=True))
        ):
            self._kept.move_to_end(key)
            if found[2] is None:
                return collect()
            self.hits += 1
            return found[2][0]
        sel = collect()
        constant = all(_constant(n.selection_set, fragments, set()) for n in nodes)
        self._kept[key] = (parent, nodes, (sel,) if constant else None)
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return sel


def _constant(
    selections: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDetails],
    seen: set[str],
) -> bool:
    """Whether nothing under this selection set depends on the request's variables."""
    if selections is None:
        return True
    for s in selections.selections:
        if not _directives_constant(s.directives):
            return False
        if isinstance(s, FieldNode):
            if any(_variable(a.value) for a in s.arguments or ()):
                return False
            if not _constant(s.selection_set, fragments, seen):
                return False
        elif isinstance(s, InlineFragmentNode):
            if not _constant(s.selection_set, fragments, seen):
                return False
        elif isinstance(s, FragmentSpreadNode):
            if getattr(s, "arguments", None):
                return False  # fragment arguments (experimental): per request
            name = s.name.value
            if name in seen:
                continue
            seen.add(name)
            details = fragments.get(name)
            if details is None or details.variable_signatures:
                return False
            if not _constant(details.definition.selection_set, fragments, seen):
                return False
        else:
            return False
    return True


def _directives_constant(directives: Iterable[DirectiveNode] | None) -> bool:
    return not any(_variable(a.value) for d in directives or () for a in d.arguments or ())


def _variable(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_variable(v) for v in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_variable(f.value) for f in value.fields)
    return False
