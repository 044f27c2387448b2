"""Who may act on a mentorship request and who sees it, expiry by the clock (never by
sleeping), the limits from settings, and the audit of each transition."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from resolvers.programs.requests import expire_overdue
from resolvers.programs.settings import ProgramSettings
from tests.conftest import TEST_SECRET, Clock, GraphQLClient, token
from tests.programs_graph import REQUEST, act, refused, request, world

A, V, S, R = ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT, ViewerRole.RESEARCHER
LIST = """query($p: ID, $s: RequestStatus, $after: String) {
  mentorshipRequests(personId: $p, status: $s, first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id status reason decidedAt expiresAt mentee { id } mentor { id } } } } }"""
STORED = "MATCH (r:MentorshipRequest {id: $id}) RETURN r.status AS status"


async def test_who_may_answer_a_request(client: GraphQLClient) -> None:
    await world(client)
    to_mia, to_lee = await request(client, "ada", "mia"), await request(client, "ada", "lee")
    bo, ada, mia = client.as_(S, sub="bo"), client.as_(S, sub="ada"), client.as_(S, sub="mia")
    for who, action, says in [
        (
            bo,
            "acceptRequest",
            "accept: only the mentor asked, an advisor who supports the "
            "mentee, or an admin can accept it",
        ),
        (ada, "acceptRequest", "accept: only the mentor asked"),
        (
            bo,
            "cancelRequest",
            "cancel: only the mentee, an advisor who supports them, or an admin can cancel it",
        ),
        (mia, "cancelRequest", "cancel: only the mentee"),
        (bo, "completeMentorship", "complete: only the mentee, the mentor"),
    ]:
        code, message = await refused(who, action, to_mia)
        assert (code, message[: len(says)]) == ("FORBIDDEN", says), action
    # Researchers never take part, and a student asks only for themself.
    code, _ = await refused(client.as_(R), "acceptRequest", to_mia)
    assert code == "FORBIDDEN"
    error = await bo.error(REQUEST, {"m": "ada", "t": "kim", "p": None})
    assert error["extensions"]["code"] == "FORBIDDEN"
    # The mentor asked answers whatever their token's role; Ada's advisor (Lee supports her
    # through a confirmed tie) answers for her; the mentee completes.
    assert (await act(mia, "acceptRequest", to_mia))["status"] == "ACCEPTED"
    for_ada = await request(ada, "ada", "kim", None)
    cancelled = await act(client.as_(V, sub="lee"), "cancelRequest", for_ada)
    assert cancelled["reason"] == "cancelled by the mentee's advisor"
    assert (await act(ada, "completeMentorship", to_mia))["status"] == "COMPLETED"
    # Accepting Mia cancelled Ada's other request in the program.
    code, message = await refused(client, "declineRequest", to_lee)
    assert (code, message[:30]) == ("CONFLICT", "this request was cancelled on ")


async def test_who_sees_which_requests(client: GraphQLClient) -> None:
    await world(client)
    ids = [await request(client, m, "mia") for m in ("ada", "bo", "cy")]
    ada_data = await client.as_(S, sub="ada").data(LIST, {})
    assert [e["node"]["id"] for e in ada_data["mentorshipRequests"]["edges"]] == [ids[0]]
    error = await client.as_(S, sub="ada").error(LIST, {"p": "bo"})
    assert error["extensions"]["code"] == "FORBIDDEN"
    lee = await client.as_(V, sub="lee").data(LIST, {"p": "bo"})  # Lee advises Bo
    assert lee["mentorshipRequests"]["totalCount"] == 1
    # The mentor sees everyone's requests to her, newest first, two a page.
    mia = client.as_(V, sub="mia")
    first = (await mia.data(LIST, {}))["mentorshipRequests"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"]
    after = first["pageInfo"]["endCursor"]
    rest = (await mia.data(LIST, {"after": after}))["mentorshipRequests"]
    seen = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert sorted(seen) == sorted(ids) and not rest["pageInfo"]["hasNextPage"]
    error = await mia.error(LIST, {"after": after[:-2] + "xx"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_request_left_past_its_time_is_expired_without_a_sweep(
    client: GraphQLClient, clock: Clock, db: Database
) -> None:
    await world(client)
    rid = await request(client, "ada", "mia")
    clock.advance(days=14, seconds=1)
    data = await client.data(LIST, {"p": "ada"})
    node = data["mentorshipRequests"]["edges"][0]["node"]
    assert (node["status"], node["reason"]) == ("EXPIRED", "no answer within 14 days")
    assert node["decidedAt"] == node["expiresAt"]
    assert await db.read(STORED, {"id": rid}) == [{"status": "PENDING"}]  # decided when read
    assert (await client.data(LIST, {"p": "ada", "s": "PENDING"}))["mentorshipRequests"][
        "totalCount"
    ] == 0
    code, message = await refused(client, "acceptRequest", rid)
    assert (code, message) == (
        "CONFLICT",
        "this request has expired: only a pending request can be accepted",
    )
    assert await db.read(STORED, {"id": rid}) == [{"status": "EXPIRED"}]  # kept on action
    # It no longer counts as pending: Ada may ask Mia again.
    again = await request(client, "ada", "mia")
    clock.advance(days=15)
    settings = ProgramSettings(clock=clock)
    assert await expire_overdue(db, settings) == 1  # the optional sweep tidies up
    assert await db.read(STORED, {"id": again}) == [{"status": "EXPIRED"}]


async def test_the_limits_come_from_settings(db: Database, clock: Clock) -> None:
    from supportweb.app import create_app
    from supportweb.settings import Settings

    settings = Settings(
        supportweb_secret=TEST_SECRET,
        supportweb_request_ttl_days=3,
        supportweb_max_pending_requests=1,
    )
    async with _client(create_app(settings, db=db, now=clock)) as client:
        await world(client)
        rid = await request(client, "ada", "mia", None)
        node = (await client.data(LIST, {"p": "ada"}))["mentorshipRequests"]["edges"][0]["node"]
        assert node["id"] == rid
        assert dt.datetime.fromisoformat(node["expiresAt"]) - clock.at == dt.timedelta(days=3)
        error = await client.error(REQUEST, {"m": "ada", "t": "kim", "p": None})
        assert error["message"].endswith("the most allowed (1): wait for an answer or cancel one")


@contextlib.asynccontextmanager
async def _client(app: Any) -> AsyncIterator[GraphQLClient]:
    """An admin's client on an app of its own (other settings than the suite's)."""
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield GraphQLClient(http, token(A), app)


async def test_every_transition_is_audited_with_the_people_it_touches(
    client: GraphQLClient,
) -> None:
    await world(client)
    to_mia, to_lee = await request(client, "ada", "mia"), await request(client, "ada", "lee")
    await act(client.as_(S, sub="mia"), "acceptRequest", to_mia)
    log = await client.data(
        '{ auditLog(filter: {action: "acceptRequest"}) { edges { node { actor subjects } } } }'
    )
    events = [(e["node"]["actor"], sorted(e["node"]["subjects"])) for e in log["auditLog"]["edges"]]
    # Lee too: accepting cancelled Ada's request to him.
    assert events == [("mia", ["ada", "lee", "mia"])]
    assert (await client.data(LIST, {"p": "ada"}))["mentorshipRequests"]["totalCount"] == 2
    assert to_lee


async def test_erasing_a_person_takes_their_requests_with_them(
    client: GraphQLClient, db: Database
) -> None:
    await world(client)
    await act(client, "acceptRequest", await request(client, "ada", "mia"))
    await request(client, "ada", "kim", None)
    kept = await request(client, "bo", "mia")
    await client.data('mutation { erasePerson(id: "ada") { pseudonym } }')
    left = await db.read(
        "MATCH (r:MentorshipRequest) RETURN r.id AS id, "
        "COUNT { (r)<-[:REQUESTED]-(:Person) } AS mentees, "
        "COUNT { (r)-[:ABOUT]->(:Person) } AS mentors"
    )
    assert left == [{"id": kept, "mentees": 1, "mentors": 1}]
    mentees = await client.data('{ program(id: "solar") { mentees { person { id } } } }')
    assert [m["person"]["id"] for m in mentees["program"]["mentees"]] == ["bo", "cy"]
