"""Capacity is a hard limit under concurrency (SPEC §8): many accepts for a mentor with one
free place, sent at once through the API, give exactly one mentorship; so do accepted
proposals racing single accepts, and a losing proposal writes nothing at all."""

from __future__ import annotations

import asyncio
from typing import Any

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import Dataset, Level, PersonRecord, Role, TieKind, TieRecord
from graphdb.programs.records import ProgramSide
from resolvers.programs import programs as programs_r
from resolvers.programs import requests as requests_r
from resolvers.programs.actors import Actor
from resolvers.programs.settings import ProgramSettings
from tests.conftest import GraphQLClient

ADMIN = Actor(None, admin=True)
SETTINGS = ProgramSettings()
ACCEPT = "mutation($id: ID!) { acceptRequest(id: $id) { id status } }"
PROPOSALS = """mutation($pairs: [MatchPairInput!]!) {
  acceptProposals(programId: "race", pairs: $pairs) { id status mentee { id } } }"""
LOAD = """MATCH (m:Person {id: $id}) RETURN m.capacity AS capacity,
  COUNT { (m)-[t:MENTORS]->() WHERE t.until IS NULL OR t.until > date() } AS load"""


async def _race_world(db: Database, mentors: dict[str, int], mentees: int) -> list[str]:
    """Mentors with ``capacity - 1`` mentees already (one free place each), ``mentees``
    undergraduates, all enrolled in the open program "race" (ten places a mentor)."""
    people = [
        PersonRecord(m, f"Mentor {m}", (Role.ALUM,), open_door=True, capacity=cap)
        for m, cap in mentors.items()
    ]
    students = [f"s{k:02d}" for k in range(mentees)]
    people += [
        PersonRecord(s, f"Student {s}", (Role.STUDENT,), level=Level.UNDERGRADUATE)
        for s in students
    ]
    ties = []
    for m, cap in mentors.items():
        for k in range(cap - 1):
            people.append(PersonRecord(f"{m}-old{k}", f"Old {k}", (Role.STUDENT,)))
            ties.append(TieRecord(f"{m}-t{k}", m, f"{m}-old{k}", TieKind.MENTORS))
    await write_dataset(db, Dataset(people=people, ties=ties))
    fields = {"id": "race", "name": "Race", "status": "OPEN", "default_capacity": 10}
    await programs_r.create_program(db, fields)
    enrolments = [(m, ProgramSide.MENTOR) for m in mentors]
    enrolments += [(s, ProgramSide.MENTEE) for s in students]
    for who, side in enrolments:
        await programs_r.enrol(db, ADMIN, "race", who, side, None, SETTINGS)
    return students


async def _ask(db: Database, mentee: str, mentor: str) -> str:
    pair = requests_r.Pair(mentee, mentor)
    row = await requests_r.request_mentorship(db, ADMIN, pair, "race", None, SETTINGS)
    request_id: str = row["id"]
    return request_id


async def _load(db: Database, mentor: str) -> tuple[int, int]:
    row = await db.read_one(LOAD, {"id": mentor})
    assert row is not None
    return row["load"], row["capacity"]


def _outcomes(bodies: list[dict[str, Any]]) -> tuple[int, list[str]]:
    won = sum(1 for b in bodies if not b.get("errors"))
    lost = [b["errors"][0]["extensions"]["code"] for b in bodies if b.get("errors")]
    return won, lost


async def test_fifty_accepts_for_one_free_place_give_one_mentorship(
    client: GraphQLClient, db: Database
) -> None:
    students = await _race_world(db, {"m": 3}, 50)
    ids = await asyncio.gather(*(_ask(db, s, "m") for s in students))
    assert await _load(db, "m") == (2, 3)
    bodies = await asyncio.gather(*(client.post(ACCEPT, {"id": rid}) for rid in ids))
    won, lost = _outcomes(bodies)
    assert (won, lost) == (1, ["CONFLICT"] * 49)
    messages = {b["errors"][0]["message"] for b in bodies if b.get("errors")}
    assert messages == {"Mentor m has no free mentoring place: 3 of 3 taken"}
    assert await _load(db, "m") == (3, 3)  # one new MENTORS tie, never more than capacity
    statuses = await db.read(
        "MATCH (r:MentorshipRequest) RETURN r.status AS status, count(*) AS n ORDER BY status"
    )
    assert statuses == [{"status": "ACCEPTED", "n": 1}, {"status": "PENDING", "n": 49}]


async def test_a_program_place_holds_the_same_way(client: GraphQLClient, db: Database) -> None:
    students = await _race_world(db, {"p": 50}, 20)
    await programs_r.enrol(db, ADMIN, "race", "p", ProgramSide.MENTOR, 1, SETTINGS)
    ids = await asyncio.gather(*(_ask(db, s, "p") for s in students))
    bodies = await asyncio.gather(*(client.post(ACCEPT, {"id": rid}) for rid in ids))
    assert _outcomes(bodies) == (1, ["CONFLICT"] * 19)
    row = await db.read_one(
        "MATCH (:Person {id: 'p'})-[t:MENTORS {programId: 'race'}]->() RETURN count(t) AS n"
    )
    assert row == {"n": 1}


async def test_accepted_proposals_race_single_accepts(client: GraphQLClient, db: Database) -> None:
    students = await _race_world(db, {"m": 2, "roomy": 5}, 12)
    asked = await asyncio.gather(*(_ask(db, s, "m") for s in students[:10]))
    # The proposal wants m's one free place for s10, and a place with roomy for s11.
    pairs = [{"menteeId": "s10", "mentorId": "m"}, {"menteeId": "s11", "mentorId": "roomy"}]
    calls = [client.post(ACCEPT, {"id": rid}) for rid in asked]
    calls.insert(5, client.post(PROPOSALS, {"pairs": pairs}))
    bodies = await asyncio.gather(*calls)
    won, lost = _outcomes(bodies)
    assert (won, lost) == (1, ["CONFLICT"] * 10)
    assert await _load(db, "m") == (2, 2)
    proposal = bodies[5]
    roomy_ties = await db.read_one(
        "MATCH (:Person {id: 'roomy'})-[t:MENTORS]->(:Person {id: 's11'}) RETURN count(t) AS n"
    )
    if proposal.get("errors"):
        # All or none: the pair that had room was not written either.
        assert proposal["errors"][0]["message"].startswith("pair 1 (s10 with m): ")
        assert roomy_ties == {"n": 0}
        left = await db.read("MATCH (:Person {id: 's11'})-[:REQUESTED]->(r) RETURN r.id AS id")
        assert left == []
    else:
        assert roomy_ties == {"n": 1}
        statuses = [r["status"] for r in proposal["data"]["acceptProposals"]]
        assert statuses == ["ACCEPTED", "ACCEPTED"]
