"""What a request asks of people, and the one Cypher statement that fetches exactly that.

A ``PersonSelection`` says which fields of a person are wanted, and for each nested list
(supporters, supporting, memberships) which of *its* fields, down to the people at the far
end of a tie. ``person_projection`` turns it into a map projection with a ``COLLECT``
subquery per nested list — the shape the Neo4j GraphQL Library generates — so a page of
people with their supporters and groups is one round trip, and nothing is read that was
not asked for (a supporter's name, not their interests and load).

The selections are plain data and know nothing of GraphQL: the schema layer builds them
from an operation's selection set (schema/selection.py); the resolvers decide who may see what.

Row visibility: when ``viewer`` is given, every person map carries ``_mine`` — whether
the viewer is that person or actively supports them (their caseload) — so the facts that
only those may learn are decided per row, in the same statement, with no second check.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any, LiteralString

from graphdb.cypher import PERSON_FIELDS, TIE_TYPES, active, confirmed, load

# Stored person properties a selection can ask for, each read as itself.
PERSON_PROPERTIES: frozenset[str] = frozenset({"id", *PERSON_FIELDS})
PERSON_COMPUTED: frozenset[str] = frozenset({"interests", "expertise", "load"})
TIE_PROPERTIES: frozenset[str] = frozenset(
    {"id", "since", "until", "strength", "functions", "formal", "lastContact"}
)
GROUP_PROPERTIES: frozenset[str] = frozenset({"id", "name", "kind"})
MEMBERSHIP_PROPERTIES: frozenset[str] = frozenset({"role", "since"})


class Direction(str, Enum):
    TOWARDS = "TOWARDS"  # ties towards the person: their supporters
    FROM = "FROM"  # ties from the person: whom they support


@dataclass(frozen=True, slots=True)
class TieSelection:
    fields: frozenset[str] = frozenset()  # of TIE_PROPERTIES, plus "kind"
    supporter: PersonSelection | None = None
    supported: PersonSelection | None = None


@dataclass(frozen=True, slots=True)
class TieList:
    """One nested list of ties, returned under the map key ``slot`` (``ties0``, ``ties1``…:
    chosen by position, never by the client, so the statement's text depends only on the
    shape of the request and Neo4j plans it once)."""

    slot: str
    direction: Direction
    kinds: tuple[str, ...]
    first: int
    tie: TieSelection


@dataclass(frozen=True, slots=True)
class GroupSelection:
    fields: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MembershipSelection:
    slot: str
    fields: frozenset[str] = frozenset()
    group: GroupSelection | None = None


@dataclass(frozen=True, slots=True)
class PersonSelection:
    fields: frozenset[str] = frozenset({"id"})
    ties: tuple[TieList, ...] = ()
    memberships: tuple[MembershipSelection, ...] = ()
    # Hashed once: a selection keys the batches of people and the kept statements, and a
    # dataclass's own hash would walk the whole nest on every lookup.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.fields, self.ties, self.memberships)))

    def __hash__(self) -> int:
        return self._hash

    def merged(self, other: PersonSelection) -> PersonSelection:
        """Both selections at once (for people reached by several routes)."""
        ties = {t.slot: t for t in self.ties} | {t.slot: t for t in other.ties}
        members = {m.slot: m for m in self.memberships} | {m.slot: m for m in other.memberships}
        return PersonSelection(
            self.fields | other.fields, tuple(ties.values()), tuple(members.values())
        )


@dataclass(frozen=True, slots=True)
class RowScope:
    """Who is reading, for the per-row ``_mine`` mark: the viewer and their caseload."""

    viewer_id: str | None
    caseload: tuple[str, ...]

    def params(self) -> dict[str, object]:
        return {"viewerId": self.viewer_id, "caseload": list(self.caseload)}


@dataclass
class _Builder:
    """Builds one statement: unique variable names per nesting level, and the parameters
    of every nested list (kinds and page size) named after their position."""

    viewer: bool
    params: dict[str, Any] = field(default_factory=dict)
    _n: int = 0

    def fresh(self) -> int:
        self._n += 1
        return self._n

    def person(self, sel: PersonSelection, p: LiteralString) -> LiteralString:
        parts: list[LiteralString] = []
        for name in sorted(sel.fields & PERSON_PROPERTIES):
            parts.append(_property(p, name))
        if "interests" in sel.fields:
            parts.append("interests: " + _topics(p, "INTERESTED_IN"))
        if "expertise" in sel.fields:
            parts.append("expertise: " + _topics(p, "EXPERT_IN"))
        if "load" in sel.fields:
            parts.append("load: " + load(p))
        if self.viewer:
            parts.append("_mine: (" + p + ".id = $viewerId OR " + p + ".id IN $caseload)")
        for ties in sel.ties:
            parts.append(_name(ties.slot) + ": " + self.tie_list(ties, p))
        for membership in sel.memberships:
            parts.append(_name(membership.slot) + ": " + self.memberships(membership, p))
        return p + " {" + ", ".join(parts) + "}"

    def tie_list(self, ties: TieList, p: LiteralString) -> LiteralString:
        n = self.fresh()
        r = _var("r", n)
        q = _var("q", n)
        kinds, first = _var("kinds", n), _var("first", n)
        self.params[kinds] = ties.kinds
        self.params[first] = ties.first
        if ties.direction is Direction.TOWARDS:
            pattern = "(" + p + ")<-[" + r + ":" + TIE_TYPES + "]-(" + q + ":Person)"
            supporter, supported = q, p
        else:
            pattern = "(" + p + ")-[" + r + ":" + TIE_TYPES + "]->(" + q + ":Person)"
            supporter, supported = p, q
        return (
            "COLLECT { MATCH "
            + pattern
            + " WHERE type("
            + r
            + ") IN $"
            + kinds
            + " AND "
            + active(r)
            + " WITH "
            + r
            + ", "
            + q
            + " ORDER BY "
            + r
            + ".strength DESC, "
            + r
            + ".id LIMIT $"
            + first
            + " RETURN "
            + self.tie(ties.tie, r, supporter, supported)
            + " }"
        )

    def tie(
        self,
        sel: TieSelection,
        r: LiteralString,
        supporter: LiteralString,
        supported: LiteralString,
    ) -> LiteralString:
        parts: list[LiteralString] = []
        for name in sorted(sel.fields & TIE_PROPERTIES):
            parts.append(_property(r, name))
        if "kind" in sel.fields:
            parts.append("kind: type(" + r + ")")
        if "confirmed" in sel.fields:
            parts.append("confirmed: " + confirmed(r))
        # The ends' ids always come back: the shaper names them in errors and audits.
        parts.append("supporterId: " + supporter + ".id")
        parts.append("supportedId: " + supported + ".id")
        if sel.supporter is not None:
            parts.append("supporter: " + self.person(sel.supporter, supporter))
        if sel.supported is not None:
            parts.append("supported: " + self.person(sel.supported, supported))
        return r + " {" + ", ".join(parts) + "}"

    def memberships(self, sel: MembershipSelection, p: LiteralString) -> LiteralString:
        n = self.fresh()
        m, g = _var("m", n), _var("g", n)
        parts: list[LiteralString] = []
        for name in sorted(sel.fields & MEMBERSHIP_PROPERTIES):
            parts.append("." + _name(name))
        if sel.group is not None:
            group: list[LiteralString] = [
                "." + _name(name) for name in sorted(sel.group.fields & GROUP_PROPERTIES)
            ]
            parts.append("group: " + g + " {" + ", ".join(group or [".id"]) + "}")
        return (
            "COLLECT { MATCH (" + p + ")-[" + m + ":MEMBER_OF]->(" + g + ":Group)"
            " WITH " + m + ", " + g + " ORDER BY " + g + ".sortName, " + g + ".id"
            " RETURN " + m + " {" + ", ".join(parts or [".role"]) + "} }"
        )


def person_projection(
    sel: PersonSelection, p: LiteralString = "p", *, viewer: bool = False
) -> tuple[LiteralString, dict[str, Any]]:
    """``(projection, params)``: the map projection of the person bound to ``p``.

    With ``viewer``, the statement needs ``$viewerId`` and ``$caseload`` too (the caller
    supplies them; see ``graphdb.people.people_with``). The parameters are the caller's
    own copy, to add to."""
    projection, params = _kept_projection(sel, p, viewer)
    return projection, dict(params)


@functools.lru_cache(maxsize=1024)
def _kept_projection(
    sel: PersonSelection, p: LiteralString, viewer: bool
) -> tuple[LiteralString, Mapping[str, Any]]:
    # A client sends the same few shapes again and again: each statement is built once.
    # Its parameters (kinds as tuples, page sizes) are read-only, shared by every request.
    builder = _Builder(viewer)
    return builder.person(sel, p), MappingProxyType(builder.params)


# Non-null fields read with the default every writer stores, so a value written by hand
# (or before the field existed) never breaks a response.
_DEFAULTS: dict[str, LiteralString] = {
    "roles": "[]",
    "servesLevels": "[]",
    "openDoor": "false",
    "strength": "0.5",
    "functions": "[]",
    "formal": "false",
}


def _property(var: LiteralString, name: str) -> LiteralString:
    key = _name(name)
    default = _DEFAULTS.get(name)
    if default is None:
        return "." + key
    return key + ": coalesce(" + var + "." + key + ", " + default + ")"


def _topics(p: LiteralString, rel_type: LiteralString) -> LiteralString:
    return (
        "COLLECT { MATCH (" + p + ")-[:" + rel_type + "]->(t:Topic) RETURN t.name ORDER BY t.name }"
    )


_SAFE = frozenset(
    PERSON_PROPERTIES | PERSON_COMPUTED | TIE_PROPERTIES | GROUP_PROPERTIES | MEMBERSHIP_PROPERTIES
)
_SLOT = re.compile(r"[A-Za-z]{1,40}[0-9]{0,3}")


def _name(key: str) -> LiteralString:
    """A map key for Cypher text: a known field name, or a slot the planner chose. Nothing a
    client typed (an alias) ever becomes query text."""
    if key not in _SAFE and not _SLOT.fullmatch(key):
        raise ValueError(f"not a field or slot name: {key!r}")
    return _literal(key)


def _literal(text: str) -> LiteralString:
    # Only names checked against the fixed vocabularies above reach here.
    return text


def _var(prefix: LiteralString, n: int) -> LiteralString:
    return prefix + _literal(str(n))
