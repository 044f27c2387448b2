"""Production mode and request bounds, as a client meets them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from supportweb.app import create_app
from supportweb.settings import Mode, Settings
from tests.conftest import TEST_SECRET, token

ADMIN = {"authorization": f"Bearer {token(ViewerRole.ADMIN)}"}


@asynccontextmanager
async def app_client(db: Database, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(supportweb_secret=TEST_SECRET, **overrides)
    app = create_app(settings, db=db)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            yield http


async def test_production_turns_off_introspection_graphiql_and_get(db: Database) -> None:
    production = {
        "supportweb_mode": Mode.PRODUCTION,
        "supportweb_pseudonym_key": "a-separate-pseudonym-key-0123456789abcdef",
    }
    async with app_client(db, **production) as http:
        r = await http.post(
            "/graphql", json={"query": "{ __schema { types { name } } }"}, headers=ADMIN
        )
        body = r.json()
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "introspection" in body["errors"][0]["message"].lower()
        page = await http.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        assert (await http.get("/graphiql/graphiql.html")).status_code == 404
        get = await http.get(
            "/graphql", params={"query": "{ people { totalCount } }"}, headers=ADMIN
        )
        assert get.status_code >= 400
        ok = await http.post("/graphql", json={"query": "{ people { totalCount } }"}, headers=ADMIN)
        assert ok.json() == {"data": {"people": {"totalCount": 0}}}


async def test_development_serves_graphiql(db: Database) -> None:
    async with app_client(db) as http:
        page = await http.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
        # GraphiQL introspects the schema first; without that answer it shows nothing.
        for query in (
            "query IntrospectionQuery { __schema { queryType { name } } }",
            '{ __type(name: "Person") { name } people(first: 1) { totalCount } }',
        ):
            body = (await http.post("/graphql", json={"query": query}, headers=ADMIN)).json()
            assert "errors" not in body, body
        assert body["data"] == {"__type": {"name": "Person"}, "people": {"totalCount": 0}}


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValueError, match="SUPPORTWEB_SECRET"):
        Settings(supportweb_mode=Mode.PRODUCTION)


def test_production_needs_its_own_pseudonym_key() -> None:
    with pytest.raises(ValueError, match="SUPPORTWEB_PSEUDONYM_KEY"):
        Settings(supportweb_mode=Mode.PRODUCTION, supportweb_secret=TEST_SECRET)
    with pytest.raises(ValueError, match="different from SUPPORTWEB_SECRET"):
        Settings(
            supportweb_mode=Mode.PRODUCTION,
            supportweb_secret=TEST_SECRET,
            supportweb_pseudonym_key=TEST_SECRET,
        )


async def test_rate_limit_is_per_token_with_retry_after(db: Database) -> None:
    async with app_client(db, supportweb_rate_per_minute=60, supportweb_rate_burst=3) as http:
        query = {"query": "{ people { totalCount } }"}
        codes = [
            (await http.post("/graphql", json=query, headers=ADMIN)).status_code for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        limited = await http.post("/graphql", json=query, headers=ADMIN)
        assert limited.headers["retry-after"] == "1"
        error = limited.json()["errors"][0]
        assert error["extensions"]["reason"] == "RATE_LIMITED"
        other = {"authorization": f"Bearer {token(ViewerRole.RESEARCHER)}"}
        assert (await http.post("/graphql", json=query, headers=other)).status_code == 200


async def test_unreachable_neo4j_is_unavailable(neo4j_config: Any) -> None:
    from graphdb.driver import Neo4jConfig

    dead = Database(Neo4jConfig(uri="bolt://127.0.0.1:1"))
    try:
        async with app_client(dead) as http:
            r = await http.post(
                "/graphql", json={"query": "{ people { totalCount } }"}, headers=ADMIN
            )
            assert r.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
            assert (await http.get("/readyz")).status_code == 503
    finally:
        await dead.close()


async def test_slow_query_times_out(db: Database) -> None:
    from graphdb.errors import Timeout

    with pytest.raises(Timeout):
        await db.read("UNWIND range(1, 100000000) AS x WITH x WHERE x = -1 RETURN x", timeout=0.5)


async def test_an_advisors_support_web_with_its_ties_fits_the_budget(db: Database) -> None:
    """Enum lists are priced by their enum's size, not the default list bound: a support
    web of depth 2 with every tie's functions and ends (the advisor's page asks this)
    is within an advisor's budget, where it once cost 100 per tie for `functions`."""
    query = """{ person(id: "lee") { supportWeb(depth: 2) {
      people { id name roles department }
      ties { id kind strength functions since until lastContact formal
             supporter { id } supported { id } } } } }"""
    advisor = {"authorization": f"Bearer {token(ViewerRole.ADVISOR, sub='lee')}"}
    async with app_client(db) as http:
        await http.post(
            "/graphql",
            json={
                "query": 'mutation { createPerson(input: {id: "lee", name: "Lee", '
                "roles: [FACULTY]}) { id } }"
            },
            headers=ADMIN,
        )
        body = (await http.post("/graphql", json={"query": query}, headers=advisor)).json()
    assert "errors" not in body, body
    assert body["data"]["person"]["supportWeb"]["people"] == [
        {"id": "lee", "name": "Lee", "roles": ["FACULTY"], "department": None}
    ]
