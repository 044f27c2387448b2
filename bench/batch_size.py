"""Rows per inner transaction of the online write (``IN TRANSACTIONS OF n ROWS``), measured.

    python -m bench.batch_size [--people 10000] [--sizes 1000,5000,20000]

Starts a throwaway local Neo4j, writes the seed university's people, then for each batch
size deletes every tie and writes them all again through ``write_dataset``'s large path
(each size twice, in A-B-C-C-B-A order, so a drift in the machine's load falls on every
size alike), and prints ties/s per size as JSON.
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

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Neo4jConfig
from graphdb.local import neo4j as local_neo4j
from graphdb.migrate import migrate
from graphdb.model import Dataset
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sizes", default="1000,5000,20000")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        running, _ = local_neo4j.start(Path(tmp), port=local_neo4j.free_port(), heap="1g")
        try:
            print(json.dumps(asyncio.run(run(running.uri, args.people, sizes)), indent=2))
        finally:
            local_neo4j.stop(Path(tmp))


if __name__ == "__main__":
    main()
