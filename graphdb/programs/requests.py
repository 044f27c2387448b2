"""Cypher for mentorship requests (SPEC §8): create, the transitions, reads, the sweep.

**Expiry needs no clock in the database.** A request is stored PENDING with its
``expiresAt``; every read decides its status with ``$now`` (``EFFECTIVE``), so one left
past its time reads EXPIRED at once, and every transition that finds it so stores EXPIRED
(with ``decidedAt = expiresAt``) before refusing. ``$now`` is the application's clock, a
parameter, so tests move time without sleeping. Tie dates (``since``, ``until``) come
from the database's ``date()``, the day that decides whether a tie is active.

**Locks, always in one order**: the people of the request (by id), then its program, then
the request (``LOCK``). Each transition takes them in its first statement and only then
reads what it decides on, in a statement of its own: so two accepts for the same mentor
queue on the mentor's lock, and the second counts the first one's tie. Deciding, counting
and creating happen inside that one transaction; a refusal (``refusal`` in the row) is
worded by the resolver, which raises it after the transaction (so an expiry it found is
kept).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, LiteralString

from graphdb.cypher import active, load, tie_map
from graphdb.driver import Row, Runner, Tx

EFFECTIVE: LiteralString = (
    "CASE WHEN r.status = 'PENDING' AND r.expiresAt <= $now THEN 'EXPIRED' ELSE r.status END"
)
"""A request's status as of ``$now``: PENDING past its time is EXPIRED."""

_EXPIRED_NOW: LiteralString = "(r.status = 'PENDING' AND r.expiresAt <= $now)"

REQUEST_MAP: LiteralString = (
    "r {.id, .message, .createdAt, .expiresAt, .tieId, status: "
    + EFFECTIVE
    + ", decidedAt: CASE WHEN "
    + _EXPIRED_NOW
    + " THEN r.expiresAt ELSE r.decidedAt END, reason: CASE WHEN "
    + _EXPIRED_NOW
    + " THEN $expiredReason ELSE r.reason END,"
    " menteeId: s.id, mentorId: m.id,"
    " programId: head(COLLECT { MATCH (r)-[:IN_PROGRAM]->(pr:Program) RETURN pr.id }),"
    " tie: head(COLLECT { MATCH (m)-[t:MENTORS]->(s) WHERE t.id = r.tieId RETURN "
    + tie_map("t", "m", "s")
    + " })}"
)
"""A request as every reader returns it (``MentorshipRequest``'s fields); needs ``s``
(the mentee), ``m`` (the mentor), ``$now`` and ``$expiredReason``."""

_PARTIES: LiteralString = (
    "(s:Person)-[:REQUESTED]->(r:MentorshipRequest {id: rid})-[:ABOUT]->(m:Person)"
)

REQUESTS_BY_ID: LiteralString = (
    "UNWIND $ids AS rid MATCH " + _PARTIES + " RETURN " + REQUEST_MAP + " AS request"
)

HEADS: LiteralString = (
    "UNWIND $ids AS rid MATCH " + _PARTIES + " RETURN r.id AS id, s.id AS menteeId, "
    "m.id AS mentorId, head(COLLECT { MATCH (r)-[:IN_PROGRAM]->(pr:Program) RETURN pr.id }) "
    "AS programId"
)

# A write lock is taken by a write; setting and removing a property in one go takes it and
# leaves nothing behind. The subqueries run in order: people (ids sorted by the caller),
# then the program, then the requests.
LOCK: LiteralString = """
CALL () { UNWIND $people AS pid MATCH (p:Person {id: pid}) SET p._lock = true REMOVE p._lock }
CALL () { MATCH (pr:Program {id: $programId}) SET pr._lock = true REMOVE pr._lock }
CALL () {
  UNWIND $requests AS rid MATCH (r:MentorshipRequest {id: rid})
  SET r._lock = true REMOVE r._lock
}
RETURN true AS locked
"""

# What the rules of a new request and of an accept read about the two people and the
# program, after the locks. ``$programId`` may be null (a request outside any program).
_FACTS: LiteralString = (
    """
OPTIONAL MATCH (pr:Program {id: $programId})
OPTIONAL MATCH (m)-[e:MENTOR_IN]->(pr)
WITH s, m, pr, e, """
    + load("m")
    + """ AS load,
  COUNT { (m)-[t:MENTORS]->(:Person) WHERE """
    + active("t")
    + """ AND t.programId = $programId } AS programLoad,
  EXISTS { (m)-[t:MENTORS]->(s) WHERE """
    + active("t")
    + """ } AS tied,
  EXISTS { (s)-[:MENTEE_IN]->(pr) } AS menteeIn,
  head(COLLECT { MATCH (x:Person)-[t:MENTORS]->(s) WHERE """
    + active("t")
    + """ AND t.programId = $programId AND x <> m RETURN x.name }) AS matchedWith
WITH *, coalesce(e.capacity, pr.defaultCapacity) AS programCap
"""
)

# The rules both a new request and an accept keep, first broken first (codes worded by
# resolvers.programs.words).
_PARTY_RULES: LiteralString = """
  WHEN pr IS NOT NULL AND pr.status <> 'OPEN' THEN 'PROGRAM_NOT_OPEN'
  WHEN pr IS NOT NULL AND NOT menteeIn THEN 'MENTEE_NOT_ENROLLED'
  WHEN pr IS NOT NULL AND e IS NULL THEN 'MENTOR_NOT_ENROLLED'
  WHEN tied THEN 'ALREADY_MENTORED'
  WHEN matchedWith IS NOT NULL THEN 'ALREADY_MATCHED'
"""

_CAPACITY_RULES: LiteralString = """
  WHEN s.level IS NOT NULL AND size(coalesce(m.servesLevels, [])) > 0
       AND NOT s.level IN m.servesLevels THEN 'LEVEL'
  WHEN NOT coalesce(m.openDoor, false) THEN 'DOOR_CLOSED'
  WHEN m.capacity IS NOT NULL AND load >= m.capacity THEN 'MENTOR_FULL'
  WHEN programCap IS NOT NULL AND programLoad >= programCap THEN 'PROGRAM_FULL'
"""

_FACTS_OUT: LiteralString = (
    "s.name AS mentee, m.name AS mentor, pr.name AS program, pr.status AS programStatus, "
    "s.level AS level, m.servesLevels AS servesLevels, load, m.capacity AS capacity, "
    "programLoad, programCap, matchedWith"
)

CREATE_REQUEST: LiteralString = (
    "MATCH (s:Person {id: $menteeId}), (m:Person {id: $mentorId})"
    + _FACTS
    + """
WITH *,
  COUNT { (s)-[:REQUESTED]->(q:MentorshipRequest) WHERE q.status = 'PENDING'
          AND q.expiresAt > $now } AS pending,
  head(COLLECT { MATCH (s)-[:REQUESTED]->(q:MentorshipRequest)-[:ABOUT]->(m)
                 WHERE q.status = 'PENDING' AND q.expiresAt > $now RETURN q.id }) AS askedId
WITH *, CASE"""
    + _PARTY_RULES
    + """
  WHEN askedId IS NOT NULL THEN 'ALREADY_ASKED'
  WHEN $maxPending IS NOT NULL AND pending >= $maxPending THEN 'TOO_MANY_PENDING'"""
    + _CAPACITY_RULES
    + """END AS refusal
CALL (s, m, pr, refusal) {
  WITH s, m, pr WHERE refusal IS NULL
  CREATE (s)-[:REQUESTED]->(r:MentorshipRequest {id: $id})-[:ABOUT]->(m)
  SET r.status = 'PENDING', r.message = $message, r.createdAt = $now, r.expiresAt = $expiresAt
  FOREACH (_ IN CASE WHEN pr IS NULL THEN [] ELSE [1] END | CREATE (r)-[:IN_PROGRAM]->(pr))
}
RETURN refusal, pending, askedId, """
    + _FACTS_OUT
)
"""Parameters: menteeId, mentorId, programId (or null), id, message, now, expiresAt,
maxPending (null: no limit, for accepted proposals)."""

_PERSIST_EXPIRY: LiteralString = """
CALL (r, status) {
  WITH r, status WHERE status = 'EXPIRED' AND r.status = 'PENDING'
  SET r.status = 'EXPIRED', r.decidedAt = r.expiresAt, r.reason = $expiredReason
}
"""

ACCEPT: LiteralString = (
    "MATCH (s:Person)-[:REQUESTED]->(r:MentorshipRequest {id: $id})-[:ABOUT]->(m:Person)"
    + _FACTS.replace("WITH s, m, pr, e,", "WITH s, m, r, pr, e,")
    + "WITH *, "
    + EFFECTIVE
    + """ AS status, r.decidedAt AS decidedBefore
WITH *, CASE
  WHEN status <> 'PENDING' THEN 'STATUS'"""
    + _PARTY_RULES
    + _CAPACITY_RULES
    + "END AS refusal"
    + _PERSIST_EXPIRY
    + """
CALL (s, m, r, pr, refusal) {
  WITH s, m, r, pr WHERE refusal IS NULL
  CREATE (m)-[t:MENTORS {id: $tieId}]->(s)
  SET t.since = date(), t.strength = $strength, t.functions = $functions,
      t.formal = pr IS NOT NULL, t.confirmed = true, t.programId = pr.id, t.requestId = r.id
  SET r.status = 'ACCEPTED', r.decidedAt = $now, r.tieId = $tieId, r.reason = $acceptedReason
}
CALL (s, r, pr, refusal) {
  WITH s, r, pr WHERE refusal IS NULL AND pr IS NOT NULL
  MATCH (s)-[:REQUESTED]->(o:MentorshipRequest)-[:IN_PROGRAM]->(pr)
  WHERE o <> r AND o.status = 'PENDING' AND o.expiresAt > $now
  SET o.status = 'CANCELLED', o.decidedAt = $now, o.reason = $matchedReason
}
RETURN refusal, status, decidedBefore, """
    + _FACTS_OUT
)
"""Parameters: id, programId (the request's, or null), now, tieId, strength, functions,
acceptedReason, matchedReason (for the mentee's other pending requests in the program),
expiredReason."""

CLOSE: LiteralString = (
    "MATCH (r:MentorshipRequest {id: $id}) WITH r, "
    + EFFECTIVE
    + " AS status, r.decidedAt AS decidedBefore"
    + _PERSIST_EXPIRY
    + """
CALL (r, status) {
  WITH r, status WHERE status = 'PENDING'
  SET r.status = $to, r.decidedAt = $now, r.reason = $reason
}
RETURN status, decidedBefore
"""
)
"""Decline or cancel: PENDING -> ``$to`` with ``$reason``. Parameters: id, to, reason,
now, expiredReason."""

COMPLETE: LiteralString = (
    "MATCH (s:Person)-[:REQUESTED]->(r:MentorshipRequest {id: $id})-[:ABOUT]->(m:Person) "
    "WITH s, m, r, "
    + EFFECTIVE
    + " AS status, r.decidedAt AS decidedBefore"
    + _PERSIST_EXPIRY
    + """
CALL (s, m, r, status) {
  WITH s, m, r WHERE status = 'ACCEPTED'
  OPTIONAL MATCH (m)-[t:MENTORS]->(s) WHERE t.id = r.tieId AND """
    + active("t")
    + """
  SET t.until = date()
  SET r.status = 'COMPLETED', r.completedAt = $now
}
RETURN status, decidedBefore
"""
)
"""ACCEPTED -> COMPLETED, ending the mentorship's tie today. Parameters: id, now,
expiredReason."""

# The pending requests of a program (all of them, or those a person is part of) cancelled:
# the program closed, or someone left it. Ones already past their time stay as they read.
CANCEL_PENDING_IN_PROGRAM: LiteralString = """
MATCH (pr:Program {id: $programId})<-[:IN_PROGRAM]-(r:MentorshipRequest)
WHERE r.status = 'PENDING' AND r.expiresAt > $now
MATCH (s:Person)-[:REQUESTED]->(r)-[:ABOUT]->(m:Person)
WITH r, s, m WHERE $personId IS NULL OR $personId IN [s.id, m.id]
SET r.status = 'CANCELLED', r.decidedAt = $now,
    r.reason = CASE WHEN $personId IS NULL OR s.id = $personId THEN $reason
               ELSE $mentorLeft END
RETURN count(r) AS n
"""

EXPIRE_OVERDUE: LiteralString = """
MATCH (r:MentorshipRequest) WHERE r.status = 'PENDING' AND r.expiresAt <= $now
WITH r LIMIT 10000
SET r.status = 'EXPIRED', r.decidedAt = r.expiresAt, r.reason = $expiredReason
RETURN count(r) AS n
"""


# Who a transition touches, for the audit before it runs: the two people, and the mentors
# of the mentee's other pending requests in the program (an accept cancels those).
TOUCHED: LiteralString = """
MATCH (s:Person)-[:REQUESTED]->(r:MentorshipRequest {id: $id})-[:ABOUT]->(m:Person)
RETURN [s.id, m.id] + COLLECT {
  MATCH (s)-[:REQUESTED]->(o:MentorshipRequest)-[:IN_PROGRAM]->(:Program)<-[:IN_PROGRAM]-(r)
  MATCH (o)-[:ABOUT]->(x:Person) WHERE o <> r AND o.status = 'PENDING' RETURN x.id
} AS ids
"""

# The people of a program's pending requests (those a person is part of, or all).
PENDING_PEOPLE: LiteralString = """
MATCH (:Program {id: $programId})<-[:IN_PROGRAM]-(r:MentorshipRequest {status: 'PENDING'})
MATCH (s:Person)-[:REQUESTED]->(r)-[:ABOUT]->(m:Person)
WHERE $personId IS NULL OR $personId IN [s.id, m.id]
RETURN collect(s.id) + collect(m.id) AS ids
"""


async def touched(runner: Runner, request_id: str) -> set[str]:
    rows = await runner.read(TOUCHED, {"id": request_id})
    return set(rows[0]["ids"]) if rows else set()


async def pending_people(runner: Runner, program_id: str, person_id: str | None) -> set[str]:
    rows = await runner.read(PENDING_PEOPLE, {"programId": program_id, "personId": person_id})
    return set(rows[0]["ids"]) if rows else set()


def cancel_params(
    program_id: str, person_id: str | None, now: dt.datetime, reason: str, mentor_left: str = ""
) -> dict[str, Any]:
    """For CANCEL_PENDING_IN_PROGRAM: ``reason`` for a closing program or when the mentee
    left, ``mentor_left`` when the mentor did."""
    return {
        "programId": program_id,
        "personId": person_id,
        "now": now,
        "reason": reason,
        "mentorLeft": mentor_left or reason,
    }


def _page_query(person: bool, status: bool, after: bool) -> LiteralString:
    candidates: LiteralString = (
        "MATCH (p:Person {id: $personId}) CALL (p) { "
        "MATCH (p)-[:REQUESTED]->(r:MentorshipRequest) RETURN r "
        "UNION MATCH (r:MentorshipRequest)-[:ABOUT]->(p) RETURN r } "
        if person
        else "MATCH (r:MentorshipRequest) "
    )
    keep: LiteralString = (
        "[x IN rs WHERE x.createdAt < $afterAt OR (x.createdAt = $afterAt AND x.id < $afterId)]"
        if after
        else "rs"
    )
    return (
        candidates
        + "WITH r, "
        + EFFECTIVE
        + " AS status "
        + ("WHERE status = $status " if status else "")
        + "WITH r ORDER BY r.createdAt DESC, r.id DESC WITH collect(r) AS rs "
        "WITH size(rs) AS total, " + keep + "[..$limit] AS page "
        "RETURN total, COLLECT { UNWIND page AS r "
        "MATCH (s:Person)-[:REQUESTED]->(r)-[:ABOUT]->(m:Person) RETURN "
        + REQUEST_MAP
        + " AS request } AS rows"
    )


async def heads(runner: Runner, ids: list[str]) -> dict[str, Row]:
    """Who each request is between, and its program: what never changes about it."""
    return {r["id"]: r for r in await runner.read(HEADS, {"ids": ids})}


async def lock(
    tx: Tx, people: list[str], program_id: str | None = None, requests: list[str] | None = None
) -> None:
    """Take the write locks a transition needs, in the one order every writer follows."""
    params = {"people": sorted(set(people)), "programId": program_id, "requests": requests or []}
    await tx.run(LOCK, params)


async def requests_by_ids(
    runner: Runner, ids: list[str], now: dt.datetime, expired_reason: str
) -> dict[str, Row]:
    params = {"ids": ids, "now": now, "expiredReason": expired_reason}
    return {r["request"]["id"]: r["request"] for r in await runner.read(REQUESTS_BY_ID, params)}


async def request_page(
    runner: Runner,
    person_id: str | None,
    status: str | None,
    after: tuple[dt.datetime, str] | None,
    limit: int,
    now: dt.datetime,
    expired_reason: str,
) -> tuple[int, list[Row], bool]:
    """(total, requests newest first, has next) after the (createdAt, id) cursor."""
    query = _page_query(person_id is not None, status is not None, after is not None)
    params: dict[str, Any] = {
        "personId": person_id,
        "status": status,
        "limit": limit + 1,
        "now": now,
        "expiredReason": expired_reason,
    }
    if after:
        params["afterAt"], params["afterId"] = after
    rows = await runner.read(query, params)
    if not rows:
        return 0, [], False
    page = sorted(rows[0]["rows"], key=lambda q: (q["createdAt"], q["id"]), reverse=True)
    return rows[0]["total"], page[:limit], len(page) > limit


async def expire_overdue(runner: Runner, now: dt.datetime, expired_reason: str) -> int:
    """Store EXPIRED on pending requests past their time (at most 10,000 a call)."""
    rows = await runner.write(EXPIRE_OVERDUE, {"now": now, "expiredReason": expired_reason})
    return int(rows[0]["n"]) if rows else 0
