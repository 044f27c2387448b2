"""ASGI middleware for /graphql: bounded bodies (in size and in time), and work stopped when
its client goes."""

from __future__ import annotations

import asyncio
import contextlib

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def refusal(
    message: str, status: int, code: str = "BAD_USER_INPUT", *, close: bool = False
) -> JSONResponse:
    """A request refused before GraphQL could run, in the shape of a GraphQL error, so a
    client reads every refusal the same way. ``close`` when the body was not read to its
    end: the connection cannot carry another request, and is closed after the answer
    (without it uvicorn keeps a slow client's connection open)."""
    headers = {"connection": "close"} if close else None
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status, headers=headers)


class BodyLimit:
    """Refuse request bodies over a limit before anything parses them (413), and bodies
    that do not arrive within ``timeout`` seconds of the request (408).

    The second is against slow clients: one that sends its body a byte at a time (a
    "slowloris") would otherwise hold a connection, a request's memory and its place in
    the rate limit for as long as it likes.
    """

    def __init__(self, app: ASGIApp, limit: int, timeout: float = 10.0) -> None:
        self.app = app
        self.limit = limit
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        complete = False
        deadline = asyncio.get_running_loop().time() + self.timeout

        async def counted() -> Message:
            nonlocal seen, complete
            if complete:
                return await receive()  # after the body: only a disconnect comes, if ever
            try:
                # A timeout around the await, not wait_for: no task made per message.
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise _TooSlow from None
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)
        except _TooSlow:
            message = f"the request body did not arrive within {self.timeout:g} s"
            await refusal(message, 408, "TIMEOUT", close=True)(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"request body is over the limit of {self.limit} bytes"
        await refusal(message, 413, close=True)(scope, receive, send)


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class CancelOnDisconnect:
    """Cancel a request's work when its client disconnects before the answer is sent.

    A client that gives up (a closed tab, a load balancer's timeout) would otherwise keep
    a worker and Neo4j busy until its query ends. Once the body has been read, a watcher
    waits for the next message from the server, which is ``http.disconnect`` only when
    the client has gone or the response is complete; in the first case the request's task
    is cancelled, which cancels its Neo4j transaction with it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body_read = asyncio.Event()
        answered = False

        async def receiving() -> Message:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read.set()
            return message

        async def sending(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answered = True
            await send(message)

        async def serve() -> None:
            await self.app(scope, receiving, sending)

        work = asyncio.create_task(serve())
        gone = False

        async def watch() -> None:
            nonlocal gone
            await body_read.wait()
            message = await receive()
            if message["type"] == "http.disconnect" and not answered:
                gone = True
                work.cancel()

        watcher = asyncio.create_task(watch())
        try:
            await work
        except asyncio.CancelledError:
            if not gone:
                raise  # the server itself is stopping: not ours to swallow
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
