"""One plan per request: root fields fetch exactly what the operation selects, in one go.

A root field returns ``planned(fetch)`` instead of an object. The executor
(schema/executor.py) hands ``fetch`` the field's selection (``Sel``: every sub-field asked,
with fragments resolved, ``@skip``/``@include`` applied and arguments coerced, collected by
graphql-core itself), so the resolvers build one Cypher statement for the whole subtree
(graphdb/selection.py). The value that comes back — plain dicts — is turned into the
response by ``schema/shape.py`` in one pass, which is where the access policy, pseudonyms and the
audit's subjects are applied to every field of every row. No per-field resolver runs for
a planned subtree: graphql-core's field-by-field execution costs ~8 µs a field here,
which for a page of 100 people with their supporters (~5,000 fields) would be most of
the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from graphql import FieldNode, GraphQLObjectType, GraphQLOutputType

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
    # The fields that hold objects (the rest are leaves): walked for every row, so kept.
    objects: tuple[FieldSel, ...] = field(init=False)
    # What the layers work out from this selection alone (the people to fetch, the
    # shaper's plan per set of roles, the cost): a kept selection (schema/selection_cache.py)
    # serves every request of its document, so each is worked out once, not per request.
    # Keys are the deriving module's own; values never hold anything of a request.
    memo: dict[Any, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "objects", tuple(f for f in self.fields if f.sel is not None))
        object.__setattr__(self, "memo", {})

    def named(self, *names: str) -> list[FieldSel]:
        return [f for f in self.fields if f.name in names]

    def has(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    def names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    def one(self, name: str) -> Sel | None:
        """The merged sub-selection of every occurrence of an argument-free field (the
        same object each time: what is worked out from it is kept with it)."""
        key = ("one", name)
        if key in self.memo:
            return cast(Sel | None, self.memo[key])
        subs = [f.sel for f in self.fields if f.name == name and f.sel is not None]
        if len(subs) > 1:
            merged: Sel | None = Sel(subs[0].type, tuple(x for s in subs for x in s.fields))
        else:
            merged = subs[0] if subs else None
        self.memo[key] = merged
        return merged


def edge_nodes(sel: Sel | None) -> Sel | None:
    """What a connection's selection asks of its nodes (``edges { node { … } }``)."""
    edges = sel.one("edges") if sel is not None else None
    return edges.one("node") if edges is not None else None


Fetch = Callable[[Sel | None], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Planned:
    """What a planned root field returns: how to fetch its value given its selection."""

    fetch: Fetch


def planned(_type: type[T], fetch: Fetch) -> T:
    """Return this from a root field resolver declared to return ``_type``."""
    return cast(T, Planned(fetch))
