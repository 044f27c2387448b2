"""The Starlette application: GraphQL at /graphql, liveness at /healthz, readiness at /readyz,
the advisor's web page at /ui (supportweb/ui.py).

One Neo4j driver per process, opened and closed in the lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError

from graphdb.audit import AuditWriter
from graphdb.driver import Database
from graphdb.errors import SupportwebError, Unauthenticated
from graphdb.migrate import is_current
from resolvers.alerts import AlertBus
from resolvers.auth import TokenKeys, bearer
from resolvers.mentors import warm_up as warm_up_mentor_paths
from resolvers.programs.settings import ProgramSettings, utc_now
from resolvers.scope import RequestScope
from resolvers.support.thin_list import thin_support
from resolvers.tombstones import Tombstones
from schema.root import build_schema
from supportweb import ui
from supportweb.middleware import BodyLimit, CancelOnDisconnect
from supportweb.ratelimit import RateLimit, RateLimiter, subject_key
from supportweb.settings import Settings, get_settings
from supportweb.websocket import RenewingTransportWS

log = logging.getLogger("supportweb.app")


class SupportwebGraphQL(GraphQL[RequestScope, None]):
    graphql_transport_ws_handler_class = RenewingTransportWS

    def __init__(
        self,
        *args: Any,
        keys: TokenKeys,
        settings: Settings,
        limiter: RateLimiter,
        programs: ProgramSettings,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys
        self.settings = settings
        self.limiter = limiter
        self.programs = programs

    def encode_json(self, data: object) -> str:
        # A page of people is tens of kilobytes of JSON: orjson writes it several times
        # faster than the standard library. Text, not bytes: websocket messages must be
        # text frames (graphql-ws clients read nothing else). What orjson refuses (an
        # integer past 64 bits) the standard library still writes.
        try:
            return orjson.dumps(data).decode()
        except TypeError:
            return json.dumps(data, separators=(",", ":"))

    async def render_graphql_ide(self, request: Request) -> Response:
        # GraphiQL from this origin (built from npm), not Strawberry's CDN page.
        return await ui.graphiql_page(request)

    async def get_context(self, request: Request | WebSocket, response: Any) -> RequestScope:
        viewer, error = None, None
        try:
            viewer = self.keys.verify(bearer(request.headers.get("authorization")))
        except Unauthenticated as refused:
            # Refused at the first field, as a GraphQL error with code UNAUTHENTICATED.
            error = refused
        scope = RequestScope(
            db=request.app.state.db,
            secret=self.keys.secret,
            viewer=viewer,
            auth_error=error,
            request=request,
            response=response,
            alerts=request.app.state.alerts,
            audit=request.app.state.audit,
            pseudonym_key=self.settings.pseudonym_key(),
            request_timeout_s=self.settings.supportweb_request_timeout_s,
            tombstones=request.app.state.tombstones,
            programs=self.programs,
        )
        self._budget(scope)
        return scope

    def _budget(self, scope: RequestScope) -> None:
        admin = scope.viewer is not None and scope.viewer.admin
        scope.cost_budget = (
            self.settings.supportweb_admin_max_cost if admin else self.settings.supportweb_max_cost
        )

    async def on_ws_connect(self, context: RequestScope) -> None:
        """Subscriptions sign in with the connection_init payload
        ({"Authorization": "Bearer <token>"}) or the upgrade request's header; from then on
        every operation takes from the signed-in subject's rate-limit bucket."""
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        if not isinstance(header, str):
            header = context.request.headers.get("authorization") if context.request else None
        try:
            token = bearer(header)
            viewer = self.keys.verify(token)
        except Unauthenticated as refused:
            raise ConnectionRejectionError({"message": refused.message}) from refused
        context.sign_in(viewer)
        context.auth_error = None
        self._budget(context)
        key = subject_key(viewer, token)
        context.take_operation = lambda: self.limiter.take(key)
        return None


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _warm_up(db: Database, done: asyncio.Event, *, enabled: bool) -> None:
    try:
        if enabled and await db.ping() and await is_current(db):
            await warm_up_mentor_paths(db)
            await thin_support(db, first=1)
    except SupportwebError as error:
        log.warning("warm-up skipped: %s", error.message)
    finally:
        done.set()


async def readyz(request: Request) -> Response:
    db: Database = request.app.state.db
    if not await db.ping():
        return JSONResponse({"status": "unavailable", "neo4j": "unreachable"}, status_code=503)
    if not await is_current(db):
        return JSONResponse(
            {"status": "unavailable", "migrations": "pending: run `supportweb migrate`"},
            status_code=503,
        )
    # Ready as soon as Neo4j answers and the schema is current: planning the heavy queries
    # goes on in the background (seconds to a minute on a cold Neo4j), and until it is
    # done the first mentor searches are slower, not wrong — so say it, don't refuse.
    warming = not request.app.state.warm.is_set()
    return JSONResponse(
        {"status": "ok", "neo4j": "ok", "migrations": "current", "warming": warming}
    )


def create_app(
    settings: Settings | None = None,
    db: Database | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] = utc_now,
) -> Starlette:
    """Build the app; pass ``db`` to share a driver (tests), or let the lifespan open one;
    ``clock`` drives the rate limits and ``now`` stamps and expires mentorship requests
    (tests pass ones they control)."""
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own = db is None
        app.state.db = db or Database(settings.neo4j())
        app.state.alerts = AlertBus(app.state.db)
        app.state.audit = AuditWriter(app.state.db)
        app.state.tombstones = Tombstones(settings.pseudonym_key())
        # Plan the heavy queries once, in the background (a shared test database is
        # already warm): /readyz says "warming" until this is done.
        app.state.warm = asyncio.Event()
        warming = asyncio.create_task(_warm_up(app.state.db, app.state.warm, enabled=own))
        try:
            yield
        finally:
            warming.cancel()
            await app.state.alerts.close()
            await app.state.audit.close()
            if own:
                await app.state.db.close()

    schema = build_schema(
        max_depth=settings.supportweb_max_depth,
        max_aliases=settings.supportweb_max_aliases,
        max_tokens=settings.supportweb_max_tokens,
        introspection=not settings.production,
    )
    keys = settings.token_keys()
    limiter = RateLimiter(
        settings.supportweb_rate_per_minute, settings.supportweb_rate_burst, clock=clock
    )
    graphql = SupportwebGraphQL(
        schema,
        graphql_ide=None if settings.production else "graphiql",
        allow_queries_via_get=not settings.production,
        keys=keys,
        settings=settings,
        limiter=limiter,
        programs=settings.programs(now),
    )
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *ui.routes(graphiql=not settings.production),
        ],
        lifespan=lifespan,
    )
    # Outermost first (the last added): refuse floods before reading bodies, big bodies
    # before parsing, and stop the work of a client that has gone.
    app.add_middleware(CancelOnDisconnect)
    app.add_middleware(BodyLimit, limit=settings.supportweb_max_body_bytes)
    app.add_middleware(RateLimit, limiter=limiter, keys=keys)
    app.state.limiter = limiter
    return app
