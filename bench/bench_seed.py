"""How long ``supportweb seed`` takes at scale: generation and writing, timed apart.

    NEO4J_URI=bolt://127.0.0.1:7702 python -m bench.bench_seed --people 100000

It starts nothing: it uses the Neo4j at ``NEO4J_URI`` (default bolt://127.0.0.1:7687,
with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``), applies the migrations,
WIPES THE GRAPH, seeds it and prints one JSON object: the counts, the seconds of each
phase, ties per second, and where the writing time went (per writer step).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
from typing import LiteralString

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Neo4jConfig
from graphdb.migrate import migrate
from graphdb.seed import DEFAULT_SEED, generate

# Relationships first, in bounded transactions: one DETACH DELETE of a million ties
# would need them all in the heap at once.
WIPE_TIES: LiteralString = "MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r RETURN count(*) AS n"
WIPE_NODES: LiteralString = (
    "MATCH (n) WHERE NOT n:Migration WITH n LIMIT 50000 DETACH DELETE n RETURN count(*) AS n"
)
COUNT_PEOPLE: LiteralString = "MATCH (p:Person) RETURN count(p) AS n"
COUNT_RELS: LiteralString = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"


async def wipe(db: Database) -> None:
    for query in (WIPE_TIES, WIPE_NODES):
        while True:
            rows = await db.write(query, timeout=600)
            if not rows or rows[0]["n"] == 0:
                break


async def run(people: int, seed: int, batch_size: int) -> dict[str, object]:
    config = Neo4jConfig(
        uri=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
    )
    db = Database(config)
    try:
        if not await db.ping():
            raise SystemExit(f"no Neo4j answers at {config.uri}: start one or set NEO4J_URI")
        await migrate(db)
        started = time.perf_counter()
        await wipe(db)
        wipe_s = time.perf_counter() - started

        started = time.perf_counter()
        dataset = generate(people, seed)
        generate_s = time.perf_counter() - started

        # Time spent between progress reports is the time of the step that reported.
        steps: dict[str, dict[str, float]] = {}
        last = time.perf_counter()
        prev_done = 0

        def progress(what: str, done: int, total: int) -> None:
            nonlocal last, prev_done
            now = time.perf_counter()
            step = steps.setdefault(what, {"rows": 0, "seconds": 0.0})
            step["rows"] += done - prev_done
            step["seconds"] += now - last
            last, prev_done = now, done

        started = last = time.perf_counter()
        stats = await write_dataset(db, dataset, batch_size=batch_size, progress=progress)
        write_s = time.perf_counter() - started

        graph_people = (await db.read(COUNT_PEOPLE))[0]["n"]
        rels = {r["type"]: r["n"] for r in await db.read(COUNT_RELS, timeout=600)}
    finally:
        await db.close()

    counts = dataset.counts()
    for step in steps.values():
        step["seconds"] = round(step["seconds"], 2)
        step["rows_per_s"] = round(step["rows"] / step["seconds"]) if step["seconds"] else 0
    return {
        "people": counts["people"],
        "groups": counts["groups"],
        "memberships": counts["memberships"],
        "ties": counts["ties"],
        "seed": seed,
        "batch_size": batch_size,
        "wipe_seconds": round(wipe_s, 2),
        "generate_seconds": round(generate_s, 2),
        "write_seconds": round(write_s, 2),
        "total_seconds": round(generate_s + write_s, 2),
        "ties_per_s": round(counts["ties"] / write_s) if write_s else 0,
        "rows_per_s": round(stats.rows / write_s) if write_s else 0,
        "transactions": stats.transactions,
        "steps": steps,
        "graph": {"people": graph_people, "relationships": rels},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_seed",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=5_000,
        help="rows per UNWIND batch handed to the writer (its default: 5000)",
    )
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.people, args.seed, args.batch_size))
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
