"""Two server processes on one Neo4j, as two workers or two replicas behind a balancer
(docs/scaling.md): what one process writes, the other's subscribers are told of and the
other's cached answers reflect. Nothing is shared between them but the graph."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import httpx
import websockets
from websockets.typing import Subprotocol

from resolvers.auth import ViewerRole
from tests.conftest import token
from tests.reliability.harness import ADMIN, OwnNeo4j, serving

PROTOCOL = Subprotocol("graphql-transport-ws")
SUBSCRIBE = "subscription { supportAlerts { person { id } wasThin thin } }"
STATS = "{ networkStats { people relationships } }"
CREATE = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
ADD = "mutation($i: TieInput!) { addTie(input: $i) { id } }"
END = "mutation($id: ID!) { endTie(id: $id) { id } }"


async def data(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    answer = (await http.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in answer, answer
    return answer["data"]


async def test_a_write_on_one_process_reaches_the_others_subscribers_and_caches(
    own: OwnNeo4j, logs: Path
) -> None:
    with (
        serving(own.uri, logs / "a.log") as a,
        serving(own.uri, logs / "b.log") as b,
    ):
        async with (
            httpx.AsyncClient(base_url=a.url, headers=ADMIN, timeout=30) as on_a,
            httpx.AsyncClient(base_url=b.url, headers=ADMIN, timeout=30) as on_b,
        ):
            for pid, roles in (("ada", ["STUDENT"]), ("lee", ["FACULTY"]), ("sam", ["STAFF"])):
                person = {"id": pid, "name": pid.title(), "roles": roles}
                await data(on_b, CREATE, {"i": person})
            # Research answers are cached per process against the graph version: A reads
            # (and caches) first, B writes, A must see the write.
            before = (await data(on_a, STATS))["networkStats"]
            assert before == {"people": 3, "relationships": 0}
            full = ["ACADEMIC", "CAREER", "PSYCHOSOCIAL"]
            tie = {"kind": "MENTORS", "supporterId": "lee", "supportedId": "ada", "strength": 0.9}
            await data(on_b, ADD, {"i": tie | {"functions": full}})
            after = (await data(on_a, STATS))["networkStats"]
            assert after == {"people": 3, "relationships": 1}

            # A subscriber on A hears of ada's support changing through B. The
            # alert is published only once A's poller has read where the sequence stands,
            # a moment A cannot show from outside: so B changes ada's support again until
            # an alert arrives (each change is one), within a bound.
            watcher = token(ViewerRole.ADMIN)
            ws_url = a.url.replace("http://", "ws://") + "/graphql"
            async with websockets.connect(ws_url, subprotocols=[PROTOCOL]) as ws:
                init = {
                    "type": "connection_init",
                    "payload": {"Authorization": f"Bearer {watcher}"},
                }
                await ws.send(json.dumps(init))
                assert json.loads(await asyncio.wait_for(ws.recv(), 20))["type"] == "connection_ack"
                subscribe = {"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}
                await ws.send(json.dumps(subscribe))
                alert = await _alert_while_changing(ws, on_b, full)
            assert alert["person"] == {"id": "ada"}
            assert alert["wasThin"] != alert["thin"]


async def _alert_while_changing(
    ws: Any, on_b: httpx.AsyncClient, functions: list[str]
) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    day = 0
    while time.monotonic() < deadline:
        # Two more strong ties make ada well supported; ending them makes her thin again.
        # Each round's ties start on another day: new tie identities, never a conflict.
        day += 1
        since = (dt.date(2024, 1, 1) + dt.timedelta(days=day)).isoformat()
        added = []
        for supporter, kind in (("sam", "COACHES"), ("lee", "ADVISES")):
            tie: dict[str, Any] = {"kind": kind, "supporterId": supporter, "supportedId": "ada"}
            tie |= {"since": since}
            tie |= {"strength": 0.9, "functions": functions}
            added.append((await data(on_b, ADD, {"i": tie}))["addTie"]["id"])
        for tie_id in added:
            await data(on_b, END, {"id": tie_id})
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), 3))
        except TimeoutError:
            continue
        assert message["type"] == "next", message
        alert: dict[str, Any] = message["payload"]["data"]["supportAlerts"]
        return alert
    raise AssertionError("no alert reached the other process's subscriber within 60 s")
