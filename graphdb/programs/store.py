"""Cypher for programs and enrolments: create, update, read, list; enrol and leave.

Every write takes the program node's write lock before it reads the program
(``LOCK_PROGRAM``), after the person's where it changes someone's enrolment — the order
of graphdb.programs.requests.LOCK that every writer follows: so a program that is closing
takes no enrolment on the way, and an enrolment never sees half a status change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, LiteralString

from graphdb.cypher import (
    ENROLMENT_TYPE,
    ENROLMENT_TYPES,
    EXISTING_GROUPS,
    EXISTING_PEOPLE,
    active,
)
from graphdb.driver import Row, Runner, Tx
from graphdb.errors import Conflict, NotFound
from graphdb.programs.records import NEXT_STATUS, ProgramRecord, ProgramSide, ProgramStatus
from graphdb.programs.requests import CANCEL_PENDING_IN_PROGRAM, cancel_params, lock

PROGRAM_MAP: LiteralString = """pr {.id, .name, .description, .status, .startsOn, .endsOn,
  .defaultCapacity,
  topics: COLLECT { MATCH (pr)-[:ABOUT]->(t:Topic) RETURN t.name ORDER BY t.name },
  host: head(COLLECT { MATCH (pr)-[:HOSTED_BY]->(g:Group) RETURN g {.id, .name, .kind} }),
  audience: {roles: coalesce(pr.audienceRoles, []), levels: coalesce(pr.audienceLevels, []),
    departments: coalesce(pr.audienceDepartments, []),
    classYears: coalesce(pr.audienceClassYears, []), topics: coalesce(pr.audienceTopics, []),
    groupIds: coalesce(pr.audienceGroupIds, []),
    thinOnly: coalesce(pr.audienceThinOnly, false)}}"""

PROGRAMS_BY_ID: LiteralString = (
    "UNWIND $ids AS pid MATCH (pr:Program {id: pid}) RETURN " + PROGRAM_MAP + " AS program"
)

# Taking the program's write lock (a property set and removed in one go) before reading it.
LOCK_PROGRAM: LiteralString = (
    "MATCH (pr:Program {id: $programId}) SET pr._lock = true REMOVE pr._lock "
    "RETURN pr.status AS status, pr.name AS name"
)

CLAIM_PROGRAM: LiteralString = "CREATE (:Program {id: $id})"

SAVE_PROGRAM: LiteralString = """
MATCH (pr:Program {id: $id})
SET pr.name = $name, pr.sortName = toLower($name), pr.description = $description,
    pr.status = $status, pr.startsOn = $startsOn, pr.endsOn = $endsOn,
    pr.defaultCapacity = $defaultCapacity, pr.audienceRoles = $audienceRoles,
    pr.audienceLevels = $audienceLevels, pr.audienceDepartments = $audienceDepartments,
    pr.audienceClassYears = $audienceClassYears, pr.audienceTopics = $audienceTopics,
    pr.audienceGroupIds = $audienceGroupIds, pr.audienceThinOnly = $audienceThinOnly
WITH pr
CALL (pr) { OPTIONAL MATCH (pr)-[h:HOSTED_BY]->(:Group) DELETE h }
CALL (pr) { OPTIONAL MATCH (pr)-[a:ABOUT]->(:Topic) DELETE a }
CALL (pr) { MATCH (g:Group {id: $hostGroupId}) MERGE (pr)-[:HOSTED_BY]->(g) }
CALL (pr) { UNWIND $topics AS name MERGE (t:Topic {name: name}) MERGE (pr)-[:ABOUT]->(t) }
RETURN pr.id AS id
"""

# The page after a (sortName, id) cursor: a CASE, not an OR, so the index order holds.
_AFTER: LiteralString = (
    " AND pr.sortName >= $afterName AND CASE WHEN pr.sortName > $afterName THEN true"
    " WHEN pr.sortName = $afterName THEN pr.id > $afterId ELSE false END"
)


def _page_query(by_status: bool, after: bool) -> LiteralString:
    where: LiteralString = "pr.sortName >= ''" + (" AND pr.status = $status" if by_status else "")
    return (
        "CALL () { MATCH (pr:Program) WHERE " + where + " RETURN count(pr) AS total } "
        "CALL () { MATCH (pr:Program) WHERE " + where + (_AFTER if after else "") + " "
        "WITH pr ORDER BY pr.sortName, pr.id LIMIT $limit "
        "RETURN collect({key: [pr.sortName, pr.id], program: " + PROGRAM_MAP + "}) AS page } "
        "RETURN total, page"
    )


def _enrol(rel: LiteralString) -> LiteralString:
    return (
        "MATCH (p:Person {id: $personId}), (pr:Program {id: $programId}) "
        "MERGE (p)-[e:" + rel + "]->(pr) ON CREATE SET e.since = $today "
        "SET e.capacity = CASE WHEN $capacity IS NULL THEN e.capacity ELSE $capacity END "
        "RETURN e.since AS since"
    )


ENROL: dict[ProgramSide, LiteralString] = {s: _enrol(t) for s, t in ENROLMENT_TYPE.items()}

LEAVE: LiteralString = (
    "MATCH (p:Person {id: $personId})-[e:" + ENROLMENT_TYPES + "]->(:Program {id: $programId}) "
    "DELETE e RETURN count(e) AS n"
)


def _enrolments(rel: LiteralString, capacity: LiteralString, load: LiteralString) -> LiteralString:
    # ``load``: the program's active formal MENTORS ties from a mentor, or towards a mentee.
    return (
        "UNWIND $ids AS pid MATCH (pr:Program {id: pid}) "
        "RETURN pid AS programId, COLLECT { "
        "MATCH (p:Person)-[e:" + rel + "]->(pr) WHERE $only IS NULL OR p.id IN $only "
        "WITH p, e ORDER BY p.sortName, p.id LIMIT $first "
        "RETURN {personId: p.id, capacity: " + capacity + ", since: e.since, "
        "load: COUNT { " + load + " WHERE " + active("t") + " AND t.programId = pr.id } } "
        "} AS rows"
    )


# A mentor's places in the program: their own, else the program's default (null: no cap).
ENROLMENTS: dict[ProgramSide, LiteralString] = {
    ProgramSide.MENTOR: _enrolments(
        ENROLMENT_TYPE[ProgramSide.MENTOR],
        "coalesce(e.capacity, pr.defaultCapacity)",
        "(p)-[t:MENTORS]->(:Person)",
    ),
    ProgramSide.MENTEE: _enrolments(
        ENROLMENT_TYPE[ProgramSide.MENTEE], "null", "(p)<-[t:MENTORS]-(:Person)"
    ),
}


async def programs_by_ids(runner: Runner, ids: list[str]) -> dict[str, Row]:
    rows = await runner.read(PROGRAMS_BY_ID, {"ids": ids})
    return {r["program"]["id"]: r["program"] for r in rows}


async def program_page(
    runner: Runner, status: ProgramStatus | None, after: tuple[str, str] | None, limit: int
) -> tuple[int, list[tuple[tuple[str, str], Row]], bool]:
    """(total, [(cursor key, program)], has next) of one page by (lower-cased name, id)."""
    params: dict[str, Any] = {"limit": limit + 1, "status": status.value if status else None}
    if after:
        params["afterName"], params["afterId"] = after
    row = (await runner.read(_page_query(status is not None, after is not None), params))[0]
    page = [((e["key"][0], e["key"][1]), e["program"]) for e in row["page"]]
    return row["total"], page[:limit], len(page) > limit


async def _check_groups(tx: Tx, record: ProgramRecord) -> None:
    wanted = {
        **{g: "audience.groupIds" for g in record.audience.group_ids},
        **({record.host_group_id: "hostGroupId"} if record.host_group_id else {}),
    }
    found = {r["id"] for r in await tx.run(EXISTING_GROUPS, {"ids": list(wanted)})}
    for gid, where in wanted.items():
        if gid not in found:
            raise NotFound(f"{where}: no group with id {gid!r}", field=where)


async def create_program(tx: Tx, record: ProgramRecord) -> None:
    if await programs_by_ids(tx, [record.id]):
        raise Conflict(f"a program with id {record.id!r} already exists", field="id")
    await _check_groups(tx, record)
    # CREATE, so the uniqueness constraint (not the read above) settles a race for the id.
    await tx.run(CLAIM_PROGRAM, {"id": record.id})
    await tx.run(SAVE_PROGRAM, record.to_params())


async def update_program(tx: Tx, record: ProgramRecord, now: dt.datetime, closing: str) -> None:
    """Save the program under its lock; a status change must be one of NEXT_STATUS, and
    closing cancels its pending requests with the reason ``closing``."""
    locked = await tx.run(LOCK_PROGRAM, {"programId": record.id})
    if not locked:
        raise NotFound(f"no program with id {record.id!r}", field="id")
    before = ProgramStatus(locked[0]["status"])
    if record.status is not before and record.status not in NEXT_STATUS[before]:
        raise Conflict(
            f"program {record.id!r} is {before.value.lower()} and cannot become "
            f"{record.status.value.lower()}: an open program never goes back to draft",
            field="status",
        )
    await _check_groups(tx, record)
    await tx.run(SAVE_PROGRAM, record.to_params())
    if record.status is ProgramStatus.CLOSED and before is not ProgramStatus.CLOSED:
        await tx.run(CANCEL_PENDING_IN_PROGRAM, cancel_params(record.id, None, now, closing))


async def enrol(
    tx: Tx,
    program_id: str,
    person_id: str,
    side: ProgramSide,
    capacity: int | None,
    today: dt.date,
) -> dt.date:
    """Enrol (or, already enrolled, set the capacity); returns the enrolment's date. Only
    an OPEN program takes enrolments (SPEC §8)."""
    await lock(tx, [person_id], program_id)
    locked = await tx.run(LOCK_PROGRAM, {"programId": program_id})
    if not locked:
        raise NotFound(f"no program with id {program_id!r}", field="programId")
    if not await tx.run(EXISTING_PEOPLE, {"ids": [person_id]}):
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    status = ProgramStatus(locked[0]["status"])
    if status is not ProgramStatus.OPEN:
        raise Conflict(
            f"{locked[0]['name']} is {status.value.lower()}: only an open program takes enrolments",
            field="programId",
        )
    params = {
        "personId": person_id,
        "programId": program_id,
        "capacity": capacity,
        "today": today,
    }
    rows = await tx.run(ENROL[side], params)
    since: dt.date = rows[0]["since"]
    return since


async def leave(
    tx: Tx, program_id: str, person_id: str, now: dt.datetime, reasons: tuple[str, str]
) -> int:
    """Remove both of a person's enrolments in the program, and cancel the pending requests
    there that they are part of (``reasons``: when the mentee left, when the mentor left);
    returns the enrolments removed. Accepted mentorships go on: ending one is
    ``completeMentorship``."""
    await lock(tx, [person_id], program_id)
    if not await tx.run(LOCK_PROGRAM, {"programId": program_id}):
        raise NotFound(f"no program with id {program_id!r}", field="programId")
    n = int((await tx.run(LEAVE, {"programId": program_id, "personId": person_id}))[0]["n"])
    if n:
        params = cancel_params(program_id, person_id, now, *reasons)
        await tx.run(CANCEL_PENDING_IN_PROGRAM, params)
    return n


async def enrolments(
    runner: Runner,
    program_ids: list[str],
    side: ProgramSide,
    first: int,
    only: list[str] | None,
) -> dict[str, list[Row]]:
    """Each program's enrolments on one side, by name, at most ``first``; ``only`` keeps
    just these people (a viewer who may see only some)."""
    params = {"ids": program_ids, "first": first, "only": only}
    rows = await runner.read(ENROLMENTS[side], params)
    return {r["programId"]: r["rows"] for r in rows}
