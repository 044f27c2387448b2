"""Cypher for person–person ties: one tie by id, and single-tie writes (a person's lists of
ties are read by the request's projection, graphdb/selection.py)."""

from __future__ import annotations

from typing import Any, LiteralString

from graphdb.cypher import TIE_MAP, per_kind
from graphdb.driver import Database, Row, Runner, Tx
from graphdb.errors import Conflict, NotFound
from graphdb.model import TieKind, TieRecord
from graphdb.score_table import mark_stale


def _by_id(rel_type: LiteralString) -> LiteralString:
    return "MATCH (:Person)-[r:" + rel_type + " {id: $id}]->(:Person) RETURN " + TIE_MAP + " AS tie"


# One branch per type, so each uses that type's uniqueness index instead of a scan.
TIE_BY_ID: LiteralString = (
    "CALL () { " + " UNION ALL ".join(per_kind(_by_id).values()) + " } RETURN tie"
)

_SET_FIELDS: LiteralString = (
    "SET r.since = $since, r.until = $until, r.strength = $strength, "
    "r.functions = $functions, r.formal = $formal, r.lastContact = $lastContact "
)

CREATE_TIE: dict[TieKind, LiteralString] = per_kind(
    lambda rel_type: (
        "MATCH (a:Person {id: $fromId}), (b:Person {id: $toId}) "
        "CREATE (a)-[r:"
        + rel_type
        + " {id: $id}]->(b) "
        + _SET_FIELDS
        + ", r.confirmed = $confirmed RETURN "
        + TIE_MAP
        + " AS tie"
    )
)

CONFIRM_TIE: dict[TieKind, LiteralString] = per_kind(
    lambda rel_type: (
        "MATCH (:Person)-[r:" + rel_type + " {id: $id}]->(:Person) "
        "SET r.confirmed = true RETURN " + TIE_MAP + " AS tie"
    )
)

UPDATE_TIE: dict[TieKind, LiteralString] = per_kind(
    lambda rel_type: (
        "MATCH (:Person)-[r:"
        + rel_type
        + " {id: $id}]->(:Person) "
        + _SET_FIELDS
        + "RETURN "
        + TIE_MAP
        + " AS tie"
    )
)


async def tie_by_id(runner: Runner, tie_id: str) -> Row | None:
    rows = await runner.read(TIE_BY_ID, {"id": tie_id})
    return rows[0]["tie"] if rows else None


async def create_tie(db: Database, tie: TieRecord, *, confirmed: bool = True) -> Row:
    """Create the tie; ``confirmed`` False when its writer is the supporter and not an admin
    (such a tie counts as support, but grants its writer no access until confirmed)."""
    params: dict[str, Any] = tie.to_params() | {"confirmed": confirmed}

    async def work(tx: Tx) -> Row:
        if await tie_by_id(tx, tie.id):
            raise Conflict(f"a tie with id {tie.id!r} already exists")
        rows = await tx.run(CREATE_TIE[tie.kind], params)
        if not rows:
            raise NotFound("the supporter or the supported person does not exist")
        # In the same transaction, so a crash before re-scoring still leaves them marked.
        await mark_stale(tx, [tie.to_id])
        created: Row = rows[0]["tie"]
        return created

    return await db.transaction(work)


async def save_tie(db: Database, tie: TieRecord) -> Row:
    async def work(tx: Tx) -> Row:
        rows = await tx.run(UPDATE_TIE[tie.kind], tie.to_params())
        if not rows:
            raise NotFound(f"no tie with id {tie.id!r}")
        await mark_stale(tx, [tie.to_id])
        result: Row = rows[0]["tie"]
        return result

    return await db.transaction(work)


async def confirm_tie(db: Database, tie_id: str, kind: TieKind) -> Row:
    rows = await db.write(CONFIRM_TIE[kind], {"id": tie_id})
    if not rows:
        raise NotFound(f"no tie with id {tie_id!r}")
    confirmed: Row = rows[0]["tie"]
    return confirmed
