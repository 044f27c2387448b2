"""Who a program's audience criteria select, most in need first, read from the indexes.

The list is ordered in four *bands*, then by stored support score, then by id:

    0  thin support, no mentor yet in the program's topics
    1  thin support, a mentor in them already
    2  not thin, no mentor yet in the program's topics
    3  not thin, a mentor in them already

Each band is one statement that walks a ``(supportScore, id)`` range index in order — of
``:ThinSupport`` for the thin bands, of ``:SupportScored`` (migration V0006) for the rest,
starting at the thin threshold, since nobody below it is left there — tests each person
against the criteria and the band's mentor test, and stops after ``$limit`` rows. So a
page costs about as many rows as it returns, whatever the size of the audience, instead of
scoring everyone (docs/programs.md has the measurements). When a group, a topic or a
department narrows the audience, the planner starts from those instead (no index hint).
The stored scores are the support-score table of docs/support-score.md §5; the caller
refreshes it first, as the thin-support list does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from graphdb.cypher import SUPPORT_TYPES, active, confirmed, role_test
from graphdb.driver import Row, Runner
from graphdb.programs.records import AudienceRecord

BANDS = 4


@dataclass(frozen=True, slots=True)
class Band:
    thin: bool
    mentored: bool


BAND: tuple[Band, ...] = (
    Band(thin=True, mentored=False),
    Band(thin=True, mentored=True),
    Band(thin=False, mentored=False),
    Band(thin=False, mentored=True),
)

# Someone already mentored in the program's topics (any mentor, when it names none).
_MENTORED: LiteralString = (
    "EXISTS { MATCH (p)<-[t:MENTORS]-(x:Person) WHERE "
    + active("t")
    + " AND (size($topics) = 0 OR EXISTS { MATCH (x)-[:EXPERT_IN]->(k:Topic)"
    " WHERE k.name IN $topics }) }"
)

_NOT_ENROLLED: LiteralString = "NOT EXISTS { MATCH (p)-[:MENTEE_IN]->(:Program {id: $programId}) }"

# An advisor's rows: the people they actively support through a confirmed tie.
_CASELOAD: LiteralString = (
    "EXISTS { MATCH (:Person {id: $caseloadOf})-[r:"
    + SUPPORT_TYPES
    + "]->(p) WHERE "
    + active("r")
    + " AND "
    + confirmed("r")
    + " }"
)

# Criteria built from the fragments of those set, so the planner sees plain predicates.
_CRITERIA: dict[str, LiteralString] = {
    "levels": "p.level IN $a_levels",
    "departments": "p.department IN $a_departments",
    "class_years": "p.classYear IN $a_class_years",
    "topics": "EXISTS { MATCH (p)-[:INTERESTED_IN]->(t:Topic) WHERE t.name IN $a_topics }",
    "group_ids": "EXISTS { MATCH (p)-[:MEMBER_OF]->(g:Group) WHERE g.id IN $a_group_ids }",
}

_AFTER: LiteralString = (
    " AND CASE WHEN p.supportScore > $afterScore THEN true"
    " WHEN p.supportScore = $afterScore THEN p.id > $afterId ELSE false END"
)


def audience_where(
    audience: AudienceRecord, *, unenrolled: bool = True, caseload_of: str | None = None
) -> tuple[LiteralString, dict[str, Any]]:
    """``(predicate on p, params)``: the audience's criteria (thinOnly apart: the bands
    decide it); with ``unenrolled``, not yet a mentee of ``$programId``; with
    ``caseload_of``, someone that person supports through a confirmed tie."""
    where: LiteralString = role_test(audience.roles) + (
        " AND " + _NOT_ENROLLED if unenrolled else ""
    )
    params: dict[str, Any] = {}
    if caseload_of is not None:
        where = where + " AND " + _CASELOAD
        params["caseloadOf"] = caseload_of
    values: dict[str, list[Any]] = {
        "levels": [lv.value for lv in audience.levels],
        "departments": list(audience.departments),
        "class_years": list(audience.class_years),
        "topics": list(audience.topics),
        "group_ids": list(audience.group_ids),
    }
    for name, fragment in _CRITERIA.items():
        if values[name]:
            where = where + " AND " + fragment
            params["a_" + name] = values[name]
    return where, params


def _narrowed(audience: AudienceRecord, caseload_of: str | None) -> bool:
    """Criteria that select few people: the planner starts from them, not the index."""
    return bool(audience.group_ids or audience.topics or audience.departments or caseload_of)


def band_query(band: Band, where: LiteralString, *, hint: bool, after: bool) -> LiteralString:
    label: LiteralString = "ThinSupport" if band.thin else "SupportScored"
    using: LiteralString = "USING INDEX p:" + label + "(supportScore, id) " if hint else ""
    return (
        "MATCH (p:" + label + ") " + using + "WHERE p.supportScore >= $afterScore"
        " AND p.id IS NOT NULL AND "
        + where
        + ("" if band.thin else " AND NOT p:ThinSupport")
        + (_AFTER if after else "")
        + " AND "
        + ("" if band.mentored else "NOT ")
        + _MENTORED
        + " WITH p ORDER BY p.supportScore, p.id LIMIT $limit"
        " RETURN collect({id: p.id, score: p.supportScore}) AS page"
    )


async def band_page(
    runner: Runner,
    band: int,
    audience: AudienceRecord,
    program_id: str,
    topics: list[str],
    after: tuple[float, str] | None,
    limit: int,
    thin_below: float,
    caseload_of: str | None = None,
) -> list[Row]:
    """Up to ``limit`` people of one band after the ``(score, id)`` cursor: ``{id, score}``."""
    where, params = audience_where(audience, caseload_of=caseload_of)
    hint = not _narrowed(audience, caseload_of)
    query = band_query(BAND[band], where, hint=hint, after=after is not None)
    start = -1.0 if BAND[band].thin else thin_below
    params |= {
        "programId": program_id,
        "topics": topics,
        "limit": limit,
        "afterScore": max(after[0], start) if after else start,
        "afterId": after[1] if after else "",
    }
    rows = await runner.read(query, params)
    page: list[Row] = rows[0]["page"]
    return page


def count_query(where: LiteralString, thin_only: bool) -> LiteralString:
    label: LiteralString = "ThinSupport" if thin_only else "Person"
    return "MATCH (p:" + label + ") WHERE " + where + " RETURN count(p) AS total"


async def audience_total(
    runner: Runner, audience: AudienceRecord, program_id: str, caseload_of: str | None = None
) -> int:
    """How many people the criteria select who are not enrolled as mentees yet."""
    where, params = audience_where(audience, caseload_of=caseload_of)
    rows = await runner.read(
        count_query(where, audience.thin_only), params | {"programId": program_id}
    )
    return int(rows[0]["total"])


# What the reasons of a page's people say: their level, department and class year, the
# interests and groups the program names, and whether a mentor of theirs covers its topics.
FACTS: LiteralString = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN p.id AS id, p.roles AS roles, "
    "p.level AS level, p.department AS department, p.classYear AS classYear, "
    "coalesce(p.supportThin, false) AS thin, p.supportScore AS score, "
    "COLLECT { MATCH (p)-[:INTERESTED_IN]->(t:Topic) WHERE t.name IN $topics "
    "RETURN t.name ORDER BY t.name } AS interests, "
    "COLLECT { MATCH (p)-[:MEMBER_OF]->(g:Group) WHERE g.id IN $groupIds "
    "RETURN g.name ORDER BY g.name } AS groups, "
    + _MENTORED.replace("$topics", "$programTopics")
    + " AS mentored"
)


async def audience_facts(
    runner: Runner,
    ids: list[str],
    topics: list[str],
    program_topics: list[str],
    group_ids: list[str],
) -> dict[str, Row]:
    params = {"ids": ids, "topics": topics, "programTopics": program_topics, "groupIds": group_ids}
    return {r["id"]: r for r in await runner.read(FACTS, params)}


async def fits(runner: Runner, audience: AudienceRecord, person_id: str) -> bool:
    """Whether the person meets every criterion but ``thin_only`` (which the caller
    decides from the live profile: the stored label may be a write behind)."""
    where, params = audience_where(audience, unenrolled=False)
    query: LiteralString = "MATCH (p:Person {id: $personId}) WHERE " + where + " RETURN p.id AS id"
    return bool(await runner.read(query, params | {"personId": person_id}))
