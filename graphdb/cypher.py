"""The Cypher vocabulary every query shares: tie types, the active-tie test, projections,
the people filter and "does this person exist".

Each of these is a rule of SPEC §3–4 written as Cypher text. They live here once, so a
query module composes them and never spells a rule itself; a test keeps the type lists
equal to ``graphdb.model.TieKind``.

Cypher text must be literal (``LiteralString``): builders here concatenate only constant
fragments and the caller's own constant fragments, never values. Values are parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, LiteralString

from graphdb.model import PeopleFilter, Role, TieKind
from graphdb.programs.records import ProgramSide

# The one spelling of each tie's relationship type (SPEC §3). MEMBER_OF, INTERESTED_IN and
# EXPERT_IN are never ties.
TIE_TYPE: dict[TieKind, LiteralString] = {
    TieKind.ADVISES: "ADVISES",
    TieKind.MENTORS: "MENTORS",
    TieKind.COACHES: "COACHES",
    TieKind.TEACHES: "TEACHES",
    TieKind.TUTORS: "TUTORS",
    TieKind.PEER_SUPPORTS: "PEER_SUPPORTS",
    TieKind.SUPERVISES: "SUPERVISES",
    TieKind.KNOWS: "KNOWS",
}

SUPPORT_TYPES: LiteralString = "ADVISES|MENTORS|COACHES|TEACHES|TUTORS|PEER_SUPPORTS|SUPERVISES"
"""Support ties: every kind but KNOWS (an acquaintance carries introductions, not support)."""

TIE_TYPES: LiteralString = SUPPORT_TYPES + "|KNOWS"
"""Every person–person tie."""

ROLE_LABEL: dict[Role, LiteralString] = {
    Role.STUDENT: "Student",
    Role.FACULTY: "Faculty",
    Role.STAFF: "Staff",
    Role.ALUM: "Alum",
    Role.EXTERNAL: "External",
}
"""Role labels mirror ``roles`` (the writer keeps them in step), so "all students" is a
label scan and a role filter is a label test the planner can use."""


def per_kind(build: Callable[[LiteralString], LiteralString]) -> dict[TieKind, LiteralString]:
    """One statement per tie kind, for writes that must name a single relationship type
    (CREATE, and index-backed lookups by tie id)."""
    return {kind: build(rel_type) for kind, rel_type in TIE_TYPE.items()}


def active(r: LiteralString = "r") -> LiteralString:
    """SPEC §3: a tie is active while ``until`` is empty or in the future; a tie ending
    today has ended (docs/architecture.md, "Readings of SPEC")."""
    return "(" + r + ".until IS NULL OR " + r + ".until > date())"


def confirmed(r: LiteralString = "r") -> LiteralString:
    """Whether the person a tie supports (or an admin) confirmed it. Ties written before
    confirmation existed (imports, the seed, admins' writes) count as confirmed."""
    return "coalesce(" + r + ".confirmed, true)"


def tie_map(
    r: LiteralString = "r",
    supporter: LiteralString = "startNode(r)",
    supported: LiteralString = "endNode(r)",
) -> LiteralString:
    """A tie as every reader returns it (``SupportTie``'s fields)."""
    return (
        r
        + " {.id, .since, .until, .strength, .functions, .formal, .lastContact, kind: type("
        + r
        + "), confirmed: "
        + confirmed(r)
        + ", supporterId: "
        + supporter
        + ".id, supportedId: "
        + supported
        + ".id}"
    )


TIE_MAP: LiteralString = tie_map()


LOAD_TYPE: LiteralString = TIE_TYPE[TieKind.MENTORS]
"""The ties a person's load counts (SPEC §4): their active MENTORS ties towards others."""


def load(p: LiteralString = "p") -> LiteralString:
    """SPEC §4 load: the person's active MENTORS ties towards others."""
    return "COUNT { MATCH (" + p + ")-[l:" + LOAD_TYPE + "]->(:Person) WHERE " + active("l") + " }"


def in_load(r: LiteralString, kind: LiteralString) -> LiteralString:
    """Whether ``r``, one of a person's outgoing relationships read in one pass over several
    types, counts in their load; ``kind`` holds ``type(r)``, read once by the caller. A CASE,
    so ``until`` is read only on the load's ties."""
    return "(CASE WHEN " + kind + " = '" + LOAD_TYPE + "' THEN " + active(r) + " ELSE false END)"


PERSON_FIELDS: tuple[LiteralString, ...] = (
    "name",
    "email",
    "roles",
    "department",
    "classYear",
    "level",
    "openDoor",
    "capacity",
    "servesLevels",
)
"""A person's stored properties besides ``id`` (topics are relationships; load is counted)."""


def person_map(p: LiteralString = "p") -> LiteralString:
    """A person as every reader returns it (``Person``'s stored fields and load)."""
    return (
        p + " {.id, .name, .email, .roles, .department, .classYear, .level, .openDoor,"
        " .capacity, .servesLevels,"
        " interests: COLLECT { MATCH (" + p + ")-[:INTERESTED_IN]->(t:Topic)"
        " RETURN t.name ORDER BY t.name },"
        " expertise: COLLECT { MATCH (" + p + ")-[:EXPERT_IN]->(t:Topic)"
        " RETURN t.name ORDER BY t.name },"
        " load: " + load(p) + "}"
    )


PERSON_MAP: LiteralString = person_map()

ENROLMENT_TYPE: dict[ProgramSide, LiteralString] = {
    ProgramSide.MENTOR: "MENTOR_IN",
    ProgramSide.MENTEE: "MENTEE_IN",
}
"""A person's enrolment in a program, one relationship type per side (SPEC §8), so a
program's mentees are one typed expansion and a person may be on both sides."""

ENROLMENT_TYPES: LiteralString = "MENTOR_IN|MENTEE_IN"

EXISTING_PEOPLE: LiteralString = "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN p.id AS id"
"""Which of ``$ids`` are people: the one "does this person exist" query."""

EXISTING_GROUPS: LiteralString = "UNWIND $ids AS gid MATCH (g:Group {id: gid}) RETURN g.id AS id"
"""Which of ``$ids`` are groups: the one "does this group exist" query."""


# The people filter is built from the fragments of the filters actually set, so the planner
# sees plain predicates: a catch-all "$x IS NULL OR …" hides the indexes from it.
_FILTER_FRAGMENT: dict[str, Callable[[LiteralString], LiteralString]] = {
    "department": lambda p: p + ".department = $f_department",
    "classYear": lambda p: p + ".classYear = $f_classYear",
    "level": lambda p: p + ".level = $f_level",
    "groupId": lambda p: "EXISTS { MATCH (" + p + ")-[:MEMBER_OF]->(:Group {id: $f_groupId}) }",
    "topic": lambda p: (
        "EXISTS { MATCH (" + p + ")-[:INTERESTED_IN|EXPERT_IN]->(:Topic {name: $f_topic}) }"
    ),
    "search": lambda p: p + ".sortName CONTAINS $f_search",
    "programId": lambda p: (
        "EXISTS { MATCH (" + p + ")-[:" + ENROLMENT_TYPES + "]->(:Program {id: $f_programId}) }"
    ),
}


def role_test(roles: tuple[Role, ...], p: LiteralString = "p") -> LiteralString:
    """Has any of these roles (true for none, and for all of them)."""
    wanted = [r for r in ROLE_LABEL if r in roles]
    if not wanted or len(wanted) == len(ROLE_LABEL):
        return "true"
    tests: LiteralString = ""
    for i, role in enumerate(wanted):
        tests = tests + (" OR " if i else "") + p + ":" + ROLE_LABEL[role]
    return "(" + tests + ")"


def people_filter(
    flt: PeopleFilter, p: LiteralString = "p", *, roles: bool = True
) -> tuple[LiteralString, dict[str, Any]]:
    """``(predicate, params)`` for the filter on the person bound to ``p``.

    The predicate is ``true`` and the params empty when nothing is set. Parameter names
    start with ``f_`` so they never clash with the query's own. ``roles=False`` leaves
    the role test to the caller (the thin list reads a role-specific label instead).
    """
    predicate: LiteralString = role_test(flt.roles, p) if roles else "true"
    params: dict[str, Any] = {}
    for name, value in flt.set_values().items():
        if name == "roles":
            continue
        predicate = predicate + " AND " + _FILTER_FRAGMENT[name](p)
        params["f_" + name] = value
    return predicate, params
