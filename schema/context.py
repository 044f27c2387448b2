"""The typed per-request context every resolver receives as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry

from graphdb.audit import AuditWriter
from graphdb.driver import Database
from graphdb.errors import Unauthenticated
from graphdb.profiles import supported_by
from schema.auth import Viewer, ViewerRole
from schema.loaders import Loaders
from schema.permissions import Access

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.websockets import WebSocket

    from schema.alerts import AlertBus


@dataclass
class Context:
    db: Database
    secret: str
    viewer: Viewer | None = None
    auth_error: Unauthenticated | None = None
    request: Request | WebSocket | None = None
    response: Any = None
    alerts: AlertBus | None = None
    audit: AuditWriter | None = None
    # Set by strawberry from a websocket's connection_init payload.
    connection_params: dict[str, Any] | None = None
    hints: list[str] = field(default_factory=list)
    loaders: Loaders = field(init=False)
    access: Access | None = field(init=False, default=None)
    _supported: frozenset[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)
        self.sign_in(self.viewer)

    def sign_in(self, viewer: Viewer | None) -> None:
        self.viewer = viewer
        self.access = Access(viewer, self.secret, self._supported_ids) if viewer else None

    def scope_to_supported(self) -> str | None:
        """The person id an advisor's lists are limited to (None: no limit)."""
        v = self.viewer
        if v is None or v.admin or not v.has(ViewerRole.ADVISOR):
            return None
        return v.sub

    async def _supported_ids(self) -> frozenset[str]:
        if self._supported is None:
            sub = self.viewer.sub if self.viewer else None
            self._supported = frozenset(await supported_by(self.db, sub)) if sub else frozenset()
        return self._supported


Info: TypeAlias = strawberry.Info[Context, None]
