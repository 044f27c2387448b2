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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
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
from resolvers.disclosure import Fact
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


class Shaper:
    def __init__(self, scope: RequestScope, base: Path, record: Record) -> None:
        self.scope = scope
        self.base = base
        self._record = record
        self.disclosure = scope.disclosure()
        self.rows_decide = self.disclosure.needs_rows
        self.pseudonymous = self.disclosure.pseudonymous
        self.subjects: set[str] = set()

    async def complete(
        self,
        return_type: GraphQLOutputType,
        sel: Sel | None,
        value: Any,
        nodes: tuple[FieldNode, ...],
    ) -> Any:
        value = await resolve_lazy(self.scope, return_type, sel, value)
        try:
            data = self._value(return_type, sel, value, (), nodes, True, None)
        except _Nulled as nulled:
            self.scope.add_audit_subjects(self.subjects)
            raise nulled.error from None
        self.scope.add_audit_subjects(self.subjects)
        return data

    # ------------------------------------------------------------------------- values

    def _value(
        self,
        t: GraphQLOutputType,
        sel: Sel | None,
        v: Any,
        keys: Keys,
        nodes: Sequence[FieldNode],
        mine: bool,
        owner: str | None,
    ) -> Any:
        if isinstance(t, GraphQLNonNull):
            out = self._value(t.of_type, sel, v, keys, nodes, mine, owner)
            if out is None:
                raise _Nulled(self._error(NotFound("a required value is missing"), keys, nodes))
            return out
        if v is None:
            return None
        if isinstance(t, GraphQLList):
            return self._list(t.of_type, sel, v, keys, nodes, mine, owner)
        if is_leaf_type(t):
            return _leaf(t.name, v)
        assert isinstance(t, GraphQLObjectType) and sel is not None
        return self._object(t, sel, v, keys, mine, owner)

    def _list(
        self,
        item: GraphQLOutputType,
        sel: Sel | None,
        values: Sequence[Any],
        keys: Keys,
        nodes: Sequence[FieldNode],
        mine: bool,
        owner: str | None,
    ) -> list[Any]:
        nullable = not isinstance(item, GraphQLNonNull)
        out: list[Any] = []
        for i, v in enumerate(values):
            if nullable:
                out.append(self._guarded(item, sel, v, (*keys, i), nodes, mine, owner))
            else:
                out.append(self._value(item, sel, v, (*keys, i), nodes, mine, owner))
        return out

    def _guarded(
        self,
        t: GraphQLOutputType,
        sel: Sel | None,
        v: Any,
        keys: Keys,
        nodes: Sequence[FieldNode],
        mine: bool,
        owner: str | None,
    ) -> Any:
        """A nullable position: an error below stops here, recorded, as null."""
        try:
            return self._value(t, sel, v, keys, nodes, mine, owner)
        except _Nulled as nulled:
            self._record(nulled.error, self._path(keys))
            return None

    def _object(
        self,
        t: GraphQLObjectType,
        sel: Sel,
        row: dict[str, Any],
        keys: Keys,
        mine: bool,
        owner: str | None,
    ) -> dict[str, Any]:
        type_name = t.name
        facts = FIELD_FACTS.get(type_name, {})
        if type_name == "Person":
            owner = row.get("id")
            mine = bool(row.get("_mine", not self.rows_decide))
        out: dict[str, Any] = {}
        for f in sel.fields:
            name = f.name
            at = (*keys, f.key)
            if name == "__typename":
                out[f.key] = type_name
                continue
            fact = facts.get(name)
            if isinstance(fact, Fact) and fact is not Fact.CARD:
                if not self.disclosure.allows(fact, mine):
                    where = f"{type_name}.{name}"
                    refused = Forbidden(f"{where}: {self.disclosure.refusal(fact)}")
                    self.scope.audit_refused(where, owner)
                    self._refuse(f.type, refused, at, f.nodes)
                    out[f.key] = None
                    continue
                if owner is not None and fact in SUBJECT_FACTS:
                    self.subjects.add(owner)
            v = row[f.data_key] if f.data_key in row else computed_value(type_name, name, row)
            if self.pseudonymous and name == "id" and type_name in ("Person", "SupportTie"):
                v = self.scope.pseudonym(str(v))
            if isinstance(f.type, GraphQLNonNull):
                out[f.key] = self._value(f.type, f.sel, v, at, f.nodes, mine, owner)
            else:
                out[f.key] = self._guarded(f.type, f.sel, v, at, f.nodes, mine, owner)
        return out

    def _refuse(
        self, t: GraphQLOutputType, refused: Forbidden, keys: Keys, nodes: Sequence[FieldNode]
    ) -> None:
        error = self._error(refused, keys, nodes)
        if isinstance(t, GraphQLNonNull):
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


def _leaf(type_name: str, v: Any) -> Any:
    if isinstance(v, Enum):
        return v.value
    if type_name in ("String", "ID"):
        return v if isinstance(v, str) else str(v)
    if type_name == "Float":
        return float(v)
    if type_name == "Int":
        return int(v)
    if type_name == "Boolean":
        return bool(v)
    if type_name in ("Date", "DateTime"):
        return v.isoformat() if isinstance(v, dt.date | dt.datetime) else str(v)
    return v  # the schema's enums: stored and sent as their names
