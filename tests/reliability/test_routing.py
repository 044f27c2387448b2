"""A `neo4j://` URI against the local Neo4j: the driver asks the server for a routing table
and sends reads and writes where it says — the code path of a cluster or Aura, where reads
go to secondaries (docs/scaling.md). A single server answers with itself in every role."""

from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager

from graphdb.driver import Database, Neo4jConfig
from supportweb.app import create_app
from supportweb.settings import Settings
from tests.conftest import TEST_SECRET
from tests.reliability.harness import ADMIN, OwnNeo4j
from tests.reliability.workload import base_people


async def test_a_routing_uri_serves_reads_and_writes(own: OwnNeo4j) -> None:
    routed = own.uri.replace("bolt://", "neo4j://")
    db = Database(Neo4jConfig(uri=routed))
    try:
        table = await db.read("CALL dbms.routing.getRoutingTable({}) YIELD servers RETURN servers")
        assert {s["role"] for s in table[0]["servers"]} == {"READ", "WRITE", "ROUTE"}

        # The app on that driver, in this process: a server process adds only its start.
        app = create_app(Settings(supportweb_secret=TEST_SECRET), db=db)
        async with LifespanManager(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                ids = await base_people(http, 3)  # writes, routed to the WRITE server
                query = {"query": "{ people(first: 10) { totalCount edges { node { id } } } }"}
                r = await http.post("/graphql", json=query, headers=ADMIN)  # a READ
                page = r.json()["data"]["people"]
                assert page["totalCount"] == 3
                assert sorted(e["node"]["id"] for e in page["edges"]) == ids
                assert (await http.get("/readyz")).status_code == 200
    finally:
        await db.close()
