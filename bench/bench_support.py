"""Benchmark of support profiles and the thin-support list (issue 4).

    NEO4J_URI=bolt://127.0.0.1:7687 .venv/bin/python -m bench.bench_support [--people 100000]
        [--load] [--seed 7]

With ``--load`` the database is WIPED and filled with the demo university of
``supportweb seed`` (``--people`` people; ``--synthetic`` loads this file's simpler graph,
about six support ties per student); without it the graph already there is used. It then
times, against that graph:

- building the score table, when it is missing (once per graph, after an import),
- the first ``thin_support`` page (with profiles) as a fresh process's first call, then warm,
- one ``support_profile`` (median over 100 students),
- the first page right after a write that ends one student's ties (it must list them).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import LiteralString, TypeVar

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Neo4jConfig, Tx
from graphdb.migrate import migrate
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    SUPPORT_KINDS,
    Dataset,
    PersonRecord,
    Role,
    TieKind,
    TieRecord,
)

T = TypeVar("T")

DEPARTMENTS = [f"Department {i:02d}" for i in range(30)]
_SUPPORTER_ROLES = [Role.FACULTY, Role.STAFF, Role.ALUM, Role.EXTERNAL]


def synthetic_university(n_people: int, seed: int) -> Dataset:
    """A deterministic graph shaped like the demo: 80 % students, about ten ties each."""
    rng = random.Random(seed)
    today = dt.date.today()
    people: list[PersonRecord] = []
    students: list[str] = []
    supporters: list[str] = []
    for i in range(n_people):
        pid = f"p{i:06d}"
        dept = rng.choice(DEPARTMENTS)
        if rng.random() < 0.8:
            roles: tuple[Role, ...] = (Role.STUDENT,)
            students.append(pid)
        else:
            roles = (rng.choice(_SUPPORTER_ROLES),)
            supporters.append(pid)
        people.append(
            PersonRecord(pid, f"Person {i}", roles, department=dept, class_year=2025 + i % 4)
        )
    ties: list[TieRecord] = []
    n = 0

    def tie(a: str, b: str, kind: TieKind) -> None:
        nonlocal n
        n += 1
        last = today - dt.timedelta(days=rng.randrange(0, 600)) if rng.random() < 0.8 else None
        until = today - dt.timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.1 else None
        ties.append(
            TieRecord(
                f"b{n:08d}",
                a,
                b,
                kind,
                round(rng.uniform(0.1, 1.0), 2),
                today - dt.timedelta(days=rng.randrange(30, 1500)),
                until,
                DEFAULT_FUNCTIONS[kind],
                False,
                last,
            )
        )

    for s in students:
        # A long tail: some students have nobody, most have a handful, a few many.
        k = min(int(rng.expovariate(1 / 6)), 25)
        for _ in range(k):
            kind = rng.choice(SUPPORT_KINDS)
            src = rng.choice(students) if kind is TieKind.PEER_SUPPORTS else rng.choice(supporters)
            if src != s:
                tie(src, s, kind)
        for _ in range(rng.randrange(0, 5)):
            other = rng.choice(students)
            if other != s:
                tie(s, other, TieKind.KNOWS)
    return Dataset(people=people, ties=ties)


def _dataset(people: int, seed: int, synthetic: bool) -> Dataset:
    """The demo university of ``supportweb seed`` unless asked for the simpler graph."""
    if synthetic:
        return synthetic_university(people, seed)
    from graphdb.seed import generate

    return generate(people, seed)


async def _timed(fn: Callable[[], Awaitable[T]]) -> tuple[float, T]:
    start = time.perf_counter()
    result = await fn()
    return (time.perf_counter() - start) * 1000, result


def _config(uri: str) -> Neo4jConfig:
    return Neo4jConfig(
        uri=uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        query_timeout_s=600,
    )


async def main(argv: list[str] | None = None) -> int:
    from graphdb.score_table import mark_stale
    from resolvers.support.profiles import support_profile
    from resolvers.support.score_table import rebuild_scores
    from resolvers.support.thin_list import thin_support

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--load", action="store_true", help="wipe the database and load data")
    parser.add_argument("--rebuild", action="store_true", help="re-score everyone first")
    parser.add_argument(
        "--synthetic", action="store_true", help="load this file's simpler graph, not the seed's"
    )
    args = parser.parse_args(argv)
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        print("set NEO4J_URI to the Neo4j to benchmark (it is wiped with --load)", file=sys.stderr)
        return 2
    db = Database(_config(uri))
    try:
        await migrate(db)
        if args.load:
            while (await db.write(WIPE_BATCH, timeout=600))[0]["n"]:
                pass
            data = _dataset(args.people, args.seed, args.synthetic)
            ms, _ = await _timed(lambda: write_dataset(db, data, batch_size=10_000))
            print(f"loaded {data.counts()} in {ms / 1000:.1f} s")
        counts = await db.read_one(COUNTS)
        print(f"graph: {counts}")
        assert counts is not None
        if args.rebuild or counts["scored"] < counts["people"]:
            ms, n = await _timed(lambda: rebuild_scores(db))
            print(f"score table built for {n} people in {ms / 1000:.1f} s (once, after import)")
    finally:
        await db.close()

    # A fresh process's first request: new driver, new connections, nothing cached here.
    db = Database(_config(uri))
    try:
        ms, page = await _timed(lambda: thin_support(db))
        print(
            f"thinSupport first page, first call of a fresh process: {ms:.1f} ms "
            f"(totalCount {page.total}, with profiles)"
        )
        warm = []
        for _ in range(30):
            ms, page = await _timed(lambda: thin_support(db))
            warm.append(ms)
        print(
            f"thinSupport first page warm: median {statistics.median(warm):.1f} ms, "
            f"p90 {sorted(warm)[int(len(warm) * 0.9)]:.1f} ms"
        )
        ms, _ = await _timed(lambda: thin_support(db, None, 20, page.end_cursor))
        print(f"thinSupport second page: {ms:.1f} ms")

        students = [
            r["id"]
            for r in await db.read(
                "MATCH (s:Student) RETURN s.id AS id ORDER BY s.id SKIP 1000 LIMIT 100"
            )
        ]
        profile_ms = []
        for sid in students:
            ms, _ = await _timed(lambda sid=sid: support_profile(db, sid))  # type: ignore[misc]
            profile_ms.append(ms)
        print(
            f"supportProfile: median {statistics.median(profile_ms):.1f} ms, "
            f"max {max(profile_ms):.1f} ms over {len(profile_ms)} students"
        )

        # A mutation that ends every tie of a well-supported student, marking them in its
        # own transaction as writers do; the next page must list them.
        victim = await db.read_one(
            "MATCH (s:Student) WHERE s.supportThin = false RETURN s.id AS id LIMIT 1"
        )
        if victim:
            vid: str = victim["id"]

            async def end_ties(tx: Tx) -> None:
                await tx.run(
                    "MATCH (:Person)-[r:ADVISES|MENTORS|COACHES|TEACHES|TUTORS|PEER_SUPPORTS"
                    "|SUPERVISES]->(s:Person {id: $id}) SET r.until = date()",
                    {"id": vid},
                )
                await mark_stale(tx, [vid])

            await db.transaction(end_ties)
            before = page.total
            ms, page = await _timed(lambda: thin_support(db))
            ok = page.total == before + 1 and page.refreshed == 1
            print(
                f"thinSupport right after that write: {ms:.1f} ms; re-scored "
                f"{page.refreshed}, totalCount {before} -> {page.total}: "
                f"{'correct' if ok else 'WRONG'}"
            )
            ms, page = await _timed(lambda: thin_support(db))
            print(f"and the call after: {ms:.1f} ms")
    finally:
        await db.close()
    return 0


WIPE_BATCH: LiteralString = (
    "MATCH (n) WHERE NOT n:Migration WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n"
)
COUNTS: LiteralString = (
    "CALL () { MATCH (p:Person) RETURN count(p) AS people } "
    "CALL () { MATCH (p:SupportScored) RETURN count(p) AS scored } "
    "CALL () { MATCH (s:Student) RETURN count(s) AS students } "
    "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN people, scored, students, rels"
)


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
