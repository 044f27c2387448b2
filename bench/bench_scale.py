"""`make bench-scale` (issue 15): the consortium on one machine, at one size per run.

    python -m bench.bench_scale [--people 1000000] [--budget-min 150] [--data DIR]
    python -m bench.bench_scale --render        # only rewrite the docs from the results
    python -m bench.bench_scale --people N --data DIR --queries-only
                                                # steps 3-4 again on the store a run kept

Starts its own local Neo4j (memory "auto": sized from the machine and the store), then,
each step timed with the load average beside it:

1. generates the seed university and writes it as SPEC §6 CSV files;
2. imports them into the empty graph (the offline path `supportweb import` chooses:
   validation, scores from the records, neo4j-admin, restart, indexes), and reports the
   bare neo4j-admin run on the same data and a bare `UNWIND … CREATE` floor (on a sample);
3. times the queries over HTTP against a fresh `supportweb serve` (mentorPaths maxHops 3,
   supportProfile, thinSupport cold and warm, the 100-people page), with its peak memory;
4. 1,000 random tie writes through the API, then thinSupport's next page (correct?);
5. imports the same folder again (online: compares, writes nothing of the files' people
   and ties, scores no one; the ties added through the API are not in the files and stay);
6. `supportweb seed --people N` end to end into an empty graph, if the budget allows.

A step that would not fit the time budget is skipped and said so. Results are merged by
size into bench/scale-results.json after every step (a run stopped partway keeps what it
measured, marked ``"partial": true``); docs/benchmarks.md ("A million people") and
docs/scale.md's tables are rendered from it (bench/scale_doc.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.bench_foundation import DELETE_RAW, PAGE_QUERY, PAGE_SELECTION, RAW_TIES
from bench.common import admin_headers, peak_memory_mb, server, timed
from bench.run_all import MENTOR_QUERY, PROFILE_QUERY, STUDENTS, THIN_QUERY, _post
from bench.scale_doc import RESULTS, write_docs
from graphdb.bulk import last_import
from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.importer import read_folder, read_folder_offline, run_of
from graphdb.bulk.tie_columns import TieColumns
from graphdb.driver import Database, Neo4jConfig
from graphdb.local import neo4j as local_neo4j
from graphdb.migrate import migrate
from graphdb.model import Dataset, PeopleFilter, TieKind
from graphdb.people import people_page
from graphdb.seed import generate
from resolvers.bulk_load import load_offline, load_online
from resolvers.support.profiles import support_profile

FLOOR_SAMPLE = 300_000
WRITES = 1_000
NEXT_PAGE = """query($after: String) { thinSupport(first: 20, after: $after) { totalCount
  pageInfo { endCursor hasNextPage } edges { node { person { id } profile { score thin } } } } }"""
ADD_TIE = """mutation($a: ID!, $b: ID!, $k: TieKind!, $s: Float!) {
  addTie(input: {kind: $k, supporterId: $a, supportedId: $b, strength: $s}) { id } }"""


def load() -> float:
    return round(os.getloadavg()[0], 1)


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Budget:
    def __init__(self, minutes: float) -> None:
        self.end = time.monotonic() + minutes * 60
        self.skipped: list[str] = []

    def allows(self, step: str, needs_s: float) -> bool:
        if time.monotonic() + needs_s <= self.end:
            return True
        self.skipped.append(step)
        print(f"skipped (time budget): {step}", file=sys.stderr, flush=True)
        return False


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {load()}] {text}", file=sys.stderr, flush=True)


async def _floor(db: Database, ties: TieColumns) -> dict[str, Any]:
    """A bare ``UNWIND … CREATE`` of the first FLOOR_SAMPLE ties (people already there)."""
    first = TieColumns(ties.table.slice(0, FLOOR_SAMPLE))
    sample = [t.to_params() for t in first.records()]
    t0 = time.perf_counter()
    for i in range(0, len(sample), 10_000):
        await db.write(RAW_TIES, {"rows": sample[i : i + 10_000]}, timeout=600)
    seconds = time.perf_counter() - t0
    await db.run_batched(DELETE_RAW, timeout=3600)
    return {"ties": len(sample), "seconds": round(seconds, 1), "load": load()}


async def _queries(uri: str, db: Database, students: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    info: dict[str, Any] = {}
    headers = admin_headers()
    with server(uri, info) as base:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as http:
            out["thin_cold_ms"] = round(await _post(http, THIN_QUERY, {}), 1)
            mentor = [await _post(http, MENTOR_QUERY, {"id": s, "hops": 3}) for s in students * 2]
            out["mentor_paths_3"] = _row(mentor[len(students) :])
            profile = [await _post(http, PROFILE_QUERY, {"id": s}) for s in students * 2]
            out["profile"] = _row(profile[len(students) :])
            out["thin_warm"] = _row([await _post(http, THIN_QUERY, {}) for _ in range(20)])

            async def page() -> None:
                r = await http.post("/graphql", json={"query": PAGE_QUERY})
                assert "errors" not in r.json(), r.text[:300]

            out["people_page"] = (await timed(page, repeat=20)).row()
            out["writes"] = await _writes(http, db, students)
        out["server_peak_mb"] = peak_memory_mb(info["pid"])

    async def floor_page() -> None:
        await people_page(db, PeopleFilter(), 100, None, PAGE_SELECTION)

    out["people_page_floor"] = (await timed(floor_page, repeat=20)).row()
    out["load"] = load()
    return out


def _row(samples: list[float]) -> dict[str, float]:
    from bench.common import Timing

    return Timing(samples).row()


async def _writes(http: Any, db: Database, students: list[str]) -> dict[str, Any]:
    """1,000 random tie writes through the API, then the thin list's pages are read again
    and checked: every listed score is the live one, in order."""
    rows = await db.read("MATCH (p:Person) RETURN p.id AS id SKIP 1000 LIMIT 20000")
    ids = [r["id"] for r in rows]
    rnd = random.Random(15)
    kinds = [k.value for k in TieKind]
    t0 = time.perf_counter()
    for _ in range(WRITES):
        a, b = rnd.sample(ids, 2)
        body = await http.post(
            "/graphql",
            json={
                "query": ADD_TIE,
                "variables": {"a": a, "b": b, "k": rnd.choice(kinds), "s": rnd.random()},
            },
        )
        assert "errors" not in body.json(), body.text[:300]
    writes_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    r = await http.post("/graphql", json={"query": NEXT_PAGE, "variables": {"after": None}})
    first_ms = (time.perf_counter() - t1) * 1000
    data = r.json()["data"]["thinSupport"]
    t2 = time.perf_counter()
    after = data["pageInfo"]["endCursor"]
    r2 = await http.post("/graphql", json={"query": NEXT_PAGE, "variables": {"after": after}})
    next_ms = (time.perf_counter() - t2) * 1000
    edges = data["edges"] + r2.json()["data"]["thinSupport"]["edges"]
    scores = [e["node"]["profile"]["score"] for e in edges]
    live = [(await support_profile(db, e["node"]["person"]["id"])).score for e in edges]
    return {
        "writes": WRITES,
        "writes_s": round(writes_s, 1),
        "first_page_after_ms": round(first_ms, 1),
        "next_page_ms": round(next_ms, 1),
        "correct": scores == live and scores == sorted(scores),
    }


async def _queries_step(
    r: dict[str, Any], uri: str, db: Database, budget: Budget, ties: int
) -> None:
    if not budget.allows("queries", 600 + ties / 10_000):
        return
    say("queries over HTTP …")
    rows = await db.read(STUDENTS, timeout=600)
    students = [x["id"] for x in random.Random(7).sample(rows, min(30, len(rows)))]
    r["queries"] = await _queries(uri, db, students)


def sized(data: Path) -> dict[str, str]:
    """The heap and page cache "auto" gave the running local Neo4j (sized for its store)."""
    heap, pagecache = json.loads((data / local_neo4j.STATE_FILE).read_text())["sized"]
    return {"heap": heap, "pagecache": pagecache}


def save(people: int, r: dict[str, Any]) -> None:
    """Merge this run's figures so far into the results, by size."""
    every = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    every[str(people)] = r
    RESULTS.write_text(json.dumps(every, indent=2, default=str) + "\n")


async def run(people: int, data: Path, budget: Budget) -> dict[str, Any]:
    r: dict[str, Any] = {"people_requested": people, "date": time.strftime("%Y-%m-%d")}
    r["partial"] = True

    def checkpoint() -> None:
        r["skipped"] = budget.skipped
        save(people, r)

    t0 = time.perf_counter()
    dataset = generate(people, 7)
    seconds = round(time.perf_counter() - t0, 1)
    r["generate"] = {"seconds": seconds, "load": load(), "rss_mb": rss_mb()}
    r["counts"] = dataset.counts()
    ties = len(dataset.ties)
    say(f"generated {r['counts']}")
    checkpoint()
    port = local_neo4j.free_port()
    running, _ = local_neo4j.start(data, port=port, heap="auto", pagecache="auto")
    r["neo4j_memory"] = {"heap": running.heap, "pagecache": running.pagecache}
    db = Database(Neo4jConfig(running.uri, query_timeout_s=600))
    try:
        await migrate(db)
        with tempfile.TemporaryDirectory(dir=data.parent) as tmp:
            folder = Path(tmp)
            t0 = time.perf_counter()
            write_csv_dir(dataset, folder)
            r["csv_write_s"] = round(time.perf_counter() - t0, 1)
            del dataset  # the import reads its own records back from the files
            say("importing into the empty graph (offline path) …")
            t0 = time.perf_counter()
            files = run_of(folder)  # what `supportweb import` fingerprints first
            columns = await read_folder_offline(db, folder)
            validate_s = time.perf_counter() - t0
            checked, tie_columns = columns.dataset, columns.ties
            assert tie_columns is not None
            report = await load_offline(
                db, checked, data, memberships=columns.memberships, ties=tie_columns, say=say
            )
            running = local_neo4j.status(data)  # type: ignore[assignment]
            await db.close()
            db = Database(Neo4jConfig(running.uri, query_timeout_s=600))
            await last_import.seal(db, files, last_import.FRESH_STORE)  # as the command does
            total = time.perf_counter() - t0
            r["import"] = {
                "validate_s": round(validate_s, 1),
                "steps_s": {k: round(v, 1) for k, v in report.steps.items()},
                "total_s": round(total, 1),
                "ties_per_s": round(ties / total),
                "admin_tool_s": round(report.steps["import"], 1),
                "load": load(),
                "rss_mb": rss_mb(),
            }
            say("the same folder again, nothing written since (`supportweb import DIR`) …")
            env = {**os.environ, "NEO4J_URI": running.uri, "SUPPORTWEB_DATA_DIR": str(data)}
            t1 = time.perf_counter()
            command = [sys.executable, "-m", "supportweb.cli", "import", str(folder)]
            said = await asyncio.to_thread(
                subprocess.run, command, env=env, check=True, capture_output=True, text=True
            )
            r["reimport_unchanged"] = {
                "seconds": round(time.perf_counter() - t1, 1),
                "said": said.stdout.strip(),
                "load": load(),
            }
            r["store_mb"] = round(local_neo4j.store_size(data) / 2**20)
            r["neo4j_memory_after_import"] = sized(data)
            checkpoint()
            if budget.allows("floor", 300):
                say("floor: bare UNWIND … CREATE on a sample …")
                r["floor"] = await _floor(db, tie_columns)
                checkpoint()
            del checked, tie_columns, columns
            await _queries_step(r, running.uri, db, budget, ties)
            checkpoint()
            # After the queries' 1,000 tie writes the graph is not as the import left it:
            # every record is compared (as `supportweb import DIR --recheck` would).
            if budget.allows("re-import", r["import"]["validate_s"] * 6):
                say("re-importing the same folder (online), every record compared …")
                t0 = time.perf_counter()
                checked, _, plan = await read_folder(db, folder)
                again = await load_online(db, checked, plan=plan)
                del checked
                r["reimport"] = {
                    "seconds": round(time.perf_counter() - t0, 1),
                    "written": again.written,
                    "scored": again.scored,
                    "load": load(),
                }
                checkpoint()
        if budget.allows("seed", r["import"]["total_s"] * 1.5 + r["generate"]["seconds"]):
            say("wiping (an empty offline import), then `supportweb seed` end to end …")
            await load_offline(db, Dataset(), data, say=say)
            running = local_neo4j.status(data)  # type: ignore[assignment]
            env = {**os.environ, "NEO4J_URI": running.uri, "SUPPORTWEB_DATA_DIR": str(data)}
            t0 = time.perf_counter()
            seed = [sys.executable, "-m", "supportweb.cli", "seed", "--people", str(people)]
            await asyncio.to_thread(subprocess.run, seed, env=env, check=True)
            r["seed"] = {"seconds": round(time.perf_counter() - t0, 1), "load": load()}
    finally:
        await db.close()
        local_neo4j.stop(data)
    r["skipped"] = budget.skipped
    r["partial"] = False
    return r


async def queries_again(people: int, data: Path, budget: Budget) -> dict[str, Any]:
    """Steps 3 and 4 again on the store an earlier run of this size left in ``data``
    (``--data``), merged into that run's figures."""
    every = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    r: dict[str, Any] = every.get(str(people)) or {}
    if "import" not in r:
        raise SystemExit(f"no import of {people:,} people in {RESULTS}: run the whole bench")
    running, _ = local_neo4j.start(
        data, port=local_neo4j.free_port(), heap="auto", pagecache="auto"
    )
    r["neo4j_memory_after_import"] = sized(data)
    db = Database(Neo4jConfig(running.uri, query_timeout_s=600))
    try:
        ties = r["counts"]["ties"]
        await _queries_step(r, running.uri, db, budget, ties)
    finally:
        await db.close()
        local_neo4j.stop(data)
    if "queries" in r:
        r["queries"]["measured_on"] = f"the kept store, {time.strftime('%Y-%m-%d')}"
        r["skipped"] = [s for s in r.get("skipped", []) if s != "queries"]
    r["skipped"] = sorted(set(r.get("skipped", [])) | set(budget.skipped))
    return r


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--budget-min", type=float, default=150)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--render", action="store_true")
    parser.add_argument("--queries-only", action="store_true")
    args = parser.parse_args()
    if args.queries_only:
        if args.data is None:
            parser.error("--queries-only needs --data (the folder of the run to measure again)")
        again = queries_again(args.people, args.data / "neo4j", Budget(args.budget_min))
        save(args.people, asyncio.run(again))
    elif not args.render:
        root = args.data or Path(tempfile.mkdtemp(prefix="sw-scale-"))
        results = asyncio.run(run(args.people, root / "neo4j", Budget(args.budget_min)))
        save(args.people, results)
    write_docs(json.loads(RESULTS.read_text()))


if __name__ == "__main__":
    main()
