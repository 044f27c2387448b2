"""Right to erasure: a person's node, PII, ties, memberships and interactions go; the audit
trail stays, with their id replaced by a keyed pseudonym."""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from graphdb.audit import PSEUDONYMISE
from graphdb.cypher import TIE_TYPES
from graphdb.driver import Database, Tx
from graphdb.errors import NotFound
from graphdb.score_table import mark_supported_by_stale

COUNT: LiteralString = (
    "MATCH (p:Person {id: $id}) "
    "RETURN COUNT { (p)-[:" + TIE_TYPES + "]-(:Person) } AS ties, "
    "COUNT { (p)-[:MEMBER_OF]->(:Group) } AS memberships"
)

# Anything hanging off the person alone (logged interactions, requests) goes with them.
DELETE: LiteralString = """
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[:PARTY_TO|REQUESTED|ABOUT]-(owned)
WHERE NOT owned:Person AND NOT owned:Group AND NOT owned:Topic AND NOT owned:Program
DETACH DELETE owned
WITH DISTINCT p
DETACH DELETE p
RETURN count(*) AS n
"""


@dataclass(frozen=True, slots=True)
class Erasure:
    pseudonym: str
    ties: int
    memberships: int
    audit_events: int


async def erase_person(db: Database, person_id: str, pseudonym: str) -> Erasure:
    async def work(tx: Tx) -> Erasure:
        found = await tx.run(COUNT, {"id": person_id})
        if not found:
            raise NotFound(f"no person with id {person_id!r}", field="id")
        await mark_supported_by_stale(tx, [person_id])
        await tx.run(DELETE, {"id": person_id})
        audited = await tx.run(PSEUDONYMISE, {"id": person_id, "pseudonym": pseudonym})
        return Erasure(pseudonym, found[0]["ties"], found[0]["memberships"], audited[0]["n"])

    return await db.transaction(work)
