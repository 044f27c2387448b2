"""Programs, enrolments and requests written in bulk (the seed), as upserts keyed on ids,
so that seeding twice changes nothing; in one transaction, after the people and ties."""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import ENROLMENT_TYPE
from graphdb.driver import Database, Tx
from graphdb.programs.records import ProgramData, ProgramSide
from graphdb.programs.store import SAVE_PROGRAM

UPSERT_PROGRAM: LiteralString = "CALL () { MERGE (:Program {id: $id}) } " + SAVE_PROGRAM


def _enrolments(rel: LiteralString) -> LiteralString:
    return (
        "UNWIND $rows AS row MATCH (p:Person {id: row.personId}), (pr:Program {id: row.programId}) "
        "MERGE (p)-[e:" + rel + "]->(pr) SET e.since = row.since, e.capacity = row.capacity "
        "RETURN count(e) AS n"
    )


UPSERT_ENROLMENTS: dict[ProgramSide, LiteralString] = {
    side: _enrolments(rel) for side, rel in ENROLMENT_TYPE.items()
}

# A request between its two people, in its program; an accepted one's tie is linked to
# both (the tie's programId and requestId), as an accept through the API links it.
UPSERT_REQUESTS: LiteralString = """
UNWIND $rows AS row
MATCH (s:Person {id: row.menteeId}), (m:Person {id: row.mentorId})
MERGE (r:MentorshipRequest {id: row.id})
SET r.status = row.status, r.createdAt = row.createdAt, r.expiresAt = row.expiresAt,
    r.decidedAt = row.decidedAt, r.message = row.message, r.reason = row.reason,
    r.tieId = row.tieId
MERGE (s)-[:REQUESTED]->(r)
MERGE (r)-[:ABOUT]->(m)
WITH r, row
CALL (r, row) { MATCH (pr:Program {id: row.programId}) MERGE (r)-[:IN_PROGRAM]->(pr) }
CALL (r, row) {
  MATCH (:Person {id: row.mentorId})-[t:MENTORS {id: row.tieId}]->(:Person {id: row.menteeId})
  SET t.programId = row.programId, t.requestId = r.id
}
RETURN count(r) AS n
"""


async def write_programs(db: Database, data: ProgramData) -> None:
    async def work(tx: Tx) -> None:
        for program in data.programs:
            await tx.run(UPSERT_PROGRAM, program.to_params())
        for side, query in UPSERT_ENROLMENTS.items():
            rows = [e.to_params() for e in data.enrolments if e.side is side]
            if rows:
                await tx.run(query, {"rows": rows})
        if data.requests:
            await tx.run(UPSERT_REQUESTS, {"rows": [r.to_params() for r in data.requests]})

    if data.programs or data.enrolments or data.requests:
        await db.transaction(work, timeout=600)
