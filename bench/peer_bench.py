"""`make bench-peer` (issue 10): Supportweb beside the Neo4j GraphQL Library, side by side.

    python -m bench.peer_bench [--duration 8] [--connections 1,8,32] [--people 10000]

One bounded run (about 15 minutes on 2 busy shared cores), not part of `make test` or CI:

1. a throwaway local Neo4j with APOC (or NEO4J_URI: then that graph is used and, unless
   --no-seed, the demo university is upserted into it), migrated and seeded;
2. four servers on free loopback ports: ours (`supportweb serve`, one process, and again
   with `--workers 2`), the peer (bench/peer/server.mjs: @neo4j/graphql on Apollo Server)
   and the floor (bench/peer/floor.py: one Cypher statement per request);
3. every request the load will send is first sent once to every server and the answers
   compared in one normal form (bench/peer/workloads.py); any difference stops the run;
4. autocannon (bench/peer/load.mjs) at each connection count, per workload and server,
   with the CPU each server process tree and the Neo4j JVM used meanwhile (/proc), and
   each server's peak resident memory;
5. bench/peer-results.json, and the section "Against the Neo4j GraphQL Library (issue 10)"
   of docs/benchmarks.md (the rest of that file is left as it is). `--render` rewrites
   the section from the JSON alone. The servers' logs stay in bench-results/peer/.

Everything shares two cores: Neo4j, the servers and the load generator. Absolute numbers
move from run to run; the ratios between servers measured minutes apart move less.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench.common import BENCH_SECRET, PEER_HEADING, replace_section, serve_command
from bench.peer.targets import target_rows
from bench.peer.workloads import (
    OURS_QUERIES,
    PEER_QUERIES,
    WORKLOADS,
    AnswerError,
    Kind,
    Workload,
    normalise,
    request,
)
from graphdb.local import neo4j as local_neo4j

ROOT = Path(__file__).resolve().parent.parent
PEER_DIR = ROOT / "bench" / "peer"
RESULTS = ROOT / "bench" / "peer-results.json"
DOC = ROOT / "docs" / "benchmarks.md"
# Server logs and, on a mismatch, both answers: kept after the run (git ignores the folder).
LOGS = ROOT / "bench-results" / "peer"

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
REQUEST_TIMEOUT_S = 60  # one W2 page at 32 connections on a busy core can take seconds


@dataclass(frozen=True, slots=True)
class Target:
    """One server under load: ``name`` in the tables, ``kind`` for its requests."""

    name: str
    kind: Kind
    label: str


TARGETS: tuple[Target, ...] = (
    Target("ours", "ours", "ours (1 process)"),
    Target("ours-2w", "ours", "ours (--workers 2)"),
    Target("peer", "peer", "peer (@neo4j/graphql)"),
    Target("floor", "floor", "floor (one Cypher statement)"),
)


OURS_ENV = {
    "SUPPORTWEB_MODE": "production",
    "SUPPORTWEB_SECRET": BENCH_SECRET,
    "SUPPORTWEB_PSEUDONYM_KEY": "bench-only-pseudonym-key-0123456789-0123456789",
    # The load's own request rate is what is measured, not what the limiter allows.
    "SUPPORTWEB_RATE_PER_MINUTE": "100000000",
    "SUPPORTWEB_RATE_BURST": "10000000",
}
"""How our servers run under load: as in production, the rate limit out of the way."""


@dataclass
class Server:
    target: Target
    proc: subprocess.Popen[bytes]
    base: str
    log: Path
    started_at: float = field(default_factory=time.monotonic)
    ready_s: float = 0.0  # from the process's start to its first ready answer
    peak_rss_kb: int = 0


@dataclass
class Inputs:
    """What the load rotates over: sampled people, undergraduates and departments."""

    population: int
    people: list[str]
    undergraduates: list[str]
    departments: list[str]
    today: str

    def args(self, workload: Workload) -> list[str | None]:
        if workload.key == "W1":
            return list(self.people)
        if workload.key == "W2-dept":
            return list(self.departments)
        if workload.key == "W3":
            return list(self.undergraduates)
        return [None]


@dataclass
class Run:
    workload: str
    server: str
    connections: int
    figures: dict[str, Any] = field(default_factory=dict)


# ---- processes -----------------------------------------------------------------------------


def _tree(root: int) -> list[int]:
    """The live processes under ``root`` (itself included), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            # The command name may hold spaces and parentheses: split after the last ')'.
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of ``root`` and everything under it, reaped children
    included (they are in their parent's cutime and cstime)."""
    total = 0
    for pid in _tree(root):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            # After the name: state is field 3, so utime..cstime (14-17) sit at 11..14.
            total += sum(int(v) for v in fields[11:15])
    return total / CLOCK_TICKS


def peak_rss_kb(root: int) -> int:
    """The sum of each live process's peak resident set (VmHWM) under ``root``."""
    total = 0
    for pid in _tree(root):
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
    return total


def _stop(proc: subprocess.Popen[Any]) -> None:
    """Stop a server this run started, with everything in its session (workers too)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _answers_ready(server: Server) -> bool:
    if server.proc.poll() is not None:
        tail = server.log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{server.target.name} exited while starting:\n{tail}")
    try:
        if server.target.kind == "peer":
            r = httpx.post(server.base + "/", json={"query": "{ __typename }"}, timeout=5)
        else:
            r = httpx.get(server.base + ("/readyz" if server.target.kind == "ours" else "/healthz"))
    except httpx.HTTPError:
        return False
    return r.status_code == 200


def wait_ready(servers: list[Server], timeout: float = 300) -> None:
    """Poll every server in turn until each is ready, noting when each first was."""
    deadline = time.monotonic() + timeout
    # Several ready answers in a row with --workers 2: each worker must be ready.
    needed = {id(s): 8 if s.target.name == "ours-2w" else 1 for s in servers}
    streak = dict.fromkeys(needed, 0)
    pending = list(servers)
    while pending:
        if time.monotonic() > deadline:
            names = ", ".join(s.target.name for s in pending)
            raise RuntimeError(f"not ready after {timeout:.0f} s: {names}; see {LOGS}")
        for server in list(pending):
            streak[id(server)] = streak[id(server)] + 1 if _answers_ready(server) else 0
            if streak[id(server)] >= needed[id(server)]:
                server.ready_s = round(time.monotonic() - server.started_at, 1)
                print(f"  {server.target.label} ready after {server.ready_s} s", flush=True)
                pending.remove(server)
        time.sleep(0.3)


def start_server(target: Target, uri: str, logs: Path, env_extra: dict[str, str]) -> Server:
    port = local_neo4j.free_port()
    env = {**os.environ, "NEO4J_URI": uri, **env_extra}
    if target.kind == "ours":
        workers = "2" if target.name == "ours-2w" else "1"
        cmd = serve_command(port, "--workers", workers)
        cwd = ROOT
    elif target.kind == "peer":
        cmd = ["node", "server.mjs"]
        env |= {"PORT": str(port), "NODE_ENV": "production"}
        cwd = PEER_DIR
    else:
        # The same event loop and HTTP parser ours gets from uvicorn (supportweb/serve.py).
        cmd = [sys.executable, "-m", "uvicorn", "bench.peer.floor:app", "--host", "127.0.0.1"]
        cmd += ["--port", str(port), "--loop", "uvloop", "--http", "httptools"]
        cmd += ["--no-access-log", "--log-level", "warning"]
        cwd = ROOT
    log = logs / f"{target.name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(target, proc, f"http://127.0.0.1:{port}", log)


@contextlib.contextmanager
def servers(uri: str, logs: Path, names: list[str]) -> Iterator[dict[str, Server]]:
    started: dict[str, Server] = {}
    try:
        for target in TARGETS:
            if target.name in names:
                started[target.name] = start_server(target, uri, logs, OURS_ENV)
        wait_ready(list(started.values()))
        yield started
    finally:
        for server in started.values():
            _stop(server.proc)


# ---- setup -----------------------------------------------------------------------------


@contextlib.contextmanager
def database(tmp: Path) -> Iterator[tuple[str, int | None]]:
    """(Bolt URI, the JVM's pid when this run started it)."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"], None
        return
    data = tmp / "neo4j"
    running, _ = local_neo4j.start(
        data, port=local_neo4j.free_port(), apoc=True, heap="2g", pagecache="1g"
    )
    try:
        yield running.uri, running.pid
    finally:
        local_neo4j.stop(data)


def supportweb(uri: str, *args: str) -> str:
    """A `supportweb` command against the run's database and secret; its stdout."""
    env = {**os.environ, "NEO4J_URI": uri, "SUPPORTWEB_SECRET": BENCH_SECRET}
    done = subprocess.run(
        [sys.executable, "-m", "supportweb.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"supportweb {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def sample_inputs(uri: str, n_people: int, n_students: int) -> tuple[Inputs, str]:
    """The sampled inputs (fixed seeds: the same graph gives the same sample) and Neo4j's
    version."""
    rng = random.Random(10)
    with neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF") as driver:
        people = [r["id"] for r in driver.execute_query("MATCH (p:Person) RETURN p.id AS id")[0]]
        students = [
            r["id"]
            for r in driver.execute_query(
                "MATCH (p:Student) WHERE p.level = 'UNDERGRADUATE' RETURN p.id AS id"
            )[0]
        ]
        departments = [
            r["d"]
            for r in driver.execute_query(
                "MATCH (p:Person) WHERE p.department IS NOT NULL "
                "RETURN p.department AS d, count(*) AS n ORDER BY n DESC, d"
            )[0]
        ]
        version = driver.execute_query(
            "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition"
        )[0][0]
    people.sort()
    students.sort()
    inputs = Inputs(
        population=len(people),
        people=rng.sample(people, min(n_people, len(people))),
        undergraduates=rng.sample(students, min(n_students, len(students))),
        departments=departments,
        # What "active" means for the peer: it cannot call Cypher's date(), so the client
        # sends today's date (Neo4j's date() is UTC here, as is this).
        today=dt.datetime.now(dt.UTC).date().isoformat(),
    )
    return inputs, f"{version['v']} {version['edition']}"


# ---- verification ----------------------------------------------------------------------------


def _first_difference(a: Any, b: Any, where: str = "") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: present on one side only"
            found = _first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        if len(a) != len(b):
            return f"{where}: {len(a)} items against {len(b)}"
        return None
    return None if a == b else f"{where}: {a!r} against {b!r}"


def verify(
    running: dict[str, Server], inputs: Inputs, headers: dict[str, str], logs: Path
) -> dict[str, int]:
    """Send every request the load will send to every server once; the answers must be
    equal in normal form. It also warms every server's caches and Neo4j's query plans."""
    checked: dict[str, int] = {}
    json_headers = {"content-type": "application/json"}
    with httpx.Client(timeout=REQUEST_TIMEOUT_S, headers=json_headers) as http:
        for workload in WORKLOADS:
            names = [s for s in running if running[s].target.kind in workload.kinds]
            for arg in inputs.args(workload):
                answers: dict[str, Any] = {}
                for name in names:
                    server = running[name]
                    path, body = request(workload, server.target.kind, arg, inputs.today)
                    auth = headers if server.target.kind == "ours" else {}
                    r = http.post(server.base + path, content=body, headers=auth)
                    if r.status_code != 200:
                        raise AnswerError(
                            f"{name} answered {workload.key} with {r.status_code}: {r.text[:500]}"
                        )
                    answers[name] = normalise(workload, server.target.kind, r.json())
                reference = answers["ours"] if "ours" in answers else next(iter(answers.values()))
                for name, answer in answers.items():
                    diff = _first_difference(reference, answer)
                    if diff:
                        dump = logs / f"mismatch-{workload.key}.json"
                        dump.write_text(json.dumps(answers, indent=1, default=str))
                        raise AnswerError(
                            f"{workload.key} for {arg!r}: {name} differs from ours at {diff} "
                            f"(both answers in {dump})"
                        )
                if workload.key == "W1" and answers.get("ours") is None:
                    raise AnswerError(f"W1: no person {arg!r}")
            checked[workload.key] = len(inputs.args(workload)) * len(names)
            print(f"  {workload.key}: {checked[workload.key]} answers equal", flush=True)
    return checked


# ---- load ----------------------------------------------------------------------------------


class LoadGenerator:
    """One long-lived `node load.mjs` for the whole run: a spec line in, a result line out."""

    def __init__(self, logs: Path) -> None:
        self.log = logs / "load.log"
        with self.log.open("wb") as err:
            self.proc = subprocess.Popen(
                ["node", str(PEER_DIR / "load.mjs")],
                cwd=PEER_DIR,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                start_new_session=True,
            )

    def run(self, spec: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        cpu0 = cpu_seconds(self.proc.pid)
        self.proc.stdin.write(json.dumps(spec) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            tail = self.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the load generator stopped:\n{tail}")
        out: dict[str, Any] = json.loads(line)
        out["loadgenCpuS"] = cpu_seconds(self.proc.pid) - cpu0
        return out

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _stop(self.proc)


@dataclass
class Tally:
    """One server's share of one (workload, connections) cell, summed over its two slots.

    A slot starts with no request in the server. Until each connection has had an answer,
    the requests in progress share the server and none is done: neither the throughput
    nor the latencies of that start are the server's steady state (at 32 connections on a
    slow page it can take seconds). So each slot's answers count from the moment the
    first ``connections`` of them had come (the pipeline is full), at most half the slot;
    where that took longer than half the slot, the cell is marked ``unsteady``."""

    connections: int
    window: float = 0.0  # seconds of the slots in which answers count
    wall: float = 0.0  # the slots' whole time, the load generator's part included
    latencies: list[float] = field(default_factory=list)
    answered: int = 0  # every answer, the start's too: CPU is spent on all of them
    non2xx: int = 0
    errors: int = 0
    timeouts: int = 0
    graphql_errors: int = 0
    server_cpu: float = 0.0
    neo4j_cpu: float | None = None
    loadgen_cpu: float = 0.0
    other_cpu: float = 0.0
    unsteady: bool = False

    def add(self, out: dict[str, Any], server_cpu: float, neo4j_cpu: float | None) -> None:
        length = float(out["durationSeconds"])
        done_at = sorted(t / 1000 for t in out["completedAtMs"])
        full = done_at[self.connections - 1] if len(done_at) >= self.connections else length
        start = min(full, length / 2)
        self.unsteady = self.unsteady or full > length / 2
        self.window += length - start
        self.latencies += [
            ms
            for ms, t in zip(out["latenciesMs"], out["completedAtMs"], strict=True)
            if t / 1000 >= start
        ]
        self.answered += len(done_at)
        self.non2xx += out["non2xx"]
        self.errors += out["errors"]
        self.timeouts += out["timeouts"]
        self.graphql_errors += out["graphqlErrors"]
        self.server_cpu += server_cpu
        if neo4j_cpu is not None:
            self.neo4j_cpu = (self.neo4j_cpu or 0.0) + neo4j_cpu
        self.loadgen_cpu += out["loadgenCpuS"]
        self.other_cpu += out["otherCpuS"]
        self.wall += out["wallS"]

    def figures(self, peak_rss_kb: int) -> dict[str, Any]:
        done = len(self.latencies)
        ordered = sorted(self.latencies)

        def pct(p: float) -> float | None:
            # Nearest rank: the smallest latency with at least p% of the requests at or below.
            return ordered[max(0, math.ceil(p / 100 * done) - 1)] if done else None

        per_request = 1000 / max(1, self.answered)
        out: dict[str, Any] = {
            "requests": done,
            "windowSeconds": round(self.window, 2),
            "requestsPerSecond": round(done / self.window, 2) if self.window else 0.0,
            "latencyMs": {
                "p50": pct(50),
                "p95": pct(95),
                "p99": pct(99),
                "max": ordered[-1] if done else None,
                "mean": round(statistics.fmean(ordered), 2) if done else None,
            },
            "unsteady": self.unsteady,
            "answered": self.answered,
            "non2xx": self.non2xx,
            "errors": self.errors,
            "timeouts": self.timeouts,
            "graphqlErrors": self.graphql_errors,
            "serverCpuS": round(self.server_cpu, 2),
            "serverCpuMsPerRequest": round(self.server_cpu * per_request, 2),
            "loadgenCpuS": round(self.loadgen_cpu, 2),
            # Everything else the machine did meanwhile: other people's jobs on the shared
            # cores (and Neo4j itself when it is not ours to measure).
            "otherCpuCores": round(self.other_cpu / self.wall, 2) if self.wall else None,
            "serverPeakRssMb": round(peak_rss_kb / 1024, 1),
        }
        if self.neo4j_cpu is not None:
            out["neo4jCpuS"] = round(self.neo4j_cpu, 2)
            out["neo4jCpuMsPerRequest"] = round(self.neo4j_cpu * per_request, 2)
        return out


def _machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def _drain(server: Server, neo4j_pid: int | None, cap: float = 8.0) -> None:
    """Wait until the server (and Neo4j) have finished the requests a slot left running
    when it ended, so that work does not land in the next server's slot."""
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        cpu0 = cpu_seconds(server.proc.pid)
        db0 = cpu_seconds(neo4j_pid) if neo4j_pid else 0.0
        time.sleep(0.25)
        quiet_server = cpu_seconds(server.proc.pid) - cpu0 < 0.025  # under 10% of a core
        # Neo4j does some work of its own (checkpoints, the audit's writes settling).
        quiet_db = not neo4j_pid or cpu_seconds(neo4j_pid) - db0 < 0.075
        if quiet_server and quiet_db:
            return


def _slot(
    server: Server,
    spec: dict[str, Any],
    neo4j_pid: int | None,
    loadgen: LoadGenerator,
    tally: Tally,
) -> None:
    """One timed slot of load on one server, added to its tally."""
    cpu0, busy0 = cpu_seconds(server.proc.pid), _machine_busy_s()
    db0 = cpu_seconds(neo4j_pid) if neo4j_pid else None
    t0 = time.monotonic()
    out = loadgen.run(spec)
    out["wallS"] = time.monotonic() - t0
    cpu = cpu_seconds(server.proc.pid) - cpu0
    db = cpu_seconds(neo4j_pid) - db0 if neo4j_pid and db0 is not None else None
    busy = _machine_busy_s() - busy0
    out["otherCpuS"] = max(0.0, busy - cpu - (db or 0.0) - out["loadgenCpuS"])
    tally.add(out, cpu, db)
    server.peak_rss_kb = max(server.peak_rss_kb, peak_rss_kb(server.proc.pid))
    _drain(server, neo4j_pid)


def slot_seconds(mean: float, levels: list[int], connections: int) -> float:
    """Seconds of load per server at this connection count: ``mean`` on average, from 0.75x
    at the fewest connections to 1.25x at the most, which take longer to reach a steady
    state (1, 8, 32 connections at 8 s: 6, 8 and 10 s)."""
    ordered = sorted(set(levels))
    if len(ordered) == 1:
        return mean
    return mean * (0.75 + 0.5 * ordered.index(connections) / (len(ordered) - 1))


def measure(
    running: dict[str, Server],
    inputs: Inputs,
    headers: dict[str, str],
    neo4j_pid: int | None,
    args: argparse.Namespace,
    loadgen: LoadGenerator,
) -> list[Run]:
    runs: list[Run] = []
    for workload in WORKLOADS:
        names = [s for s in running if running[s].target.kind in workload.kinds]
        specs: dict[str, dict[str, Any]] = {}
        for name in names:
            server = running[name]
            paths_bodies = [
                request(workload, server.target.kind, arg, inputs.today)
                for arg in inputs.args(workload)
            ]
            specs[name] = {
                "url": server.base + paths_bodies[0][0],
                "headers": headers if server.target.kind == "ours" else {},
                "bodies": [body for _, body in paths_bodies],
                "timeoutSeconds": REQUEST_TIMEOUT_S,
            }
            if args.warmup > 0:
                # JIT, pools and caches; not recorded.
                loadgen.run({**specs[name], "connections": 8, "durationSeconds": args.warmup})
                _drain(server, neo4j_pid)
        for connections in args.connections:
            seconds = slot_seconds(args.duration, args.connections, connections)
            # Each server gets two half-length slots in A-B-C-C-B-A order: a drift over the
            # cell (someone's job starting on the shared cores, the audit growing) then
            # falls about evenly on all of them.
            tallies = {name: Tally(connections) for name in names}
            for name in [*names, *reversed(names)]:
                spec = {
                    **specs[name],
                    "connections": connections,
                    "durationSeconds": seconds / 2,
                }
                _slot(running[name], spec, neo4j_pid, loadgen, tallies[name])
            for name in names:
                figures = tallies[name].figures(running[name].peak_rss_kb)
                runs.append(Run(workload.key, name, connections, figures))
                lat = figures["latencyMs"]
                print(
                    f"  {workload.key:8} c={connections:<3} {name:8} "
                    f"{figures['requestsPerSecond']:8.1f} req/s  p50 {lat['p50'] or 0:8.1f} ms"
                    f"  p99 {lat['p99'] or 0:8.1f} ms  server CPU "
                    f"{figures['serverCpuMsPerRequest']:6.2f} ms/req  others "
                    f"{figures['otherCpuCores']} cores"
                    + ("  (unsteady)" if figures["unsteady"] else ""),
                    flush=True,
                )
    return runs


def peer_cypher(uri: str, inputs: Inputs, logs: Path) -> dict[str, str]:
    """The Cypher the library generates for W2 (and W2-dept), from its debug log: a peer of
    its own, so the logging costs nothing in the timed runs."""
    target = Target("peer-debug", "peer", "peer with DEBUG")
    server = start_server(target, uri, logs, {"DEBUG": "@neo4j/graphql:execution"})
    out: dict[str, str] = {}
    try:
        wait_ready([server])
        for key, arg in (("W2", None), ("W2-dept", inputs.departments[0])):
            workload = next(w for w in WORKLOADS if w.key == key)
            before = len(server.log.read_text(errors="replace"))
            _, body = request(workload, "peer", arg, inputs.today)
            httpx.post(
                server.base + "/",
                content=body,
                headers={"content-type": "application/json"},
                timeout=REQUEST_TIMEOUT_S,
            ).raise_for_status()
            time.sleep(0.3)
            text = server.log.read_text(errors="replace")[before:]
            # Each statement sits between "executing cypher" and "cypher params"; the first
            # request also runs the library's version check (dbms.components) before it.
            for chunk in text.split("executing cypher")[1:]:
                lines = chunk.split("cypher params", 1)[0].splitlines()[1:-1]
                statement = "\n".join(_strip_debug_prefix(line) for line in lines).strip()
                if "(this:Person)" in statement:
                    out[key] = statement
    finally:
        _stop(server.proc)
    return out


def _strip_debug_prefix(line: str) -> str:
    # "2026-…Z @neo4j/graphql:execution CYPHER 5" carries a prefix; the Cypher lines do not.
    marker = "@neo4j/graphql:execution "
    return line.split(marker, 1)[1] if marker in line else line


# ---- versions ----------------------------------------------------------------------------


def _npm_version(package: str) -> str:
    manifest = PEER_DIR / "node_modules" / package / "package.json"
    return str(json.loads(manifest.read_text())["version"])


def versions(neo4j_version: str) -> dict[str, str]:
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    from importlib.metadata import version

    return {
        "supportweb_commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "python": platform.python_version(),
        "strawberry": version("strawberry-graphql"),
        "uvicorn": version("uvicorn"),
        "neo4j_python": version("neo4j"),
        "node": node.stdout.strip(),
        "@neo4j/graphql": _npm_version("@neo4j/graphql"),
        "@apollo/server": _npm_version("@apollo/server"),
        "graphql": _npm_version("graphql"),
        "neo4j-driver": _npm_version("neo4j-driver"),
        "autocannon": _npm_version("autocannon"),
        "neo4j": neo4j_version,
    }


# ---- the run -----------------------------------------------------------------------------


def _check_tools() -> None:
    if shutil.which("node") is None:
        raise SystemExit("bench-peer needs Node.js 20+ (`node`) for the peer and autocannon")
    if not (PEER_DIR / "node_modules" / "@neo4j" / "graphql").exists():
        raise SystemExit(
            "install the peer first: npm ci --prefix bench/peer (make bench-peer does)"
        )


def run(args: argparse.Namespace) -> dict[str, Any]:
    _check_tools()
    if args.no_seed and not os.environ.get("NEO4J_URI"):
        raise SystemExit("--no-seed uses the graph at NEO4J_URI as it is: set NEO4J_URI")
    started = time.monotonic()
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.monotonic()
        phases[name] = round(now - since, 1)
        return now

    names = [t.name for t in TARGETS if t.name != "ours-2w" or args.workers2]
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as tmp_name:
        tmp = Path(tmp_name)
        logs = LOGS
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True)
        print("Neo4j …", flush=True)
        with database(tmp) as (uri, neo4j_pid):
            t0 = phase("neo4j_start", started)
            supportweb(uri, "migrate")
            if not args.no_seed:
                print(f"seeding {args.people:,} people …", flush=True)
                supportweb(uri, "seed", "--people", str(args.people))
            t0 = phase("migrate_and_seed", t0)
            inputs, neo4j_version = sample_inputs(uri, args.sample, args.students)
            # An ADMIN token, minted the documented way, for the run's secret.
            token = supportweb(uri, "token", "--role", "ADMIN", "--ttl", "7200")
            headers = {"authorization": f"Bearer {token}"}
            print("servers …", flush=True)
            with servers(uri, logs, names) as running:
                t0 = phase("servers_ready", t0)
                print("verifying the answers …", flush=True)
                checked = verify(running, inputs, headers, logs)
                t0 = phase("verification", t0)
                print("load …", flush=True)
                loadgen = LoadGenerator(logs)
                try:
                    runs = measure(running, inputs, headers, neo4j_pid, args, loadgen)
                finally:
                    loadgen.close()
                t0 = phase("load", t0)
                peak = {n: round(s.peak_rss_kb / 1024, 1) for n, s in running.items()}
                ready = {n: s.ready_s for n, s in running.items()}
            cypher = peer_cypher(uri, inputs, logs)
            phase("peer_cypher", t0)
    return {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {platform.system()}, {os.cpu_count()} cores (shared)",
        "versions": versions(neo4j_version),
        "config": {
            "people_seeded": 0 if args.no_seed else args.people,
            "people_in_graph": inputs.population,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "sampled_people": len(inputs.people),
            "sampled_undergraduates": len(inputs.undergraduates),
            "departments": len(inputs.departments),
            "neo4j": "a throwaway local Neo4j with APOC (heap 2g, page cache 1g)"
            if neo4j_pid
            else "NEO4J_URI",
        },
        "phases_s": phases,
        "verified_answers": checked,
        "queries": {"ours": OURS_QUERIES, "peer": PEER_QUERIES},
        "runs": [
            {"workload": r.workload, "server": r.server, "connections": r.connections, **r.figures}
            for r in runs
        ],
        "peak_rss_mb": peak,
        "ready_s": ready,
        "peer_cypher": cypher,
        "total_s": round(time.monotonic() - started, 1),
    }


# ---- the document ----------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


CUT = "†"


def _cut(run: dict[str, Any] | None) -> bool:
    return bool(run and run.get("unsteady"))


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.2f}x"


def render(r: dict[str, Any]) -> str:
    v, c = r["versions"], r["config"]
    runs = r["runs"]

    def find(workload: str, server: str, connections: int) -> dict[str, Any] | None:
        return next(
            (
                x
                for x in runs
                if x["workload"] == workload
                and x["server"] == server
                and x["connections"] == connections
            ),
            None,
        )

    def rps(x: dict[str, Any] | None) -> float | None:
        return None if x is None else float(x["requestsPerSecond"])

    def p50(x: dict[str, Any] | None) -> float | None:
        return None if x is None else x["latencyMs"]["p50"]

    lines = [
        f"## {PEER_HEADING}",
        "",
        "Produced by `make bench-peer` (`python -m bench.peer_bench`; not part of `make test` "
        f"or CI) on {r['date']}: {r['machine']}; took {r['total_s'] / 60:.1f} minutes "
        f"({_phases(r.get('phases_s', {}))}). "
        "Raw figures, the exact queries and the peer's generated Cypher: "
        "`bench/peer-results.json`.",
        "",
        "Three ways to serve the same answers from the same Neo4j, on the same machine:",
        "",
        "- **ours**: `supportweb serve` (production mode, an ADMIN bearer token, one process; "
        "and again with `--workers 2`). Every request is authenticated, cost-checked and "
        "audited (an audit write to Neo4j), as in production; no access log (production's "
        "default, `SUPPORTWEB_ACCESS_LOG`; none of the three writes one).",
        f"- **peer**: the Neo4j GraphQL Library {v['@neo4j/graphql']} on Apollo Server "
        f"{v['@apollo/server']} (standalone, `NODE_ENV=production`), Node {v['node']}, "
        f"neo4j-driver {v['neo4j-driver']} (`bench/peer/server.mjs`): `@node` types, one "
        "`@relationship` field per tie type with `@relationshipProperties`, reads only, no "
        "authentication. It compiles each request into one Cypher statement.",
        "- **floor**: each workload as one hand-written Cypher statement through the same "
        "async Python driver, answered as JSON by a bare Starlette route "
        "(`bench/peer/floor.py`): the least any GraphQL layer could do on this database.",
        "",
        f"Versions: Neo4j {v['neo4j']} — {c['neo4j']}; Supportweb {v['supportweb_commit']}, "
        f"Python {v['python']}, strawberry-graphql {v['strawberry']}, uvicorn {v['uvicorn']}, "
        f"neo4j-python {v['neo4j_python']}; graphql-js {v['graphql']}; autocannon "
        f"{v['autocannon']}.",
        "",
        (
            f"Data: {c['people_seeded']:,} seeded people (`supportweb seed`). "
            if c["people_seeded"]
            else f"Data: the graph at NEO4J_URI as it was ({c['people_in_graph']:,} people). "
        )
        + "Before any timing, "
        "every request the load sends went once to every server and the answers were "
        "compared in one normal form (same people in the same order, the same supporters "
        "with kind, strength, tie id, supporter id and name, the same groups and roles; "
        "lists inside a person sorted): "
        + ", ".join(f"{k} {n:,}" for k, n in r["verified_answers"].items())
        + " answers, all equal.",
        "",
        "Load: autocannon (`bench/peer/load.mjs`) after a "
        f"{c['warmup_s']} s warm-up per server and workload, at "
        + ", ".join(
            f"{n} connection{'' if n == 1 else 's'} for "
            f"{slot_seconds(c['duration_s'], c['connections'], n):g} s"
            for n in c["connections"]
        )
        + " per server, in two halves taken in A-B-C-C-B-A order so that a drift falls on "
        "every server alike. W1 rotates over "
        f"{c['sampled_people']} sampled people, W2-dept over {c['departments']} departments, "
        f"W3 over {c['sampled_undergraduates']} sampled undergraduates. Neo4j, the servers "
        "and the load generator share the cores, so with more than one connection every "
        "server competes with Neo4j for CPU: the ratios matter more than the absolute numbers.",
        "",
        "```sh",
        "make bench-peer     # npm ci --prefix bench/peer && python -m bench.peer_bench",
        "python -m bench.peer_bench --duration "
        f"{c['duration_s']:g} --connections {','.join(str(n) for n in c['connections'])}",
        "```",
        "",
        "### Headline",
        "",
        "Throughput (requests/s) and the ratios ours / peer and ours / floor: below 1.00x "
        "ours serves fewer requests per second. p50 ratio: ours' median latency over the "
        "peer's (above 1.00x ours is slower).",
        "",
        "| workload | connections | ours req/s | ours --workers 2 | peer req/s | floor req/s "
        "| **ours / peer** | **ours / floor** | p50 ours / peer |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for workload in WORKLOADS:
        for n in c["connections"]:
            ours, ours2 = find(workload.key, "ours", n), find(workload.key, "ours-2w", n)
            peer, floor = find(workload.key, "peer", n), find(workload.key, "floor", n)
            if ours is None:
                continue
            cut = _cut(ours) or _cut(peer)
            lines.append(
                f"| {workload.key} | {n} | {_fmt(rps(ours))} | {_fmt(rps(ours2))} | "
                f"{_fmt(rps(peer))} | {_fmt(rps(floor))} | **{_ratio(rps(ours), rps(peer))}** "
                f"| **{_ratio(rps(ours), rps(floor))}** | {_ratio(p50(ours), p50(peer))}"
                f"{CUT if cut and peer else ''} |"
            )
    lines += [
        "",
        "### Against the targets (issue 10)",
        "",
        "Judged from this run's figures (bench/peer/targets.py). At one connection the "
        "median moves by a few tenths of a millisecond from run to run on these shared "
        "cores: read the W1 latency ratio with that in mind.",
        "",
        "| target | this run | |",
        "|---|---|---|",
        *target_rows(find, c["connections"]),
        "",
        "### Per workload",
        "",
    ]
    labels = {t.name: t.label for t in TARGETS}
    for workload in WORKLOADS:
        query_note = {
            "W1": "ours `person(id) { supporters(first: 500) { id kind strength supporter "
            "{ id name } } groups { role group { name } } }`; peer `people(where: {id: {eq}})` "
            "with eight `…Connection` fields (one per tie type, active ties, strongest first) "
            "and `groupsConnection`.",
            "W2": "ours `people(first: 100)`; peer `people(sort: [{sortName: ASC}, {id: ASC}], "
            "limit: 100)`; each person as in W1.",
            "W2-dept": "as W2 with a department filter (ours `filter: {department}`, peer "
            "`where: {department: {eq}}`).",
            "W3": "`mentorPaths(personId, first: 10) { mentor { id name } score hops path "
            "{ id } }`; the floor runs the same search statement ours runs (graphdb/mentors.py). "
            "The library has no equivalent.",
            "W4": "`thinSupport(first: 20) { totalCount edges { node { person { id name } "
            "profile { score thin } } } }`; the floor reads the stored score table in one "
            "statement. The library has no equivalent.",
        }[workload.key]
        lines += [
            f"#### {workload.key}: {workload.title}",
            "",
            query_note,
            "",
            "| connections | server | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU "
            "ms/req | Neo4j CPU ms/req | others (cores) |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for n in c["connections"]:
            for t in TARGETS:
                x = find(workload.key, t.name, n)
                if x is None:
                    continue
                lat = x["latencyMs"]
                mark = CUT if _cut(x) else ""
                errors = x["errors"] + x["timeouts"] + x["non2xx"] + x["graphqlErrors"]
                lines.append(
                    f"| {n} | {labels[t.name]} | {_fmt(x['requestsPerSecond'])} | "
                    f"{_fmt(lat['p50'])}{mark} | {_fmt(lat['p95'])}{mark} | "
                    f"{_fmt(lat['p99'])}{mark} | {errors} | "
                    f"{_fmt(x['serverCpuMsPerRequest'], 2)} | "
                    f"{_fmt(x.get('neo4jCpuMsPerRequest'), 2)} | "
                    f"{_fmt(x.get('otherCpuCores'), 2)} |"
                )
        lines.append("")
    lines += [
        "Errors count connection errors, timeouts, non-2xx answers and GraphQL `errors`. "
        "Server CPU is user + system time of the server's whole process tree (both workers "
        "with `--workers 2`) over the run, per completed request; Neo4j CPU is the JVM's, "
        "per request of that server — what its Cypher costs the database (ours' includes "
        "the audit writes). Others: the CPU the rest of the machine used meanwhile "
        "(other people's jobs on the shared cores; the load generator excluded), in cores "
        "out of 2 — a large figure marks a noisy cell.",
        "",
        "Each slot starts with no request in the server, and until every connection has had "
        "an answer the requests in progress share the server and none is done: answers "
        "count from the moment the first *connections* of them had come, at most half a "
        "slot in (so throughput is over the rest of the slot). After each slot the driver "
        "waits until the server and Neo4j are idle again, so requests a slot left running "
        "do not cost the next server.",
        "",
        f"{CUT} Unsteady: the first *connections* answers took more than half a slot; the "
        "server never reached its steady state in this cell (too slow for this many "
        "connections in a short slot), so its figures are rough — more so the latencies.",
        "",
        "### Memory and start-up",
        "",
        "| server | peak resident memory (MB, whole process tree) | ready after (s) |",
        "|---|---|---|",
        *(
            f"| {labels[name]} | {_fmt(mb)} | {_fmt(r.get('ready_s', {}).get(name))} |"
            for name, mb in r["peak_rss_mb"].items()
            if name in labels
        ),
        "",
        "Ready: from the process's start to its first ready answer (ours: `/readyz`, which "
        "waits until the mentor-path and thin-support statements are planned; all four "
        "started at once and shared the cores while starting).",
        "",
    ]
    cypher = r.get("peer_cypher", {}).get("W2")
    if cypher:
        lines += [
            "### The peer's Cypher for W2",
            "",
            "From `DEBUG=@neo4j/graphql:execution` on a separate peer (not the timed one). "
            "One statement per request, as documented. What it does that ours and the floor "
            "do not:",
            "",
            *_cypher_notes(cypher, c["people_in_graph"]),
            "",
            "<details><summary>generated Cypher</summary>",
            "",
            "```cypher",
            cypher,
            "```",
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)


def _cypher_notes(cypher: str, people: int) -> list[str]:
    """What stands out in the library's statement for the unfiltered page, read from the
    statement itself so the notes follow the library's version."""
    notes = []
    compact = " ".join(cypher.split())
    if "MATCH (this:Person) WITH * ORDER BY" in compact:
        notes.append(
            "- The page has no predicate on the sort key, so Neo4j cannot walk the `sortName` "
            f"index in order: it reads every `Person` ({people:,} here) and sorts them all "
            "for each page (a label scan and a Top), where ours and the floor seek the "
            "index (`sortName >= ''`) and stop after one page."
        )
    subqueries = compact.count("CALL (this) {")
    if subqueries:
        notes.append(
            f"- {subqueries} `CALL` subqueries per person, one per relationship field asked "
            "for (the library maps a field to one relationship type); ours and the floor "
            "expand all eight tie types in one `COLLECT` with a type list."
        )
    resorts = compact.count("UNWIND edges AS edge")
    if resorts:
        notes.append(
            f"- {resorts} times per person it collects the edges into a list, unwinds the list "
            "again to sort (or just to project) it, and collects it once more; every map also "
            "carries a `__resolveType` entry."
        )
    if "$param" in compact and "date()" not in compact:
        notes.append(
            '- "Active" cannot call Cypher\'s `date()` from the schema without a custom '
            "`@cypher` field: the client sends today's date and repeats the filter on each "
            "of the eight fields."
        )
    return notes


def _phases(phases: dict[str, float]) -> str:
    names = {
        "neo4j_start": "Neo4j start",
        "migrate_and_seed": "seed",
        "servers_ready": "servers ready",
        "verification": "verification",
        "load": "load",
        "peer_cypher": "the peer's Cypher",
    }
    return ", ".join(f"{names.get(k, k)} {v:.0f} s" for k, v in phases.items())


def write_doc(results: dict[str, Any]) -> None:
    doc = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    DOC.write_text(replace_section(doc, PEER_HEADING, render(results)))


def _connections(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration",
        type=float,
        default=8,
        help="mean seconds of load per server and connection count",
    )
    parser.add_argument("--warmup", type=int, default=1, help="seconds of untimed load first")
    parser.add_argument("--connections", type=_connections, default=[1, 8, 32])
    parser.add_argument("--people", type=int, default=10_000, help="people to seed")
    parser.add_argument("--sample", type=int, default=100, help="people W1 rotates over")
    parser.add_argument("--students", type=int, default=30, help="undergraduates for W3")
    parser.add_argument(
        "--no-seed", action="store_true", help="use NEO4J_URI's graph as it is (no upsert)"
    )
    parser.add_argument(
        "--no-workers2",
        dest="workers2",
        action="store_false",
        help="skip ours with --workers 2",
    )
    parser.add_argument(
        "--render", action="store_true", help="only rewrite the doc section from the JSON"
    )
    args = parser.parse_args()
    if args.render:
        write_doc(json.loads(RESULTS.read_text()))
        return
    results = run(args)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    write_doc(results)
    print(f"wrote {RESULTS.relative_to(ROOT)} and the section in {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
