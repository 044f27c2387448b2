"""Growing ties (resolvers.support.growing) against the real Neo4j: which advising,
teaching and coaching ties have the pattern of mentoring, in which order, and why."""

from __future__ import annotations

import datetime as dt

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import Dataset, PeopleFilter, Role, TieKind, TieRecord
from resolvers.support.growing import growing_ties
from resolvers.support.interactions import log_interaction
from tests.resolvers.support_data import db_today, person


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for d in range(day.day, 27, -1):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    return dt.date(year, month + 1, day.day)


def grown(
    tie_id: str, frm: str, to: str, kind: TieKind, strength: float, **kw: object
) -> TieRecord:
    return TieRecord(tie_id, frm, to, kind, strength, **kw)  # type: ignore[arg-type]


async def test_growing_ties_most_regular_first_with_reasons(db: Database) -> None:
    today = await db_today(db)
    year_ago = today - dt.timedelta(days=400)
    recent = today - dt.timedelta(days=5)
    people = [person(p) for p in ["f", "g", "h", "k", "s", "t", "u", "v", "w"]]
    ties = [
        grown("grow", "f", "s", TieKind.ADVISES, 0.8, since=year_ago, last_contact=recent),
        grown("regular", "g", "t", TieKind.COACHES, 0.7, since=year_ago, last_contact=recent),
        grown("burst", "h", "u", TieKind.TEACHES, 0.9, since=year_ago, last_contact=recent),
        grown("young", "f", "v", TieKind.ADVISES, 0.9, since=recent, last_contact=recent),
        grown("weak", "f", "w", TieKind.ADVISES, 0.3, since=year_ago, last_contact=recent),
        grown("mentored", "k", "s", TieKind.TEACHES, 0.9, since=year_ago, last_contact=recent),
        grown("m", "k", "s", TieKind.MENTORS, 0.9, since=year_ago, last_contact=recent),
        grown("quiet", "g", "w", TieKind.ADVISES, 0.9, since=year_ago, last_contact=year_ago),
        grown("tutors", "h", "w", TieKind.TUTORS, 0.9, since=year_ago, last_contact=recent),
    ]
    await write_dataset(db, Dataset(people=people, ties=ties))
    for days in (10, 50, 100, 140):  # four different months
        await log_interaction(db, "t", "g", today - dt.timedelta(days=days), "meeting")
    for days in (1, 2):  # one burst
        await log_interaction(db, "h", "u", today - dt.timedelta(days=days), "meeting")
    found = await growing_ties(db)
    assert [g.tie["id"] for g in found] == ["regular", "grow"]
    regular = found[0]
    assert (regular.supporter_id, regular.supported_id) == ("g", "t")
    assert (regular.interactions, regular.contact_months) == (4, 4)
    assert regular.months == found[1].months == 13
    assert regular.reasons == [
        "coaches for 13 months",
        "strength 0.7",
        f"last contact {recent.isoformat()}",  # older interactions never move it back
        "4 logged interactions over 4 months",
    ]
    assert found[1].reasons == [
        "advises for 13 months",
        "strength 0.8",
        f"last contact {recent.isoformat()}",
    ]
    assert [g.tie["id"] for g in await growing_ties(db, first=1)] == ["regular"]
    only_t = PeopleFilter.of(search="name t")
    assert [g.tie["id"] for g in await growing_ties(db, only_t)] == ["regular"]
    assert await growing_ties(db, PeopleFilter.of(roles=[Role.FACULTY])) == []


async def test_six_months_are_counted_on_the_database_s_calendar(db: Database) -> None:
    today = await db_today(db)
    six = months_before(today, 6)
    recent = today - dt.timedelta(days=1)
    people = [person(p) for p in ["f", "a", "b"]]
    ties = [
        grown("six", "f", "a", TieKind.ADVISES, 0.8, since=six, last_contact=recent),
        grown(
            "short",
            "f",
            "b",
            TieKind.ADVISES,
            0.8,
            since=six + dt.timedelta(days=1),
            last_contact=recent,
        ),
    ]
    await write_dataset(db, Dataset(people=people, ties=ties))
    found = await growing_ties(db)
    assert [(g.tie["id"], g.months) for g in found] == [("six", 6)]
