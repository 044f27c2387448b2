"""One answer per fact, whatever the route: every guarded Person field, asked of every
person each route reaches, by every kind of viewer, is allowed or refused exactly as the
facts table (docs/security.md) says for that viewer and that person.

The expectations are computed here, independently of the product: the table as the docs
write it (tests/test_permissions.py's ``DOCUMENTED``), and each viewer's caseload worked
out from the fixture's ties by hand. The fields come from the served schema, so a new
Person field without a rule fails tests/test_permissions.py, and one with a rule is
checked here on every route at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import GraphQLNonNull, get_named_type, is_leaf_type

from resolvers.auth import ViewerRole
from resolvers.disclosure import Fact
from schema.facts import FIELD_FACTS
from schema.root import build_schema
from tests.api_graph import build
from tests.conftest import GraphQLClient
from tests.programs_graph import enrol, program, request
from tests.test_permissions import DOCUMENTED, M, Y

A, V, S, R = ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT, ViewerRole.RESEARCHER
COLUMN = {A: 0, V: 1, S: 2, R: 3}


@dataclass(frozen=True)
class Who:
    name: str
    roles: tuple[ViewerRole, ...]
    sub: str | None
    caseload: frozenset[str]  # from tests/api_graph.py's ties, by hand


VIEWERS = [
    Who("admin", (A,), None, frozenset()),
    Who("advisor lee", (V,), "lee", frozenset({"ada", "bo"})),
    Who("student ada", (S,), "ada", frozenset()),
    Who("student cy", (S,), "cy", frozenset()),
    Who("researcher", (R,), None, frozenset()),
    # Hal peer-supports Ada (KNOWS is not support): an advisor and student at once.
    Who("advisor+student hal", (V, S), "hal", frozenset({"ada"})),
]


def verdict(who: Who, fact: Fact) -> str:
    """The widest of the viewer's roles, as the docs say."""
    words = [DOCUMENTED[fact][COLUMN[r]] for r in who.roles]
    return Y if Y in words else M if M in words else "no"


def may(who: Who, fact: Fact, person: str | None) -> bool:
    word = verdict(who, fact)
    mine = person is not None and (person == who.sub or person in who.caseload)
    return word == Y or (word == M and mine)


# ------------------------------------------------------------------------------ routes


@dataclass(frozen=True)
class Route:
    name: str
    query: str  # @@ stands for the selection of each person the route reaches
    path: tuple[str, ...]  # where the people are: keys, "*" for every item of a list
    # Whether the viewer may take this route at all (its root field's rule, or the rule
    # of the field that leads to the people), and where a refusal of it shows.
    allowed: Any
    gate: tuple[str, ...] = ()


def _about(fact: Fact, person: str) -> Any:
    # Researchers never name a person by id (docs/security.md, Researchers).
    return lambda who: R not in who.roles and may(who, fact, person)


ROUTES = [
    Route("person", '{ person(id: "bo") { @@ } }', ("person",), lambda w: R not in w.roles),
    Route(
        "people",
        "{ people(first: 50) { edges { node { @@ } } } }",
        ("people", "edges", "*", "node"),
        lambda w: R not in w.roles,
    ),
    Route(
        "supporters",
        '{ person(id: "ada") { supporters { supporter { @@ } } } }',
        ("person", "supporters", "*", "supporter"),
        lambda w: R not in w.roles and may(w, Fact.TIES, "ada"),
        ("person", "supporters"),
    ),
    Route(
        "supporting",
        '{ person(id: "lee") { supporting { supported { @@ } } } }',
        ("person", "supporting", "*", "supported"),
        lambda w: R not in w.roles and may(w, Fact.TIES, "lee"),
        ("person", "supporting"),
    ),
    Route(
        "supportWeb",
        '{ person(id: "ada") { supportWeb(depth: 2) { people { @@ } } } }',
        ("person", "supportWeb", "people", "*"),
        lambda w: R not in w.roles and may(w, Fact.TIES, "ada"),
        ("person", "supportWeb"),
    ),
    Route(
        "profile supporters",
        '{ supportProfile(personId: "ada") { supporters { person { @@ } } } }',
        ("supportProfile", "supporters", "*", "person"),
        _about(Fact.ASSESSMENT, "ada"),
    ),
    Route(
        "thinSupport",
        "{ thinSupport(first: 50) { edges { node { person { @@ } } } } }",
        ("thinSupport", "edges", "*", "node", "person"),
        lambda w: verdict(w, Fact.CASELOAD_TOOLS) != "no",
    ),
    Route(
        "exposedIfLeaves",
        '{ exposedIfLeaves(personId: "lee") { @@ } }',
        ("exposedIfLeaves", "*"),
        lambda w: R not in w.roles and verdict(w, Fact.CASELOAD_TOOLS) != "no",
    ),
    Route(
        "mentorPaths",
        '{ mentorPaths(personId: "ada", need: {requireAvailable: false}) { path { @@ } } }',
        ("mentorPaths", "*", "path", "*"),
        _about(Fact.PATHS, "ada"),
    ),
    Route(
        "introductions",
        '{ introductions(fromId: "ada", toId: "mia") { path { @@ } } }',
        ("introductions", "*", "path", "*"),
        _about(Fact.PATHS, "ada"),
    ),
    Route(
        "group members",
        '{ group(id: "g1") { members { @@ } } }',
        ("group", "members", "*"),
        lambda w: may(w, Fact.DIRECTORY, None),
        ("group", "members"),
    ),
    Route(
        "program mentees",
        '{ program(id: "pm") { mentees { person { @@ } } } }',
        ("program", "mentees", "*", "person"),
        lambda w: may(w, Fact.PROGRAMS, None) and verdict(w, Fact.MENTORING) != "no",
        ("program", "mentees"),
    ),
    Route(
        "mentorship requests",
        '{ mentorshipRequests(personId: "ada") { edges { node { mentor { @@ } } } } }',
        ("mentorshipRequests", "edges", "*", "node", "mentor"),
        _about(Fact.MENTORING, "ada"),
    ),
    Route(
        "programAudience",
        '{ programAudience(programId: "pm", first: 50) { edges { node { person { @@ } } } } }',
        ("programAudience", "edges", "*", "node", "person"),
        lambda w: verdict(w, Fact.CASELOAD_TOOLS) != "no",
    ),
]


def _person_fields() -> tuple[list[str], dict[str, str]]:
    """(nullable fields, {non-null guarded field: its selection}) of Person."""
    person = build_schema()._schema.type_map["Person"]
    nullable: list[str] = []
    guarded: dict[str, str] = {}
    for name, definition in person.fields.items():  # type: ignore[attr-defined]
        leaf = is_leaf_type(get_named_type(definition.type))
        # The smallest page of a nested list: the check is about access, not content, and
        # keeps every query well inside the cost budget.
        args = "(first: 2)" if "first" in definition.args else ""
        selection = name + args + ("" if leaf else " { __typename }")
        if isinstance(definition.type, GraphQLNonNull) and FIELD_FACTS["Person"][name] not in (
            Fact.CARD,
        ):
            guarded[name] = selection
        else:
            nullable.append(selection)
    return nullable, guarded


NULLABLE, GUARDED = _person_fields()


def _positions(data: Any, path: tuple[str, ...], at: tuple[Any, ...] = ()) -> Iterator[Any]:
    """(position, value) of every person object the route reaches."""
    if data is None:
        return
    if not path:
        yield at, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, item in enumerate(data):
            yield from _positions(item, rest, (*at, i))
    else:
        yield from _positions(data.get(head), rest, (*at, head))


async def _graph(client: GraphQLClient) -> None:
    await build(client)
    await client.data('mutation { createGroup(input: {id: "g1", name: "Lab", kind: LAB}) { id } }')
    for pid in ("ada", "cy", "mia"):
        await client.data(
            'mutation($p: ID!) { addMembership(input: {personId: $p, groupId: "g1"}) { role } }',
            {"p": pid},
        )
    await program(client, "pm")
    for pid, side in (("mia", "MENTOR"), ("ada", "MENTEE"), ("bo", "MENTEE"), ("cy", "MENTEE")):
        await enrol(client, "pm", pid, side)
    await request(client, "ada", "mia", "pm")


def _guard(fields: list[str]) -> str:
    return "id " + " ".join(fields)


@pytest.mark.parametrize("who", VIEWERS, ids=[w.name for w in VIEWERS])
async def test_every_route_gives_one_answer_per_fact(client: GraphQLClient, who: Who) -> None:
    await _graph(client)
    viewer = client.as_(*who.roles, sub=who.sub)
    checked = 0
    for route in ROUTES:
        base = await viewer.post(route.query.replace("@@", _guard(NULLABLE)))
        assert all("path" in e for e in base.get("errors") or []), base
        refused_here = {tuple(e["path"]) for e in base.get("errors") or []}
        gate = route.gate or route.path[:1]
        # Refused at the gate itself, or before it (a root field a nested gate hangs from).
        at_gate = any(gate[: len(path)] == path for path in refused_here)
        assert at_gate is not route.allowed(who), (route.name, base)
        if at_gate:
            continue
        people = {pos: value["id"] for pos, value in _positions(base["data"], route.path)}
        for pos, pid in people.items():
            for field in (f.split(" ")[0].split("(")[0] for f in NULLABLE):
                fact = FIELD_FACTS["Person"][field]
                if not isinstance(fact, Fact) or fact is Fact.CARD:
                    continue
                refused = (*pos, field) in refused_here
                assert refused is not may(who, fact, pid), (route.name, pid, field)
                checked += 1
        for field, selection in GUARDED.items():
            fact = FIELD_FACTS["Person"][field]
            assert isinstance(fact, Fact)
            body = await viewer.post(route.query.replace("@@", "id " + selection))
            refused_paths = [
                tuple(e["path"])
                for e in body.get("errors") or []
                if e["extensions"]["code"] == "FORBIDDEN"
            ]
            # A refused non-null field nulls its way up to the nearest nullable place, and
            # execution stops there (as in graphql-js): the response shows the first refusal
            # in document order, and every person before it in full.
            expected = [(*pos, field) for pos, pid in people.items() if not may(who, fact, pid)]
            assert refused_paths == expected[:1], (route.name, field, body)
            if not expected:
                shown = dict(_positions(body["data"], route.path))
                assert all(field in shown[pos] for pos in people), (route.name, field)
            checked += len(people)
    # Researchers reach no one on these routes (only through the analytics); everyone
    # else reaches people on several of them.
    if R in who.roles:
        assert checked == 0
    else:
        assert checked > 50
