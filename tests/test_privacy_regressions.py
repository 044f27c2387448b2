"""Each route that once gave away what another refused (issue 9), as a user would try it."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
from typing import Any

import pytest
import websockets

from resolvers.auth import TokenKeys, ViewerRole
from supportweb.cli.common import CommandError
from supportweb.cli.server import check_exposure
from supportweb.ratelimit import request_key
from supportweb.settings import DEV_SECRET, Mode, Settings
from tests.api_graph import build
from tests.conftest import TEST_SECRET, GraphQLClient, token
from tests.test_alerts import PROTOCOL, _next, served

A, V, S, R = ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT, ViewerRole.RESEARCHER


async def test_cursors_carry_no_name_or_id(client: GraphQLClient) -> None:
    await build(client)
    page = await client.data("{ people(first: 2) { pageInfo { endCursor } } }")
    cursor = page["people"]["pageInfo"]["endCursor"]
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    for word in (b"ada", b"bo", b"Ada", b"Bo", b"cy", b"hal", b"lee"):
        assert word not in raw
    forged = base64.urlsafe_b64encode(json.dumps(["bo", "bo"]).encode()).decode()
    error = await client.error(f'{{ people(first: 2, after: "{forged}") {{ totalCount }} }}')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_researchers_cannot_turn_names_or_ids_into_pseudonyms(client: GraphQLClient) -> None:
    await build(client)
    researcher = client.as_(R)
    for query in (
        '{ people(filter: {search: "ada"}) { edges { node { id } } } }',
        '{ person(id: "ada") { id } }',
        '{ supportProfile(personId: "ada") { score } }',
    ):
        error = await researcher.error(query)
        assert error["extensions"]["code"] == "FORBIDDEN", query


def test_a_researcher_token_cannot_carry_another_role() -> None:

    from resolvers.auth import TokenKeys

    with pytest.raises(ValueError, match="RESEARCHER token cannot carry other roles"):
        TokenKeys(TEST_SECRET).mint([R, V], "lee", __import__("datetime").timedelta(minutes=5))


async def test_the_support_web_shows_no_tie_the_viewer_may_not_see(client: GraphQLClient) -> None:
    await build(client)
    # Bo's web, for Bo: Lee advises Bo (Bo's own tie) and Ada (not Bo's to see).
    bo = client.as_(S, sub="bo")
    web = await bo.data(
        '{ person(id: "bo") { supportWeb(depth: 2) { people { id } ties { id } } } }'
    )
    people = sorted(p["id"] for p in web["person"]["supportWeb"]["people"])
    assert people == ["bo", "lee"]
    assert len(web["person"]["supportWeb"]["ties"]) == 1
    refused = await bo.error('{ person(id: "lee") { supporting { id } } }')
    assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_introductions_need_a_reachable_target_and_audit_who_was_reached(
    client: GraphQLClient,
) -> None:
    await build(client)
    ada = client.as_(S, sub="ada")
    # Bo has no open door and is not in Ada's caseload: the chain to Bo is not Ada's to see.
    error = await ada.error('{ introductions(fromId: "ada", toId: "bo") { hops } }')
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"].get("field") in (None, "toId") or "open door" in error["message"]
    # Mia is open to mentees: the chain to her is Ada's to see, and the audit names her.
    found = await ada.data('{ introductions(fromId: "ada", toId: "mia") { path { id } } }')
    assert [p["id"] for p in found["introductions"][0]["path"]] == ["ada", "hal", "mia"]
    log = await client.data(
        '{ auditLog(filter: {actor: "ada", action: "introductions"}, first: 5) '
        "{ edges { node { subjects } } } }"
    )
    assert sorted(log["auditLog"]["edges"][0]["node"]["subjects"]) == ["ada", "hal", "mia"]


async def test_exposed_if_leaves_lists_only_the_advisors_caseload(client: GraphQLClient) -> None:
    await build(client)
    # Bo depends on Lee alone; an advisor who does not support Bo must not learn that.
    stranger = client.as_(V, sub="sam")
    assert await stranger.data('{ exposedIfLeaves(personId: "lee") { id } }') == {
        "exposedIfLeaves": []
    }
    lee = client.as_(V, sub="lee")
    mine = await lee.data('{ exposedIfLeaves(personId: "lee") { id } }')
    assert [p["id"] for p in mine["exposedIfLeaves"]] == ["bo"]


async def test_an_advisor_cannot_grant_themself_a_caseload(client: GraphQLClient) -> None:
    await build(client)
    lee = client.as_(V, sub="lee")
    added = await lee.data(
        'mutation { addTie(input: {kind: ADVISES, supporterId: "lee", supportedId: "cy"}) '
        "{ id confirmed } }"
    )
    assert added["addTie"]["confirmed"] is False
    refused = await lee.error('{ person(id: "cy") { email } }')
    assert refused["extensions"]["code"] == "FORBIDDEN"
    # Lee cannot confirm it; Cy can.
    tie_id = added["addTie"]["id"]
    confirm = f'mutation {{ confirmTie(id: "{tie_id}") {{ confirmed }} }}'
    error = await lee.error(confirm)
    assert error["extensions"]["code"] == "FORBIDDEN"
    cy = client.as_(S, sub="cy")
    confirmed = await cy.data(confirm)
    assert confirmed["confirmTie"]["confirmed"] is True
    assert await lee.data('{ person(id: "cy") { email } }') == {"person": {"email": None}}


async def test_a_fan_out_of_nested_webs_is_refused_before_it_runs(client: GraphQLClient) -> None:
    await build(client)
    fan = " ".join(
        f'w{i}: person(id: "ada") {{ supportWeb(depth: 3) {{ people {{ supportWeb(depth: 3) '
        "{ people { id } } } } }"
        for i in range(10)
    )
    advisor = client.as_(V, sub="lee")
    before = client.app.state.db.round_trips if client.app else 0
    error = await advisor.error("{ " + fan + " }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["cost"] > error["extensions"]["budget"] == 50_000
    assert "budget" in error["message"]
    assert (client.app.state.db.round_trips if client.app else 0) == before
    # An admin's budget is higher: one such web passes for them.
    one = fan.split(" w1:")[0]
    assert (await client.post("{ " + one + " }")).get("errors") is None


async def test_rate_limits_follow_the_subject_not_the_header(client: GraphQLClient) -> None:
    keys = TokenKeys(TEST_SECRET)
    t = token(S, sub="ada")
    same = {
        request_key(keys, f"Bearer {t}", "1.2.3.4"),
        request_key(keys, f"bearer   {t} ", "1.2.3.4"),
        request_key(keys, f"BEARER {t}", "5.6.7.8"),
        request_key(keys, f"Bearer {token(S, sub='ada')}", "1.2.3.4"),
    }
    assert same == {"sub:ada"}
    junk = {request_key(keys, f"Bearer junk{i}", "9.9.9.9") for i in range(50)}
    assert junk == {"addr:9.9.9.9"}


async def test_websocket_operations_take_from_the_same_bucket(db: Any) -> None:
    async with served(db) as (host, app):
        limiter = app.state.limiter
        limiter.burst = 2.0
        limiter.rate = 1e-9  # nothing refills during the test
        async with websockets.connect(f"ws://{host}/graphql", subprotocols=[PROTOCOL]) as ws:
            auth = {"Authorization": f"Bearer {token(A)}"}
            await ws.send(json.dumps({"type": "connection_init", "payload": auth}))
            assert (await _next(ws))["type"] == "connection_ack"
            codes = []
            for i in range(3):
                query = {"query": "{ people(first: 1) { totalCount } }"}
                await ws.send(json.dumps({"id": str(i), "type": "subscribe", "payload": query}))
                message = await _next(ws)
                errors = message["payload"].get("errors") if message["type"] == "next" else None
                codes.append(errors[0]["extensions"].get("reason") if errors else "ok")
                if message["type"] == "next":
                    assert (await _next(ws))["type"] == "complete"
            assert codes == ["ok", "ok", "RATE_LIMITED"]


async def test_a_websocket_closes_when_its_token_expires(db: Any) -> None:
    # Expired ten seconds ago, within the verifier's leeway: accepted, then closed at once.
    stale = TokenKeys(TEST_SECRET).mint([A], None, dt.timedelta(seconds=-10))
    async with (
        served(db) as (host, _),
        websockets.connect(f"ws://{host}/graphql", subprotocols=[PROTOCOL]) as ws,
    ):
        auth = {"Authorization": f"Bearer {stale}"}
        await ws.send(json.dumps({"type": "connection_init", "payload": auth}))
        assert (await _next(ws))["type"] == "connection_ack"
        with contextlib.suppress(websockets.ConnectionClosed):
            await _next(ws, timeout=10)
        assert ws.close_code == 4401


def test_development_defaults_are_refused_beyond_loopback() -> None:
    dev = Settings(supportweb_secret=DEV_SECRET)
    check_exposure(dev, "127.0.0.1", allow_development=False)
    for settings, allow, words in (
        (dev, True, "published development secret"),
        (Settings(supportweb_secret=TEST_SECRET), False, "development mode"),
    ):
        try:
            check_exposure(settings, "0.0.0.0", allow_development=allow)
        except CommandError as refused:
            assert words in str(refused)
        else:
            raise AssertionError("served beyond loopback with development defaults")
    production = Settings(
        supportweb_secret=TEST_SECRET,
        supportweb_mode=Mode.PRODUCTION,
        supportweb_pseudonym_key="another-key-for-pseudonyms-0123456789",
    )
    check_exposure(production, "0.0.0.0", allow_development=False)


async def test_group_members_show_only_whose_groups_the_viewer_may_know(
    client: GraphQLClient,
) -> None:
    await build(client)
    await client.data('mutation { createGroup(input: {id: "g1", name: "Lab", kind: LAB}) { id } }')
    for pid in ("ada", "bo", "cy"):
        await client.data(
            'mutation($p: ID!) { addMembership(input: {personId: $p, groupId: "g1"}) { role } }',
            {"p": pid},
        )
    query = '{ group(id: "g1") { members { id } } }'
    everyone = await client.data(query)
    assert [m["id"] for m in everyone["group"]["members"]] == ["ada", "bo", "cy"]
    # Cy may not read Ada's groups (Person.groups), so the member list does not say either.
    cy = await client.as_(S, sub="cy").data(query)
    assert [m["id"] for m in cy["group"]["members"]] == ["cy"]
    lee = await client.as_(V, sub="lee").data(query)
    assert [m["id"] for m in lee["group"]["members"]] == ["ada", "bo"]
