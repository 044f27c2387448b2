"""W1 at one connection, revisions side by side against the raw-Cypher floor (issue 10).

    python -m bench.w1_ab [--seconds 6] [--rounds 2] REV [REV ...]

`make bench-peer` takes ten minutes and measures everything; this takes two and measures
the one figure a change to the request path moves most: the median latency of W1 (one
person with supporters and groups) at one connection, and the server CPU per request,
for each git revision given (a worktree of each, served by this checkout's Python
environment) beside the floor (bench/peer/floor.py). The runs alternate A-B-…-B-A per
round, so a drift of the shared machine falls on every server alike.

It needs a Neo4j with data at NEO4J_URI (a `supportweb seed` graph) and `npm ci
--prefix bench/peer` done (autocannon). Not part of `make test` or CI. A Neo4j started a
moment ago is cold (page cache, plans): the first run then measures Neo4j warming up
(8 ms medians everywhere), so run it twice and read the second.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from bench.common import admin_headers, serve_command
from bench.peer.workloads import OURS_QUERIES
from bench.peer_bench import (
    OURS_ENV,
    ROOT,
    TARGETS,
    LoadGenerator,
    Server,
    Target,
    _stop,
    cpu_seconds,
    start_server,
    wait_ready,
)
from graphdb.local import neo4j as local_neo4j


@contextlib.contextmanager
def worktree(rev: str, parent: Path) -> Iterator[Path]:
    path = parent / rev.replace("/", "_")
    subprocess.run(
        ["git", "worktree", "add", "-q", "--detach", str(path), rev], cwd=ROOT, check=True
    )
    try:
        yield path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False)


def serve_tree(rev: str, tree: Path, uri: str, logs: Path) -> Server:
    port = local_neo4j.free_port()
    log = logs / f"{rev.replace('/', '_')}.log"
    cmd = serve_command(port)
    with log.open("wb") as out:
        # Run from the worktree: its own packages come first on the path.
        proc = subprocess.Popen(
            cmd,
            cwd=tree,
            env={**os.environ, "NEO4J_URI": uri, "PYTHONPATH": str(tree), **OURS_ENV},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(Target(rev, "ours", rev), proc, f"http://127.0.0.1:{port}", log)


def _stop_all(servers: list[Server]) -> None:
    for server in servers:
        _stop(server.proc)


def spec(server: Server, ids: list[str], seconds: float) -> dict[str, Any]:
    bodies: list[dict[str, Any]]
    if server.target.kind == "floor":
        bodies = [{"id": i} for i in ids]
        url, headers = server.base + "/w1", {}
    else:
        bodies = [{"query": OURS_QUERIES["W1"], "variables": {"id": i}} for i in ids]
        url, headers = server.base + "/graphql", {"authorization": admin_headers()["authorization"]}
    return {
        "url": url,
        "headers": headers,
        "bodies": [json.dumps(b) for b in bodies],
        "connections": 1,
        "durationSeconds": seconds,
        "timeoutSeconds": 30,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revs", nargs="+", help="git revisions to serve (HEAD, a commit, …)")
    parser.add_argument("--seconds", type=float, default=6.0, help="per server and round")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    with tempfile.TemporaryDirectory(prefix="w1-ab-") as tmp, contextlib.ExitStack() as stack:
        logs = Path(tmp)
        floor = next(t for t in TARGETS if t.kind == "floor")
        servers = [start_server(floor, uri, logs, OURS_ENV)]
        stack.callback(_stop_all, servers)
        for rev in args.revs:
            servers.append(serve_tree(rev, stack.enter_context(worktree(rev, logs)), uri, logs))
        wait_ready(servers)
        first = servers[1].base + "/graphql"
        page = httpx.post(
            first,
            json={"query": "{ people(first: 100) { edges { node { id } } } }"},
            headers=admin_headers(),
        ).json()
        ids = [e["node"]["id"] for e in page["data"]["people"]["edges"]]
        load = LoadGenerator(logs)
        stack.callback(load.close)
        for s in servers:  # warm-up: plans, caches, connections
            load.run(spec(s, ids, 2))
        latencies: dict[str, list[float]] = {s.target.name: [] for s in servers}
        cpu = {s.target.name: 0.0 for s in servers}
        for _ in range(args.rounds):
            for s in servers + servers[::-1]:
                before = cpu_seconds(s.proc.pid)
                out = load.run(spec(s, ids, args.seconds / 2))
                cpu[s.target.name] += cpu_seconds(s.proc.pid) - before
                if out["non2xx"] or out["errors"] or out["graphqlErrors"]:
                    raise SystemExit(f"{s.target.name} answered with errors: {out}")
                latencies[s.target.name] += out["latenciesMs"]
        floor_p50 = statistics.median(latencies["floor"])
        header = ("server", "requests", "p50 ms", "p95 ms", "CPU ms/req", "p50 / floor")
        print("{:24s} {:>9s} {:>7s} {:>7s} {:>10s} {:>11s}".format(*header))
        for s in servers:
            name = s.target.name
            values = sorted(latencies[name])
            p50 = statistics.median(values)
            p95 = values[int(0.95 * (len(values) - 1))]
            per = 1000 * cpu[name] / len(values)
            ratio = p50 / floor_p50
            print(f"{name:24s} {len(values):9d} {p50:7.2f} {p95:7.2f} {per:10.2f} {ratio:10.2f}x")


if __name__ == "__main__":
    main()
