"""graphql-transport-ws connections that keep to the rules of HTTP requests.

Strawberry gives every operation on a connection the context made when it opened. Here
each operation gets its own request scope instead (``RequestScope.for_operation``): fresh
loaders, caseload and audit, the token checked again — an expired one refuses the
operation — and one take from the subject's rate-limit bucket, the same bucket its HTTP
requests use. The connection itself is closed (4401) when its token expires, which ends
every subscription on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)

from resolvers.scope import RequestScope

EXPIRED = 4401


class RenewingTransportWS(BaseGraphQLTransportWSHandler[RequestScope, None]):
    _connection: RequestScope
    _expiry: asyncio.Task[None] | None = None

    @property
    def context(self) -> RequestScope:
        if self.connection_acknowledged:
            return self._connection.for_operation()
        return self._connection

    @context.setter
    def context(self, value: RequestScope) -> None:
        self._connection = value

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        viewer = self._connection.viewer
        if self.connection_acknowledged and viewer is not None and viewer.expires_at:
            self._expiry = asyncio.create_task(self._close_at(viewer.expires_at))

    async def _close_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        await self.websocket.close(EXPIRED, "the token has expired: reconnect with a new one")

    async def shutdown(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._expiry
        await super().shutdown()
