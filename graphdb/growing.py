"""Candidates for "growing ties": active advising, teaching or coaching that is not yet a
mentoring tie, with what the rule in ``resolvers.support.growing`` needs of each.

Every date bound is taken from the database's ``date()``, the same day that decides
whether a tie is active, never from the application's clock.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import TIE_TYPE, active, people_filter, tie_map
from graphdb.driver import Database, Row
from graphdb.model import DEFAULT_STRENGTH, PeopleFilter, TieKind

GROWING_KINDS: tuple[TieKind, ...] = (TieKind.ADVISES, TieKind.TEACHES, TieKind.COACHES)
"""The kinds of support that can grow into mentoring."""

_GROWING_TYPES: LiteralString = "|".join(TIE_TYPE[k] for k in GROWING_KINDS)


def _candidates(where: LiteralString) -> LiteralString:
    return (
        "MATCH (j:Person)-[r:" + _GROWING_TYPES + "]->(p:Person) "
        "WHERE " + active() + " "
        "AND r.since IS NOT NULL AND r.since <= date() - duration({months: $minMonths}) "
        "AND coalesce(r.strength, $defaultStrength) >= $minStrength "
        "AND r.lastContact IS NOT NULL "
        "AND r.lastContact >= date() - duration({days: $contactWithinDays}) "
        "AND NOT EXISTS { MATCH (j)-[m:" + TIE_TYPE[TieKind.MENTORS] + "]->(p) "
        "WHERE " + active("m") + " } "
        "AND " + where + " "
        "WITH j, r, p, COLLECT { MATCH (j)-[:PARTY_TO]->(i:Interaction)<-[:PARTY_TO]-(p) "
        "WHERE i.at >= date() - duration({days: $windowDays}) RETURN i.at } AS contacts "
        "RETURN " + tie_map("r", "j", "p") + " AS tie, contacts, date() AS today"
    )


async def growing_candidates(
    db: Database,
    flt: PeopleFilter,
    *,
    min_months: int,
    min_strength: float,
    contact_within_days: int,
    window_days: int,
) -> list[Row]:
    """Ties of GROWING_KINDS towards people the filter selects that are active, not paired
    with an active MENTORS tie, ``min_months`` old or more, at least ``min_strength``
    strong and last in contact within ``contact_within_days``. Each row: ``tie``,
    ``contacts`` (the dates of the two people's interactions in the last ``window_days``)
    and ``today``."""
    where, params = people_filter(flt)
    params.update(
        minMonths=min_months,
        minStrength=min_strength,
        defaultStrength=DEFAULT_STRENGTH,
        contactWithinDays=contact_within_days,
        windowDays=window_days,
    )
    return await db.read(_candidates(where), params)
