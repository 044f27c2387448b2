"""A `neo4j://` URI against the local Neo4j: the driver asks the server for a routing table
and sends reads and writes where it says — the code path of a cluster or Aura, where reads
go to secondaries (docs/scaling.md). A single server answers with itself in every role."""

from __future__ import annotations

from pathlib import Path

import httpx

from graphdb.driver import Database, Neo4jConfig
from tests.reliability.harness import ADMIN, OwnNeo4j, serving
from tests.reliability.workload import base_people


async def test_a_routing_uri_serves_reads_and_writes(own: OwnNeo4j, logs: Path) -> None:
    routed = own.uri.replace("bolt://", "neo4j://")
    db = Database(Neo4jConfig(uri=routed))
    try:
        table = await db.read("CALL dbms.routing.getRoutingTable({}) YIELD servers RETURN servers")
        roles = {s["role"] for s in table[0]["servers"]}
        assert roles == {"READ", "WRITE", "ROUTE"}
    finally:
        await db.close()

    with serving(routed, logs / "server.log") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            ids = await base_people(http, 3)  # writes, routed to the WRITE server
            query = {"query": "{ people(first: 10) { totalCount edges { node { id } } } }"}
            r = await http.post("/graphql", json=query, headers=ADMIN)  # a READ
            page = r.json()["data"]["people"]
            assert page["totalCount"] == 3
            assert sorted(e["node"]["id"] for e in page["edges"]) == ids
            assert (await http.get("/readyz")).status_code == 200
