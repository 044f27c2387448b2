"""Neo4j stopped under load: cleanly, and with SIGKILL of its JVM, then restarted on the
same data while a real server keeps running and clients keep writing.

While Neo4j is away every request fails fast (UNAVAILABLE within two seconds) and /readyz
says 503; when it is back the server answers again by itself, with no restart; and
afterwards every acknowledged write is in the graph, whole, and no failed write is partly
there (tests/reliability/workload.py keeps the ledgers). One cycle here (the JVM killed,
the harder of the two: no checkpoint, recovery on start); twenty under `make soak`, clean
stops and kills in turn.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphdb.driver import Database
from tests.reliability.harness import OwnNeo4j, record_figures, serving
from tests.reliability.invariants import problems
from tests.reliability.workload import (
    OK,
    UNKNOWN,
    Entry,
    Writer,
    base_people,
    ledger_problems,
)

WRITERS = 6
LOAD_S = 2.0  # load before, between and after the faults
DOWN_S = 3.0  # Neo4j away before it is started again
FAIL_FAST_S = 2.0


@dataclass
class Cycle:
    mode: str
    stop_s: float  # from the stop (or kill) to the process gone
    start_s: float  # Neo4j's start on the same data, until Bolt answers
    unavailable_s: float  # from the fault to the first good answer
    recovery_s: float  # from Neo4j answering to the first good answer
    failed_fast: int  # requests answered while Neo4j was away
    slowest_failure_s: float


@dataclass
class Probe:
    started: float
    status: int
    took: float


async def _probe(http: httpx.AsyncClient, out: list[Probe], stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.monotonic()
        status = (await http.get("/readyz")).status_code
        out.append(Probe(started, status, time.monotonic() - started))
        await asyncio.sleep(0.1)


async def _fault(
    own: OwnNeo4j, mode: str, entries: Callable[[], list[Entry]], probes: list[Probe]
) -> Cycle:
    down = time.monotonic()
    if mode == "stop":
        await asyncio.to_thread(own.stop)
    else:
        own.kill()
    dead = time.monotonic()
    await asyncio.sleep(DOWN_S)
    restart = time.monotonic()
    start_s = await asyncio.to_thread(own.start)
    ready = time.monotonic()
    recovered = await _first_good_answer(entries, ready)

    # Requests sent while Neo4j was away (stopped, and not yet being started again).
    away = [e for e in entries() if dead <= e.started <= restart]
    assert away, "no request was made while Neo4j was away"
    wrong = [(e.op, e.code) for e in away if e.code != "UNAVAILABLE"]
    assert wrong == [], f"while Neo4j was away, answers other than UNAVAILABLE: {wrong}"
    slowest = max(e.took for e in away)
    assert slowest <= FAIL_FAST_S, f"a request took {slowest:.2f} s to fail"
    readiness = [p for p in probes if dead <= p.started <= restart]
    assert readiness and all(p.status == 503 and p.took <= FAIL_FAST_S for p in readiness)
    return Cycle(
        mode, dead - down, start_s, recovered - down, recovered - ready, len(away), slowest
    )


async def _first_good_answer(
    entries: Callable[[], list[Entry]], after: float, timeout: float = 90
) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ends = [e.started + e.took for e in entries() if e.outcome == OK and e.started >= after]
        if ends:
            return min(ends)
        await asyncio.sleep(0.05)
    raise AssertionError(f"the API did not recover within {timeout} s of Neo4j's return")


async def outage(own: OwnNeo4j, logs: Path, modes: tuple[str, ...], name: str) -> None:
    with serving(own.uri, logs / "server.log") as server:
        pid = server.pids()
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            base = await base_people(http)
            writers = [Writer(http, f"w{i}", base, seed=i) for i in range(WRITERS)]

            def entries() -> list[Entry]:
                return [e for w in writers for e in w.ledger]

            probes: list[Probe] = []
            stop = asyncio.Event()
            tasks = [asyncio.create_task(w.run(stop)) for w in writers]
            tasks.append(asyncio.create_task(_probe(http, probes, stop)))
            cycles = []
            try:
                for mode in modes:
                    await asyncio.sleep(LOAD_S)
                    cycles.append(await _fault(own, mode, entries, probes))
                await asyncio.sleep(LOAD_S)
            finally:
                stop.set()
                await asyncio.gather(*tasks)
        assert server.pids() == pid and server.proc is not None and server.proc.poll() is None

    db = Database(own.config())
    try:
        assert await ledger_problems(db, writers) == []
        assert await problems(db) == []
    finally:
        await db.close()
    everything = [e for w in writers for e in w.ledger]
    assert not [e for e in everything if e.code == "INTERNAL"]
    record_figures(name, _figures(cycles, everything))


def _figures(cycles: list[Cycle], entries: list[Entry]) -> dict[str, Any]:
    writes = [e for e in entries if e.op != "read"]
    return {
        "cycles": len(cycles),
        "by_mode": {m: sum(c.mode == m for c in cycles) for m in {c.mode for c in cycles}},
        "requests": len(entries),
        "writes": len(writes),
        "writes_acknowledged": sum(e.outcome == OK for e in writes),
        "writes_outcome_unknown": sum(e.outcome == UNKNOWN for e in writes),
        "writes_refused": sum(e.outcome not in (OK, UNKNOWN) for e in writes),
        "acknowledged_lost": 0,  # asserted above
        "partly_present": 0,  # asserted above
        "longest_unavailable_s": round(max(c.unavailable_s for c in cycles), 2),
        "longest_recovery_s": round(max(c.recovery_s for c in cycles), 2),
        "slowest_failure_s": round(max(c.slowest_failure_s for c in cycles), 3),
        "cycle_details": [
            {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(c).items()}
            for c in cycles
        ],
    }


async def test_neo4j_killed_under_load(own: OwnNeo4j, logs: Path) -> None:
    await outage(own, logs, ("kill",), "neo4j_outage")


@pytest.mark.soak
async def test_neo4j_twenty_outages(own: OwnNeo4j, logs: Path) -> None:
    await outage(own, logs, ("stop", "kill") * 10, "neo4j_outage_soak")
