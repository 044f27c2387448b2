"""What the reliability suite runs: a local Neo4j of its own that it may stop and kill,
real server processes, a checksum of the graph, and the figures each test writes down.

Processes are the real ones — `supportweb serve` in a child process, Neo4j's JVM — because
the faults are the real ones: a process killed with SIGKILL takes its sockets and its
unfinished transactions with it, which nothing in one Python process can imitate.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, LiteralString

import httpx

from graphdb.driver import Database, Neo4jConfig, to_native
from graphdb.local import neo4j as local_neo4j
from resolvers.auth import ViewerRole
from tests.conftest import TEST_SECRET, token

ROOT = Path(__file__).resolve().parents[2]
FIGURES = Path(os.environ.get("SUPPORTWEB_FIGURES_DIR", ROOT / ".reliability"))
ADMIN = {"authorization": f"Bearer {token(ViewerRole.ADMIN)}"}


def record_figures(name: str, figures: dict[str, Any]) -> None:
    """Write a test's figures to .reliability/NAME.json (docs/reliability.md quotes them)."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    stamped = {"at": time.strftime("%Y-%m-%d %H:%M:%S"), **figures}
    (FIGURES / f"{name}.json").write_text(json.dumps(stamped, indent=2, default=str) + "\n")


def _die_with_parent() -> None:
    # A server left behind by a crashed test run would hold its port and its Neo4j: the
    # kernel kills it when the test process goes, however it goes (Linux).
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class OwnNeo4j:
    """A local Neo4j with its own data folder and port, for tests that stop or kill it.
    It always comes back on the same port, so servers keep their NEO4J_URI."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = local_neo4j.free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def config(self) -> Neo4jConfig:
        return Neo4jConfig(uri=self.uri)

    def start(self) -> float:
        """Start it and wait until Bolt answers; the seconds that took."""
        began = time.monotonic()
        _, self.proc = local_neo4j.start(
            self.data, port=self.port, heap="512m", pagecache="128m", attached=True
        )
        return time.monotonic() - began

    def stop(self) -> float:
        """A clean stop (`supportweb neo4j stop`: SIGTERM, the shutdown hook checkpoints)."""
        began = time.monotonic()
        local_neo4j.stop(self.data)
        self._forget()
        return time.monotonic() - began

    def kill(self) -> None:
        """SIGKILL the JVM: no checkpoint, no goodbye to clients; recovery on next start."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._forget()
        local_neo4j.status(self.data)  # forgets the dead pid

    def _forget(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()  # the pipe of attached mode, whose end it watched
        self.proc = None

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(local_neo4j.LocalNeo4jError):
                self.stop()


class Server:
    """`supportweb serve` in a child process, on a free port of 127.0.0.1."""

    def __init__(
        self, uri: str, log: Path, *, workers: int = 1, env: dict[str, str] | None = None
    ) -> None:
        self.uri = uri
        self.log = log
        self.workers = workers
        self.port = local_neo4j.free_port()
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> float:
        began = time.monotonic()
        env = {
            **os.environ,
            "NEO4J_URI": self.uri,
            "SUPPORTWEB_SECRET": TEST_SECRET,
            # The suite's clients are few and fast; the limit has its own tests.
            "SUPPORTWEB_RATE_PER_MINUTE": "1000000",
            "SUPPORTWEB_RATE_BURST": "100000",
            **self.env,
        }
        cmd = [sys.executable, "-m", "supportweb.cli", "serve", "--port", str(self.port)]
        cmd += ["--workers", str(self.workers)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd,
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}); see {self.log}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return time.monotonic() - began
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {self.log}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)

    def pids(self) -> list[int]:
        """The processes that serve requests: the server, or its workers."""
        assert self.proc is not None
        if self.workers == 1:
            return [self.proc.pid]
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in children.read_text().split()]

    def rss_kib(self) -> int:
        return sum(rss_kib(pid) for pid in self.pids())


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used (and its reaped children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serving(uri: str, log: Path, **options: Any) -> Iterator[Server]:
    server = Server(uri, log, **options)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# Everything but the audit (it grows with every request, reads included), the graph
# version (every write bumps it) and the score cache (a read may refresh it); topics by
# name, everything else by id where it has one.
_NODES: LiteralString = """
MATCH (n)
WHERE $all OR NOT (n:AuditEvent OR n:AuditName OR n:AuditHead OR n:Migration OR n:GraphVersion)
WITH n, [l IN labels(n) WHERE $all OR NOT l IN $cacheLabels] AS labels
RETURN labels, properties(n) AS props
"""
_RELS: LiteralString = """
MATCH (a)-[r]->(b) WHERE $all OR NOT (a:AuditEvent OR a:AuditName)
RETURN type(r) AS type, coalesce(a.id, a.name, a.key, a.seq) AS a,
       coalesce(b.id, b.name, b.key, b.seq) AS b, properties(r) AS props
"""
CACHE_LABELS = ["SupportScored", "SupportStale", "ThinSupport", "ThinStudent"]


async def checksum(db: Database, *, everything: bool = False) -> str:
    """A SHA-256 over the graph's data, independent of internal ids and of order.
    ``everything`` includes the audit and the score cache (a backup's round trip)."""

    def canon(row: dict[str, Any]) -> str:
        props = to_native(row["props"])
        if not everything:
            props = {k: v for k, v in props.items() if not k.startswith("support")}
        if "labels" in row:
            row = {**row, "labels": sorted(row["labels"])}
        return json.dumps({**row, "props": props}, sort_keys=True, default=str)

    params = {"all": everything, "cacheLabels": CACHE_LABELS}
    lines = sorted(canon(r) for r in await db.read(_NODES, params))
    lines += sorted(canon(r) for r in await db.read(_RELS, params))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
