"""Everything one request (or one operation over a websocket) may use: the database, who is
asking, the request's loaders and audit, and the process's alert bus.

It is the GraphQL context (``info.context``), built by the server for each request; the
schema layer reaches the database only through it and the resolvers it calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphdb.audit import AuditWriter, record
from graphdb.driver import Database
from graphdb.errors import Unauthenticated
from graphdb.support import supported_by
from resolvers.access import Access
from resolvers.alerts import AlertBus
from resolvers.auth import Viewer
from resolvers.loaders import Loaders


@dataclass
class RequestScope:
    db: Database
    secret: str
    viewer: Viewer | None = None
    auth_error: Unauthenticated | None = None
    alerts: AlertBus | None = None
    audit: AuditWriter | None = None
    # The transport's own objects (Starlette request or websocket, response), for the
    # GraphQL server library; the domain never reads them.
    request: Any = None
    response: Any = None
    # Set by the GraphQL server from a websocket's connection_init payload.
    connection_params: dict[str, Any] | None = None
    hints: list[str] = field(default_factory=list)
    loaders: Loaders = field(init=False)
    access: Access | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)
        self.sign_in(self.viewer)

    def sign_in(self, viewer: Viewer | None) -> None:
        self.viewer = viewer
        self.access = Access(viewer, self._read_caseload) if viewer else None

    def scope_to_supported(self) -> str | None:
        """The person id an advisor's lists are limited to (None: no limit)."""
        return self.access.scope() if self.access else None

    async def submit_audit(self) -> None:
        """Hand this request's audit events to the writer (background, batched), or write
        them now where the scope has no writer (scripts, tests)."""
        if self.access is None or not self.access.events:
            return
        events = list(self.access.events)
        self.access.events.clear()
        if self.audit is not None:
            self.audit.submit(events)
        else:
            await record(self.db, events)

    async def _read_caseload(self) -> frozenset[str]:
        sub = self.viewer.sub if self.viewer else None
        return frozenset(await supported_by(self.db, sub)) if sub else frozenset()
