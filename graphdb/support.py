"""Cypher behind support profiles (SPEC §4), the thin-support list and logged interactions.

What a profile needs comes back in one round trip for a whole batch of people: the active
incoming support ties with their supporters, and the ego network on the undirected,
unweighted graph of active support ties that Burt's measures are computed on. ``without``
drops every tie of the listed people, as if they had left.

The thin-support list reads a score table kept on the Person nodes themselves
(``supportScore``, ``supportThin``, ``supportValidUntil`` and the labels below); see
docs/support-score.md for why, and for the protocol that keeps it correct:

- ``:SupportScored`` — the stored score is there. ``count(:Person) - count(:SupportScored)``
  comes from Neo4j's count store, so people created by any writer are noticed for free.
- ``:SupportStale`` — set by a writer (in its own transaction) on everyone whose support
  it changed; the next reader recomputes them.
- ``:ThinSupport`` — the person is thin; the listing walks an index on this label in
  score order.
- ``supportValidUntil`` — the first day the stored score could change on its own (a tie's
  ``until`` passes, a last contact ages into the next recency band).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from graphdb.cypher import SUPPORT_TYPES, TIE_TYPES
from graphdb.driver import Database, Row, Tx
from graphdb.model import Role

ALL_TIE_TYPES = TIE_TYPES

_TIE_MAP: LiteralString = (
    "r {.id, .since, .until, .strength, .functions, .formal, .lastContact, kind: type(r),"
    " supporterId: j.id, supportedId: s.id}"
)
_SUPPORTER_MAP: LiteralString = "j {.id, .name, .roles, .department}"

# Incoming active support ties with what the score and the reasons need of each supporter.
_INCOMING: LiteralString = (
    "CALL (s) { MATCH (s)<-[r:" + SUPPORT_TYPES + "]-(j:Person) "
    "WHERE (r.until IS NULL OR r.until > date()) AND NOT j.id IN $without "
    "RETURN collect({tie: " + _TIE_MAP + ", supporter: " + _SUPPORTER_MAP + "}) AS ties } "
)

# The ego network for Burt's measures. For an undirected, unweighted graph networkx gives
#   effective_size(s) = n - 2t/n            (n neighbours, t edges among them), and
#   constraint(s)     = sum_j (1/n + sum_{q in N(s) ∩ N(j)} 1/(n * deg(q)))^2
# (its p_uv is 1/deg(u) there), so besides s's neighbours and the edges among them we need
# every neighbour's degree in the WHOLE support graph, not only inside the ego network.
# Degrees count distinct neighbours: parallel ties and both directions are one edge.
_EGO: LiteralString = (
    "CALL (s) { OPTIONAL MATCH (s)-[r:" + SUPPORT_TYPES + "]-(j:Person) "
    "WHERE (r.until IS NULL OR r.until > date()) AND NOT j.id IN $without "
    "WITH collect(DISTINCT j) AS nbrs "
    "UNWIND nbrs AS j "
    # One pass over each neighbour's ties gives both its degree and its links into N(s).
    "WITH j, nbrs, COLLECT { MATCH (j)-[r2:" + SUPPORT_TYPES + "]-(k:Person) "
    "WHERE (r2.until IS NULL OR r2.until > date()) AND NOT k.id IN $without "
    "RETURN DISTINCT k } AS ks "
    "RETURN collect({id: j.id, degree: size(ks), links: [k IN ks WHERE k IN nbrs | k.id]}) "
    "AS ego } "
)

PROFILE_DATA: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) "
    + _INCOMING
    + _EGO
    + "RETURN s.id AS id, s.name AS name, ties, ego, date() AS today"
)

# The same ties as flat lists, for bulk scoring: the Python driver spends far longer
# decoding maps than Neo4j spends finding them (measured 4x on 2,000 people).
# Each entry: [supporterId, name, roles, department, kind, strength, functions,
# lastContact, until, tieId]; see ``expand_compact``.
_INCOMING_COMPACT: LiteralString = (
    "CALL (s) { MATCH (s)<-[r:" + SUPPORT_TYPES + "]-(j:Person) "
    "WHERE (r.until IS NULL OR r.until > date()) AND NOT j.id IN $without "
    "RETURN collect([j.id, j.name, j.roles, j.department, type(r), r.strength, r.functions, "
    "r.lastContact, r.until, r.id]) AS ties } "
)

TIE_DATA: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) "
    + _INCOMING_COMPACT
    + "RETURN s.id AS id, s.name AS name, s.roles AS roles, s.supportThin AS storedThin, "
    "s.supportScore AS storedScore, ties, date() AS today"
)

# Refresh: taking each person's write lock (the SET) before reading their ties means a
# writer that marks them stale either committed before (we read its change) or waits for
# us and marks them stale again afterwards; an invalidation is never lost.
LOCK_AND_TIE_DATA: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) "
    "SET s.supportCheckedAt = datetime() REMOVE s:SupportStale WITH s "
    + _INCOMING_COMPACT
    + "RETURN s.id AS id, s.name AS name, s.roles AS roles, s.supportThin AS storedThin, "
    "s.supportScore AS storedScore, ties, date() AS today"
)

STORE_SCORES: LiteralString = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.supportScore = row.score, p.supportThin = row.thin, p.supportValidUntil = row.validUntil,
    p:SupportScored
WITH p, row
CALL (p, row) {
  FOREACH (_ IN CASE WHEN row.thin THEN [1] ELSE [] END | SET p:ThinSupport)
  FOREACH (_ IN CASE WHEN row.thin THEN [] ELSE [1] END | REMOVE p:ThinSupport)
  FOREACH (_ IN CASE WHEN row.thin AND 'STUDENT' IN p.roles THEN [1] ELSE [] END |
    SET p:ThinStudent)
  FOREACH (_ IN CASE WHEN row.thin AND 'STUDENT' IN p.roles THEN [] ELSE [1] END |
    REMOVE p:ThinStudent)
}
RETURN count(p) AS n
"""

# Everything the thin list must recompute before it can trust the table. The two counts
# come from the count store; the stale label and the validity date are index lookups.
_STATE: LiteralString = """
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (p:SupportScored) RETURN count(p) AS scored }
CALL () { MATCH (p:SupportStale) RETURN collect(p.id) AS stale }
CALL () { MATCH (p:Person) WHERE p.supportValidUntil <= date() RETURN collect(p.id) AS expired }
"""
STALE_STATE: LiteralString = _STATE + "RETURN people, scored, stale, expired"

UNSCORED: LiteralString = "MATCH (p:Person) WHERE NOT p:SupportScored RETURN p.id AS id"

MARK_STALE: LiteralString = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) SET p:SupportStale RETURN count(p) AS n"
)

# A supporter's name, roles or department feed the profiles of everyone they support.
MARK_SUPPORTED_BY_STALE: LiteralString = (
    "UNWIND $ids AS pid MATCH (:Person {id: pid})-[:" + SUPPORT_TYPES + "]->(p:Person) "
    "WITH DISTINCT p SET p:SupportStale RETURN count(p) AS n"
)

SUPPORTED_BY: LiteralString = (
    "MATCH (m:Person {id: $id})-[r:" + SUPPORT_TYPES + "]->(p:Person) "
    "WHERE r.until IS NULL OR r.until > date() RETURN DISTINCT p.id AS id"
)

# In batches (one transaction each) until nothing is left; returns how many it cleared.
DROP_SCORE_BATCH: LiteralString = """
MATCH (p:Person) WHERE p.supportScore IS NOT NULL OR p:SupportScored OR p:SupportStale
  OR p:ThinSupport OR p:ThinStudent
WITH p LIMIT 10000
REMOVE p:SupportScored:SupportStale:ThinSupport:ThinStudent
REMOVE p.supportScore, p.supportThin, p.supportValidUntil, p.supportCheckedAt
RETURN count(p) AS n
"""

# These belong in a migration (graphdb/migrations is not this module's); until then the
# resolvers create them once per process. Both are IF NOT EXISTS, so running them is safe.
SCHEMA: tuple[LiteralString, ...] = (
    "CREATE INDEX support_thin_order IF NOT EXISTS FOR (p:ThinSupport) ON (p.supportScore, p.id)",
    "CREATE INDEX support_thin_student_order IF NOT EXISTS "
    "FOR (p:ThinStudent) ON (p.supportScore, p.id)",
    "CREATE INDEX support_valid_until IF NOT EXISTS FOR (p:Person) ON (p.supportValidUntil)",
)

# Growing ties filter the supported person; each filter is off when its parameter is null.
_PERSON_FILTER: LiteralString = """
($roles IS NULL OR any(role IN p.roles WHERE role IN $roles))
AND ($department IS NULL OR p.department = $department)
AND ($classYear IS NULL OR p.classYear = $classYear)
AND ($level IS NULL OR p.level = $level)
AND ($groupId IS NULL OR EXISTS { MATCH (p)-[:MEMBER_OF]->(:Group {id: $groupId}) })
AND ($topic IS NULL OR EXISTS { MATCH (p)-[:INTERESTED_IN|EXPERT_IN]->(:Topic {name: $topic}) })
AND ($search IS NULL OR p.sortName CONTAINS $search)
"""

# The thin list is built from fragments for the filters actually set, so the planner sees
# plain predicates (a catch-all "$x IS NULL OR ..." hides the indexes from it).
_ROLE_LABEL: dict[Role, LiteralString] = {
    Role.STUDENT: "p:Student",
    Role.FACULTY: "p:Faculty",
    Role.STAFF: "p:Staff",
    Role.ALUM: "p:Alum",
    Role.EXTERNAL: "p:External",
}
_FILTER_CLAUSE: dict[str, LiteralString] = {
    "department": " AND p.department = $department",
    "classYear": " AND p.classYear = $classYear",
    "level": " AND p.level = $level",
    "groupId": " AND EXISTS { MATCH (p)-[:MEMBER_OF]->(:Group {id: $groupId}) }",
    "topic": " AND EXISTS { MATCH (p)-[:INTERESTED_IN|EXPERT_IN]->(:Topic {name: $topic}) }",
    "search": " AND p.sortName CONTAINS $search",
    # An advisor's view: only the people they actively support.
    "supportedBy": (
        " AND EXISTS { MATCH (:Person {id: $supportedBy})"
        "-[r:ADVISES|MENTORS|COACHES|TEACHES|TUTORS|PEER_SUPPORTS|SUPERVISES]->(p)"
        " WHERE r.until IS NULL OR r.until > date() }"
    ),
}
# After the cursor (score, id). A CASE, not an OR: the planner would split an OR into a
# union and lose the index order.
_AFTER: LiteralString = (
    " AND p.supportScore >= $afterScore AND CASE WHEN p.supportScore > $afterScore THEN true"
    " WHEN p.supportScore = $afterScore THEN p.id > $afterId ELSE false END"
)


def thin_query(
    roles: Sequence[Role], filters: Sequence[str], after: bool, with_state: bool = False
) -> LiteralString:
    """The statement (total and one page) for one combination of filters; ``with_state``
    also returns the table's STALE_STATE, saving a round trip when nothing is stale.

    ``roles`` empty means every role; ``filters`` names the other filters that are set
    (keys of ``_FILTER_CLAUSE``). Students only (the default) and everyone read the
    :ThinStudent / :ThinSupport label: an unfiltered count comes from the count store.
    """
    unknown = [f for f in filters if f not in _FILTER_CLAUSE]
    if unknown:
        raise ValueError(f"unknown thin-support filters: {unknown}")
    wanted = list(dict.fromkeys(roles))
    label: LiteralString
    where: LiteralString = "true"
    if wanted == [Role.STUDENT]:
        label, index = "ThinStudent", "USING INDEX p:ThinStudent(supportScore, id) "
    else:
        label, index = "ThinSupport", "USING INDEX p:ThinSupport(supportScore, id) "
        if wanted and len(wanted) < len(Role):
            where = "(" + " OR ".join(_ROLE_LABEL[r] for r in wanted) + ")"
    for name in _FILTER_CLAUSE:
        if name in filters:
            where = where + _FILTER_CLAUSE[name]
    count: LiteralString = "MATCH (p:" + label + ") WHERE " + where + " RETURN count(p) AS total"
    # Walk the (score, id) index in order unless a group or topic narrows the set more.
    narrowed = "groupId" in filters or "topic" in filters or "supportedBy" in filters
    hint: LiteralString = "" if narrowed else index
    page: LiteralString = (
        "MATCH (p:" + label + ") " + hint + "WHERE p.supportScore >= $afterScore"
        " AND p.id IS NOT NULL AND "
        + where
        + (_AFTER if after else "")
        + " WITH p ORDER BY p.supportScore, p.id LIMIT $limit"
        " RETURN collect({id: p.id, score: p.supportScore}) AS page"
    )
    body: LiteralString = "CALL () { " + count + " } CALL () { " + page + " } "
    if with_state:
        return _STATE + body + "RETURN total, page, people, scored, stale, expired"
    return body + "RETURN total, page"


KNOWN_PEOPLE: LiteralString = "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN p.id AS id"

# Logged interactions: (from)-[:PARTY_TO {role: 'FROM'}]->(:Interaction {id, at, kind})
# <-[:PARTY_TO {role: 'WITH'}]-(to). PARTY_TO is what graphdb.erase follows to delete a
# person's interactions with them.
INTERACTION_CHECK: LiteralString = (
    "OPTIONAL MATCH (a:Person {id: $fromId}) OPTIONAL MATCH (b:Person {id: $toId}) "
    "RETURN a IS NOT NULL AS fromExists, b IS NOT NULL AS toExists, date() AS today, "
    "CASE WHEN a IS NULL OR b IS NULL THEN [] ELSE COLLECT { "
    "MATCH (a)-[r:" + ALL_TIE_TYPES + "]-(b) WHERE r.until IS NULL OR r.until > date() "
    "RETURN r.id } END AS ties"
)

# lastContact only moves forward: logging an older interaction keeps a newer date.
INTERACTION_CREATE: LiteralString = (
    "MATCH (a:Person {id: $fromId}), (b:Person {id: $toId}) "
    "CREATE (a)-[:PARTY_TO {role: 'FROM'}]->(i:Interaction {id: $id, at: $at, kind: $kind, "
    "loggedAt: datetime()})<-[:PARTY_TO {role: 'WITH'}]-(b) "
    "WITH a, b, i "
    "CALL (a, b) { MATCH (a)-[r:" + ALL_TIE_TYPES + "]-(b) "
    "WHERE r.until IS NULL OR r.until > date() "
    "SET r.lastContact = CASE WHEN r.lastContact IS NULL OR r.lastContact < $at "
    "THEN $at ELSE r.lastContact END "
    "RETURN collect(r.id) AS ties } "
    "RETURN i.id AS id, ties"
)

# Candidates for "growing ties": active advising, teaching or coaching that is not yet a
# mentoring tie, with what the rule in resolvers.support needs (interaction dates included).
GROWING_CANDIDATES: LiteralString = (
    "MATCH (j:Person)-[r:ADVISES|TEACHES|COACHES]->(p:Person) "
    "WHERE (r.until IS NULL OR r.until > date()) "
    "AND r.since IS NOT NULL AND r.since <= $sinceBefore "
    "AND coalesce(r.strength, 0.5) >= $minStrength "
    "AND r.lastContact IS NOT NULL AND r.lastContact >= $contactAfter "
    "AND NOT EXISTS { MATCH (j)-[m:MENTORS]->(p) WHERE m.until IS NULL OR m.until > date() } "
    "AND " + _PERSON_FILTER + " "
    "WITH j, r, p, COLLECT { MATCH (j)-[:PARTY_TO]->(i:Interaction)<-[:PARTY_TO]-(p) "
    "WHERE i.at >= $interactionsAfter RETURN i.at } AS contacts "
    "WITH j, r, p AS s, contacts "
    "RETURN " + _TIE_MAP + " AS tie, contacts, date() AS today"
)


@dataclass(frozen=True, slots=True)
class StaleState:
    people: int
    scored: int
    stale: list[str]
    expired: list[str]


Runner = Database | Tx


async def _read(runner: Runner, query: LiteralString, params: Mapping[str, Any]) -> list[Row]:
    if isinstance(runner, Database):
        return await runner.read(query, params)
    return await runner.run(query, params)


async def _write(runner: Runner, query: LiteralString, params: Mapping[str, Any]) -> list[Row]:
    if isinstance(runner, Database):
        return await runner.write(query, params)
    return await runner.run(query, params)


async def ensure_schema(db: Database) -> None:
    for statement in SCHEMA:
        await db.write(statement)


async def profile_data(db: Database, ids: Sequence[str], without: Sequence[str]) -> list[Row]:
    """One row per existing person: id, name, ties, ego, today (unknown ids are absent)."""
    return await db.read(PROFILE_DATA, {"ids": list(ids), "without": list(without)})


def expand_compact(ties: Sequence[Sequence[Any]], supported_id: str) -> list[Row]:
    """Flat tie lists back into the {tie, supporter} rows that PROFILE_DATA returns."""
    out: list[Row] = []
    for sid, name, roles, dept, kind, strength, functions, last, until, tie_id in ties:
        out.append(
            {
                "tie": {
                    "id": tie_id,
                    "kind": kind,
                    "strength": strength,
                    "functions": functions,
                    "lastContact": last,
                    "until": until,
                    "supporterId": sid,
                    "supportedId": supported_id,
                },
                "supporter": {"id": sid, "name": name, "roles": roles, "department": dept},
            }
        )
    return out


async def tie_data(runner: Runner, ids: Sequence[str], without: Sequence[str] = ()) -> list[Row]:
    """Per person: id, name, roles, storedScore, storedThin, today, and ``ties`` as
    {tie, supporter} rows (ties carry what scoring needs, not every field)."""
    rows = await _read(runner, TIE_DATA, {"ids": list(ids), "without": list(without)})
    for r in rows:
        r["ties"] = expand_compact(r["ties"], r["id"])
    return rows


async def known_people(runner: Runner, ids: Sequence[str]) -> set[str]:
    return {r["id"] for r in await _read(runner, KNOWN_PEOPLE, {"ids": list(ids)})}


async def supported_by(db: Database, person_id: str) -> list[str]:
    """The people someone actively supports (any tie kind but KNOWS)."""
    return [r["id"] for r in await db.read(SUPPORTED_BY, {"id": person_id})]


async def mark_stale(runner: Runner, ids: Sequence[str]) -> None:
    """Say that these people's support changed. Call it in the writing transaction."""
    if ids:
        await _write(runner, MARK_STALE, {"ids": list(dict.fromkeys(ids))})


async def mark_supported_by_stale(runner: Runner, supporter_ids: Sequence[str]) -> None:
    """Say that these supporters changed (name, roles, department) or are about to go."""
    if supporter_ids:
        await _write(runner, MARK_SUPPORTED_BY_STALE, {"ids": list(dict.fromkeys(supporter_ids))})


async def stale_state(db: Database) -> StaleState:
    row = await db.read_one(STALE_STATE)
    assert row is not None  # aggregates always return a row
    return StaleState(row["people"], row["scored"], row["stale"], row["expired"])


async def unscored(db: Database) -> list[str]:
    return [r["id"] for r in await db.read(UNSCORED)]


async def lock_and_tie_data(tx: Tx, ids: Sequence[str]) -> list[Row]:
    """As ``tie_data``, after taking each person's write lock (see LOCK_AND_TIE_DATA)."""
    rows = await tx.run(LOCK_AND_TIE_DATA, {"ids": list(ids), "without": []})
    for r in rows:
        r["ties"] = expand_compact(r["ties"], r["id"])
    return rows


async def store_scores(tx: Tx, rows: Sequence[Mapping[str, Any]]) -> None:
    await tx.run(STORE_SCORES, {"rows": list(rows)})


async def drop_score_table(db: Database) -> None:
    while True:
        rows = await db.write(DROP_SCORE_BATCH, timeout=600)
        if not rows or rows[0]["n"] == 0:
            return


async def thin_page(
    runner: Runner,
    roles: Sequence[Role],
    filters: Mapping[str, Any],
    after: tuple[float, str] | None,
    limit: int,
    *,
    leader: bool = False,
    with_state: bool = False,
) -> tuple[int, list[Row], StaleState | None]:
    """(total, rows, state) of one page; ``filters`` maps _FILTER_CLAUSE names to values.

    ``leader`` reads on the cluster's leader (right after this process wrote scores);
    ``with_state`` also reads the table's staleness in the same statement."""
    query = thin_query(roles, list(filters), after is not None, with_state)
    params: dict[str, Any] = dict(filters)
    params["afterScore"], params["afterId"] = after if after else (-1.0, "")
    params["limit"] = limit
    rows = await (_write(runner, query, params) if leader else _read(runner, query, params))
    row = rows[0]
    state = (
        StaleState(row["people"], row["scored"], row["stale"], row["expired"])
        if with_state
        else None
    )
    return row["total"], row["page"], state


async def interaction_check(tx: Tx, from_id: str, to_id: str) -> Row:
    rows = await tx.run(INTERACTION_CHECK, {"fromId": from_id, "toId": to_id})
    return rows[0]


async def interaction_create(
    tx: Tx, interaction_id: str, from_id: str, to_id: str, at: dt.date, kind: str
) -> Row:
    params = {"id": interaction_id, "fromId": from_id, "toId": to_id, "at": at, "kind": kind}
    rows = await tx.run(INTERACTION_CREATE, params)
    return rows[0]


async def growing_candidates(db: Database, params: Mapping[str, Any]) -> list[Row]:
    return await db.read(GROWING_CANDIDATES, params)
