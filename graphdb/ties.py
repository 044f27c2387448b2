"""Cypher for person–person ties: batched reads by person, and single-tie writes."""

from __future__ import annotations

from typing import Any, LiteralString

from graphdb.driver import Database, Row, Tx
from graphdb.errors import Conflict, NotFound
from graphdb.model import TieKind, TieRecord
from graphdb.support import mark_stale

TIE_MAP: LiteralString = (
    "r {.id, .since, .until, .strength, .functions, .formal, .lastContact, kind: type(r),"
    " supporterId: startNode(r).id, supportedId: endNode(r).id}"
)

# Only the tie types: MEMBER_OF, INTERESTED_IN and EXPERT_IN never count as ties.
TIE_TYPES: LiteralString = "ADVISES|MENTORS|COACHES|TEACHES|TUTORS|PEER_SUPPORTS|SUPERVISES|KNOWS"

SUPPORTERS_OF: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) "
    "CALL (s) { MATCH (s)<-[r:" + TIE_TYPES + "]-(:Person) "
    "WHERE type(r) IN $kinds AND (r.until IS NULL OR r.until > date()) "
    "WITH r ORDER BY r.strength DESC, r.id LIMIT $first "
    "RETURN collect(" + TIE_MAP + ") AS ties } "
    "RETURN pid, ties"
)

SUPPORTING_OF: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) "
    "CALL (s) { MATCH (s)-[r:" + TIE_TYPES + "]->(:Person) "
    "WHERE type(r) IN $kinds AND (r.until IS NULL OR r.until > date()) "
    "WITH r ORDER BY r.strength DESC, r.id LIMIT $first "
    "RETURN collect(" + TIE_MAP + ") AS ties } "
    "RETURN pid, ties"
)


def _by_id(kind: LiteralString) -> LiteralString:
    return "MATCH (:Person)-[r:" + kind + " {id: $id}]->(:Person) RETURN " + TIE_MAP + " AS tie"


# One branch per type, so each uses that type's uniqueness index instead of a scan.
TIE_BY_ID: LiteralString = (
    "CALL () { "
    + _by_id("ADVISES")
    + " UNION ALL "
    + _by_id("MENTORS")
    + " UNION ALL "
    + _by_id("COACHES")
    + " UNION ALL "
    + _by_id("TEACHES")
    + " UNION ALL "
    + _by_id("TUTORS")
    + " UNION ALL "
    + _by_id("PEER_SUPPORTS")
    + " UNION ALL "
    + _by_id("SUPERVISES")
    + " UNION ALL "
    + _by_id("KNOWS")
    + " } RETURN tie"
)


def _create(kind: LiteralString) -> LiteralString:
    return (
        "MATCH (a:Person {id: $fromId}), (b:Person {id: $toId}) "
        "CREATE (a)-[r:" + kind + " {id: $id}]->(b) "
        "SET r.since = $since, r.until = $until, r.strength = $strength, "
        "r.functions = $functions, r.formal = $formal, r.lastContact = $lastContact "
        "RETURN " + TIE_MAP + " AS tie"
    )


CREATE_TIE: dict[TieKind, LiteralString] = {
    TieKind.ADVISES: _create("ADVISES"),
    TieKind.MENTORS: _create("MENTORS"),
    TieKind.COACHES: _create("COACHES"),
    TieKind.TEACHES: _create("TEACHES"),
    TieKind.TUTORS: _create("TUTORS"),
    TieKind.PEER_SUPPORTS: _create("PEER_SUPPORTS"),
    TieKind.SUPERVISES: _create("SUPERVISES"),
    TieKind.KNOWS: _create("KNOWS"),
}


def _update(kind: LiteralString) -> LiteralString:
    return (
        "MATCH (:Person)-[r:" + kind + " {id: $id}]->(:Person) "
        "SET r.since = $since, r.until = $until, r.strength = $strength, "
        "r.functions = $functions, r.formal = $formal, r.lastContact = $lastContact "
        "RETURN " + TIE_MAP + " AS tie"
    )


UPDATE_TIE: dict[TieKind, LiteralString] = {
    TieKind.ADVISES: _update("ADVISES"),
    TieKind.MENTORS: _update("MENTORS"),
    TieKind.COACHES: _update("COACHES"),
    TieKind.TEACHES: _update("TEACHES"),
    TieKind.TUTORS: _update("TUTORS"),
    TieKind.PEER_SUPPORTS: _update("PEER_SUPPORTS"),
    TieKind.SUPERVISES: _update("SUPERVISES"),
    TieKind.KNOWS: _update("KNOWS"),
}

ALL_KINDS = [k.value for k in TieKind]


async def ties_towards(
    db: Database, ids: list[str], kinds: list[str], first: int
) -> dict[str, list[Row]]:
    rows = await db.read(SUPPORTERS_OF, {"ids": ids, "kinds": kinds, "first": first})
    return {r["pid"]: r["ties"] for r in rows}


async def ties_from(
    db: Database, ids: list[str], kinds: list[str], first: int
) -> dict[str, list[Row]]:
    rows = await db.read(SUPPORTING_OF, {"ids": ids, "kinds": kinds, "first": first})
    return {r["pid"]: r["ties"] for r in rows}


async def tie_by_id(db: Database | Tx, tie_id: str) -> Row | None:
    params = {"id": tie_id}
    rows = await (
        db.read(TIE_BY_ID, params) if isinstance(db, Database) else db.run(TIE_BY_ID, params)
    )
    return rows[0]["tie"] if rows else None


async def create_tie(db: Database, tie: TieRecord) -> Row:
    params: dict[str, Any] = tie.to_params()

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
