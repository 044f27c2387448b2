"""A small university with a mentoring program, built through the API, shared by the
program tests (on top of tests/api_graph.py's people)."""

from __future__ import annotations

from typing import Any

from tests.api_graph import build, person
from tests.conftest import GraphQLClient

PROGRAM = "mutation($i: ProgramInput!) { createProgram(input: $i) { id status } }"
ENROL = """mutation($p: ID!, $who: ID!, $side: ProgramSide!, $cap: Int) {
  enrol(programId: $p, personId: $who, side: $side, capacity: $cap) { side capacity } }"""
REQUEST = """mutation($m: ID!, $t: ID!, $p: ID, $msg: String) {
  requestMentorship(menteeId: $m, mentorId: $t, programId: $p, message: $msg) { id status } }"""
TRANSITION = "mutation($id: ID!) { %s(id: $id) { id status reason } }"


async def program(client: GraphQLClient, pid: str = "solar", **extra: Any) -> None:
    fields = {
        "id": pid,
        "name": "Solar Mentoring",
        "topics": ["solar technology"],
        "status": "OPEN",
        "defaultCapacity": 2,
        **extra,
    }
    await client.data(PROGRAM, {"i": fields})


async def enrol(
    client: GraphQLClient, pid: str, who: str, side: str, capacity: int | None = None
) -> None:
    await client.data(ENROL, {"p": pid, "who": who, "side": side, "cap": capacity})


async def request(
    client: GraphQLClient, mentee: str, mentor: str, pid: str | None = "solar"
) -> str:
    data = await client.data(REQUEST, {"m": mentee, "t": mentor, "p": pid})
    request_id: str = data["requestMentorship"]["id"]
    return request_id


async def act(client: GraphQLClient, action: str, request_id: str) -> dict[str, Any]:
    """The request after an action that must succeed."""
    data = await client.data(TRANSITION % action, {"id": request_id})
    result: dict[str, Any] = data[action]
    return result


async def refused(client: GraphQLClient, action: str, request_id: str) -> tuple[str, str]:
    """(code, message) of an action that must fail."""
    error = await client.error(TRANSITION % action, {"id": request_id})
    return error["extensions"]["code"], error["message"]


async def world(client: GraphQLClient) -> dict[str, str]:
    """tests/api_graph.py's people, two more students (Dee, Eve), an open-door alum outside
    the program (Kim), and the open program "solar" (topic solar technology, 2 places a
    mentor) with Mia and Lee as mentors and Ada, Bo and Cy as mentees."""
    ties = await build(client)
    await person(client, "dee", "Dee", ["STUDENT"], level="UNDERGRADUATE")
    await person(client, "eve", "Eve", ["STUDENT"], level="UNDERGRADUATE")
    await person(client, "kim", "Kim Mentor", ["ALUM"], openDoor=True)
    await program(client)
    await enrol(client, "solar", "mia", "MENTOR")
    await enrol(client, "solar", "lee", "MENTOR")
    for mentee in ("ada", "bo", "cy"):
        await enrol(client, "solar", mentee, "MENTEE")
    return ties
