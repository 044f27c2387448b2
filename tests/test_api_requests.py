"""Mentorship requests through the API (SPEC §8): every transition, every illegal one with
its code and sentence, and every rule of a new request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.api_graph import person
from tests.conftest import GraphQLClient
from tests.programs_graph import REQUEST, TRANSITION, act, enrol, program, refused, request, world

REQUEST_FIELDS = """id status message reason createdAt expiresAt decidedAt
  mentee { id } mentor { id load } program { id }
  tie { id kind formal since until functions supporter { id } supported { id } }"""
ONE = "query($p: ID) { mentorshipRequests(personId: $p) { edges { node { %s } } } }"
ACCEPT = f"mutation($id: ID!) {{ acceptRequest(id: $id) {{ {REQUEST_FIELDS} }} }}"


async def _requests(client: GraphQLClient, who: str) -> dict[str, dict[str, Any]]:
    data = await client.data(ONE % "id status reason decidedAt", {"p": who})
    return {e["node"]["id"]: e["node"] for e in data["mentorshipRequests"]["edges"]}


async def test_request_accept_complete(client: GraphQLClient) -> None:
    await world(client)
    asked = await client.data(
        REQUEST.replace("{ id status }", f"{{ {REQUEST_FIELDS} }}"),
        {"m": "ada", "t": "mia", "p": "solar", "msg": "  I'd like to build solar cars  "},
    )
    new = asked["requestMentorship"]
    created = dt.datetime.fromisoformat(new["createdAt"])
    assert new["status"] == "PENDING" and new["tie"] is None and new["decidedAt"] is None
    assert new["message"] == "I'd like to build solar cars"
    assert dt.datetime.fromisoformat(new["expiresAt"]) - created == dt.timedelta(days=14)
    other = await request(client, "ada", "lee")
    outside = await request(client, "ada", "kim", None)  # not in the program: stays pending

    accepted = (await client.data(ACCEPT, {"id": new["id"]}))["acceptRequest"]
    today = dt.date.today().isoformat()
    assert accepted["status"] == "ACCEPTED" and accepted["mentor"] == {"id": "mia", "load": 1}
    assert accepted["tie"] == {
        "id": "t:" + new["id"],
        "kind": "MENTORS",
        "formal": True,
        "since": today,
        "until": None,
        "functions": ["CAREER", "PSYCHOSOCIAL"],
        "supporter": {"id": "mia"},
        "supported": {"id": "ada"},
    }
    mine = await _requests(client, "ada")
    # The mentee's other pending request in the program is cancelled, saying why.
    assert mine[other]["status"] == "CANCELLED"
    assert mine[other]["reason"] == "the mentee was matched with another mentor in this program"
    assert mine[outside]["status"] == "PENDING"
    link = await client.data('{ person(id: "ada") { supporters(kinds: [MENTORS]) { id formal } } }')
    assert link["person"]["supporters"] == [{"id": "t:" + new["id"], "formal": True}]

    done = await act(client, "completeMentorship", new["id"])
    assert done["status"] == "COMPLETED"
    tie = await client.data('{ tie(id: "%s") { until } }' % ("t:" + new["id"]))
    assert tie["tie"]["until"] == today  # ended today: no longer active
    after = await client.data(
        '{ person(id: "mia") { load } ada: person(id: "ada") { '
        "supporters(kinds: [MENTORS]) { id } } }"
    )
    assert after == {"person": {"load": 0}, "ada": {"supporters": []}}


async def test_decline_and_cancel_keep_their_reasons(client: GraphQLClient) -> None:
    await world(client)
    first, second = await request(client, "bo", "mia"), await request(client, "bo", "lee")
    declined = await client.data(
        'mutation($id: ID!) { declineRequest(id: $id, reason: " Full this term ") '
        "{ status reason decidedAt } }",
        {"id": first},
    )
    assert declined["declineRequest"]["status"] == "DECLINED"
    assert declined["declineRequest"]["reason"] == "Full this term"
    assert declined["declineRequest"]["decidedAt"] is not None
    cancelled = await act(client.as_(*_student(), sub="bo"), "cancelRequest", second)
    assert (cancelled["status"], cancelled["reason"]) == ("CANCELLED", "cancelled by the mentee")


def _student() -> tuple[Any, ...]:
    from resolvers.auth import ViewerRole

    return (ViewerRole.STUDENT,)


ILLEGAL = [
    # (what happened before, the action, what the refusal says)
    (
        ["declineRequest"],
        "acceptRequest",
        "was declined on {d}: only a pending request can be accepted",
    ),
    ([], "completeMentorship", "is still pending: only an accepted mentorship can be completed"),
    (
        ["acceptRequest"],
        "cancelRequest",
        "was accepted on {d}: only a pending request can be cancelled",
    ),
    (
        ["cancelRequest"],
        "declineRequest",
        "was cancelled on {d}: only a pending request can be declined",
    ),
    (
        ["acceptRequest"],
        "acceptRequest",
        "was accepted on {d}: only a pending request can be accepted",
    ),
    (
        ["acceptRequest", "completeMentorship"],
        "completeMentorship",
        "is completed on {d}: only an accepted mentorship can be completed",
    ),
]


async def test_illegal_transitions_are_conflicts(client: GraphQLClient) -> None:
    await world(client)
    for k, (before, action, says) in enumerate(ILLEGAL):
        await person(client, f"s{k}", f"Student {k}", ["STUDENT"])
        rid = await request(client, f"s{k}", "kim", None)
        for step in before:
            await act(client, step, rid)
        code, message = await refused(client, action, rid)
        assert (code, message) == (
            "CONFLICT",
            "this request " + says.format(d=dt.date.today().isoformat()),
        ), action
        code, _ = await refused(client, action, "r-no-such-request")
        assert code == "NOT_FOUND"


async def _asks(client: GraphQLClient, mentee: str, mentor: str, pid: str | None) -> Any:
    return await client.error(REQUEST, {"m": mentee, "t": mentor, "p": pid})


async def test_every_rule_of_a_new_request_has_its_code_and_reason(
    client: GraphQLClient,
) -> None:
    await world(client)
    await person(client, "kid", "Kid", ["EXTERNAL"], level="K12")
    await person(client, "shut", "Shut Door", ["ALUM"], expertise=["solar technology"])
    await program(client, "closed", name="Closed Program", status="CLOSED")
    await enrol(client, "solar", "kid", "MENTEE")
    await enrol(client, "solar", "shut", "MENTOR")
    await enrol(client, "solar", "dee", "MENTEE")
    await request(client, "ada", "mia")
    # Mia: both her places in the program taken (2 of her 3 overall); Lee: both his
    # places overall taken, outside the program.
    await act(client, "acceptRequest", await request(client, "bo", "mia"))
    await act(client, "acceptRequest", await request(client, "cy", "mia"))
    for mentee in ("hal", "sam"):
        await act(client, "acceptRequest", await request(client, mentee, "lee", None))
    cases = [
        (("ada", "ada", "solar"), "BAD_USER_INPUT", "mentorId: a person cannot ask themself"),
        (("ada", "nobody", "solar"), "NOT_FOUND", "mentorId: no person with id 'nobody'"),
        (("ada", "mia", "no-program"), "NOT_FOUND", "no program with id 'no-program'"),
        (
            ("ada", "mia", "closed"),
            "CONFLICT",
            "Closed Program is closed: only an open program takes requests",
        ),
        (("eve", "mia", "solar"), "CONFLICT", "Eve is not enrolled as a mentee in Solar"),
        (("ada", "hal", "solar"), "CONFLICT", "Hal is not enrolled as a mentor in Solar"),
        (("ada", "mia", "solar"), "CONFLICT", "Ada already has a pending request to Mia Alum"),
        (
            ("bo", "lee", "solar"),
            "CONFLICT",
            "Bo already has a mentor in Solar Mentoring (Mia Alum)",
        ),
        (
            ("kid", "mia", "solar"),
            "CONFLICT",
            "Mia Alum mentors undergraduates only, and Kid is one of the K-12 students",
        ),
        (("dee", "shut", "solar"), "CONFLICT", "Shut Door is not taking new mentees"),
        (
            ("dee", "mia", "solar"),
            "CONFLICT",
            "Mia Alum has no free place in Solar Mentoring: 2 of 2 taken",
        ),
        (("dee", "lee", None), "CONFLICT", "Prof Lee has no free mentoring place: 2 of 2 taken"),
    ]
    for (mentee, mentor, pid), code, says in cases:
        error = await _asks(client, mentee, mentor, pid)
        assert (error["extensions"]["code"], error["message"][: len(says)]) == (code, says), (
            mentee,
            mentor,
            pid,
        )
    already = await client.data(
        'mutation { addTie(input: {kind: MENTORS, supporterId: "mia", supportedId: "eve"}) { id } }'
    )
    assert already["addTie"]["id"]
    error = await _asks(client, "eve", "mia", None)
    assert error["message"] == "Mia Alum already mentors Eve"


async def test_at_most_five_pending_requests(client: GraphQLClient) -> None:
    await world(client)
    for k in range(6):
        await person(client, f"m{k}", f"Mentor {k}", ["ALUM"], openDoor=True)
    for k in range(5):
        await request(client, "eve", f"m{k}", None)
    error = await _asks(client, "eve", "m5", None)
    assert error["extensions"]["code"] == "CONFLICT"
    assert error["message"] == (
        "Eve already has 5 pending requests, the most allowed (5): wait for an answer or cancel one"
    )
    theirs = await _requests(client, "eve")
    await act(client, "cancelRequest", next(iter(theirs)))
    assert await request(client, "eve", "m5", None)


async def test_unknown_and_malformed_ids(client: GraphQLClient) -> None:
    await world(client)
    error = await _asks(client, "ada", "not an id!", None)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    error = await client.error(TRANSITION % "declineRequest", {"id": "r-missing"})
    assert error["extensions"]["code"] == "NOT_FOUND"
