"""The people directory and its writes, through GraphQL over HTTP."""

from __future__ import annotations

from typing import Any

from graphdb.driver import Database
from tests.conftest import GraphQLClient

CREATE = """
mutation($input: PersonInput!) { createPerson(input: $input) {
  id name roles level interests expertise openDoor capacity load available } }
"""

ADD_TIE = """
mutation($input: TieInput!) { addTie(input: $input) {
  id kind strength functions supporter { id } supported { id } } }
"""


def person(pid: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, "roles": ["STUDENT"], **extra}


async def test_create_person_normalises_topics_and_reports_availability(
    client: GraphQLClient,
) -> None:
    data = await client.data(
        CREATE,
        {
            "input": person(
                "f1",
                "Prof Lee",
                roles=["FACULTY"],
                expertise=["  Solar Technology "],
                openDoor=True,
                capacity=2,
            )
        },
    )
    assert data["createPerson"] == {
        "id": "f1",
        "name": "Prof Lee",
        "roles": ["FACULTY"],
        "level": None,
        "interests": [],
        "expertise": ["solar technology"],
        "openDoor": True,
        "capacity": 2,
        "load": 0,
        "available": True,
    }


async def test_duplicate_person_is_a_conflict_and_writes_nothing(
    client: GraphQLClient, db: Database
) -> None:
    await client.data(CREATE, {"input": person("s1", "Ada")})
    error = await client.error(CREATE, {"input": person("s1", "Someone Else")})
    assert error["extensions"]["code"] == "CONFLICT"
    assert await db.read("MATCH (p:Person) RETURN p.name AS name") == [{"name": "Ada"}]


async def test_bad_person_input_names_the_field(client: GraphQLClient, db: Database) -> None:
    error = await client.error(CREATE, {"input": person("bad id!", "Ada")})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert "not a valid id" in error["message"]
    error = await client.error(CREATE, {"input": person("s2", "Ada", capacity=-1)})
    assert error["extensions"]["field"] == "capacity"
    error = await client.error(CREATE, {"input": person("s3", "Ada", roles=[])})
    assert error["extensions"]["field"] == "roles"
    assert await db.read("MATCH (p:Person) RETURN p.id AS id") == []


async def test_unknown_enum_value_is_bad_user_input(client: GraphQLClient) -> None:
    error = await client.error(CREATE, {"input": person("s1", "Ada", roles=["WIZARD"])})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_tie_lifecycle_add_update_end(client: GraphQLClient) -> None:
    await client.data(CREATE, {"input": person("s1", "Ada")})
    await client.data(CREATE, {"input": person("f1", "Lee", roles=["FACULTY"])})
    tie = (
        await client.data(
            ADD_TIE,
            {
                "input": {
                    "kind": "ADVISES",
                    "supporterId": "f1",
                    "supportedId": "s1",
                    "since": "2024-09-01",
                }
            },
        )
    )["addTie"]
    assert tie["functions"] == ["ACADEMIC"] and tie["strength"] == 0.5
    assert tie["supporter"] == {"id": "f1"} and tie["supported"] == {"id": "s1"}

    updated = await client.data(
        "mutation($id: ID!) { updateTie(id: $id, patch: {strength: 0.9}) { strength since } }",
        {"id": tie["id"]},
    )
    assert updated["updateTie"] == {"strength": 0.9, "since": "2024-09-01"}

    supporters = '{ person(id: "s1") { supporters { id kind supporter { name } } } }'
    assert len((await client.data(supporters))["person"]["supporters"]) == 1
    await client.data("mutation($id: ID!) { endTie(id: $id) { until } }", {"id": tie["id"]})
    assert (await client.data(supporters))["person"]["supporters"] == []
    again = await client.error(
        "mutation($id: ID!) { endTie(id: $id) { until } }", {"id": tie["id"]}
    )
    assert again["extensions"]["code"] == "CONFLICT"


async def test_tie_rules_are_enforced(client: GraphQLClient, db: Database) -> None:
    await client.data(CREATE, {"input": person("s1", "Ada")})
    self_tie = await client.error(
        ADD_TIE, {"input": {"kind": "MENTORS", "supporterId": "s1", "supportedId": "s1"}}
    )
    assert self_tie["extensions"]["code"] == "BAD_USER_INPUT"
    unknown = await client.error(
        ADD_TIE, {"input": {"kind": "MENTORS", "supporterId": "nobody", "supportedId": "s1"}}
    )
    assert unknown["extensions"]["code"] == "NOT_FOUND"
    await client.data(CREATE, {"input": person("f1", "Lee", roles=["FACULTY"])})
    strength = await client.error(
        ADD_TIE,
        {"input": {"kind": "MENTORS", "supporterId": "f1", "supportedId": "s1", "strength": 1.5}},
    )
    assert strength["extensions"] == {"code": "BAD_USER_INPUT", "field": "strength"}
    backwards = await client.error(
        ADD_TIE,
        {
            "input": {
                "kind": "MENTORS",
                "supporterId": "f1",
                "supportedId": "s1",
                "since": "2025-01-01",
                "until": "2024-01-01",
            }
        },
    )
    assert backwards["extensions"]["field"] == "until"
    assert await db.read("MATCH ()-[r:MENTORS]->() RETURN r") == []


async def test_update_person_keeps_unsent_fields(client: GraphQLClient) -> None:
    await client.data(CREATE, {"input": person("s1", "Ada", department="Physics", classYear=2027)})
    data = await client.data('{ _: person(id: "s1") { id } }'.replace("{ _:", "{ p:"))
    assert data == {"p": {"id": "s1"}}
    updated = await client.data(
        'mutation { updatePerson(id: "s1", patch: {classYear: 2028, interests: ["Robotics"]}) '
        "{ department classYear interests } }"
    )
    assert updated["updatePerson"] == {
        "department": "Physics",
        "classYear": 2028,
        "interests": ["robotics"],
    }
    missing = await client.error('mutation { updatePerson(id: "zz", patch: {name: "X"}) { id } }')
    assert missing["extensions"]["code"] == "NOT_FOUND"


async def test_people_filters_and_pagination(client: GraphQLClient) -> None:
    for i in range(7):
        await client.data(
            CREATE,
            {
                "input": person(
                    f"s{i}",
                    f"Student {i}",
                    department="Physics" if i % 2 else "History",
                    classYear=2026 + i % 3,
                    interests=["solar technology"] if i < 3 else [],
                )
            },
        )
    query = """query($f: PersonFilter, $after: String) {
      people(filter: $f, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } cursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await client.data(query, {"f": None, "after": after}))["people"]
        assert page["totalCount"] == 7
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"s{i}" for i in range(7)]

    async def ids(flt: dict[str, Any]) -> list[str]:
        page = (await client.data(query.replace("first: 2", "first: 100"), {"f": flt}))["people"]
        return [e["node"]["id"] for e in page["edges"]]

    assert await ids({"department": "Physics"}) == ["s1", "s3", "s5"]
    assert await ids({"classYear": 2026}) == ["s0", "s3", "s6"]
    assert await ids({"topic": " Solar TECHNOLOGY"}) == ["s0", "s1", "s2"]
    assert await ids({"search": "dent 4"}) == ["s4"]
    assert await ids({"roles": ["FACULTY"]}) == []


async def test_page_size_and_cursor_are_validated(client: GraphQLClient) -> None:
    error = await client.error("{ people(first: 101) { totalCount } }")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    error = await client.error('{ people(after: "garbage") { totalCount } }')
    assert error["extensions"]["field"] == "after"


async def test_groups_and_memberships(client: GraphQLClient) -> None:
    await client.data(CREATE, {"input": person("s1", "Ada")})
    await client.data(
        'mutation { createGroup(input: {id: "g1", name: "Solar Car Team", kind: TEAM}) { id } }'
    )
    added = await client.data(
        'mutation { addMembership(input: {personId: "s1", groupId: "g1", role: "driver"}) '
        "{ role group { name kind } } }"
    )
    assert added["addMembership"] == {
        "role": "driver",
        "group": {"name": "Solar Car Team", "kind": "TEAM"},
    }
    dup = await client.error(
        'mutation { addMembership(input: {personId: "s1", groupId: "g1"}) { role } }'
    )
    assert dup["extensions"]["code"] == "CONFLICT"
    members = await client.data('{ group(id: "g1") { members { id } } }')
    assert members["group"]["members"] == [{"id": "s1"}]
    await client.data('mutation { endMembership(personId: "s1", groupId: "g1") }')
    assert (await client.data('{ person(id: "s1") { groups { role } } }'))["person"]["groups"] == []


async def test_unknown_person_is_null(client: GraphQLClient) -> None:
    assert await client.data('{ person(id: "nobody") { id } }') == {"person": None}


async def test_request_limits(client: GraphQLClient) -> None:
    deep = (
        '{ person(id: "a") { supporters { supporter { supporters { supporter { supporters '
        "{ supporter { supporters { supporter { supporters { supporter { id } } } } } } } } } } } }"
    )
    error = await client.error(deep)
    assert "depth" in error["message"]
    aliases = "{ " + " ".join(f'a{i}: person(id: "x") {{ id }}' for i in range(40)) + " }"
    error = await client.error(aliases)
    assert "aliases" in error["message"].lower()
    response = await client.http.post(
        "/graphql",
        content=b"{" + b" " * 300_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


async def test_nested_page_costs_constant_round_trips(client: GraphQLClient, db: Database) -> None:
    await client.data(
        'mutation { createGroup(input: {id: "g1", name: "Team", kind: TEAM}) { id } }'
    )
    for i in range(30):
        await client.data(CREATE, {"input": person(f"s{i:02d}", f"S {i:02d}")})
        await client.data(
            'mutation($p: ID!) { addMembership(input: {personId: $p, groupId: "g1"}) { role } }',
            {"p": f"s{i:02d}"},
        )
        if i:
            await client.data(
                ADD_TIE,
                {
                    "input": {
                        "kind": "PEER_SUPPORTS",
                        "supporterId": f"s{i - 1:02d}",
                        "supportedId": f"s{i:02d}",
                    }
                },
            )
    query = """query($n: Int!) { people(first: $n) { edges { node { id
      supporters { kind supporter { name groups { group { name } } } }
      groups { group { id } } } } } }"""
    # Each count includes the request's one audit write, done in the background.
    await client.settle()
    db.round_trips = 0
    await client.data(query, {"n": 5})
    await client.settle()
    small = db.round_trips
    db.round_trips = 0
    data = await client.data(query, {"n": 30})
    await client.settle()
    assert len(data["people"]["edges"]) == 30
    assert db.round_trips == small <= 6


async def test_support_web_spans_depth_over_any_active_tie(client: GraphQLClient) -> None:
    for pid in ("a", "b", "c", "d", "e"):
        await client.data(CREATE, {"input": person(pid, pid.upper())})
    chain = [
        ("a", "b", "ADVISES", None),
        ("c", "b", "KNOWS", None),
        ("c", "d", "PEER_SUPPORTS", None),
        ("e", "a", "MENTORS", "2020-01-01"),
    ]
    for frm, to, kind, until in chain:
        await client.data(
            ADD_TIE,
            {"input": {"kind": kind, "supporterId": frm, "supportedId": to, "until": until}},
        )
    query = (
        'query($d: Int!) { person(id: "a") { supportWeb(depth: $d) { people { id } '
        "ties { kind supporter { id } supported { id } } truncated } } }"
    )
    one = (await client.data(query, {"d": 1}))["person"]["supportWeb"]
    assert [p["id"] for p in one["people"]] == ["a", "b"]
    assert one["ties"] == [{"kind": "ADVISES", "supporter": {"id": "a"}, "supported": {"id": "b"}}]
    three = (await client.data(query, {"d": 3}))["person"]["supportWeb"]
    assert [p["id"] for p in three["people"]] == ["a", "b", "c", "d"]  # e's tie has ended
    assert len(three["ties"]) == 3 and three["truncated"] is False
    error = await client.error(query, {"d": 4})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "depth"}
