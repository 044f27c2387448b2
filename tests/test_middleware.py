"""The ASGI middleware of /graphql, each around a tiny app built in the test."""

from __future__ import annotations

import asyncio
import json

from starlette.types import Message, Receive, Scope, Send

from supportweb.middleware import BodyLimit, CancelOnDisconnect

SCOPE: Scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": []}


async def test_work_stops_when_the_client_goes() -> None:
    started, stopped = asyncio.Event(), asyncio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()  # the body
        started.set()
        try:
            await asyncio.Event().wait()  # a query that would never end
        finally:
            stopped.set()

    client_gone = asyncio.Event()
    messages: list[Message] = [{"type": "http.request", "body": b"{}", "more_body": False}]

    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        await client_gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        raise AssertionError("nothing is sent to a client that has gone")

    served = asyncio.create_task(CancelOnDisconnect(slow)(SCOPE, receive, send))
    await asyncio.wait_for(started.wait(), 5)
    client_gone.set()
    await asyncio.wait_for(served, 5)
    assert stopped.is_set()


async def test_a_client_that_stays_gets_its_answer() -> None:
    sent: list[Message] = []

    async def quick(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok", "more_body": False})

    done = asyncio.Event()
    messages: list[Message] = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        await done.wait()  # as servers do: disconnect only once the response is complete
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body":
            done.set()

    await asyncio.wait_for(CancelOnDisconnect(quick)(SCOPE, receive, send), 5)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]


async def test_a_body_that_does_not_arrive_in_time_is_refused_with_408() -> None:
    sent: list[Message] = []
    reached = asyncio.Event()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        while (await receive()).get("more_body", False):
            pass
        reached.set()  # never: the body's end does not come

    parts: list[Message] = [{"type": "http.request", "body": b"{", "more_body": True}]

    async def dribble() -> Message:
        if parts:
            return parts.pop(0)
        await asyncio.sleep(3600)  # the rest of the body, some day
        raise AssertionError

    async def send(message: Message) -> None:
        sent.append(message)

    await asyncio.wait_for(BodyLimit(app, limit=1024, timeout=0.2)(SCOPE, dribble, send), 5)
    assert not reached.is_set()
    start, body = sent
    assert start["status"] == 408 and (b"connection", b"close") in start["headers"]
    error = json.loads(body["body"])["errors"][0]
    assert error["extensions"]["code"] == "TIMEOUT" and "0.2 s" in error["message"]


async def test_a_body_in_time_passes_and_the_disconnect_after_it_is_not_timed() -> None:
    got: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        got.append(await receive())
        got.append(await receive())  # after the body: waits for the disconnect, untimed

    parts: list[Message] = [{"type": "http.request", "body": b"{}", "more_body": False}]

    async def receive() -> Message:
        if parts:
            return parts.pop(0)
        await asyncio.sleep(0.3)  # past the body timeout
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        raise AssertionError("nothing refused")

    await asyncio.wait_for(BodyLimit(app, limit=1024, timeout=0.1)(SCOPE, receive, send), 5)
    assert [m["type"] for m in got] == ["http.request", "http.disconnect"]
