"""Shared fixtures: one real local Neo4j per test session, reset between tests.

With ``NEO4J_URI`` set, the tests use that database instead (it is wiped: never point
this at data you want to keep).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graphdb.driver import Database, Neo4jConfig
from graphdb.local import neo4j as local_neo4j
from graphdb.migrate import migrate
from resolvers.auth import TokenKeys, ViewerRole


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield uri
        return
    data: Path = tmp_path_factory.mktemp("neo4j")
    running, proc = local_neo4j.start(
        data, port=local_neo4j.free_port(), heap="1g", pagecache="256m", attached=True
    )
    try:
        yield running.uri
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def neo4j_config(neo4j_uri: str) -> Neo4jConfig:
    return Neo4jConfig(
        uri=neo4j_uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
    )


@pytest.fixture(scope="session")
async def session_db(neo4j_config: Neo4jConfig) -> AsyncIterator[Database]:
    db = Database(neo4j_config)
    await migrate(db)
    yield db
    await db.close()


@pytest.fixture
async def db(session_db: Database) -> AsyncIterator[Database]:
    """A migrated, empty graph."""
    await session_db.write("CALL () { MATCH (n) WHERE NOT n:Migration DETACH DELETE n }")
    session_db.round_trips = 0
    yield session_db


class Clock:
    """The time the app stamps and expires mentorship requests by; tests move it."""

    def __init__(self) -> None:
        self.at = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(db: Database, clock: Clock) -> AsyncIterator[GraphQLClient]:
    """An HTTP client on the real app (lifespan run), sharing the test database; its
    requests' time is ``clock``."""
    from supportweb.app import create_app
    from supportweb.settings import Settings

    settings = Settings(supportweb_secret=TEST_SECRET)
    app = create_app(settings, db=db, now=clock)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield GraphQLClient(http, token(ViewerRole.ADMIN), app)


TEST_SECRET = "test-secret-for-the-suite-only-0123456789"


def token(*roles: ViewerRole, sub: str | None = None) -> str:
    return TokenKeys(TEST_SECRET).mint(list(roles), sub, dt.timedelta(hours=1))


class GraphQLClient:
    """Posts GraphQL as one user (an admin unless ``as_`` says otherwise)."""

    def __init__(self, http: httpx.AsyncClient, bearer_token: str | None, app: Any = None) -> None:
        self.http = http
        self.token = bearer_token
        self.app = app

    def as_(self, *roles: ViewerRole, sub: str | None = None) -> GraphQLClient:
        return GraphQLClient(self.http, token(*roles, sub=sub) if roles else None, self.app)

    async def settle(self) -> None:
        """Write the audit events still pending in the background."""
        if self.app is not None:
            await self.app.state.audit.flush()

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a request that must succeed."""
        body = await self.post(query, variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    async def error(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The first error of a request that must fail."""
        body = await self.post(query, variables)
        assert body.get("errors"), body
        first: dict[str, Any] = body["errors"][0]
        return first
