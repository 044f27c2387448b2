"""Live support alerts through a real websocket (graphql-transport-ws) on a real server."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn
import websockets
from starlette.applications import Starlette
from websockets.typing import Subprotocol

from graphdb.driver import Database
from graphdb.local import neo4j as local_neo4j
from resolvers.auth import ViewerRole
from supportweb.app import create_app
from supportweb.settings import Settings
from tests.api_graph import RECENT, person, tie
from tests.conftest import TEST_SECRET, GraphQLClient, token

PROTOCOL = Subprotocol("graphql-transport-ws")
SUBSCRIBE = """subscription($f: PersonFilter) { supportAlerts(filter: $f) {
  person { id } oldScore newScore wasThin thin reasons } }"""


@contextlib.asynccontextmanager
async def served(db: Database) -> AsyncIterator[tuple[str, Starlette]]:
    port = local_neo4j.free_port()
    app = create_app(Settings(supportweb_secret=TEST_SECRET), db=db)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(400):  # uvicorn offers no event to wait on; at most 20 s
        if server.started:
            break
        await asyncio.sleep(0.05)
    assert server.started, "the test server did not start"
    try:
        yield f"127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        await task


async def _next(ws: Any, timeout: float = 20.0) -> dict[str, Any]:
    raw = await asyncio.wait_for(ws.recv(), timeout)
    # Browsers' graphql-ws clients read text frames only: a binary one breaks them.
    assert isinstance(raw, str), "a websocket message came as a binary frame"
    message: dict[str, Any] = json.loads(raw)
    return message


async def test_a_write_that_makes_a_student_thin_is_alerted(db: Database) -> None:
    async with served(db) as (host, app):
        http = httpx.AsyncClient(base_url=f"http://{host}", timeout=30)
        client = GraphQLClient(http, token(ViewerRole.ADMIN))
        await person(client, "ada", "Ada", ["STUDENT"])
        await person(client, "bo", "Bo", ["STUDENT"])
        await person(client, "lee", "Lee", ["FACULTY"], department="Physics")
        await person(client, "sam", "Sam", ["STAFF"], department="Careers")
        await person(client, "ali", "Ali", ["ALUM"], department="Law")
        everything = ["ACADEMIC", "CAREER", "PSYCHOSOCIAL"]
        ties = [
            await tie(
                client, s, "ada", "MENTORS", strength=0.9, lastContact=RECENT, functions=everything
            )
            for s in ("lee", "sam", "ali")
        ]
        await tie(client, "lee", "bo", "ADVISES")
        profile = await client.data('{ supportProfile(personId: "ada") { thin score } }')
        assert profile["supportProfile"]["thin"] is False

        async with websockets.connect(f"ws://{host}/graphql", subprotocols=[PROTOCOL]) as ws:
            await ws.send(
                json.dumps(
                    {
                        "type": "connection_init",
                        "payload": {
                            "Authorization": f"Bearer {token(ViewerRole.ADVISOR, sub='lee')}"
                        },
                    }
                )
            )
            assert (await _next(ws))["type"] == "connection_ack"
            await ws.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
            )
            # The alert must be published after the poller has read where the sequence stands.
            await asyncio.wait_for(app.state.alerts.polling.wait(), timeout=20)
            for tie_id in ties[1:]:
                await client.data("mutation($id: ID!) { endTie(id: $id) { id } }", {"id": tie_id})
            message = await _next(ws)
            assert message["type"] == "next", message
            alert = message["payload"]["data"]["supportAlerts"]
            assert alert["person"] == {"id": "ada"}
            assert alert["wasThin"] is False and alert["thin"] is True
            assert alert["newScore"] < alert["oldScore"] and alert["reasons"]
        await http.aclose()


async def test_subscriptions_need_a_valid_token(db: Database) -> None:
    async with (
        served(db) as (host, _),
        websockets.connect(f"ws://{host}/graphql", subprotocols=[PROTOCOL]) as ws,
    ):
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": "Bearer nonsense"}})
        )
        with contextlib.suppress(websockets.ConnectionClosed):
            await _next(ws)
        assert ws.close_code == 4403


async def test_students_cannot_subscribe(db: Database) -> None:
    async with (
        served(db) as (host, _),
        websockets.connect(f"ws://{host}/graphql", subprotocols=[PROTOCOL]) as ws,
    ):
        await ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"Authorization": f"Bearer {token(ViewerRole.STUDENT, sub='ada')}"},
                }
            )
        )
        assert (await _next(ws))["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
        message = await _next(ws)
        # A refusal inside the subscription arrives as a result with errors.
        assert message["type"] == "next", message
        assert message["payload"]["errors"][0]["extensions"]["code"] == "FORBIDDEN"
