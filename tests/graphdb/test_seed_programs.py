"""The seed document's two programs in the seeded university, read through the API: the
solar car team's for students interested in solar technology, the basketball team's for
the grade school's K-12 pupils; their enrolments, requests in every state, accepted
mentorships, audiences and proposals (docs/seed.md)."""

from __future__ import annotations

import datetime as dt

from graphdb.driver import Database
from graphdb.seed import seed
from tests.conftest import GraphQLClient

PROGRAMS = """{ programs(status: OPEN) { edges { node { id name host { id } topics
  audience { roles levels topics groupIds } } } } }"""
AUDIENCE = """query($p: ID!) { programAudience(programId: $p, first: 100) {
  pageInfo { hasNextPage } edges { node { person { id } reasons } } } }"""


async def _seeded(db: Database) -> None:
    row = await db.read_one("RETURN date() AS today")
    assert row is not None
    today: dt.date = row["today"]
    await seed(db, 400, 7, today=today)


async def test_the_seed_documents_programs_and_their_audiences(
    client: GraphQLClient, db: Database
) -> None:
    await _seeded(db)
    programs = {
        e["node"]["id"]: e["node"] for e in (await client.data(PROGRAMS))["programs"]["edges"]
    }
    assert programs == {
        "prog-solar-car": {
            "id": "prog-solar-car",
            "name": "Solar Car Mentoring",
            "host": {"id": "g-solar-car"},
            "topics": ["solar technology"],
            "audience": {
                "roles": ["STUDENT"],
                "levels": [],
                "topics": ["solar technology"],
                "groupIds": [],
            },
        },
        "prog-reading-buddies": {
            "id": "prog-reading-buddies",
            "name": "Reading Buddies",
            "host": {"id": "g-basketball"},
            "topics": ["math homework", "reading"],
            "audience": {
                "roles": [],
                "levels": ["K12"],
                "topics": [],
                "groupIds": ["g-grade-school"],
            },
        },
    }
    # The grade school's pupils not yet enrolled: 21 to 24, each with no mentor yet.
    buddies = (await client.data(AUDIENCE, {"p": "prog-reading-buddies"}))["programAudience"]
    rows = {e["node"]["person"]["id"]: e["node"]["reasons"] for e in buddies["edges"]}
    assert sorted(rows) == [f"p-pupil-{k}" for k in range(21, 25)]
    for reasons in rows.values():
        assert reasons[0] == "a K-12 student" and "in Riverside Elementary School" in reasons
        assert reasons[-2].startswith("thin support: only one person supports you")
        assert reasons[-1] == "no mentor yet in math homework and reading"
    # Students interested in solar technology, not yet its mentees: Sofia among them.
    solar = (await client.data(AUDIENCE, {"p": "prog-solar-car"}))["programAudience"]
    listed = {e["node"]["person"]["id"] for e in solar["edges"]}
    expected = await db.read(
        "MATCH (p:Student)-[:INTERESTED_IN]->(:Topic {name: 'solar technology'}) "
        "WHERE NOT (p)-[:MENTEE_IN]->(:Program {id: 'prog-solar-car'}) RETURN p.id AS id"
    )
    assert not solar["pageInfo"]["hasNextPage"]
    assert listed == {r["id"] for r in expected} and "p-solar-student" in listed
    await _requests_and_mentorships(client, db)


async def _requests_and_mentorships(client: GraphQLClient, db: Database) -> None:
    rows = await db.read(
        "MATCH (r:MentorshipRequest)-[:IN_PROGRAM]->(pr:Program) "
        "RETURN pr.id AS program, r.status AS status, count(*) AS n ORDER BY program, status"
    )
    counts = {(r["program"], r["status"]): r["n"] for r in rows}
    assert counts == {
        ("prog-reading-buddies", "ACCEPTED"): 16,
        ("prog-reading-buddies", "CANCELLED"): 1,
        ("prog-reading-buddies", "DECLINED"): 1,
        ("prog-reading-buddies", "EXPIRED"): 1,
        ("prog-reading-buddies", "PENDING"): 1,
        ("prog-solar-car", "ACCEPTED"): 1,
        ("prog-solar-car", "CANCELLED"): 1,
        ("prog-solar-car", "COMPLETED"): 1,
        ("prog-solar-car", "DECLINED"): 1,
        ("prog-solar-car", "EXPIRED"): 1,
        ("prog-solar-car", "PENDING"): 1,
    }
    linked = await db.read(
        "MATCH (m)-[t:MENTORS]->(s) WHERE t.programId IS NOT NULL "
        "MATCH (s)-[:REQUESTED]->(r:MentorshipRequest {id: t.requestId})-[:ABOUT]->(m) "
        "RETURN t.programId AS program, t.formal AS formal, r.status AS status, count(*) AS n"
    )
    assert sorted((r["program"], r["formal"], r["status"], r["n"]) for r in linked) == [
        ("prog-reading-buddies", True, "ACCEPTED", 16),
        ("prog-solar-car", True, "ACCEPTED", 1),
        ("prog-solar-car", True, "COMPLETED", 1),
    ]
    # Work for the matcher: pupils 17-20, with the players who have a place left (5-10).
    found = (
        await client.data(
            '{ proposeMatches(programId: "prog-reading-buddies") { mentee { id } mentor { id } '
            "reasons } }"
        )
    )["proposeMatches"]
    assert sorted(p["mentee"]["id"] for p in found) == [f"p-pupil-{k}" for k in range(17, 21)]
    assert {p["mentor"]["id"] for p in found} <= {f"p-bball-{k:02d}" for k in range(5, 11)}
    assert all("mentors K-12 students" in p["reasons"] for p in found)
