"""A person's support web for drawing: the people within a few hops over active ties (any
kind, either direction) and the ties among them, bounded in size.

``visible`` limits the walk to the ties a viewer may see (resolvers.disclosure): a tie is
walked and returned only when one of its ends is in ``visible`` — the viewer and the
people they act for. Someone reachable only through ties the viewer may not see does not
appear, so the web never tells what ``Person.supporters`` would refuse.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import EXISTING_PEOPLE, TIE_MAP, TIE_TYPES, active
from graphdb.driver import Database
from graphdb.errors import NotFound
from graphdb.model import Web

NEIGHBOURS: LiteralString = (
    "UNWIND $ids AS pid MATCH (a:Person {id: pid})-[r:" + TIE_TYPES + "]-(b:Person) "
    "WHERE " + active() + " AND NOT b.id IN $seen "
    "AND ($everyone OR a.id IN $visible OR b.id IN $visible) "
    "WITH DISTINCT b.id AS id LIMIT $limit RETURN collect(id) AS ids"
)
TIES_AMONG: LiteralString = (
    "UNWIND $ids AS pid MATCH (a:Person {id: pid})-[r:" + TIE_TYPES + "]->(b:Person) "
    "WHERE " + active() + " AND b.id IN $ids "
    "AND ($everyone OR a.id IN $visible OR b.id IN $visible) "
    "WITH " + TIE_MAP + " AS tie ORDER BY tie.id LIMIT $limit RETURN collect(tie) AS ties"
)


async def support_web(
    db: Database,
    person_id: str,
    depth: int,
    max_people: int = 300,
    max_ties: int = 1000,
    visible: list[str] | None = None,
) -> Web:
    if not await db.read(EXISTING_PEOPLE, {"ids": [person_id]}):
        raise NotFound(f"no person with id {person_id!r}")
    scope = {"everyone": visible is None, "visible": visible or []}
    people = [person_id]
    frontier = [person_id]
    truncated = False
    for _ in range(depth):
        room = max_people - len(people)
        if room <= 0 or not frontier:
            break
        row = await db.read_one(
            NEIGHBOURS, {"ids": frontier, "seen": people, "limit": room + 1, **scope}
        )
        found: list[str] = list(row["ids"]) if row else []
        if len(found) > room:
            truncated, found = True, found[:room]
        people += found
        frontier = found
    row = await db.read_one(TIES_AMONG, {"ids": people, "limit": max_ties + 1, **scope})
    ties: list[dict[str, object]] = list(row["ties"]) if row else []
    if len(ties) > max_ties:
        truncated, ties = True, ties[:max_ties]
    return Web(person_id, people, ties, truncated)
