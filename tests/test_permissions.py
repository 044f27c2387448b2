"""Access control: every field of the schema has a rule, the facts table is what
docs/security.md says, and each role gets what the table says through GraphQL over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLObjectType

from resolvers.auth import Viewer, ViewerRole
from resolvers.disclosure import Disclosure, Fact, Verdict
from schema.facts import FIELD_FACTS
from schema.permissions import ROOT_RULES
from schema.root import build_schema
from tests.conftest import GraphQLClient

A, V, S, R = ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT, ViewerRole.RESEARCHER
ROOTS = ("Query", "Mutation", "Subscription")


def _object_types() -> dict[str, GraphQLObjectType]:
    types = build_schema()._schema.type_map
    return {
        name: t
        for name, t in types.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__")
    }


def _rules(type_name: str) -> dict[str, Any]:
    if type_name in ROOTS:
        return dict(ROOT_RULES.get(type_name, {}))
    return dict(FIELD_FACTS.get(type_name, {}))


def test_every_field_of_every_type_has_a_rule() -> None:
    missing = [
        f"{name}.{field}"
        for name, t in _object_types().items()
        for field in t.fields
        if field not in _rules(name)
    ]
    assert missing == [], f"fields without an access rule: {missing}"


def test_the_rules_name_no_field_the_schema_lacks() -> None:
    types = _object_types()
    stale = [
        f"{t}.{f}"
        for table in (ROOT_RULES, FIELD_FACTS)
        for t, fields in table.items()
        for f in fields
        if t not in types or f not in types[t].fields
    ]
    assert stale == []


# docs/security.md's table, written out by hand: fact -> (admin, advisor, student, researcher).
Y, M, N = "yes", "mine", "no"
DOCUMENTED: dict[Fact, tuple[str, str, str, str]] = {
    Fact.CARD: (Y, Y, Y, Y),
    Fact.NAME: (Y, Y, Y, N),
    Fact.CONTACT: (Y, M, M, N),
    Fact.DETAILS: (Y, M, M, Y),
    Fact.TIES: (Y, M, M, Y),
    Fact.ASSESSMENT: (Y, M, M, Y),
    Fact.REASONS: (Y, M, M, N),
    Fact.PATHS: (Y, M, M, N),
    Fact.DIRECTORY: (Y, Y, Y, N),
    Fact.CASELOAD_TOOLS: (Y, M, N, N),
    Fact.OWN_TIES: (Y, M, N, N),
    Fact.CONSENT: (Y, M, M, N),
    Fact.ANALYTICS: (Y, N, N, Y),
    Fact.GROWING: (Y, N, N, N),
    Fact.ADMINISTRATION: (Y, N, N, N),
    Fact.PROGRAMS: (Y, Y, Y, N),
    Fact.MENTORING: (Y, M, M, N),
    Fact.MANAGE_PROGRAMS: (Y, N, N, N),
}
WORD = {Verdict.YES: Y, Verdict.MINE: M, Verdict.NO: N}


@pytest.mark.parametrize("fact", list(Fact))
def test_each_role_gets_the_documented_verdict(fact: Fact) -> None:
    got = tuple(
        WORD[Disclosure(Viewer("me", frozenset({role}))).verdict(fact)] for role in (A, V, S, R)
    )
    assert got == DOCUMENTED[fact]


def test_a_viewer_with_several_roles_gets_the_widest_verdict() -> None:
    both = Disclosure(Viewer("me", frozenset({V, S})))
    assert both.verdict(Fact.CASELOAD_TOOLS) is Verdict.MINE
    admin_advisor = Disclosure(Viewer("me", frozenset({A, V})))
    assert admin_advisor.verdict(Fact.ADMINISTRATION) is Verdict.YES


@pytest.fixture
async def people(client: GraphQLClient) -> GraphQLClient:
    create = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
    for pid, name, roles in [
        ("s1", "Ada", ["STUDENT"]),
        ("s2", "Bo", ["STUDENT"]),
        ("f1", "Prof Lee", ["FACULTY"]),
    ]:
        await client.data(
            create,
            {
                "i": {
                    "id": pid,
                    "name": name,
                    "roles": roles,
                    "email": f"{pid}@uni.edu",
                    "expertise": ["physics"],
                }
            },
        )
    await client.data(
        'mutation { addTie(input: {kind: ADVISES, supporterId: "f1", supportedId: "s1"}) { id } }'
    )
    return client


RECORD_QUERY = '{ person(id: "%s") { id name email supporters { kind } } }'


async def test_without_a_token_every_operation_is_unauthenticated(people: GraphQLClient) -> None:
    body = await people.as_().post("{ people { totalCount } }")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    bad = GraphQLClient(people.http, "not-a-jwt")
    error = await bad.error("{ people { totalCount } }")
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "not valid" in error["message"]


async def test_health_endpoints_need_no_token(people: GraphQLClient) -> None:
    assert (await people.http.get("/healthz")).status_code == 200
    assert (await people.http.get("/readyz")).status_code == 200


async def test_student_sees_own_record_and_others_cards_only(people: GraphQLClient) -> None:
    student = people.as_(S, sub="s1")
    mine = await student.data(RECORD_QUERY % "s1")
    assert mine["person"] == {
        "id": "s1",
        "name": "Ada",
        "email": "s1@uni.edu",
        "supporters": [{"kind": "ADVISES"}],
    }
    card = await student.data('{ person(id: "f1") { name expertise available } }')
    assert card["person"] == {"name": "Prof Lee", "expertise": ["physics"], "available": False}
    body = await student.post(RECORD_QUERY % "s2")
    refused = sorted((tuple(e["path"]), e["extensions"]["code"]) for e in body["errors"])
    assert refused == [(("person", "email"), "FORBIDDEN"), (("person", "supporters"), "FORBIDDEN")]
    # supporters is non-null, so its refusal nulls the whole person (GraphQL's rule).
    assert body["data"] == {"person": None}
    email = next(e for e in body["errors"] if e["path"] == ["person", "email"])
    assert email["message"] == (
        "Person.email: a person's email is shown only about yourself and the people you support"
    )


async def test_advisor_sees_the_people_they_support(people: GraphQLClient) -> None:
    advisor = people.as_(V, sub="f1")
    theirs = await advisor.data(RECORD_QUERY % "s1")
    assert theirs["person"]["email"] == "s1@uni.edu"
    error = await advisor.error(RECORD_QUERY % "s2")
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_researchers_have_no_directory_and_no_names(people: GraphQLClient) -> None:
    researcher = people.as_(R)
    for query in (
        "{ people(first: 10) { edges { node { id } } } }",
        '{ person(id: "s1") { id } }',
    ):
        error = await researcher.error(query)
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert "researchers" in error["message"]


async def test_only_admins_and_the_supporter_write_ties(people: GraphQLClient) -> None:
    add = 'mutation { addTie(input: {kind: MENTORS, supporterId: "%s", supportedId: "s2"}) { id } }'
    student = people.as_(S, sub="s1")
    error = await student.error(add % "s1")
    assert error["extensions"]["code"] == "FORBIDDEN"
    advisor = people.as_(V, sub="f1")
    error = await advisor.error(add % "s1")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"] == (
        "Mutation.addTie: adding ties from yourself and logging your own contacts is allowed "
        "only about yourself"
    )
    error = await advisor.error(
        'mutation { createPerson(input: {id: "x", name: "X", roles: [STUDENT]}) { id } }'
    )
    assert error["message"] == (
        "Mutation.createPerson: administration: directory writes, the audit log, erasure is "
        "not shown to advisors"
    )
