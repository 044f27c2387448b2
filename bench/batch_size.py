"""Rows per inner transaction of the online write (``IN TRANSACTIONS OF n ROWS``), measured.

    python -m bench.batch_size [--people 10000] [--sizes 1000,5000,20000]
    python -m bench.batch_size --people 10000 --ways    # who batches, at BATCH_ROWS

Starts a throwaway local Neo4j, writes the seed university's people, then for each batch
size deletes every tie and writes them all again through ``write_dataset``'s large path
(each size twice, in A-B-C-C-B-A order, so a drift in the machine's load falls on every
size alike), and prints ties/s per size as JSON.

``--ways`` compares, at ``BATCH_ROWS`` rows per transaction, who cuts the batches: the
driver (``write_dataset``: a transaction per batch, the import's way), Neo4j one after the
other (``CALL (row) { … } IN TRANSACTIONS``, every row of a kind in one statement), and
Neo4j two at a time (``IN 2 CONCURRENT TRANSACTIONS``), each creating the ties by the
same statement body the import uses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from graphdb.bulk.writer import BATCH_ROWS, TIE_CREATE_BODY, write_dataset
from graphdb.driver import Database, Neo4jConfig
from graphdb.local import neo4j as local_neo4j
from graphdb.migrate import migrate
from graphdb.model import Dataset, TieKind
from graphdb.seed import generate

DELETE_TIES = (
    "MATCH (:Person)-[r:ADVISES|MENTORS|COACHES|TEACHES|TUTORS|PEER_SUPPORTS|SUPERVISES|KNOWS]"
    "->(:Person) CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
)


async def run(uri: str, people: int, sizes: list[int]) -> dict[str, Any]:
    db = Database(Neo4jConfig(uri, query_timeout_s=600))
    await migrate(db)
    data = generate(people, 7)
    await write_dataset(db, Dataset(people=data.people, groups=data.groups), single_tx_limit=0)
    ties = Dataset(ties=data.ties)
    out: dict[str, list[float]] = {str(n): [] for n in sizes}
    for n in [*sizes, *reversed(sizes)]:
        await db.run_batched(DELETE_TIES, timeout=3600)
        t0 = time.perf_counter()
        await write_dataset(db, ties, single_tx_limit=0, batch_size=n)
        out[str(n)].append(round(len(data.ties) / (time.perf_counter() - t0)))
    await db.close()
    return {"ties": len(data.ties), "ties_per_s": out, "load": os.getloadavg()[0]}


WAYS: dict[str, str] = {
    "driver": "",
    "server": " IN TRANSACTIONS OF " + str(BATCH_ROWS) + " ROWS",
    "server-concurrent": " IN 2 CONCURRENT TRANSACTIONS OF " + str(BATCH_ROWS) + " ROWS",
}


async def _server_side(db: Database, ties: Dataset, tail: str) -> None:
    by_kind: dict[TieKind, list[dict[str, object]]] = {}
    for t in ties.ties:
        by_kind.setdefault(t.kind, []).append(t.to_params())
    for kind, rows in by_kind.items():
        # Bench-only text: the tail is one of WAYS', never input.
        query = "UNWIND $rows AS row CALL (row) { " + TIE_CREATE_BODY[kind] + " }" + tail
        await db.run_batched(query, {"rows": rows}, timeout=3600)


async def ways(uri: str, people: int) -> dict[str, Any]:
    db = Database(Neo4jConfig(uri, query_timeout_s=600))
    await migrate(db)
    data = generate(people, 7)
    await write_dataset(db, Dataset(people=data.people, groups=data.groups), single_tx_limit=0)
    ties = Dataset(ties=data.ties)
    out: dict[str, list[float | str]] = {w: [] for w in WAYS}
    for way in [*WAYS, *reversed(WAYS)]:
        await db.run_batched(DELETE_TIES, timeout=3600)
        t0 = time.perf_counter()
        try:
            if way == "driver":
                await write_dataset(db, ties, single_tx_limit=0, batch_size=BATCH_ROWS)
            else:
                await _server_side(db, ties, WAYS[way])
        except Exception as error:  # a deadlock between the concurrent batches is a finding
            out[way].append(f"failed: {type(error).__name__}: {error}"[:300])
            continue
        out[way].append(round(len(data.ties) / (time.perf_counter() - t0)))
    await db.close()
    return {
        "ties": len(data.ties),
        "rows_per_transaction": BATCH_ROWS,
        "ties_per_s": out,
        "load": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--ways", action="store_true", help="driver vs server-side batches")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        running, _ = local_neo4j.start(Path(tmp), port=local_neo4j.free_port(), heap="1g")
        try:
            work = (
                ways(running.uri, args.people)
                if args.ways
                else run(running.uri, args.people, sizes)
            )
            print(json.dumps(asyncio.run(work), indent=2))
        finally:
            local_neo4j.stop(Path(tmp))


if __name__ == "__main__":
    main()
