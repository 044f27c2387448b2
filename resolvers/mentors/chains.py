"""``introductions``: how two people are connected, as the strongest short chains of active
ties between them (graphdb.mentors.introductions)."""

from __future__ import annotations

from graphdb.cypher import EXISTING_PEOPLE
from graphdb.driver import Database
from graphdb.errors import BadInput, NotFound
from graphdb.mentors.introductions import INTRODUCTIONS
from resolvers.mentors.need import DEFAULT_INTRODUCTIONS, DEFAULT_MAX_HOPS, check_bounds, check_id
from resolvers.mentors.results import IntroductionPath, introduction
from resolvers.mentors.scoring import DEFAULT_SCORING, Scoring


async def introductions(
    db: Database,
    from_id: str,
    to_id: str,
    max_hops: int = DEFAULT_MAX_HOPS,
    first: int = DEFAULT_INTRODUCTIONS,
    *,
    scoring: Scoring = DEFAULT_SCORING,
) -> list[IntroductionPath]:
    """The strongest of the shortest chains of active ties (either direction) between two
    people, at most ``max_hops`` long, strongest first; no chain passes anyone twice.

    The candidates are the shortest ``graphdb.mentors.introductions.INTRO_POOL`` chains
    Neo4j finds, fewest hops first; among those, ``first`` are kept by strength.
    """
    check_bounds(max_hops, first)
    check_id(from_id, "fromId")
    check_id(to_id, "toId")
    if from_id == to_id:
        raise BadInput("fromId and toId are the same person", field="toId")
    params: dict[str, object] = {
        "fromId": from_id,
        "toId": to_id,
        "first": first,
        **scoring.path_params(),
    }
    rows = await db.read(INTRODUCTIONS[max_hops], params)
    if not rows:
        await _raise_not_found(db, from_id, to_id)
    return [introduction(p, scoring) for p in rows[0]["paths"]]


async def _raise_not_found(db: Database, from_id: str, to_id: str) -> None:
    found = {r["id"] for r in await db.read(EXISTING_PEOPLE, {"ids": [from_id, to_id]})}
    missing = [pid for pid in (from_id, to_id) if pid not in found] or [from_id]
    what = "fromId" if from_id in missing else "toId"
    raise NotFound(f"no person with id {missing[0]!r}", field=what)
