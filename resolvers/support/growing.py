"""Growing ties: advising, teaching and coaching ties with the pattern of mentoring, so
staff can formalise them (docs/support-score.md §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graphdb.driver import Database, Row
from graphdb.growing import growing_candidates
from graphdb.model import DEFAULT_STRENGTH, PeopleFilter
from resolvers.pagination import check_first
from resolvers.support.settings import DEFAULT_GROWING, GrowingSettings


@dataclass(frozen=True, slots=True)
class GrowingTie:
    tie: Row
    supporter_id: str
    supported_id: str
    months: int  # how long the tie has lasted
    interactions: int  # logged in the window
    contact_months: int  # distinct calendar months with a logged interaction
    reasons: list[str]


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _strength(tie: Row) -> float:
    return float(tie["strength"]) if tie["strength"] is not None else DEFAULT_STRENGTH


async def growing_ties(
    db: Database,
    flt: PeopleFilter | None = None,
    first: int = 20,
    settings: GrowingSettings = DEFAULT_GROWING,
) -> list[GrowingTie]:
    """ADVISES, TEACHES and COACHES ties with the pattern of mentoring, most regular first.

    A tie qualifies when it is active, not already paired with an active MENTORS tie
    between the same people, has lasted ``min_months``, has strength ``min_strength`` or
    more, and a lastContact within ``contact_within_days``. When interactions between the
    two are logged in the last ``window_days``, they must also spread over at least
    ``min_contact_months`` calendar months (regular contact, not one burst). ``flt``
    selects the supported person.
    """
    check_first(first)
    candidates = await growing_candidates(
        db,
        flt or PeopleFilter(),
        min_months=settings.min_months,
        min_strength=settings.min_strength,
        contact_within_days=settings.contact_within_days,
        window_days=settings.window_days,
    )
    found: list[GrowingTie] = []
    for r in candidates:
        tie, contacts = r["tie"], sorted(r["contacts"])
        months = _months_between(tie["since"], r["today"])
        contact_months = len({(d.year, d.month) for d in contacts})
        if contacts and contact_months < settings.min_contact_months:
            continue
        reasons = [
            f"{tie['kind'].lower().replace('_', ' ')} for {months} months",
            f"strength {_strength(tie):g}",
            f"last contact {tie['lastContact'].isoformat()}",
        ]
        if contacts:
            reasons.append(f"{len(contacts)} logged interactions over {contact_months} months")
        found.append(
            GrowingTie(
                tie,
                tie["supporterId"],
                tie["supportedId"],
                months,
                len(contacts),
                contact_months,
                reasons,
            )
        )
    found.sort(key=lambda g: (-g.contact_months, -_strength(g.tie), -g.months, g.tie["id"]))
    return found[:first]
