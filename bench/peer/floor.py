"""The floor of `make bench-peer`: each workload as one Cypher statement through the official
async driver, the record returned as JSON. No GraphQL parsing, validation, resolvers,
tokens or audit — the least any layer over this database must do for the same answer, so
ours/floor says what our layer costs and peer/floor what the library's does.

    NEO4J_URI=bolt://127.0.0.1:7687 python -m uvicorn bench.peer.floor:app --port 8900

POST /w1 {"id"}, /w2 {"department"?}, /w3 {"id"}, /w4 {}: each answers ``{"data": …}`` in
the shape of ours' GraphQL response (bench/peer/workloads.py), so one normaliser reads both.
Mentor paths (W3) run the very statement ours runs (graphdb.mentors), with its scoring.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any, LiteralString

import neo4j
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.peer.workloads import MENTORS_FIRST, PAGE, SUPPORTERS_FIRST, THIN_FIRST
from graphdb.cypher import TIE_TYPES, active
from graphdb.mentors.paths import MENTOR_PATHS
from resolvers.mentors import DEFAULT_SCORING
from resolvers.mentors.need import DEFAULT_MAX_HOPS

# One person as W1 and W2 ask for them: active ties in, strongest first (the order and cap
# of ours), and their memberships. Strength reads as ours reads it (0.5 when unset).
_PERSON: LiteralString = (
    "{id: p.id, name: p.name,"
    " supporters: COLLECT { MATCH (p)<-[r:" + TIE_TYPES + "]-(q:Person) WHERE " + active("r") + ""
    " WITH r, q ORDER BY r.strength DESC, r.id LIMIT $supportersFirst"
    " RETURN {id: r.id, kind: type(r), strength: coalesce(r.strength, 0.5),"
    " supporter: {id: q.id, name: q.name}} },"
    " groups: COLLECT { MATCH (p)-[m:MEMBER_OF]->(g:Group)"
    " RETURN {role: m.role, group: {name: g.name}} }}"
)

W1: LiteralString = (
    "OPTIONAL MATCH (p:Person {id: $id})"
    " RETURN {person: CASE WHEN p IS NULL THEN null ELSE " + _PERSON + " END} AS data"
)


def _page(where: LiteralString) -> LiteralString:
    # `sortName >= ''` lets the planner walk the sortName index in order (as ours does).
    return (
        "MATCH (p:Person) WHERE p.sortName >= ''" + where + ""
        " WITH p ORDER BY p.sortName, p.id LIMIT $page"
        " RETURN {people: {edges: collect({node: " + _PERSON + "})}} AS data"
    )


# Two statements, not one with `$department IS NULL OR …`: a catch-all hides the index.
W2_ALL: LiteralString = _page("")
W2_DEPARTMENT: LiteralString = _page(" AND p.department = $department")

W3: LiteralString = MENTOR_PATHS[(DEFAULT_MAX_HOPS, False)]

# The thin list as graphdb.thin_list reads it for students (its (score, id) index, in
# order), with the names and stored verdicts in the same statement.
W4: LiteralString = (
    "CALL () { MATCH (p:ThinStudent) RETURN count(p) AS total }"
    " CALL () { MATCH (p:ThinStudent) USING INDEX p:ThinStudent(supportScore, id)"
    " WHERE p.supportScore >= -1.0 AND p.id IS NOT NULL"
    " WITH p ORDER BY p.supportScore, p.id LIMIT $first"
    " RETURN collect({node: {person: {id: p.id, name: p.name},"
    " profile: {score: p.supportScore, thin: p.supportThin}}}) AS edges }"
    " RETURN {thinSupport: {totalCount: total, edges: edges}} AS data"
)


async def _records(
    request: Request, query: LiteralString, params: dict[str, Any]
) -> list[neo4j.Record]:
    driver: neo4j.AsyncDriver = request.app.state.driver
    result = await driver.execute_query(
        query,
        params,
        routing_=neo4j.RoutingControl.READ,
        database_=os.environ.get("NEO4J_DATABASE", "neo4j"),
    )
    return result.records


async def _data(request: Request, query: LiteralString, params: dict[str, Any]) -> Any:
    return (await _records(request, query, params))[0]["data"]


async def w1(request: Request) -> Response:
    body = await request.json()
    data = await _data(request, W1, {"id": body["id"], "supportersFirst": SUPPORTERS_FIRST})
    return JSONResponse({"data": data})


async def w2(request: Request) -> Response:
    department = (await request.json()).get("department")
    params: dict[str, Any] = {"page": PAGE, "supportersFirst": SUPPORTERS_FIRST}
    if department is None:
        return JSONResponse({"data": await _data(request, W2_ALL, params)})
    params["department"] = department
    return JSONResponse({"data": await _data(request, W2_DEPARTMENT, params)})


async def w3(request: Request) -> Response:
    body = await request.json()
    params: dict[str, Any] = {
        "personId": body["id"],
        "need": {"topics": [], "roles": [], "requireAvailable": True},
        "first": MENTORS_FIRST,
        **DEFAULT_SCORING.params(),
    }
    records = await _records(request, W3, params)
    matches = records[0]["matches"] if records else []
    # The statement already orders by score, hops and id: the same order ours returns.
    paths_out = [
        {
            "mentor": {"id": m["mentorId"], "name": m["mentorName"]},
            "score": m["score"],
            "hops": len(m["ties"]),
            "path": [{"id": p["id"]} for p in m["path"]],
        }
        for m in matches
    ]
    return JSONResponse({"data": {"mentorPaths": paths_out}})


async def w4(request: Request) -> Response:
    return JSONResponse({"data": await _data(request, W4, {"first": THIN_FIRST})})


async def healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    password = os.environ.get("NEO4J_PASSWORD", "")
    app.state.driver = neo4j.AsyncGraphDatabase.driver(
        os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
        auth=(os.environ.get("NEO4J_USER", "neo4j"), password) if password else None,
        # The pool size of ours (graphdb.driver), so neither side queues for connections.
        max_connection_pool_size=50,
        notifications_min_severity="OFF",
    )
    try:
        yield
    finally:
        await app.state.driver.close()


app = Starlette(
    routes=[
        Route("/w1", w1, methods=["POST"]),
        Route("/w2", w2, methods=["POST"]),
        Route("/w3", w3, methods=["POST"]),
        Route("/w4", w4, methods=["POST"]),
        Route("/healthz", healthz),
    ],
    lifespan=lifespan,
)
