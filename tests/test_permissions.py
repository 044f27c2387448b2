"""Access control: the policy covers every field of the schema, each role gets what the
rules say (through GraphQL over HTTP), and refusals name the rule."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLObjectType

from resolvers.auth import ViewerRole
from schema.permissions import POLICY, Rule, pseudonym
from schema.root import build_schema
from tests.conftest import TEST_SECRET, GraphQLClient

A, V, S, R = ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT, ViewerRole.RESEARCHER


def _object_types() -> dict[str, GraphQLObjectType]:
    types = build_schema()._schema.type_map
    return {
        name: t
        for name, t in types.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__")
    }


def test_every_field_of_every_type_has_a_rule() -> None:
    missing = [
        f"{name}.{field}"
        for name, t in _object_types().items()
        for field in t.fields
        if field not in POLICY.get(name, {})
    ]
    assert missing == [], f"fields without an access rule: {missing}"


def test_the_policy_names_no_field_the_schema_lacks() -> None:
    types = _object_types()
    stale = [
        f"{t}.{f}"
        for t, fields in POLICY.items()
        for f in fields
        if t not in types or f not in types[t].fields
    ]
    assert stale == []


# What each role may do with each rule when the subject is someone else they have no tie
# to: written from the words, independently of permissions.check.
EXPECTED_FOR_STRANGER: dict[Rule, set[ViewerRole]] = {
    Rule.ANYONE: {A, V, S, R},
    Rule.NOT_RESEARCHER: {A, V, S},
    Rule.RECORD: {A},
    Rule.WEB: {A, R},
    Rule.PERSONAL: {A},
    Rule.ADVISORS: {A, V},
    Rule.ANALYTICS: {A, R},
    Rule.ADMIN: {A},
    Rule.SUPPORTER_WRITE: {A},
}


def test_every_rule_has_an_expectation() -> None:
    assert set(EXPECTED_FOR_STRANGER) == set(Rule)


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


async def _outcome(client: GraphQLClient, query: str) -> tuple[dict[str, Any] | None, list[str]]:
    body = await client.post(query)
    codes = [e["extensions"]["code"] for e in body.get("errors") or []]
    return body.get("data"), codes


async def test_without_a_token_every_operation_is_unauthenticated(people: GraphQLClient) -> None:
    anonymous = people.as_()
    _, codes = await _outcome(anonymous, "{ people { totalCount } }")
    assert codes == ["UNAUTHENTICATED"]
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
    assert mine["person"]["email"] == "s1@uni.edu"
    assert mine["person"]["supporters"] == [{"kind": "ADVISES"}]
    card = await student.data('{ person(id: "f1") { name expertise available } }')
    assert card["person"] == {"name": "Prof Lee", "expertise": ["physics"], "available": False}
    error = await student.error(RECORD_QUERY % "s2")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["path"] == ["person", "email"]
    assert error["message"] == "Person.email is limited to " + Rule.RECORD.value


async def test_advisor_sees_the_people_they_support(people: GraphQLClient) -> None:
    advisor = people.as_(V, sub="f1")
    theirs = await advisor.data(RECORD_QUERY % "s1")
    assert theirs["person"]["email"] == "s1@uni.edu"
    error = await advisor.error(RECORD_QUERY % "s2")
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_researcher_sees_pseudonyms_and_no_names(people: GraphQLClient) -> None:
    researcher = people.as_(R)
    data = await researcher.data(
        "{ people(first: 10) { edges { node { id department supporters { id kind } } } } }"
    )
    ids = [e["node"]["id"] for e in data["people"]["edges"]]
    assert set(ids) == {pseudonym(TEST_SECRET, p) for p in ("s1", "s2", "f1")}
    assert not {"s1", "s2", "f1"} & set(ids)
    again = await researcher.data("{ people(first: 10) { edges { node { id } } } }")
    assert [e["node"]["id"] for e in again["people"]["edges"]] == ids
    error = await researcher.error("{ people(first: 1) { edges { node { name } } } }")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "researchers" in error["message"]


def test_pseudonyms_depend_on_the_secret() -> None:
    assert pseudonym("secret-one", "s1") == pseudonym("secret-one", "s1")
    assert pseudonym("secret-one", "s1") != pseudonym("secret-two", "s1")
    assert "s1" not in pseudonym("secret-one", "s1")


async def test_only_admins_and_the_supporter_write_ties(people: GraphQLClient) -> None:
    add = 'mutation { addTie(input: {kind: MENTORS, supporterId: "%s", supportedId: "s2"}) { id } }'
    student = people.as_(S, sub="s1")
    error = await student.error(add % "s1")
    assert error["extensions"]["code"] == "FORBIDDEN"
    advisor = people.as_(V, sub="f1")
    error = await advisor.error(add % "s1")
    assert error["extensions"]["code"] == "FORBIDDEN"
    error = await advisor.error(
        'mutation { createPerson(input: {id: "x", name: "X", roles: [STUDENT]}) { id } }'
    )
    assert error["message"] == "Mutation.createPerson is limited to " + Rule.ADMIN.value


EXPECTED_FOR_SELF: dict[Rule, set[ViewerRole]] = {
    **EXPECTED_FOR_STRANGER,
    Rule.RECORD: {A, V, S},
    Rule.WEB: {A, V, S, R},
    Rule.PERSONAL: {A, V, S},
    Rule.SUPPORTER_WRITE: {A, V},
}
EXPECTED_FOR_SUPPORTED: dict[Rule, set[ViewerRole]] = {
    **EXPECTED_FOR_STRANGER,
    Rule.RECORD: {A, V},
    Rule.WEB: {A, V, R},
    Rule.PERSONAL: {A, V},
}


async def _allowed(rule: Rule, role: ViewerRole, subject: str) -> bool:
    from graphdb.errors import Forbidden
    from resolvers.access import Access
    from resolvers.auth import Viewer
    from schema.permissions import check

    async def supported() -> frozenset[str]:
        return frozenset({"mine"})

    access = Access(Viewer(sub="me", roles=frozenset({role})), supported)
    try:
        pending = check(rule, access, subject, "Query", "field")
        if pending is not None:
            await pending
    except Forbidden:
        return False
    return True


@pytest.mark.parametrize("rule", list(Rule))
async def test_rule_matrix(rule: Rule) -> None:
    for subject, table in (
        ("stranger", EXPECTED_FOR_STRANGER),
        ("me", EXPECTED_FOR_SELF),
        ("mine", EXPECTED_FOR_SUPPORTED),
    ):
        allowed = {role for role in ViewerRole if await _allowed(rule, role, subject)}
        assert allowed == table[rule], (rule, subject)
