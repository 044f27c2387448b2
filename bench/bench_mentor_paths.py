"""Benchmark of mentorPaths (issue 3): the core Cypher through the driver, and the resolver.

    NEO4J_URI=bolt://127.0.0.1:7687 .venv/bin/python -m bench.bench_mentor_paths \
        [--students 30] [--hops 2 3 4] [--first 10] [--load --people 100000] [--seed 7]

With ``--load`` the database is WIPED and filled with the demo university of
``supportweb seed``. Without it, the graph already there is used. Without ``NEO4J_URI``
a throwaway local Neo4j is started (and ``--load`` is implied).

For each maxHops it times two needs over the same deterministic sample of students
(plus ``p-solar-student`` when present):

- ``any``: no need given (everyone suitable, any topic);
- ``topic``: the student's first interest as the need's topic.

and reports, as median / p95 in ms:

- ``cypher``: ``graphdb.mentors.paths.MENTOR_PATHS`` run straight through the driver (the floor);
- ``resolver``: ``resolvers.mentors.mentor_paths`` through ``graphdb.driver.Database``
  (the floor plus validation, reasons and result objects).

Plans are warmed first (planning is a one-off cost per server process). It also prints
how many levels the search needed (``stopped_early``: enough mentors found before the last).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import neo4j

from bench.common import Timing, bench_neo4j
from graphdb.driver import Database, Neo4jConfig
from graphdb.mentors.paths import MENTOR_PATHS
from graphdb.migrate import migrate
from resolvers.mentors import DEFAULT_SCORING, MentorNeed, mentor_paths, warm_up

STUDENTS = """
MATCH (p:Student)
RETURN p.id AS id, COLLECT { MATCH (p)-[:INTERESTED_IN]->(t:Topic) RETURN t.name } AS interests
ORDER BY p.id
"""


def _config(uri: str) -> Neo4jConfig:
    return Neo4jConfig(
        uri=uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
    )


async def _load(uri: str, people: int, seed: int) -> dict[str, Any]:
    from graphdb.seed import seed as seed_graph

    cfg = _config(uri)
    auth = (cfg.user, cfg.password) if cfg.password else None
    driver = neo4j.AsyncGraphDatabase.driver(uri, auth=auth)
    async with driver.session(database=cfg.database) as session:
        # IN TRANSACTIONS needs an implicit transaction: not Database.write's managed one.
        result = await session.run(
            "MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } "
            "IN TRANSACTIONS OF 10000 ROWS"
        )
        await result.consume()
    await driver.close()
    db = Database(cfg)
    try:
        await migrate(db)
        start = time.perf_counter()
        counts = await seed_graph(db, people=people, seed=seed)
        return {"counts": counts, "seconds": round(time.perf_counter() - start, 1)}
    finally:
        await db.close()


def _need_params(topics: list[str]) -> dict[str, Any]:
    return {"topics": topics, "roles": [], "requireAvailable": True}


async def _run(args: argparse.Namespace, uri: str) -> dict[str, Any]:
    out: dict[str, Any] = {"uri": uri, "first": args.first}
    if args.load:
        out["load"] = await _load(uri, args.people, args.seed)

    cfg = _config(uri)
    db = Database(cfg)
    auth = (cfg.user, cfg.password) if cfg.password else None
    driver = neo4j.AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
    try:
        rows = await db.read(STUDENTS)
        rng = random.Random(args.seed)
        sample = rng.sample(rows, min(args.students, len(rows)))
        solar = [r for r in rows if r["id"] == "p-solar-student"]
        sample = solar + [r for r in sample if r["id"] != "p-solar-student"]
        out["students"] = len(sample)

        start = time.perf_counter()
        await warm_up(db)
        out["warm_up_s"] = round(time.perf_counter() - start, 2)

        results: list[dict[str, Any]] = []
        async with driver.session(database=cfg.database) as session:
            for hops in args.hops:
                for need_kind in ("any", "topic"):
                    cypher: list[float] = []
                    resolver: list[float] = []
                    stopped = 0
                    for _ in range(args.rounds):
                        for r in sample:
                            topics = list(r["interests"][:1]) if need_kind == "topic" else []
                            query = MENTOR_PATHS[(hops, bool(topics))]
                            params = {
                                "personId": r["id"],
                                "need": _need_params(topics),
                                "first": args.first,
                                **DEFAULT_SCORING.params(),
                            }
                            t0 = time.perf_counter()
                            result = await session.run(query, params)
                            records = [rec.data() async for rec in result]
                            cypher.append((time.perf_counter() - t0) * 1000)
                            matches = records[0]["matches"] if records else []
                            if matches and max(len(m["ties"]) for m in matches) < hops:
                                stopped += 1
                            need = MentorNeed(topics=topics) if topics else None
                            t0 = time.perf_counter()
                            await mentor_paths(db, r["id"], need, hops, args.first)
                            resolver.append((time.perf_counter() - t0) * 1000)
                    results.append(
                        {
                            "max_hops": hops,
                            "need": need_kind,
                            "cypher": Timing(cypher).row(),
                            "resolver": Timing(resolver).row(),
                            "stopped_early": f"{stopped}/{len(cypher)}",
                        }
                    )
                    print(json.dumps(results[-1]), file=sys.stderr)
        out["results"] = results
    finally:
        await driver.close()
        await db.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the sample")
    parser.add_argument("--hops", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--first", type=int, default=10)
    parser.add_argument("--load", action="store_true", help="WIPE the database and seed it")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not os.environ.get("NEO4J_URI"):
        args.load = True
    with tempfile.TemporaryDirectory(prefix="bench-mentor-") as tmp, bench_neo4j(Path(tmp)) as uri:
        report = asyncio.run(_run(args, uri))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
