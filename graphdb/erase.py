"""Right to erasure: every trace of a person goes, in one transaction.

Deleted: the person's node and with it every property that held their data, their ties in
both directions, memberships, topic links, whatever hangs off them alone (logged
interactions, requests), and the support alerts about them. Rewritten: other people's
alerts whose reasons name them ("only one person supports you: …") say "a former
supporter" instead. Detached: the audit trail keeps its events (the institution must show
who accessed a record, and that it was erased) but loses the link from their audit key to
their id (graphdb/audit.py). Left behind: a keyed ``:Tombstone``, which refuses their
tokens from then on and stops their id from being given to someone new by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from graphdb.audit import forget
from graphdb.cypher import TIE_TYPES
from graphdb.driver import Database, Runner, Tx
from graphdb.errors import NotFound
from graphdb.score_table import mark_supported_by_stale

FORMER = "a former supporter"

COUNT: LiteralString = (
    "MATCH (p:Person {id: $id}) "
    "RETURN p.name AS name, COUNT { (p)-[:" + TIE_TYPES + "]-(:Person) } AS ties, "
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

ALERTS: LiteralString = """
CALL () { MATCH (x:SupportAlert {personId: $id}) DETACH DELETE x }
CALL () {
  MATCH (x:SupportAlert) WHERE any(r IN x.reasons WHERE r CONTAINS $name)
  SET x.reasons = [r IN x.reasons | replace(r, $name, $former)]
}
"""

BURY: LiteralString = "MERGE (t:Tombstone {key: $tombstone}) ON CREATE SET t.at = datetime()"

IS_BURIED: LiteralString = "MATCH (t:Tombstone {key: $tombstone}) RETURN count(t) > 0 AS buried"


@dataclass(frozen=True, slots=True)
class Erasure:
    pseudonym: str  # their audit key: what the audit names them by from now on
    ties: int
    memberships: int
    audit_events: int


async def erase_person(db: Database, person_id: str, audit_key: str, tombstone: str) -> Erasure:
    async def work(tx: Tx) -> Erasure:
        found = await tx.run(COUNT, {"id": person_id})
        if not found:
            raise NotFound(f"no person with id {person_id!r}", field="id")
        await mark_supported_by_stale(tx, [person_id])
        await tx.run(DELETE, {"id": person_id})
        await tx.run(ALERTS, {"id": person_id, "name": found[0]["name"], "former": FORMER})
        events = await forget(tx, audit_key)
        await tx.run(BURY, {"tombstone": tombstone})
        return Erasure(audit_key, found[0]["ties"], found[0]["memberships"], events)

    return await db.transaction(work)


async def is_buried(runner: Runner, tombstone: str) -> bool:
    """Whether the person this tombstone key stands for was erased."""
    row = await runner.read(IS_BURIED, {"tombstone": tombstone})
    return bool(row and row[0]["buried"])
