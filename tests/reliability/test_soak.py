"""Soak (`make soak` only): mixed reads and writes at a steady rate against one real server
for SUPPORTWEB_SOAK_S seconds (300 by default), in windows of SUPPORTWEB_SOAK_WINDOW_S
(30); what it reports is the drift — the server's memory at the end of each window, each
window's error rate and latency — and what it asserts is what a soak can break: nothing
INTERNAL, every acknowledged write present and whole, the invariants.

The figures go to .reliability/soak.json, and docs/reliability.md quotes them.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphdb.driver import Database
from tests.reliability.harness import OwnNeo4j, record_figures, serving
from tests.reliability.invariants import problems
from tests.reliability.workload import OK, Entry, Writer, base_people, ledger_problems

SOAK_S = float(os.environ.get("SUPPORTWEB_SOAK_S", "300"))
WINDOW_S = float(os.environ.get("SUPPORTWEB_SOAK_WINDOW_S", "30"))
CLIENTS = 8
RATE = 5.0  # requests a second per client, when the server keeps up: 40 a second in all


async def _paced(writer: Writer, until: float) -> int:
    """One request every 1/RATE seconds, whatever the last one took (a closed loop with a
    pause would slow down as the server does, and hide it); a slot missed because the
    last answer came late is skipped, not made up in a burst. Returns the slots missed."""
    due, missed = time.monotonic(), 0
    while (now := time.monotonic()) < until:
        if now < due:
            await asyncio.sleep(due - now)
            continue
        await writer.step()
        due += 1 / RATE
        behind = int((time.monotonic() - due) * RATE)
        if behind > 0:
            missed += behind
            due += behind / RATE
    return missed


def _window(entries: list[Entry], rss_kib: int, index: int) -> dict[str, Any]:
    took = sorted(e.took for e in entries)
    errors = [e for e in entries if e.outcome != OK and e.code not in ("CONFLICT", "NOT_FOUND")]
    return {
        "window": index,
        "requests": len(entries),
        "error_rate": round(len(errors) / max(len(entries), 1), 4),
        "p50_ms": round(1000 * statistics.median(took), 1) if took else None,
        "p95_ms": round(1000 * took[int(0.95 * (len(took) - 1))], 1) if took else None,
        "rss_mib": round(rss_kib / 1024, 1),
    }


@pytest.mark.soak
async def test_soak_steady_mixed_load(own: OwnNeo4j, logs: Path) -> None:
    with serving(own.uri, logs / "server.log") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            base = await base_people(http)
            writers = [Writer(http, f"soak{i}", base, seed=100 + i) for i in range(CLIENTS)]
            began = time.monotonic()
            until = began + SOAK_S
            rss_start = server.rss_kib()
            runs = [asyncio.create_task(_paced(w, until)) for w in writers]
            windows: list[dict[str, Any]] = []
            edge = began
            while not all(r.done() for r in runs):
                await asyncio.wait(runs, timeout=WINDOW_S)
                now = time.monotonic()
                inside = [e for w in writers for e in w.ledger if edge <= e.started < now]
                if inside:
                    windows.append(_window(inside, server.rss_kib(), len(windows)))
                edge = now
            missed = sum(await asyncio.gather(*runs))
            ran = time.monotonic() - began
        assert server.proc is not None and server.proc.poll() is None

    entries = [e for w in writers for e in w.ledger]
    db = Database(own.config())
    try:
        assert await ledger_problems(db, writers) == []
        assert await problems(db) == []
    finally:
        await db.close()
    assert [e.code for e in entries if e.code == "INTERNAL"] == []
    first, last = windows[0], windows[-1]
    record_figures(
        "soak",
        {
            "seconds": SOAK_S,
            "clients": CLIENTS,
            "target_rate_per_s": CLIENTS * RATE,
            "achieved_rate_per_s": round(len(entries) / ran, 1),
            "slots_missed": missed,  # the server was slower than the target rate
            "requests": len(entries),
            "errors": sum(
                e.outcome != OK and e.code not in ("CONFLICT", "NOT_FOUND") for e in entries
            ),
            "codes": {c: sum(e.code == c for e in entries) for c in {e.code for e in entries}},
            "rss_start_mib": round(rss_start / 1024, 1),
            "rss_end_mib": last["rss_mib"],
            "rss_growth_mib": round(last["rss_mib"] - rss_start / 1024, 1),
            "p95_first_window_ms": first["p95_ms"],
            "p95_last_window_ms": last["p95_ms"],
            "windows": windows,
        },
    )
