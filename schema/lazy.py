"""What a planned value may still be missing, fetched in batches before it is shaped.

A root field's fetch returns what one statement could read; some positions hold only what
is needed to find the rest: a ``PersonRef`` where a result names a person by id (a
mentor, a path, a profile's supporters), a ``ProgramRef`` likewise, a person row without
the ``supportProfile`` or ``supportWeb`` it was asked for, a group without its
``members``, a program without its ``mentors`` or ``mentees``. ``resolve_lazy`` walks
the value along the selection, collects every such hole, fetches each kind in one batch
per distinct selection (one query for all the people a response names, however many
places name them), fills them in, and repeats while new holes appear (a profile's
supporters are people) — at most ``MAX_ROUNDS`` times.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType

from graphdb.errors import SupportwebError
from resolvers import groups as groups_r
from resolvers import people as people_r
from resolvers import support_web as support_web_r
from resolvers.disclosure import Disclosure, Fact, Verdict
from resolvers.programs import ProgramSide
from resolvers.programs import programs as programs_r
from resolvers.projection import PersonWants, person_selection
from resolvers.scope import RequestScope
from resolvers.support.profiles import support_profiles
from schema.facts import FIELD_FACTS
from schema.selection import Sel
from schema.values import PersonRef, ProgramRef, enrolment_value, profile_value, web_value

MAX_ROUNDS = 6
_WANTED = "lazy.wanted"  # the key of what is fetched of people, in a selection's memo
Setter = Callable[[Any], None]


@dataclass
class _Holes:
    disclosure: Disclosure
    # Keyed by what is fetched of them (resolvers.projection), one batch per distinct shape.
    people: dict[PersonWants, list[tuple[str, Setter]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    profiles: list[tuple[str, Setter]] = field(default_factory=list)
    webs: list[tuple[str, int, Setter]] = field(default_factory=list)
    members: list[tuple[str, int, Setter]] = field(default_factory=list)
    programs: list[tuple[str, Setter]] = field(default_factory=list)
    # (side, first) -> [(program id, setter)]: a program's mentors or mentees.
    enrolments: dict[tuple[ProgramSide, int], list[tuple[str, Setter]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def __bool__(self) -> bool:
        return bool(
            self.people
            or self.profiles
            or self.webs
            or self.members
            or self.programs
            or self.enrolments
        )

    def wanted(self, sel: Sel) -> PersonWants:
        """What to fetch of people under ``sel``, worked out once per selection."""
        found: PersonWants | None = sel.memo.get(_WANTED)
        if found is None:
            found = sel.memo[_WANTED] = person_selection(sel)
        return found


async def resolve_lazy(
    scope: RequestScope, t: GraphQLOutputType, sel: Sel | None, value: Any
) -> Any:
    box = {"value": value}
    for _ in range(MAX_ROUNDS):
        holes = _Holes(scope.disclosure())
        _walk(t, sel, box["value"], lambda v: box.__setitem__("value", v), holes)
        if not holes:
            return box["value"]
        await _fill(scope, holes)
    raise SupportwebError("the request's plan did not converge; narrow the query")


def _walk(t: GraphQLOutputType, sel: Sel | None, v: Any, put: Setter, holes: _Holes) -> None:
    if v is None or sel is None:
        return
    while isinstance(t, GraphQLNonNull):
        t = t.of_type
    if isinstance(t, GraphQLList):
        item_type = t.of_type
        for i, item in enumerate(v):
            # Most items are complete rows: look before making a setter for one.
            if sel.objects or isinstance(item, PersonRef | ProgramRef):
                _walk(item_type, sel, item, _setter(v, i), holes)
        return
    assert isinstance(t, GraphQLObjectType)
    if isinstance(v, PersonRef):
        if v.known is not None and _covers(v.known, sel, holes.disclosure):
            put(dict(v.known))
        else:
            holes.people[holes.wanted(sel)].append((v.id, put))
        return
    if isinstance(v, ProgramRef):
        holes.programs.append((v.id, put))
        return
    row: dict[str, Any] = v
    type_name = t.name
    for f in sel.objects:
        key = f.data_key
        if key in row:
            value = row[key]
            if value is not None:
                _walk(f.type, f.sel, value, _setter(row, key), holes)
        elif type_name == "Person" and f.name == "supportProfile":
            holes.profiles.append((row["id"], _setter(row, key)))
        elif type_name == "Person" and f.name == "supportWeb":
            depth = int(f.args.get("depth", 1))
            holes.webs.append((row["id"], depth, _setter(row, key)))
        elif type_name == "Group" and f.name == "members":
            first = int(f.args.get("first", 100))
            holes.members.append((row["id"], first, _setter(row, key)))
        elif type_name == "Program" and f.name in ("mentors", "mentees"):
            side = ProgramSide.MENTOR if f.name == "mentors" else ProgramSide.MENTEE
            first = int(f.args.get("first", 100))
            holes.enrolments[(side, first)].append((row["id"], _setter(row, key)))


def _covers(known: Mapping[str, Any], sel: Sel, disclosure: Disclosure) -> bool:
    """Whether what a result already knows of a person answers the selection: every field
    asked is there, and none depends on whether the viewer acts for them (the ``_mine``
    mark only the projection computes)."""
    facts = FIELD_FACTS["Person"]
    for f in sel.fields:
        if f.name == "__typename":
            continue
        if f.data_key not in known:
            return False
        fact = facts.get(f.name)
        if isinstance(fact, Fact) and disclosure.verdict(fact) is Verdict.MINE:
            return False
    return True


def _setter(container: Any, key: Any) -> Setter:
    def put(value: Any) -> None:
        container[key] = value

    return put


async def _fill(scope: RequestScope, holes: _Holes) -> None:
    for selection, wanted in holes.people.items():
        found = await people_r.people_by_ids(scope, [pid for pid, _ in wanted], selection)
        for pid, put in wanted:
            put(found.get(pid))
    if holes.profiles:
        ids = [pid for pid, _ in holes.profiles]
        profiles = await support_profiles(scope.db, ids)
        for pid, put in holes.profiles:
            profile = profiles.get(pid)
            put(profile_value(profile) if profile is not None else None)
    for pid, depth, put in holes.webs:
        put(web_value(await support_web_r.support_web(scope, pid, depth)))
    for gid, first, put in holes.members:
        put([PersonRef(m) for m in await groups_r.members(scope, gid, first)])
    if holes.programs:
        programs = await programs_r.programs_by_ids(scope.db, [pid for pid, _ in holes.programs])
        for pid, put in holes.programs:
            # A copy each: one program may be asked for different lists in different places.
            put(dict(programs[pid]) if pid in programs else None)
    for (side, first), wanted in holes.enrolments.items():
        lists = await programs_r.enrolments(scope, [pid for pid, _ in wanted], side, first)
        if side is ProgramSide.MENTEE:
            # Who takes part as a mentee is personal: those shown are the audit's subjects.
            scope.add_audit_subjects({r["personId"] for rows in lists.values() for r in rows})
        for pid, put in wanted:
            put([enrolment_value(r) for r in lists.get(pid, [])])
