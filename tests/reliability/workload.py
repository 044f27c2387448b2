"""Clients that keep a ledger: each sends mixed reads and writes (createPerson, addTie,
updateTie, logInteraction) and writes down what it was told, so that afterwards the graph
can be held against every answer.

An answer is one of three outcomes:

- OK: the write was acknowledged, so it must be in the graph, whole;
- REFUSED: a definite error (BAD_USER_INPUT, NOT_FOUND, CONFLICT, …, or no connection
  at all), so nothing of it may be in the graph;
- UNKNOWN: UNAVAILABLE or TIMEOUT, or the connection broke after the request was sent —
  the write may have landed or not, but whole or not at all.

Every write names what it writes (people, tie ids, the interaction's kind label) with
values unique to it, so its traces can be found and told apart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString

import httpx

from graphdb.driver import Database
from tests.reliability.harness import ADMIN

OK, REFUSED, UNKNOWN = "ok", "refused", "unknown"
MAYBE_APPLIED = ("UNAVAILABLE", "TIMEOUT")
NO_ANSWER = ("NO_CONNECTION", "CONNECTION_BROKE")  # the server was not there

CREATE_PERSON = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
ADD_TIE = "mutation($i: TieInput!) { addTie(input: $i) { id } }"
UPDATE_TIE = "mutation($id: ID!, $p: TiePatch!) { updateTie(id: $id, patch: $p) { id } }"
LOG = (
    "mutation($f: ID!, $t: ID!, $at: Date!, $k: String!) "
    "{ logInteraction(fromId: $f, toId: $t, at: $at, kind: $k) { id } }"
)
READS = [
    ("query($id: ID!) { person(id: $id) { id name supporters { id strength } } }", True),
    ("{ people(first: 20) { totalCount edges { node { id name } } } }", False),
    ("query($id: ID!) { supportProfile(personId: $id) { score thin reasons } }", True),
    ("{ thinSupport(first: 10) { totalCount edges { node { person { id } } } } }", False),
]


async def base_people(http: httpx.AsyncClient, n: int = 8) -> list[str]:
    """People every writer may tie its own to: faculty, created before the run."""
    ids = [f"base{i}" for i in range(n)]
    for pid in ids:
        r = await http.post(
            "/graphql",
            json={
                "query": CREATE_PERSON,
                "variables": {"i": {"id": pid, "name": pid, "roles": ["FACULTY"]}},
            },
            headers=ADMIN,
        )
        assert "errors" not in r.json(), r.text
    return ids


@dataclass
class Entry:
    op: str
    args: dict[str, Any]
    outcome: str
    code: str | None
    started: float
    took: float


@dataclass
class Writer:
    """One client. ``base`` are people known to exist before it starts."""

    http: httpx.AsyncClient
    name: str
    base: Sequence[str]
    seed: int
    pause: float = 0.02
    backoff: float = 0.25
    ledger: list[Entry] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # acknowledged
    ties: dict[str, tuple[str, str]] = field(default_factory=dict)  # acknowledged
    n: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            entry = await self.step()
            # As a client should: after UNAVAILABLE or no answer, wait a little before the
            # next request
            # (without it six clients spin on instant refusals and starve the database of
            # the CPU it needs to come back).
            away = entry.code in MAYBE_APPLIED or entry.code in NO_ANSWER
            await asyncio.sleep(self.backoff if away else self.pause)

    async def step(self) -> Entry:
        self.n += 1
        roll = self.rng.random()
        if roll < 0.35:
            return await self.read()
        if roll < 0.5 or len(self.people) < 2:
            return await self.create_person()
        if roll < 0.7 or not self.ties:
            return await self.add_tie()
        if roll < 0.85:
            return await self.update_tie()
        return await self.log_interaction()

    async def read(self) -> Entry:
        query, needs_id = self.rng.choice(READS)
        someone = self.rng.choice([*self.base, *self.people])
        return await self.send("read", query, {"id": someone} if needs_id else {})

    async def create_person(self) -> Entry:
        pid = f"{self.name}-p{self.n}"
        topics = ["reliability", f"{self.name} topic {self.n}"]
        entry = await self.send(
            "createPerson",
            CREATE_PERSON,
            {"i": {"id": pid, "name": f"Person {pid}", "roles": ["STUDENT"], "interests": topics}},
        )
        if entry.outcome == OK:
            self.people.append(pid)
        return entry

    async def add_tie(self) -> Entry:
        supporter = self.rng.choice(self.base)
        supported = self.rng.choice(self.people)
        tid = f"{self.name}-t{self.n}"
        strength = self._strength()
        entry = await self.send(
            "addTie",
            ADD_TIE,
            {
                "i": {
                    "id": tid,
                    "kind": self.rng.choice(["ADVISES", "MENTORS", "COACHES"]),
                    "supporterId": supporter,
                    "supportedId": supported,
                    "strength": strength,
                }
            },
        )
        if entry.outcome == OK:
            self.ties[tid] = (supporter, supported)
        return entry

    async def update_tie(self) -> Entry:
        tid = self.rng.choice(list(self.ties))
        return await self.send(
            "updateTie", UPDATE_TIE, {"id": tid, "p": {"strength": self._strength()}}
        )

    async def log_interaction(self) -> Entry:
        tid = self.rng.choice(list(self.ties))
        frm, to = self.ties[tid]
        at = (dt.date.today() - dt.timedelta(days=self.rng.randint(0, 30))).isoformat()
        kind = f"{self.name}_{self.n}".upper().replace("-", "_")
        return await self.send("logInteraction", LOG, {"f": frm, "t": to, "at": at, "k": kind})

    def _strength(self) -> float:
        # Unique to this write (within this writer), so the final value says which won.
        return round(self.n / 100_000 + self.seed / 1_000, 6) % 1

    async def send(self, op: str, query: str, variables: dict[str, Any]) -> Entry:
        started = time.monotonic()
        outcome, code = await self._post(query, variables)
        entry = Entry(op, variables, outcome, code, started, time.monotonic() - started)
        self.ledger.append(entry)
        return entry

    async def _post(self, query: str, variables: dict[str, Any]) -> tuple[str, str | None]:
        try:
            r = await self.http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=ADMIN
            )
        except httpx.ConnectError:
            return REFUSED, "NO_CONNECTION"  # it never reached a server
        except httpx.TransportError:
            return UNKNOWN, "CONNECTION_BROKE"
        try:
            body = r.json()
        except ValueError:
            return REFUSED, f"HTTP {r.status_code}"
        errors = body.get("errors")
        if r.status_code == 200 and not errors:
            return OK, None
        code = (errors or [{}])[0].get("extensions", {}).get("code", f"HTTP {r.status_code}")
        return (UNKNOWN if code in MAYBE_APPLIED else REFUSED), code


PEOPLE: LiteralString = """
UNWIND $ids AS pid OPTIONAL MATCH (p:Person {id: pid})
RETURN pid AS id, p IS NOT NULL AS found, p.name AS name, p:Student AS student,
       [(p)-[:INTERESTED_IN]->(t:Topic) | t.name] AS topics
"""
TIES: LiteralString = """
UNWIND $ids AS tid
OPTIONAL MATCH (a:Person)-[r {id: tid}]->(b:Person)
RETURN tid AS id, r IS NOT NULL AS found, a.id AS a, b.id AS b, r.strength AS strength
"""
INTERACTIONS: LiteralString = """
UNWIND $kinds AS kind
OPTIONAL MATCH (i:Interaction {kind: kind})
WITH kind, i, COUNT { (i)<-[:PARTY_TO]-(:Person) } AS parties
RETURN kind, count(i) AS n, collect(parties) AS parties
"""


async def ledger_problems(db: Database, writers: Sequence[Writer]) -> list[str]:
    """Hold the graph against every answer every writer was given."""
    entries = [e for w in writers for e in w.ledger]
    out: list[str] = []
    people = {
        r["id"]: r
        for r in await db.read(
            PEOPLE, {"ids": [e.args["i"]["id"] for e in entries if e.op == "createPerson"]}
        )
    }
    for e in (e for e in entries if e.op == "createPerson"):
        sent, got = e.args["i"], people[e.args["i"]["id"]]
        whole = (
            got["found"]
            and got["name"] == sent["name"]
            and got["student"]
            and sorted(got["topics"]) == sorted(t.lower() for t in sent["interests"])
        )
        out += _judge(e, sent["id"], got["found"], whole)
    out += await _tie_problems(db, entries)
    kinds = [e.args["k"] for e in entries if e.op == "logInteraction"]
    found = {r["kind"]: r for r in await db.read(INTERACTIONS, {"kinds": kinds})}
    for e in (e for e in entries if e.op == "logInteraction"):
        got = found[e.args["k"]]
        if got["n"] > 1:
            out.append(f"interaction {e.args['k']} logged {got['n']} times")
        out += _judge(e, e.args["k"], got["n"] > 0, got["parties"] == [2])
    return out


def _judge(e: Entry, what: str, present: bool, whole: bool) -> list[str]:
    if present and not whole:
        return [f"{e.op} {what} ({e.outcome}) is partly present"]
    if e.outcome == OK and not present:
        return [f"{e.op} {what} was acknowledged and is missing"]
    if e.outcome == REFUSED and present:
        return [f"{e.op} {what} was refused ({e.code}) and is present"]
    return []


async def _tie_problems(db: Database, entries: list[Entry]) -> list[str]:
    adds = {e.args["i"]["id"]: e for e in entries if e.op == "addTie"}
    rows = {r["id"]: r for r in await db.read(TIES, {"ids": list(adds)})}
    out: list[str] = []
    for tid, e in adds.items():
        sent, got = e.args["i"], rows[tid]
        ends = (got["a"], got["b"]) == (sent["supporterId"], sent["supportedId"])
        out += _judge(e, tid, got["found"], ends)
        if got["found"]:
            allowed = _allowed_strengths(e, [u for u in entries if u.args.get("id") == tid])
            if got["strength"] not in allowed:
                out.append(f"tie {tid} has strength {got['strength']}, answers allow {allowed}")
    return out


def _allowed_strengths(add: Entry, updates: list[Entry]) -> set[float]:
    """A tie's writes run one after another (its writer waits for each answer), so its
    final strength is the last acknowledged one's, or that of a later write whose outcome
    is unknown."""
    allowed = {add.args["i"]["strength"]}
    for u in updates:  # in the order they were sent
        value = u.args["p"]["strength"]
        if u.outcome == OK:
            allowed = {value}
        elif u.outcome == UNKNOWN:
            allowed.add(value)
    return allowed
