"""What every benchmark shares: a throwaway Neo4j, a server on loopback, and statistics.

Figures are reported as ratios against a baseline measured in the same run (the same
Cypher straight through the driver), because these machines are shared and noisy.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from graphdb.local import neo4j as local_neo4j


@dataclass(frozen=True, slots=True)
class Timing:
    samples_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def row(self) -> dict[str, float]:
        return {
            "median_ms": round(self.median, 2),
            "p95_ms": round(self.p95, 2),
            "n": len(self.samples_ms),
        }


async def timed(fn: Callable[[], Awaitable[Any]], repeat: int, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        await fn()
    samples: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(samples)


@contextlib.contextmanager
def bench_neo4j(data: Path, heap: str = "4g", pagecache: str = "2g") -> Iterator[str]:
    """Use NEO4J_URI when set; otherwise start a local Neo4j for the run and stop it after."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    running, _ = local_neo4j.start(
        data, port=local_neo4j.free_port(), heap=heap, pagecache=pagecache
    )
    try:
        yield running.uri
    finally:
        local_neo4j.stop(data)


BENCH_SECRET = "bench-only-secret-0123456789-0123456789"

PEER_HEADING = "Against the Neo4j GraphQL Library (issue 10)"
"""The section of docs/benchmarks.md that `make bench-peer` owns; `make bench` keeps it."""


def section(doc: str, heading: str) -> str | None:
    """The ``## heading`` section of a Markdown document (up to the next ``## ``), or None."""
    lines = doc.splitlines()
    try:
        start = lines.index(f"## {heading}")
    except ValueError:
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).rstrip() + "\n"


def replace_section(doc: str, heading: str, new: str) -> str:
    """``doc`` with its ``## heading`` section replaced by ``new`` (appended when absent);
    everything else is left as it was."""
    lines = doc.rstrip("\n").splitlines()
    body = new.rstrip("\n").splitlines()
    try:
        start = lines.index(f"## {heading}")
    except ValueError:
        return "\n".join([*lines, "", *body]) + "\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    after = lines[end:]
    return "\n".join([*lines[:start], *body, *(["", *after] if after else [])]) + "\n"


def admin_headers() -> dict[str, str]:
    """A bearer token the benchmark server (below) accepts."""
    import datetime as dt

    from resolvers.auth import TokenKeys, ViewerRole

    token = TokenKeys(BENCH_SECRET).mint([ViewerRole.ADMIN], None, dt.timedelta(hours=3))
    return {"authorization": f"Bearer {token}"}


def peak_memory_mb(pid: int) -> float | None:
    """A live process's peak resident memory (VmHWM), in MB."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def serve_command(port: int, *extra: str) -> list[str]:
    """`supportweb serve` on a loopback port, with this checkout's Python."""
    cmd = [sys.executable, "-m", "supportweb.cli", "serve", "--host", "127.0.0.1"]
    return [*cmd, "--port", str(port), *extra]


@contextlib.contextmanager
def server(uri: str, info: dict[str, Any] | None = None) -> Iterator[str]:
    """`supportweb serve` in a subprocess on a free loopback port; yields its base URL.
    ``info`` gets the process's ``pid`` and ``warm_up_s`` (from start to ready and warmed)."""
    port = local_neo4j.free_port()
    env = {
        **os.environ,
        "NEO4J_URI": uri,
        "SUPPORTWEB_MODE": "development",
        "SUPPORTWEB_SECRET": BENCH_SECRET,
        # The benchmark's own request rate is not what is being measured.
        "SUPPORTWEB_RATE_PER_MINUTE": "1000000",
        "SUPPORTWEB_RATE_BURST": "100000",
    }
    proc = subprocess.Popen(
        serve_command(port),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    if info is not None:
        info["pid"] = proc.pid
    try:
        # Ready, and done planning the heavy queries (/readyz says "warming" until then):
        # the first calls measured are those of a server a load balancer would send users
        # to, not ones racing the server's own warm-up for the two cores.
        started = time.monotonic()
        deadline = started + 300
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError, ValueError):
                ready = httpx.get(base + "/readyz", timeout=2)
                if ready.status_code == 200 and not ready.json().get("warming"):
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError("the benchmark server did not become ready")
        if info is not None:
            info["warm_up_s"] = round(time.monotonic() - started, 1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
