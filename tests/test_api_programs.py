"""Programs through the API (SPEC §8): create, update, list, open and close; enrolment and
leaving, and who sees a program's mentees; PersonFilter.programId on every list."""

from __future__ import annotations

from typing import Any

from resolvers.auth import ViewerRole
from tests.api_graph import RECENT, person, tie
from tests.conftest import GraphQLClient
from tests.programs_graph import ENROL, PROGRAM, enrol, program, request, world

A, V, S = ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT
UPDATE = """mutation($id: ID!, $p: ProgramPatch!) { updateProgram(id: $id, patch: $p) {
  id name status description defaultCapacity topics startsOn endsOn host { id name }
  audience { roles levels departments classYears topics groupIds thinOnly } } }"""
LIST = """query($s: ProgramStatus, $after: String) { programs(status: $s, first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }"""
LISTS = """{ program(id: "solar") { mentors { person { id } capacity load side }
  mentees { person { id } load } } }"""
LEAVE = "mutation($p: ID!, $who: ID!) { leaveProgram(programId: $p, personId: $who) }"


async def _error(client: GraphQLClient, query: str, variables: dict[str, Any]) -> tuple[str, str]:
    error = await client.error(query, variables)
    return error["extensions"]["code"], error["message"]


async def test_programs_are_created_updated_listed_opened_and_closed(
    client: GraphQLClient,
) -> None:
    await client.data(
        'mutation { createGroup(input: {id: "g-solar", name: "Solar Car Team", '
        "kind: TEAM}) { id } }"
    )
    fields = {
        "id": "solar",
        "name": " Solar Mentoring ",
        "description": "Students who want to build solar cars",
        "hostGroupId": "g-solar",
        "topics": ["Solar  Technology", "solar technology"],
        "audience": {"roles": ["STUDENT"], "topics": [" Solar Technology"], "classYears": [2027]},
        "startsOn": "2027-01-10",
        "endsOn": "2027-06-30",
        "defaultCapacity": 2,
    }
    created = await client.data(PROGRAM, {"i": fields})
    assert created["createProgram"] == {"id": "solar", "status": "DRAFT"}
    opened = (await client.data(UPDATE, {"id": "solar", "p": {"status": "OPEN"}}))["updateProgram"]
    assert opened == {
        "id": "solar",
        "name": "Solar Mentoring",
        "status": "OPEN",
        "description": "Students who want to build solar cars",
        "defaultCapacity": 2,
        "topics": ["solar technology"],
        "startsOn": "2027-01-10",
        "endsOn": "2027-06-30",
        "host": {"id": "g-solar", "name": "Solar Car Team"},
        "audience": {
            "roles": ["STUDENT"],
            "levels": [],
            "departments": [],
            "classYears": [2027],
            "topics": ["solar technology"],
            "groupIds": [],
            "thinOnly": False,
        },
    }
    bad = [
        ({**fields, "id": "solar"}, "CONFLICT", "a program with id 'solar' already exists"),
        ({**fields, "id": "p2", "name": " "}, "BAD_USER_INPUT", "name is empty"),
        (
            {**fields, "id": "p2", "endsOn": "2026-01-01"},
            "BAD_USER_INPUT",
            "endsOn 2026-01-01 is before starts_on 2027-01-10",
        ),
        (
            {**fields, "id": "p2", "defaultCapacity": -1},
            "BAD_USER_INPUT",
            "defaultCapacity -1 is below 0",
        ),
        (
            {**fields, "id": "p2", "hostGroupId": "g-none"},
            "NOT_FOUND",
            "hostGroupId: no group with id 'g-none'",
        ),
        (
            {**fields, "id": "p2", "audience": {"groupIds": ["g-none"]}},
            "NOT_FOUND",
            "audience.groupIds: no group with id 'g-none'",
        ),
        ({**fields, "id": "p 2"}, "BAD_USER_INPUT", "id 'p 2' is not a valid id"),
    ]
    for i, code, says in bad:
        got, message = await _error(client, PROGRAM, {"i": i})
        assert (got, message[: len(says)]) == (code, says)
    error = await client.as_(V, sub="lee").error(PROGRAM, {"i": {**fields, "id": "p3"}})
    assert error["extensions"]["code"] == "FORBIDDEN"

    for k in range(3):
        await program(client, f"p{k}", name=f"Program {k}", status="DRAFT")
    first = (await client.data(LIST, {"s": "DRAFT"}))["programs"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"]
    rest = await client.data(LIST, {"s": "DRAFT", "after": first["pageInfo"]["endCursor"]})
    ids = [e["node"]["id"] for e in first["edges"] + rest["programs"]["edges"]]
    assert ids == ["p0", "p1", "p2"]

    closed = await client.data(UPDATE, {"id": "solar", "p": {"status": "CLOSED", "name": None}})
    assert closed["updateProgram"]["status"] == "CLOSED"
    assert closed["updateProgram"]["name"] == "Solar Mentoring"  # null keeps a name
    reopened = await client.data(UPDATE, {"id": "solar", "p": {"status": "OPEN"}})
    assert reopened["updateProgram"]["status"] == "OPEN"
    code, message = await _error(client, UPDATE, {"id": "solar", "p": {"status": "DRAFT"}})
    assert (code, message) == (
        "CONFLICT",
        "program 'solar' is open and cannot become draft: an open program never goes back to draft",
    )
    patched = await client.data(UPDATE, {"id": "solar", "p": {"audience": None}})
    assert patched["updateProgram"]["audience"]["roles"] == []


async def test_closing_and_leaving_cancel_pending_requests(client: GraphQLClient) -> None:
    await world(client)
    to_mia, to_lee = await request(client, "ada", "mia"), await request(client, "bo", "lee")
    assert await client.data(LEAVE, {"p": "solar", "who": "lee"}) == {"leaveProgram": True}
    code, _ = await _error(client, LEAVE, {"p": "solar", "who": "lee"})
    assert code == "NOT_FOUND"
    await client.data(UPDATE, {"id": "solar", "p": {"status": "CLOSED"}})
    reasons = await client.data(
        '{ a: mentorshipRequests(personId: "ada") { edges { node { status reason } } } '
        'b: mentorshipRequests(personId: "bo") { edges { node { status reason } } } }'
    )
    assert reasons["b"]["edges"][0]["node"] == {
        "status": "CANCELLED",
        "reason": "the mentor left the program",
    }
    assert reasons["a"]["edges"][0]["node"] == {
        "status": "CANCELLED",
        "reason": "the program closed",
    }
    code, message = await _error(client, ENROL, {"p": "solar", "who": "eve", "side": "MENTEE"})
    assert (code, message) == (
        "CONFLICT",
        "Solar Mentoring is closed: only an open program takes enrolments",
    )
    assert to_mia and to_lee


async def test_enrolment_rules_and_who_sees_the_lists(client: GraphQLClient) -> None:
    await world(client)
    await client.data(UPDATE, {"id": "solar", "p": {"audience": {"topics": ["solar technology"]}}})
    await person(client, "fay", "Fay", ["STUDENT"], interests=["solar technology"])
    fay, ada = client.as_(S, sub="fay"), client.as_(S, sub="ada")
    await enrol(fay, "solar", "fay", "MENTEE")  # in the audience: enrols herself
    code, message = await _error(
        client.as_(S, sub="eve"), ENROL, {"p": "solar", "who": "eve", "side": "MENTEE"}
    )
    assert code == "FORBIDDEN" and message.startswith("enrol: Solar Mentoring is for its audience")
    code, _ = await _error(fay, ENROL, {"p": "solar", "who": "eve", "side": "MENTEE"})
    assert code == "FORBIDDEN"  # only for herself (or the people she supports)
    # Lee may act for Ada (he advises her), but makes no one else a mentor.
    lee = client.as_(V, sub="lee")
    code, message = await _error(lee, ENROL, {"p": "solar", "who": "ada", "side": "MENTOR"})
    assert (code, message) == (
        "FORBIDDEN",
        "enrol: only an admin can enrol someone else as a mentor",
    )
    code, message = await _error(
        client, ENROL, {"p": "solar", "who": "eve", "side": "MENTEE", "cap": 2}
    )
    assert (code, message) == ("BAD_USER_INPUT", "capacity: only a mentor's enrolment has places")
    await enrol(client, "solar", "mia", "MENTOR", 1)  # again: her places change
    lists = (await client.data(LISTS))["program"]
    assert lists["mentors"] == [
        {"person": {"id": "mia"}, "capacity": 1, "load": 0, "side": "MENTOR"},
        {"person": {"id": "lee"}, "capacity": 2, "load": 0, "side": "MENTOR"},
    ]
    assert [m["person"]["id"] for m in lists["mentees"]] == ["ada", "bo", "cy", "fay"]
    # Mentees are personal: a student sees only themself, an advisor their caseload.
    for viewer, expected in [(ada, ["ada"]), (client.as_(V, sub="lee"), ["ada", "bo"])]:
        seen = (await viewer.data(LISTS))["program"]
        assert [m["person"]["id"] for m in seen["mentees"]] == expected
        assert len(seen["mentors"]) == 2
    code, _ = await _error(client.as_(ViewerRole.RESEARCHER), LISTS, {})
    assert code == "FORBIDDEN"


async def test_person_filter_program_id_on_every_list(client: GraphQLClient) -> None:
    await world(client)
    await program(client, "empty", name="Nobody Yet")
    # Cy's advisor of two years, in touch last week: a tie that looks like mentoring.
    await tie(client, "lee", "cy", "ADVISES", strength=0.9, since="2024-01-01", lastContact=RECENT)
    query = """query($p: ID!) {
      people(filter: {programId: $p}) { edges { node { id } } }
      thinSupport(filter: {programId: $p}) { edges { node { person { id } } } }
      growingTies(filter: {programId: $p}) { tie { supporter { id } supported { id } } } }"""
    solar = await client.data(query, {"p": "solar"})
    assert {e["node"]["id"] for e in solar["people"]["edges"]} == {"ada", "bo", "cy", "lee", "mia"}
    # Students by default; Ada is well supported, Bo and Cy have one supporter each.
    assert [e["node"]["person"]["id"] for e in solar["thinSupport"]["edges"]] == ["bo", "cy"]
    assert solar["growingTies"] == [
        {"tie": {"supporter": {"id": "lee"}, "supported": {"id": "cy"}}}
    ]
    empty = await client.data(query, {"p": "empty"})
    assert empty == {"people": {"edges": []}, "thinSupport": {"edges": []}, "growingTies": []}


async def test_a_cost_beyond_any_json_number_is_refused_in_words(client: GraphQLClient) -> None:
    """Programs and enrolments nest both ways; a fan-out of them costs more than a JSON
    number holds (found by the fuzz run: the answer could not even be written)."""
    n = 2_000_000_000
    query = (
        f'{{ program(id: "solar") {{ mentors(first: {n}) {{ program {{ mentees(first: {n}) {{ '
        f"program {{ mentors(first: {n}) {{ person {{ id }} }} }} }} }} }} }} }}"
    )
    error = await client.error(query)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "cost": 2**53 - 1, "budget": 500_000}
