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
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError

from graphdb.audit_writer import AuditWriter
from graphdb.driver import Database
from graphdb.errors import SupportwebError, Unauthenticated
from graphdb.migrate import is_current
from resolvers.alerts import AlertBus
from resolvers.auth import TokenKeys, bearer
from resolvers.mentors import warm_up as warm_up_mentor_paths
from resolvers.programs.settings import ProgramSettings, utc_now
from resolvers.scope import RequestScope
from resolvers.support.warm_up import warm_up as warm_up_support
from resolvers.tombstones import Tombstones
from schema.root import build_schema
from supportweb import ui
from supportweb.graphql_post import answer_post, is_plain_post
from supportweb.middleware import BodyLimit, CancelOnDisconnect, refusal
from supportweb.plots import plots_route
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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            if is_plain_post(scope):
                response = await answer_post(self, request)
            else:
                response = await self.run(request)
        except HTTPException as refused:
            # Strawberry answers these in plain text; ours are GraphQL-shaped, with a code.
            response = refusal(refused.reason, refused.status_code)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        # orjson is strict where the standard library is lenient: NaN and Infinity, lone
        # surrogates (which Neo4j's driver cannot send: an INTERNAL later) and bytes that
        # are not UTF-8 (a 500 from the standard library) are refused as bad JSON (400).
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, 'expected a JSON object: {"query": "…", "variables": {…}}')
        return parsed

    def encode_json(self, data: object) -> str:
        # Text, not bytes: websocket messages must be text frames (graphql-ws clients read
        # nothing else).
        return self.encode_json_bytes(data).decode()

    def encode_json_bytes(self, data: object) -> bytes:
        # A page of people is tens of kilobytes of JSON: orjson writes it several times
        # faster than the standard library. What orjson refuses (an integer past 64 bits)
        # the standard library still writes.
        try:
            return orjson.dumps(data)
        except TypeError:
            return json.dumps(data, separators=(",", ":")).encode()

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
            await warm_up_support(db)
    except SupportwebError as error:
        log.warning("warm-up skipped: %s", error.message)
    finally:
        done.set()


async def readyz(request: Request) -> Response:
    db: Database = request.app.state.db
    unreachable = JSONResponse({"status": "unavailable", "neo4j": "unreachable"}, status_code=503)
    if not await db.ping():
        return unreachable
    try:
        current = await is_current(db)
    except SupportwebError:
        return unreachable  # it went away between the two questions
    if not current:
        return JSONResponse(
            {"status": "unavailable", "migrations": "pending: run `supportweb migrate`"},
            status_code=503,
        )
    # Ready as soon as Neo4j answers and the schema is current: planning the heavy queries
    # goes on in the background (seconds to a minute on a cold Neo4j), and until it is
    # done the first mentor searches are slower, not wrong — so say it, don't refuse.
    warming = not request.app.state.warm.is_set()
    audit: AuditWriter = request.app.state.audit
    written = audit.stats()
    return JSONResponse(
        {
            "status": "ok",
            "neo4j": "ok",
            "migrations": "current",
            "warming": warming,
            # The background audit writer (graphdb/audit_writer.py): a few events per batch
            # under load, or a growing backlog, is worth an operator's look.
            "audit": {
                "stored": written.stored,
                "pending": written.pending,
                "batches": written.batches,
                "eventsPerBatch": written.events_per_batch,
                "failedBatches": written.failed,
            },
        }
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
            Route("/research/plots/{file}", plots_route(keys, settings), methods=["GET"]),
            *ui.routes(graphiql=not settings.production),
        ],
        lifespan=lifespan,
    )
    # Outermost first (the last added): refuse floods before reading bodies, big bodies
    # before parsing, and stop the work of a client that has gone.
    app.add_middleware(CancelOnDisconnect)
    app.add_middleware(
        BodyLimit,
        limit=settings.supportweb_max_body_bytes,
        timeout=settings.supportweb_body_timeout_s,
    )
    app.add_middleware(RateLimit, limiter=limiter, keys=keys)
    app.state.limiter = limiter
    return app
