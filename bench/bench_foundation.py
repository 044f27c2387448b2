"""Foundation benchmarks (issue 2): seed time, import throughput, and the 100-people page.

    python -m bench.bench_foundation [--people 100000]

Uses NEO4J_URI when set (the graph is WIPED), else starts a throwaway local Neo4j.
Baselines measured in the same run:
- import: the same ties written by a bare `UNWIND … CREATE` through the driver (no
  parsing, validation or upsert) — the floor an import cannot beat;
- the people page: the same Cypher the resolvers send, run straight through the driver.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any, LiteralString

import httpx
import neo4j

from bench.common import BENCH_SECRET, admin_headers, bench_neo4j, server, timed
from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.importer import import_dir
from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Neo4jConfig
from graphdb.migrate import migrate
from graphdb.model import PeopleFilter, TieKind
from graphdb.people import people_page
from graphdb.seed import generate
from graphdb.selection import (
    Direction,
    GroupSelection,
    MembershipSelection,
    PersonSelection,
    TieList,
    TieSelection,
)
from resolvers.support.score_table import rebuild_scores

WIPE: LiteralString = (
    "MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
)
COUNTS: LiteralString = (
    "CALL () { MATCH (p:Person) RETURN count(p) AS people } "
    "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN people, rels"
)
RAW_TIES: LiteralString = (
    "UNWIND $rows AS row MATCH (a:Person {id: row.fromId}), (b:Person {id: row.toId}) "
    "CREATE (a)-[r:BENCH_FLOOR]->(b) SET r = row {.id, .strength, .since, .until, .functions, "
    ".formal, .lastContact}"
)
DELETE_RAW: LiteralString = (
    "MATCH ()-[r:BENCH_FLOOR]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
)

PAGE_QUERY = """{ people(first: 100) { totalCount edges { node { id name roles
  supporters { kind strength supporter { id name } } groups { role group { name } } } } } }"""

PAGE_SELECTION = PersonSelection(
    frozenset({"id", "name", "roles"}),
    (
        TieList(
            "supporters0",
            Direction.TOWARDS,
            tuple(sorted(k.value for k in TieKind)),
            100,
            TieSelection(
                frozenset({"kind", "strength"}), PersonSelection(frozenset({"id", "name"}))
            ),
        ),
    ),
    (
        MembershipSelection(
            "groups", frozenset({"role"}), GroupSelection(frozenset({"id", "name"}))
        ),
    ),
)


async def _wipe(db: Database) -> None:
    await db.run_batched(WIPE)


async def run(uri: str, people: int) -> dict[str, Any]:
    db = Database(Neo4jConfig(uri=uri, query_timeout_s=600))
    await migrate(db)
    out: dict[str, Any] = {"people_requested": people}
    row = await db.read_one(
        "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition AS e"
    )
    out["neo4j"] = f"{row['v']} {row['e']}" if row else "?"
    out["driver"] = f"neo4j-python {neo4j.__version__}"

    # Seed: generation and writing, through the batched path import uses.
    await _wipe(db)
    t0 = time.perf_counter()
    dataset = generate(people=people, seed=7)
    t1 = time.perf_counter()
    await write_dataset(db, dataset)
    t2 = time.perf_counter()
    counts = dataset.counts()
    out["seed"] = {
        **counts,
        "generate_s": round(t1 - t0, 1),
        "write_s": round(t2 - t1, 1),
        "total_s": round(t2 - t0, 1),
    }

    # Import: the seeded university as CSV, into an empty graph, then again (idempotent).
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_csv_dir(dataset, folder)
        await _wipe(db)
        t0 = time.perf_counter()
        await import_dir(db, folder)
        first = time.perf_counter() - t0
        before = await db.read_one(COUNTS)
        t0 = time.perf_counter()
        unchanged = await import_dir(db, folder)  # known to change nothing: not read
        second = time.perf_counter() - t0
        t0 = time.perf_counter()
        await import_dir(db, folder, recheck=True)  # every record compared with the graph
        recheck = time.perf_counter() - t0
        after = await db.read_one(COUNTS)
    ties = counts["ties"]
    out["import"] = {
        "ties": ties,
        "rows": sum(counts.values()),
        "first_run_s": round(first, 1),
        "ties_per_s": round(ties / first),
        "second_run_s": round(second, 1),
        "second_run_skipped": unchanged.unchanged is not None,
        "recheck_s": round(recheck, 1),
        "second_run_changed_counts": before != after,
    }

    # Floor: the same tie rows by a bare CREATE (people already there), as a type of their
    # own (no id constraint to check) that is deleted afterwards.
    rows = [t.to_params() for t in dataset.ties]
    t0 = time.perf_counter()
    for i in range(0, len(rows), 10_000):
        await db.write(RAW_TIES, {"rows": rows[i : i + 10_000]})
    raw = time.perf_counter() - t0
    await db.run_batched(DELETE_RAW)
    out["import"]["floor_ties_per_s"] = round(ties / raw)
    out["import"]["ratio_to_floor"] = round(first / raw, 2)

    # Score everyone once, as `supportweb import` does, before any server starts (a server
    # would otherwise score the whole graph while warming up).
    t0 = time.perf_counter()
    out["score_table_build_s"] = {
        "people": await rebuild_scores(db),
        "seconds": round(time.perf_counter() - t0, 1),
    }

    # The 100-people page: round trips and latency over HTTP, against the driver floor —
    # the one statement the request's plan sends for it, straight through the driver.
    async def floor_page() -> None:
        await people_page(db, PeopleFilter(), 100, None, PAGE_SELECTION)

    floor = await timed(floor_page, repeat=30)
    with server(uri) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60, headers=admin_headers()) as http:

            async def http_page() -> None:
                r = await http.post("/graphql", json={"query": PAGE_QUERY})
                assert "errors" not in r.json(), r.text[:300]

            over_http = await timed(http_page, repeat=30)
    round_trips = await _count_round_trips(db)
    out["people_page"] = {
        "http": over_http.row(),
        "driver_floor": floor.row(),
        "ratio_median": round(over_http.median / floor.median, 2),
        "round_trips": round_trips,
    }
    await db.close()
    return out


async def _count_round_trips(db: Database) -> int:
    from asgi_lifespan import LifespanManager

    from supportweb.app import create_app
    from supportweb.settings import Settings

    app = create_app(Settings(supportweb_secret=BENCH_SECRET), db=db)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=admin_headers()
        ) as http:
            db.round_trips = 0
            r = await http.post("/graphql", json={"query": PAGE_QUERY})
            assert "errors" not in r.json(), r.text[:300]
            trips = db.round_trips
            await app.state.audit.flush()  # the page's audit events, written in the background
            return trips + (db.round_trips - trips)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, bench_neo4j(Path(tmp) / "neo4j") as uri:
        print(json.dumps(asyncio.run(run(uri, args.people)), indent=2))


if __name__ == "__main__":
    main()
