"""``mentor_paths``: every suitable mentor (SPEC §4) within ``max_hops`` of a student, ranked
and explained, in one round trip (graphdb.mentors.paths); and ``warm_up``, which plans
every query of the capability before the first user needs it."""

from __future__ import annotations

from graphdb.driver import Database
from graphdb.errors import NotFound
from graphdb.mentors.introductions import INTRODUCTIONS
from graphdb.mentors.paths import MENTOR_PATHS
from resolvers.mentors import words
from resolvers.mentors.need import (
    DEFAULT_FIRST,
    DEFAULT_MAX_HOPS,
    MentorNeed,
    Need,
    check_bounds,
    check_id,
    read_need,
)
from resolvers.mentors.results import MentorPathsResult, Student, match
from resolvers.mentors.scoring import DEFAULT_SCORING, Scoring


async def mentor_paths(
    db: Database,
    person_id: str,
    need: MentorNeed | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    first: int = DEFAULT_FIRST,
    *,
    scoring: Scoring = DEFAULT_SCORING,
) -> MentorPathsResult:
    """Suitable mentors for ``person_id`` within ``max_hops``, best first (at most ``first``):
    score (rounded to 2 decimals) descending, then fewer hops, then mentor id.

    Raises BadInput for bounds or a malformed id, and NotFound for an unknown person.
    A need whose topics are all unknown is not an error: no one matches, and ``hint``
    says why.
    """
    check_bounds(max_hops, first)
    check_id(person_id, "personId")
    checked = read_need(need)
    params: dict[str, object] = {
        "personId": person_id,
        "need": checked.params(),
        "first": first,
        **scoring.params(),
    }
    rows = await db.read(MENTOR_PATHS[(max_hops, bool(checked.topics))], params)
    if not rows:
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    row = rows[0]
    student = Student(row.get("level"), list(row["fitTopics"]), bool(checked.topics))
    matches = [match(m, student, scoring) for m in row["matches"]]
    matches.sort(key=lambda m: (-m.score, m.hops, m.mentor_id))
    unknown: list[str] = list(row["unknownTopics"])
    return MentorPathsResult(
        matches=matches,
        hint=words.hint(checked.topics, unknown, bool(matches), max_hops),
        unknown_topics=unknown,
    )


# Neo4j caches a plan per query *and* per size bucket of its string parameters (and an
# EXPLAIN's plan only for EXPLAIN), so warming up means running each query for real, with
# ids of typical lengths. The ids name no one, so each run stops at its first MATCH.
_WARM_UP_IDS = ("~warm-up", "~warm-up-with-a-longer-id")


async def warm_up(db: Database, *, scoring: Scoring = DEFAULT_SCORING) -> None:
    """Plan every query of the mentor capability once, for the usual id lengths. Planning
    one costs 0.2-3 s (more on a busy server) and is cached per server, so an app can call
    this at startup and spare its first users the wait."""
    for pid in _WARM_UP_IDS:
        mentor: dict[str, object] = {
            "personId": pid,
            "need": Need().params(),
            "first": 1,
            **scoring.params(),
        }
        for query in MENTOR_PATHS.values():
            await db.read(query, mentor)
        intro: dict[str, object] = {
            "fromId": pid,
            "toId": pid + "2",
            "first": 1,
            **scoring.path_params(),
        }
        for query in INTRODUCTIONS.values():
            await db.read(query, intro)
