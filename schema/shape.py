"""Turning a planned value into the response: the point where facts leave the resolvers.

``Shaper.complete`` takes the value a planned root field fetched (plain dicts keyed by
field name, ``PersonRef``s where only an id is known) and its selection, and

1. resolves what is still missing in batches — people known by id, support profiles,
   support webs — one query per kind and selection, repeated until nothing is missing;
2. builds the response in one pass: aliases, ``__typename``, leaf values serialised, and
   for every field of every row the access policy (``resolvers.disclosure``) asked about
   the fact that field reveals. A refused field is a FORBIDDEN error at its path and a
   null that propagates as GraphQL says. Researchers get every person and tie id as a
   keyed pseudonym. Every person whose personal data went out is recorded as a subject
   of the request's audit event.

Step 2 runs for every field of every row (a page of 100 people with their supporters is
some 5,000 fields), so each selection is first compiled into a ``_Plan``: per field, its
response key, where the row keeps it, how to serialise it, and the policy's verdict for
this viewer, decided once. Only MINE verdicts look at the row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.pyutils import Path

from graphdb.errors import Forbidden, NotFound
from resolvers.disclosure import Disclosure, Fact, Verdict
from resolvers.scope import RequestScope
from schema.facts import FIELD_FACTS, SUBJECT_FACTS, computed_value
from schema.lazy import resolve_lazy
from schema.selection import Sel

Record = Callable[[GraphQLError, Path], None]
Keys = tuple[str | int, ...]


class _Nulled(Exception):
    """A non-null position became null: carries the error up to the nearest nullable one."""

    def __init__(self, error: GraphQLError) -> None:
        super().__init__(error.message)
        self.error = error


# How a position is completed.
LEAF, LIST, OBJECT = 0, 1, 2
_PLAN = "shape.plan"  # the key of a plan in a selection's memo, with the viewer's roles


@dataclass(slots=True)
class _Shape:
    """A GraphQL output type, unwrapped once: what to do at a position of that type."""

    non_null: bool
    kind: int
    leaf: Callable[[Any], Any] | None = None  # for LEAF
    item: _Shape | None = None  # for LIST
    type: GraphQLObjectType | None = None  # for OBJECT


@dataclass(slots=True)
class _Field:
    key: str
    name: str
    data_key: str
    shape: _Shape
    plan: _Plan | None
    nodes: tuple[FieldNode, ...]
    verdict: Verdict | None  # None: reveals nothing of its own
    fact: Fact | None
    subject: bool  # reading it makes the row's person a subject of the audit
    pseudonym: bool  # an id a researcher sees as a pseudonym


@dataclass(slots=True)
class _Plan:
    type_name: str
    person: bool
    fields: list[_Field]


def _shape(t: GraphQLOutputType) -> _Shape:
    non_null = isinstance(t, GraphQLNonNull)
    inner = t.of_type if isinstance(t, GraphQLNonNull) else t
    if isinstance(inner, GraphQLList):
        return _Shape(non_null, LIST, item=_shape(inner.of_type))
    if is_leaf_type(inner):
        return _Shape(non_null, LEAF, leaf=_SERIALISE.get(inner.name, _as_is))
    assert isinstance(inner, GraphQLObjectType)
    return _Shape(non_null, OBJECT, type=inner)


class Shaper:
    def __init__(self, scope: RequestScope, base: Path, record: Record) -> None:
        self.scope = scope
        self.base = base
        self._record = record
        self.disclosure: Disclosure = scope.disclosure()
        self.rows_decide = self.disclosure.needs_rows
        self.pseudonymous = self.disclosure.pseudonymous
        self.subjects: set[str] = set()
        # The plans hang on the selections (kept across requests), one per set of roles:
        # the verdicts and pseudonyms they decide depend on the roles and nothing else.
        self._plan_key = (_PLAN, self.disclosure.viewer.roles)

    async def complete(
        self,
        return_type: GraphQLOutputType,
        sel: Sel | None,
        value: Any,
        nodes: tuple[FieldNode, ...],
    ) -> Any:
        value = await resolve_lazy(self.scope, return_type, sel, value)
        shape = _shape(return_type)
        plan = self._plan(sel) if sel is not None else None
        try:
            data = self._value(shape, plan, value, (), nodes, True, None)
        except _Nulled as nulled:
            self.scope.add_audit_subjects(self.subjects)
            raise nulled.error from None
        self.scope.add_audit_subjects(self.subjects)
        return data

    # -------------------------------------------------------------------------- plans

    def _plan(self, sel: Sel) -> _Plan:
        plan: _Plan | None = sel.memo.get(self._plan_key)
        if plan is not None:
            return plan
        type_name = sel.type.name
        facts = FIELD_FACTS.get(type_name, {})
        fields: list[_Field] = []
        for f in sel.fields:
            rule = facts.get(f.name)
            fact = rule if isinstance(rule, Fact) and rule is not Fact.CARD else None
            fields.append(
                _Field(
                    key=f.key,
                    name=f.name,
                    data_key=f.data_key,
                    shape=_shape(f.type) if f.name != "__typename" else _Shape(True, LEAF),
                    plan=self._plan(f.sel) if f.sel is not None else None,
                    nodes=f.nodes,
                    verdict=self.disclosure.verdict(fact) if fact is not None else None,
                    fact=fact,
                    subject=fact in SUBJECT_FACTS,
                    pseudonym=self.pseudonymous
                    and f.name == "id"
                    and type_name in ("Person", "SupportTie"),
                )
            )
        plan = sel.memo[self._plan_key] = _Plan(type_name, type_name == "Person", fields)
        return plan

    # ------------------------------------------------------------------------- values

    def _value(
        self,
        shape: _Shape,
        plan: _Plan | None,
        v: Any,
        keys: Keys,
        nodes: Sequence[FieldNode],
        mine: bool,
        owner: str | None,
    ) -> Any:
        if v is None:
            if shape.non_null:
                raise _Nulled(self._error(NotFound("a required value is missing"), keys, nodes))
            return None
        kind = shape.kind
        if kind == LEAF:
            assert shape.leaf is not None
            return shape.leaf(v)
        if kind == LIST:
            item = shape.item
            assert item is not None
            if item.kind == LEAF and item.leaf is not None and not (item.non_null and None in v):
                leaf = item.leaf
                return [None if x is None else leaf(x) for x in v]
            out: list[Any] = []
            for i, x in enumerate(v):
                at = (*keys, i)
                if item.non_null:
                    out.append(self._value(item, plan, x, at, nodes, mine, owner))
                else:
                    out.append(self._guarded(item, plan, x, at, nodes, mine, owner))
            return out
        assert plan is not None
        return self._object(plan, v, keys, mine, owner)

    def _guarded(
        self,
        shape: _Shape,
        plan: _Plan | None,
        v: Any,
        keys: Keys,
        nodes: Sequence[FieldNode],
        mine: bool,
        owner: str | None,
    ) -> Any:
        """A nullable position: an error below stops here, recorded, as null."""
        try:
            return self._value(shape, plan, v, keys, nodes, mine, owner)
        except _Nulled as nulled:
            self._record(nulled.error, self._path(keys))
            return None

    def _object(
        self, plan: _Plan, row: dict[str, Any], keys: Keys, mine: bool, owner: str | None
    ) -> dict[str, Any]:
        if plan.person:
            owner = row.get("id")
            mine = bool(row.get("_mine", not self.rows_decide))
        elif "_about" in row:
            owner = row["_about"]  # a row about a person (an alert): whom its facts concern
        out: dict[str, Any] = {}
        for f in plan.fields:
            if f.name == "__typename":
                out[f.key] = plan.type_name
                continue
            verdict = f.verdict
            if verdict is not None:
                if verdict is Verdict.NO or (verdict is Verdict.MINE and not mine):
                    self._refuse(plan.type_name, f, (*keys, f.key), owner)
                    out[f.key] = None
                    continue
                if f.subject and owner is not None:
                    self.subjects.add(owner)
            data_key = f.data_key
            v = row[data_key] if data_key in row else computed_value(plan.type_name, f.name, row)
            if f.pseudonym:
                v = self.scope.pseudonym(str(v))
            shape = f.shape
            if shape.kind == LEAF:
                # The common case, inline: a leaf is never refused below its own field.
                if v is None:
                    if shape.non_null:
                        missing = NotFound("a required value is missing")
                        raise _Nulled(self._error(missing, (*keys, f.key), f.nodes))
                    out[f.key] = None
                else:
                    assert shape.leaf is not None
                    out[f.key] = shape.leaf(v)
            elif shape.non_null:
                out[f.key] = self._value(shape, f.plan, v, (*keys, f.key), f.nodes, mine, owner)
            else:
                out[f.key] = self._guarded(shape, f.plan, v, (*keys, f.key), f.nodes, mine, owner)
        return out

    def _refuse(self, type_name: str, f: _Field, keys: Keys, owner: str | None) -> None:
        assert f.fact is not None
        where = f"{type_name}.{f.name}"
        self.scope.audit_refused(where, owner)
        refused = Forbidden(f"{where}: {self.disclosure.refusal(f.fact)}")
        error = self._error(refused, keys, f.nodes)
        if f.shape.non_null:
            raise _Nulled(error)
        self._record(error, self._path(keys))

    # ------------------------------------------------------------------------- errors

    def _path(self, keys: Keys) -> Path:
        path = self.base
        for k in keys:
            path = path.add_key(k)
        return path

    def _error(self, cause: Exception, keys: Keys, nodes: Sequence[FieldNode]) -> GraphQLError:
        return GraphQLError(
            str(cause),
            nodes=list(nodes),
            path=self._path(keys).as_list(),
            original_error=cause,
        )


def _as_is(v: Any) -> Any:
    # The schema's enums: stored and sent as their names.
    return v if type(v) is str else (v.value if isinstance(v, Enum) else v)


def _string(v: Any) -> Any:
    return v if type(v) is str else (v.value if isinstance(v, Enum) else str(v))


def _date(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date | dt.datetime) else str(v)


_SERIALISE: dict[str, Callable[[Any], Any]] = {
    "String": _string,
    "ID": _string,
    "Float": float,
    "Int": int,
    "Boolean": bool,
    "Date": _date,
    "DateTime": _date,
}
