"""Benchmark of mentoring programs (issue 11), on a seeded university with its scores built.

    NEO4J_URI=bolt://127.0.0.1:7687 .venv/bin/python -m bench.bench_programs \\
        [--mentees 2000] [--mentors 500] [--write]

``bench.run_all`` calls ``run`` on its 100,000-person graph; alone, ``--write`` puts the
figures into bench/results.json (key ``programs``) and renders docs/benchmarks.md. It adds
programs, enrolments and requests to the graph (a benchmark graph is throwaway), then:

- ``proposeMatches`` for ``--mentees`` undergraduates and ``--mentors`` open-door mentors
  (three places each in the program): the resolver's time in parts (reads and scoring,
  the optimiser) and over HTTP, and its total score against a greedy pass's on the same
  pairs in the same run;
- ``programAudience``'s first page over HTTP: a broad audience (every student) and a
  narrow one (students interested in solar technology), first call and warm;
- 50 concurrent ``acceptRequest`` calls over HTTP for 50 pending requests to a mentor with
  one free place: the time until all are answered, and how many won.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import time
from collections import Counter
from typing import Any

import httpx

from bench.common import Timing, admin_headers, server
from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Neo4jConfig
from graphdb.model import Dataset, Level, PersonRecord, Role
from graphdb.programs.bulk import write_programs
from graphdb.programs.records import (
    AudienceRecord,
    EnrolmentRecord,
    ProgramData,
    ProgramRecord,
    ProgramSide,
    ProgramStatus,
)
from resolvers.pagination import Cursors
from resolvers.programs import requests as requests_r
from resolvers.programs.actors import Actor
from resolvers.programs.assign import greedy, optimal, total
from resolvers.programs.audience import program_audience
from resolvers.programs.matching import candidates, propose_matches
from resolvers.programs.settings import ProgramSettings
from resolvers.support.score_table import refresh_scores

SETTINGS = ProgramSettings()
CURSORS = Cursors("bench")
# Fresh ids each run, so that the benchmark runs again on the same graph.
RUN = str(int(time.time()))
UNDERGRADUATES = "MATCH (p:Student) WHERE p.level = 'UNDERGRADUATE' RETURN p.id AS id ORDER BY id"
MENTORS = """
MATCH (m:Person) WHERE m.openDoor AND NOT m:Student AND (m.capacity IS NULL OR
  COUNT { (m)-[t:MENTORS]->() WHERE t.until IS NULL OR t.until > date() } < m.capacity)
RETURN m.id AS id ORDER BY id
"""
INTERESTS = (
    "UNWIND $ids AS pid MATCH (:Person {id: pid})-[:INTERESTED_IN]->(t:Topic) "
    "RETURN t.name AS topic"
)
PROPOSE = """query($p: ID!) { proposeMatches(programId: $p) { mentee { id } mentor { id }
  score reasons } }"""
AUDIENCE = """query($p: ID!) { programAudience(programId: $p, first: 20) { pageInfo {
  hasNextPage } edges { node { person { id name } fit reasons } } } }"""
ACCEPT = "mutation($id: ID!) { acceptRequest(id: $id) { id status } }"


async def _program(db: Database, record: ProgramRecord, enrolments: list[EnrolmentRecord]) -> None:
    await write_programs(db, ProgramData([record], enrolments, []))


def _enrolled(program: str, ids: list[str], side: ProgramSide) -> list[EnrolmentRecord]:
    return [EnrolmentRecord(pid, program, side, dt.date.today()) for pid in ids]


async def matching(
    db: Database, base: str, mentees: list[str], mentors: list[str]
) -> dict[str, Any]:
    counts = Counter(r["topic"] for r in await db.read(INTERESTS, {"ids": mentees}))
    topics = tuple(t for t, _ in counts.most_common(6))
    record = ProgramRecord(
        f"bench-matching-{RUN}",
        "Bench Matching",
        ProgramStatus.OPEN,
        topics=topics,
        default_capacity=3,
    )
    await _program(
        db,
        record,
        _enrolled(record.id, mentees, ProgramSide.MENTEE)
        + _enrolled(record.id, mentors, ProgramSide.MENTOR),
    )
    await refresh_scores(db)
    start = time.perf_counter()
    c = await candidates(db, record.id, SETTINGS)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    best = optimal(c.problem)
    optimise_s = time.perf_counter() - start
    start = time.perf_counter()
    quick = greedy(c.problem)
    greedy_s = time.perf_counter() - start
    start = time.perf_counter()
    found = await propose_matches(db, record.id, SETTINGS)
    resolver_s = time.perf_counter() - start
    async with httpx.AsyncClient(base_url=base, headers=admin_headers(), timeout=120) as http:
        start = time.perf_counter()
        body = (
            await http.post("/graphql", json={"query": PROPOSE, "variables": {"p": record.id}})
        ).json()
        http_s = time.perf_counter() - start
    assert "errors" not in body, body.get("errors")
    best_total, greedy_total = total(c.problem, best), total(c.problem, quick)
    return {
        "mentees": len(c.mentees),
        "mentors_with_places": len(c.mentors),
        "places": sum(len(p) for p in c.problem.place_costs),
        "eligible_pairs": len(c.problem.value),
        "matched": len(best),
        "greedy_matched": len(quick),
        "total_score": best_total / 100,
        "greedy_total_score": greedy_total / 100,
        "ratio_to_greedy": round(best_total / greedy_total, 4) if greedy_total else None,
        "proposals": len(found),
        "read_and_score_s": round(read_s, 2),
        "optimise_s": round(optimise_s, 2),
        "greedy_s": round(greedy_s, 2),
        "resolver_s": round(resolver_s, 2),
        "http_s": round(http_s, 2),
    }


async def audience(db: Database, base: str) -> dict[str, Any]:
    programs = {
        "broad": ProgramRecord(
            f"bench-broad-{RUN}",
            "Everyone",
            ProgramStatus.OPEN,
            topics=("career planning",),
            audience=AudienceRecord(roles=(Role.STUDENT,)),
        ),
        "topic": ProgramRecord(
            f"bench-topic-{RUN}",
            "Solar",
            ProgramStatus.OPEN,
            topics=("solar technology",),
            audience=AudienceRecord(roles=(Role.STUDENT,), topics=("solar technology",)),
        ),
    }
    for record in programs.values():
        await _program(db, record, [])
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=base, headers=admin_headers(), timeout=60) as http:
        for name, record in programs.items():

            async def page(pid: str = record.id) -> float:
                start = time.perf_counter()
                body = (
                    await http.post("/graphql", json={"query": AUDIENCE, "variables": {"p": pid}})
                ).json()
                assert "errors" not in body, body.get("errors")
                return (time.perf_counter() - start) * 1000

            first = await page()
            warm = Timing([await page() for _ in range(20)])
            floor = []
            for _ in range(20):
                start = time.perf_counter()
                await program_audience(db, record.id, 20, None, CURSORS)
                floor.append((time.perf_counter() - start) * 1000)
            out[name] = {
                "first_call_ms": round(first, 1),
                "warm_http": warm.row(),
                "resolver_floor": Timing(floor).row(),
            }
    return out


async def concurrent_accepts(db: Database, base: str, mentees: list[str]) -> dict[str, Any]:

    mentor = PersonRecord(
        f"bench-mentor-{RUN}",
        "Bench Mentor",
        (Role.ALUM,),
        open_door=True,
        capacity=1,
        serves_levels=(Level.UNDERGRADUATE,),
    )
    await write_dataset(db, Dataset(people=[mentor]))
    record = ProgramRecord(f"bench-race-{RUN}", "Race", ProgramStatus.OPEN, default_capacity=100)
    await _program(
        db,
        record,
        _enrolled(record.id, mentees, ProgramSide.MENTEE)
        + _enrolled(record.id, [mentor.id], ProgramSide.MENTOR),
    )
    admin = Actor(None, admin=True)
    ids = []
    for mentee in mentees:
        row = await requests_r.request_mentorship(
            db, admin, requests_r.Pair(mentee, mentor.id), record.id, None, SETTINGS
        )
        ids.append(row["id"])
    async with httpx.AsyncClient(base_url=base, headers=admin_headers(), timeout=60) as http:
        start = time.perf_counter()
        bodies = await asyncio.gather(
            *(
                http.post("/graphql", json={"query": ACCEPT, "variables": {"id": rid}})
                for rid in ids
            )
        )
        wall = time.perf_counter() - start
    codes = Counter(
        (b.json().get("errors") or [{"extensions": {"code": "OK"}}])[0]["extensions"]["code"]
        for b in bodies
    )
    load = await db.read_one(
        "MATCH (:Person {id: $id})-[t:MENTORS]->() RETURN count(t) AS n", {"id": mentor.id}
    )
    return {
        "requests": len(ids),
        "all_answered_s": round(wall, 2),
        "outcomes": dict(codes),
        "mentor_load_after": load["n"] if load else None,
        "capacity": 1,
    }


async def run(uri: str, n_mentees: int = 2000, n_mentors: int = 500) -> dict[str, Any]:
    db = Database(Neo4jConfig(uri=uri, query_timeout_s=900))
    rng = random.Random(11)
    students = [r["id"] for r in await db.read(UNDERGRADUATES) if r["id"][2].isdigit()]
    mentors = [r["id"] for r in await db.read(MENTORS) if r["id"][2].isdigit()]
    mentees = rng.sample(students, min(n_mentees, len(students)))
    others = sorted(set(students) - set(mentees))
    racers = random.Random(time.time()).sample(others, min(50, len(others)))
    people = await db.read_one("MATCH (p:Person) RETURN count(p) AS n")
    out: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "people": people["n"] if people else 0,
        "load_average_before": round(os.getloadavg()[0], 1),
    }
    with server(uri) as base:
        out["matching"] = await matching(
            db, base, mentees, rng.sample(mentors, min(n_mentors, len(mentors)))
        )
        out["audience"] = await audience(db, base)
        out["concurrent_accepts"] = await concurrent_accepts(db, base, racers)
    out["load_average_after"] = round(os.getloadavg()[0], 1)
    await db.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--write", action="store_true", help="into bench/results.json and the doc")
    args = parser.parse_args()
    results = asyncio.run(run(os.environ["NEO4J_URI"], args.mentees, args.mentors))
    print(json.dumps(results, indent=2))
    if args.write:
        from bench.run_all import DOC, RESULTS, render

        everything = json.loads(RESULTS.read_text())
        everything["programs"] = results
        RESULTS.write_text(json.dumps(everything, indent=2, default=str) + "\n")
        DOC.write_text(render(everything))


if __name__ == "__main__":
    main()
