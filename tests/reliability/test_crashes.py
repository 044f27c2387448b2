"""The server and an import killed with SIGKILL halfway through a write.

- The server, while clients write: killed the moment Neo4j shows one of its transactions
  holding write locks, then started again (once; five times under `make soak`). Neo4j
  rolls back what the dead connection left open, so every write is whole or absent, and
  the ledgers agree with the graph.
- `supportweb import`, written in one transaction (up to SUPPORTWEB_IMPORT_SINGLE_TX_ROWS
  rows): killed mid-transaction, it leaves nothing.
- `supportweb import`, written batch by batch: killed after some batches, it leaves them
  and its marker; another folder is then refused with what to do, and the same folder
  finishes the import, giving the graph a clean import gives.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import LiteralString

import httpx
import pytest

from graphdb.bulk import runs
from graphdb.bulk.csv_files import write_csv_dir
from graphdb.driver import Database
from graphdb.seed import generate
from tests.reliability.harness import ROOT, OwnNeo4j, Server, checksum, record_figures
from tests.reliability.invariants import problems
from tests.reliability.workload import UNKNOWN, Writer, base_people, ledger_problems

KILLS = 1  # five under `make soak`
WRITERS = 6
LOAD_S = 2.0  # writing before, between and after the kills

# A transaction holding locks is writing (reads take none).
WRITING: LiteralString = """
SHOW TRANSACTIONS YIELD currentQuery, activeLockCount, username
WHERE activeLockCount > 0 AND NOT currentQuery STARTS WITH 'SHOW'
RETURN count(*) AS n
"""


async def _caught_writing(db: Database, within: float = 5.0) -> bool:
    """Wait until some transaction holds write locks; False if none did in time."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if (await db.read(WRITING))[0]["n"]:
            return True
        await asyncio.sleep(0.005)
    return False


async def test_the_server_killed_mid_write(own: OwnNeo4j, logs: Path) -> None:
    await server_killed(own, logs, KILLS, "server_killed")


@pytest.mark.soak
async def test_the_server_killed_mid_write_five_times(own: OwnNeo4j, logs: Path) -> None:
    await server_killed(own, logs, 5, "server_killed_soak")


async def server_killed(own: OwnNeo4j, logs: Path, kills: int, name: str) -> None:
    server = Server(own.uri, logs / "server.log")
    server.start()
    db = Database(own.config())
    caught, restarts = 0, []
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            base = await base_people(http)
            writers = [Writer(http, f"w{i}", base, seed=i) for i in range(WRITERS)]
            stop = asyncio.Event()
            tasks = [asyncio.create_task(w.run(stop)) for w in writers]
            try:
                for _ in range(kills):
                    await asyncio.sleep(LOAD_S)
                    caught += await _caught_writing(db)
                    server.kill()
                    restarts.append(await asyncio.to_thread(server.start))
                await asyncio.sleep(LOAD_S)
            finally:
                stop.set()
                await asyncio.gather(*tasks)
        assert await ledger_problems(db, writers) == []
        assert await problems(db) == []
    finally:
        server.stop()
        await db.close()
    entries = [e for w in writers for e in w.ledger]
    broken = [e for e in entries if e.code == "CONNECTION_BROKE" and e.op != "read"]
    assert caught >= 1 and broken, "no kill landed while a write was in flight"
    assert not [e for e in entries if e.code == "INTERNAL"]
    record_figures(
        name,
        {
            "kills": kills,
            "kills_while_a_write_held_locks": caught,
            "writes": sum(e.op != "read" for e in entries),
            "writes_acknowledged": sum(e.op != "read" and e.outcome == "ok" for e in entries),
            "writes_cut_off": len(broken),
            "writes_outcome_unknown": sum(e.op != "read" and e.outcome == UNKNOWN for e in entries),
            "acknowledged_lost": 0,
            "partly_present": 0,
            "server_restart_s": round(max(restarts), 2),
            "answers": dict(Counter(f"{e.op} {e.code or 'ok'}" for e in entries)),
        },
    )


def _import(own: OwnNeo4j, folder: Path, *extra: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "supportweb.cli", "import", str(folder), *extra],
        env={**os.environ, "NEO4J_URI": own.uri, **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


BATCHED = {"SUPPORTWEB_IMPORT_BATCH_ROWS": "200", "SUPPORTWEB_IMPORT_SINGLE_TX_ROWS": "500"}
PEOPLE: LiteralString = "MATCH (p:Person) RETURN count(p) AS n"


async def test_an_import_killed_in_its_one_transaction_leaves_nothing(
    own: OwnNeo4j, tmp_path: Path
) -> None:
    folder = tmp_path / "uni"
    write_csv_dir(generate(400, 3), folder)
    db = Database(own.config())
    try:
        proc = _import(own, folder)
        assert await _caught_writing(db, within=120), "the import never began to write"
        proc.kill()
        proc.communicate(timeout=30)
        assert (await db.read(PEOPLE))[0]["n"] == 0
        assert await runs.unfinished(db) is None
    finally:
        await db.close()


async def test_an_import_killed_between_batches_is_finished_by_the_next_run(
    own: OwnNeo4j, tmp_path: Path
) -> None:
    folder, other = tmp_path / "uni", tmp_path / "other"
    write_csv_dir(generate(400, 3), folder)
    write_csv_dir(generate(200, 5), other)
    db = Database(own.config())
    try:
        done = _import(own, folder, **BATCHED)
        _, err = done.communicate(timeout=300)
        assert done.returncode == 0, err
        clean = await checksum(db)
        await db.write("CALL () { MATCH (n) WHERE NOT n:Migration DETACH DELETE n }")

        proc = _import(own, folder, **BATCHED)
        deadline = time.monotonic() + 300
        while (marker := await runs.unfinished(db)) is None or marker.batches_done < 3:
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            await asyncio.sleep(0.02)
        proc.kill()
        proc.communicate(timeout=30)
        marker = await runs.unfinished(db)
        assert marker is not None and 3 <= marker.batches_done < marker.batches

        refused = _import(own, other, **BATCHED)
        _, err = refused.communicate(timeout=300)
        assert refused.returncode == 1
        assert "has not finished" in err and f"supportweb import {folder.resolve()}" in err

        again = _import(own, folder, **BATCHED)
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, err
        assert f"interrupted import after its first {marker.batches_done} batches" in out
        assert await runs.unfinished(db) is None
        assert await checksum(db) == clean
        record_figures(
            "import_killed",
            {
                "batches": marker.batches,
                "killed_after_batches": marker.batches_done,
                "finished_by_the_next_run": True,
                "graph_equals_a_clean_import": True,
            },
        )
    finally:
        await db.close()
