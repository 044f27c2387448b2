"""Logged interactions: (from)-[:PARTY_TO {role: 'FROM'}]->(:Interaction {id, at, kind,
loggedAt})<-[:PARTY_TO {role: 'WITH'}]-(to).

PARTY_TO is what ``graphdb.erase`` follows to delete a person's interactions with them.
"""

from __future__ import annotations

import datetime as dt
from typing import LiteralString

from graphdb.cypher import TIE_TYPES, active
from graphdb.driver import Row, Tx

INTERACTION_CHECK: LiteralString = (
    "OPTIONAL MATCH (a:Person {id: $fromId}) OPTIONAL MATCH (b:Person {id: $toId}) "
    "RETURN a IS NOT NULL AS fromExists, b IS NOT NULL AS toExists, date() AS today, "
    "CASE WHEN a IS NULL OR b IS NULL THEN [] ELSE COLLECT { "
    "MATCH (a)-[r:" + TIE_TYPES + "]-(b) WHERE " + active() + " RETURN r.id } END AS ties"
)

# lastContact only moves forward: logging an older interaction keeps a newer date.
INTERACTION_CREATE: LiteralString = (
    "MATCH (a:Person {id: $fromId}), (b:Person {id: $toId}) "
    "CREATE (a)-[:PARTY_TO {role: 'FROM'}]->(i:Interaction {id: $id, at: $at, kind: $kind, "
    "loggedAt: datetime()})<-[:PARTY_TO {role: 'WITH'}]-(b) "
    "WITH a, b, i "
    "CALL (a, b) { MATCH (a)-[r:" + TIE_TYPES + "]-(b) WHERE " + active() + " "
    "SET r.lastContact = CASE WHEN r.lastContact IS NULL OR r.lastContact < $at "
    "THEN $at ELSE r.lastContact END "
    "RETURN collect(r.id) AS ties } "
    "RETURN i.id AS id, ties"
)


# A client's retry of the same interaction (its id chosen by the client) finds it here.
INTERACTION_BY_ID: LiteralString = (
    "MATCH (a:Person)-[:PARTY_TO {role: 'FROM'}]->(i:Interaction {id: $id})"
    "<-[:PARTY_TO {role: 'WITH'}]-(b:Person) "
    "RETURN a.id AS fromId, b.id AS toId, i.at AS at, i.kind AS kind"
)


async def interaction_by_id(tx: Tx, interaction_id: str) -> Row | None:
    rows = await tx.run(INTERACTION_BY_ID, {"id": interaction_id})
    return rows[0] if rows else None


async def interaction_check(tx: Tx, from_id: str, to_id: str) -> Row:
    """fromExists, toExists, today (the database's) and the ids of the active ties of any
    kind between the two, in either direction."""
    rows = await tx.run(INTERACTION_CHECK, {"fromId": from_id, "toId": to_id})
    return rows[0]


async def interaction_create(
    tx: Tx, interaction_id: str, from_id: str, to_id: str, at: dt.date, kind: str
) -> Row:
    """Create the interaction and bring the active ties' lastContact up to ``at``; returns
    its id and the ids of the ties it touched."""
    params = {"id": interaction_id, "fromId": from_id, "toId": to_id, "at": at, "kind": kind}
    rows = await tx.run(INTERACTION_CREATE, params)
    return rows[0]
