"""A person's support web for drawing: the people within a few hops over active ties (any
kind, either direction) and the ties among them, bounded in size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from graphdb.cypher import EXISTING_PEOPLE, TIE_MAP, TIE_TYPES, active
from graphdb.driver import Database, Row
from graphdb.errors import NotFound

NEIGHBOURS: LiteralString = (
    "UNWIND $ids AS pid MATCH (a:Person {id: pid})-[r:" + TIE_TYPES + "]-(b:Person) "
    "WHERE " + active() + " AND NOT b.id IN $seen "
    "RETURN DISTINCT b.id AS id LIMIT $limit"
)
TIES_AMONG: LiteralString = (
    "UNWIND $ids AS pid MATCH (a:Person {id: pid})-[r:" + TIE_TYPES + "]->(b:Person) "
    "WHERE " + active() + " AND b.id IN $ids "
    "RETURN " + TIE_MAP + " AS tie ORDER BY tie.id LIMIT $limit"
)


@dataclass(frozen=True, slots=True)
class Web:
    centre: str
    people: list[str]  # ids, the centre first, then by distance
    ties: list[Row]
    truncated: bool


async def support_web(
    db: Database, person_id: str, depth: int, max_people: int = 300, max_ties: int = 1000
) -> Web:
    if not await db.read(EXISTING_PEOPLE, {"ids": [person_id]}):
        raise NotFound(f"no person with id {person_id!r}")
    people = [person_id]
    frontier = [person_id]
    truncated = False
    for _ in range(depth):
        room = max_people - len(people)
        if room <= 0 or not frontier:
            break
        rows = await db.read(NEIGHBOURS, {"ids": frontier, "seen": people, "limit": room + 1})
        found = [r["id"] for r in rows]
        if len(found) > room:
            truncated, found = True, found[:room]
        people += found
        frontier = found
    ties = await db.read(TIES_AMONG, {"ids": people, "limit": max_ties + 1})
    if len(ties) > max_ties:
        truncated, ties = True, ties[:max_ties]
    return Web(person_id, people, [t["tie"] for t in ties], truncated)
