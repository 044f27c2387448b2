"""From what an operation selects of a person to the ``PersonSelection`` that graphdb turns
into one Cypher projection (the nested lists included).

The selection comes from the schema layer (schema/selection.py), but this module reads it
only through the small structural ``Selected`` protocol below — field names, arguments,
sub-selections — so the resolvers know nothing of GraphQL, and the schema nothing of how
people are fetched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeAlias

from graphdb.model import TieKind
from graphdb.selection import (
    PERSON_COMPUTED,
    PERSON_PROPERTIES,
    Direction,
    GroupSelection,
    MembershipSelection,
    PersonSelection,
    TieList,
    TieSelection,
)
from resolvers.pagination import check_first

MAX_TIES = 500
"""The most ties one nested list returns."""


class SelectedField(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def args(self) -> Mapping[str, Any]: ...
    @property
    def sel(self) -> Selected | None: ...
    @property
    def data_key(self) -> str:
        """Where the fetched row keeps this field's value."""


class Selected(Protocol):
    @property
    def fields(self) -> Sequence[SelectedField]: ...
    def one(self, name: str) -> Selected | None: ...
    def names(self) -> frozenset[str]: ...


PersonWants: TypeAlias = PersonSelection
"""What is fetched of a person: hashable, so callers can batch people by it."""


def check_tie_page(first: int) -> int:
    return check_first(first, maximum=MAX_TIES)


ALL_KINDS: tuple[str, ...] = tuple(k.value for k in TieKind)
_FETCHED = PERSON_PROPERTIES | PERSON_COMPUTED
# What a computed field needs fetched beside it.
_NEEDS: dict[str, frozenset[str]] = {"available": frozenset({"openDoor", "capacity", "load"})}


def person_selection(sel: Selected | None) -> PersonSelection:
    """The person fields and nested lists ``sel`` asks for (the id always: rows are keyed,
    audited and checked by it)."""
    if sel is None:
        return PersonSelection()
    fields: set[str] = {"id"}
    ties: list[TieList] = []
    memberships: list[MembershipSelection] = []
    for f in sel.fields:
        if f.name in _FETCHED:
            fields.add(f.name)
        fields |= _NEEDS.get(f.name, frozenset())
        if f.name in ("supporters", "supporting"):
            first = int(f.args.get("first", 100))
            check_tie_page(first)
            kinds = f.args.get("kinds") or ALL_KINDS
            ties.append(
                TieList(
                    slot=f.data_key,
                    direction=Direction.TOWARDS if f.name == "supporters" else Direction.FROM,
                    kinds=tuple(sorted(set(kinds))),
                    first=first,
                    tie=tie_selection(f.sel),
                )
            )
        elif f.name == "groups" and not memberships:
            memberships.append(membership_selection(sel.one("groups")))
    return PersonSelection(frozenset(fields), tuple(ties), tuple(memberships))


def tie_selection(sel: Selected | None) -> TieSelection:
    if sel is None:
        return TieSelection()
    names = sel.names()
    return TieSelection(
        fields=frozenset(names - {"supporter", "supported", "__typename"}),
        supporter=person_selection(sel.one("supporter")) if "supporter" in names else None,
        supported=person_selection(sel.one("supported")) if "supported" in names else None,
    )


def membership_selection(sel: Selected | None) -> MembershipSelection:
    if sel is None:
        return MembershipSelection("groups")
    group = sel.one("group")
    return MembershipSelection(
        "groups",
        frozenset(sel.names() - {"group", "__typename"}),
        GroupSelection(frozenset({"id"} | (group.names() - {"members", "__typename"})))
        if group is not None
        else None,
    )
