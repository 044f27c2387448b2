"""32 writers at once on the same few people, through two server processes on one Neo4j:
adding the same ties (the same identity from several writers at once), updating and ending
them, joining and leaving groups, logging interactions; enrolling in and leaving a
program, requesting, accepting, declining and completing mentorships, racing for mentors'
last places. Afterwards the invariants hold: no tie identity or membership stored twice,
every stored support score equal to a fresh computation, the alert sequence without gaps,
the audit chain whole (tests/reliability/invariants.py); no mentor over their capacity or
their places in the program, no mentee matched twice in it, every accepted request with
its one tie (`program_problems`); and no answer was INTERNAL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, LiteralString

import httpx

from graphdb.driver import Database
from tests.reliability.harness import ADMIN, Server, record_figures
from tests.reliability.invariants import problems

WRITERS = 32
WRITE_S = 6.0
STUDENTS = [f"s{i}" for i in range(6)]
STAFF = [f"f{i}" for i in range(5)]
GROUPS = ["g0", "g1"]
SINCE = ["2024-09-01", "2025-01-15"]  # few, so that writers add the same tie identity
# What an answer to a racing writer may rightly be: done, or refused because another
# writer got there first (CONFLICT), undid it (NOT_FOUND), or ended the tie an interaction
# needs (BAD_USER_INPUT); UNAVAILABLE when Neo4j kept failing a transaction as a deadlock
# victim past the retry time. Anything else is a failure of the test.
EXPECTED = {None, "CONFLICT", "NOT_FOUND", "BAD_USER_INPUT", "UNAVAILABLE"}

DUPLICATE_MEMBERSHIPS: LiteralString = """
MATCH (p:Person)-[m:MEMBER_OF]->(g:Group) WITH p, g, count(m) AS n WHERE n > 1
RETURN p.id + ' in ' + g.id AS pair
"""


@dataclass
class Shared:
    """What the writers have learned together: tie ids they may update, end or use."""

    ties: dict[str, tuple[str, str]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)  # mentorship requests made
    answers: Counter[str] = field(default_factory=Counter)
    why: Counter[str] = field(default_factory=Counter)  # what UNAVAILABLE said


Operation = Callable[[httpx.AsyncClient, random.Random, Shared], Awaitable[None]]


async def gql(http: httpx.AsyncClient, shared: Shared, op: str, query: str, **v: Any) -> Any:
    r = await http.post("/graphql", json={"query": query, "variables": v}, headers=ADMIN)
    body = r.json()
    code = body["errors"][0]["extensions"].get("code") if body.get("errors") else None
    shared.answers[f"{op} {code or 'ok'}"] += 1
    if code == "UNAVAILABLE":
        shared.why[body["errors"][0]["message"]] += 1
    return body.get("data") if code is None else None


async def add_tie(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    frm, to = rng.choice(STAFF), rng.choice(STUDENTS)
    data = await gql(
        http,
        shared,
        "addTie",
        "mutation($i: TieInput!) { addTie(input: $i) { id } }",
        i={
            "kind": rng.choice(["ADVISES", "MENTORS", "PEER_SUPPORTS"]),
            "supporterId": frm,
            "supportedId": to,
            "since": rng.choice(SINCE),
            "strength": round(rng.random(), 3),
        },
    )
    if data:
        shared.ties[data["addTie"]["id"]] = (frm, to)


async def update_tie(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    if shared.ties:
        await gql(
            http,
            shared,
            "updateTie",
            "mutation($id: ID!, $s: Float) { updateTie(id: $id, patch: {strength: $s}) { id } }",
            id=rng.choice(list(shared.ties)),
            s=round(rng.random(), 3),
        )


async def end_tie(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    if shared.ties and rng.random() < 0.5:  # ending is final: do it less often
        await gql(
            http,
            shared,
            "endTie",
            "mutation($id: ID!) { endTie(id: $id) { id } }",
            id=rng.choice(list(shared.ties)),
        )


async def membership(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    who, group = rng.choice(STUDENTS + STAFF), rng.choice(GROUPS)
    if rng.random() < 0.6:
        query = (
            "mutation($p: ID!, $g: ID!) "
            "{ addMembership(input: {personId: $p, groupId: $g}) { role } }"
        )
        await gql(http, shared, "addMembership", query, p=who, g=group)
    else:
        query = "mutation($p: ID!, $g: ID!) { endMembership(personId: $p, groupId: $g) }"
        await gql(http, shared, "endMembership", query, p=who, g=group)


async def interaction(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    if shared.ties:
        frm, to = shared.ties[rng.choice(list(shared.ties))]
        await gql(
            http,
            shared,
            "logInteraction",
            "mutation($f: ID!, $t: ID!, $at: Date!) "
            "{ logInteraction(fromId: $f, toId: $t, at: $at) { id } }",
            f=frm,
            t=to,
            at=(dt.date.today() - dt.timedelta(days=rng.randint(0, 60))).isoformat(),
        )


async def read(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    query = rng.choice(
        [
            "{ thinSupport(first: 5) { totalCount } }",  # refreshes stale scores as it reads
            '{ supportProfile(personId: "s0") { score thin } }',
        ]
    )
    await gql(http, shared, "read", query)


OPERATIONS: list[Operation] = [add_tie, add_tie, update_tie, end_tie, membership, interaction, read]

# ---- Programs (SPEC §8) -------------------------------------------------------------
# One open program; three mentors whose two limits bind in turn: their own capacity
# (active MENTORS ties, SPEC §4) and their places in the program. Writers enrol and
# withdraw the students as mentees, request, accept, decline and complete mentorships,
# racing for the last places.
PROGRAM = "p0"
MENTORS = {"a0": (3, 2), "a1": (2, 3), "a2": (1, 1)}  # id: (capacity, places in PROGRAM)
MAX_PENDING = 5  # SUPPORTWEB_MAX_PENDING_REQUESTS' default


async def _program(http: httpx.AsyncClient, shared: Shared) -> None:
    create = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
    for mid, (capacity, _) in MENTORS.items():
        person = {"id": mid, "name": mid, "roles": ["ALUM"], "openDoor": True}
        await gql(http, shared, "setup", create, i=person | {"capacity": capacity})
    query = "mutation($i: ProgramInput!) { createProgram(input: $i) { id } }"
    await gql(http, shared, "setup", query, i={"id": PROGRAM, "name": "P", "status": "OPEN"})
    enrol = (
        "mutation($p: ID!, $who: ID!, $side: ProgramSide!, $c: Int) "
        "{ enrol(programId: $p, personId: $who, side: $side, capacity: $c) { side } }"
    )
    for mid, (_, places) in MENTORS.items():
        await gql(http, shared, "setup", enrol, p=PROGRAM, who=mid, side="MENTOR", c=places)
    # Every student enrolled and asking every mentor: the writers' first accepts race for
    # places from the start.
    ask = (
        "mutation($s: ID!, $m: ID!, $p: ID) "
        "{ requestMentorship(menteeId: $s, mentorId: $m, programId: $p) { id } }"
    )
    for sid in STUDENTS:
        await gql(http, shared, "setup", enrol, p=PROGRAM, who=sid, side="MENTEE", c=None)
        for mid in MENTORS:
            data = await gql(http, shared, "setup", ask, s=sid, m=mid, p=PROGRAM)
            shared.requests.append(data["requestMentorship"]["id"])


async def enrol_mentee(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    who = rng.choice(STUDENTS)
    if rng.random() < 0.8:
        query = (
            "mutation($p: ID!, $who: ID!) "
            "{ enrol(programId: $p, personId: $who, side: MENTEE) { side } }"
        )
        await gql(http, shared, "enrol", query, p=PROGRAM, who=who)
    else:  # cancels their pending requests in the program
        query = "mutation($p: ID!, $who: ID!) { leaveProgram(programId: $p, personId: $who) }"
        await gql(http, shared, "leaveProgram", query, p=PROGRAM, who=who)


async def request(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    query = (
        "mutation($s: ID!, $m: ID!, $p: ID) "
        "{ requestMentorship(menteeId: $s, mentorId: $m, programId: $p) { id } }"
    )
    data = await gql(
        http,
        shared,
        "requestMentorship",
        query,
        s=rng.choice(STUDENTS),
        m=rng.choice(list(MENTORS)),
        p=PROGRAM,
    )
    if data:
        shared.requests.append(data["requestMentorship"]["id"])


async def decide(http: httpx.AsyncClient, rng: random.Random, shared: Shared) -> None:
    if not shared.requests:
        return
    rid, roll = rng.choice(shared.requests), rng.random()
    op = "acceptRequest" if roll < 0.6 else "declineRequest" if roll < 0.8 else "completeMentorship"
    await gql(http, shared, op, f"mutation($id: ID!) {{ {op}(id: $id) {{ status }} }}", id=rid)


PROGRAM_OPERATIONS: list[Operation] = [enrol_mentee, request, decide, decide, decide]

# Each row a broken promise: a mentor over their capacity or over their places in the
# program, a mentee matched twice in it or with more pending requests than allowed, an
# accepted request without its one active tie, a program's tie without its request.
PROGRAM_PROBLEMS: LiteralString = """
CALL () {
  MATCH (m:Person) WHERE m.capacity IS NOT NULL
  WITH m, COUNT { (m)-[t:MENTORS]->(:Person) WHERE t.until IS NULL OR t.until > date() } AS n
  WHERE n > m.capacity
  RETURN 'mentor ' + m.id + ' has ' + n + ' mentees, capacity ' + m.capacity AS problem
  UNION ALL
  MATCH (m:Person)-[e:MENTOR_IN]->(pr:Program)
  WITH m, pr, coalesce(e.capacity, pr.defaultCapacity) AS places,
       COUNT { (m)-[t:MENTORS {programId: pr.id}]->(:Person)
               WHERE t.until IS NULL OR t.until > date() } AS n
  WHERE places IS NOT NULL AND n > places
  RETURN 'mentor ' + m.id + ' has ' + n + ' mentees in ' + pr.id + ', places ' + places
         AS problem
  UNION ALL
  MATCH (x:Person)-[t:MENTORS]->(s:Person)
  WHERE t.programId IS NOT NULL AND (t.until IS NULL OR t.until > date())
  WITH s, t.programId AS program, count(t) AS n WHERE n > 1
  RETURN s.id + ' matched ' + n + ' times in ' + program AS problem
  UNION ALL
  MATCH (s:Person)-[:REQUESTED]->(r:MentorshipRequest {status: 'PENDING'})
  WITH s, count(r) AS n WHERE n > $maxPending
  RETURN s.id + ' has ' + n + ' pending requests' AS problem
  UNION ALL
  MATCH (r:MentorshipRequest) WHERE r.status IN ['ACCEPTED', 'COMPLETED']
  WITH r, COUNT { ()-[t:MENTORS {requestId: r.id}]->() } AS ties,
       COUNT { ()-[t:MENTORS {requestId: r.id}]->()
               WHERE t.until IS NULL OR t.until > date() } AS live
  WHERE ties <> 1 OR live <> CASE r.status WHEN 'ACCEPTED' THEN 1 ELSE 0 END
  RETURN r.status + ' request ' + r.id + ' has ' + ties + ' ties, ' + live + ' active'
         AS problem
  UNION ALL
  MATCH ()-[t:MENTORS]->() WHERE t.requestId IS NOT NULL
  OPTIONAL MATCH (r:MentorshipRequest {id: t.requestId})
  WITH t, r WHERE r IS NULL OR NOT r.status IN ['ACCEPTED', 'COMPLETED']
  RETURN 'a tie of request ' + t.requestId + ' (' + coalesce(r.status, 'missing') + ')'
         AS problem
}
RETURN problem
"""


async def program_problems(db: Database) -> list[str]:
    rows = await db.read(PROGRAM_PROBLEMS, {"maxPending": MAX_PENDING})
    return [str(r["problem"]) for r in rows]


# --------------------------------------------------------------------------------------


async def _people(http: httpx.AsyncClient, shared: Shared) -> None:
    create = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
    group = "mutation($i: GroupInput!) { createGroup(input: $i) { id } }"
    await asyncio.gather(
        *(
            gql(http, shared, "setup", create, i={"id": pid, "name": pid, "roles": [role]})
            for pid, role in [(s, "STUDENT") for s in STUDENTS] + [(f, "FACULTY") for f in STAFF]
        ),
        *(
            gql(http, shared, "setup", group, i={"id": gid, "name": gid, "kind": "CLUB"})
            for gid in GROUPS
        ),
    )


async def _writer(http: httpx.AsyncClient, seed: int, shared: Shared, until: float) -> None:
    rng = random.Random(seed)
    operations = OPERATIONS + PROGRAM_OPERATIONS
    while time.monotonic() < until:
        await rng.choice(operations)(http, rng, shared)


async def test_thirty_two_writers_on_the_same_people(
    db: Database, neo4j_uri: str, tmp_path: Path
) -> None:
    shared = Shared()
    a, b = Server(neo4j_uri, tmp_path / "a.log"), Server(neo4j_uri, tmp_path / "b.log")
    try:
        await asyncio.gather(asyncio.to_thread(a.start), asyncio.to_thread(b.start))
        async with (
            httpx.AsyncClient(base_url=a.url, timeout=60) as on_a,
            httpx.AsyncClient(base_url=b.url, timeout=60) as on_b,
        ):
            await _people(on_a, shared)
            await _program(on_a, shared)
            setup = len(STUDENTS + STAFF + GROUPS) + 2 * len(MENTORS) + 1
            setup += len(STUDENTS) * (1 + len(MENTORS))
            assert shared.answers == Counter({"setup ok": setup})
            # Server b has answered nothing yet but /healthz: one request first, so that the
            # race starts on two warm servers. (Twice in a full CI run the 16 writers' first
            # burst on a cold b had a connection closed with no answer and nothing in b's
            # log; not reproduced alone, under load or not: noted for an issue of its own.)
            warm = await on_b.post("/graphql", json={"query": "{ __typename }"}, headers=ADMIN)
            assert warm.status_code == 200
            until = time.monotonic() + WRITE_S
            await asyncio.gather(
                *(_writer(on_a if i % 2 else on_b, i, shared, until) for i in range(WRITERS))
            )
    finally:
        a.stop()
        b.stop()
    found = await problems(db) + await program_problems(db)
    found += [f"membership twice: {r['pair']}" for r in await db.read(DUPLICATE_MEMBERSHIPS)]
    assert found == []
    unexpected = {k: n for k, n in shared.answers.items() if k.split()[-1] not in _codes()}
    assert unexpected == {}
    record_figures(
        "concurrency",
        {
            "writers": WRITERS,
            "servers": 2,
            "people": len(STUDENTS + STAFF),
            "seconds": WRITE_S,
            "answers": dict(sorted(shared.answers.items())),
            "unavailable_because": dict(shared.why),
            "invariants_broken": 0,
        },
    )


def _codes() -> set[str]:
    return {code or "ok" for code in EXPECTED}
