"""The shared Cypher vocabulary: its type lists are the model's, and its people filter
selects what the filter says, against the real Neo4j."""

from __future__ import annotations

import datetime as dt

from graphdb.bulk.writer import write_dataset
from graphdb.cypher import SUPPORT_TYPES, TIE_TYPE, TIE_TYPES, active, people_filter
from graphdb.driver import Database
from graphdb.model import (
    SUPPORT_KINDS,
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PeopleFilter,
    PersonRecord,
    Role,
    TieKind,
    TieRecord,
)
from graphdb.people import matching


def test_tie_types_are_exactly_the_tie_kinds() -> None:
    assert set(TIE_TYPES.split("|")) == {k.value for k in TieKind}
    assert set(SUPPORT_TYPES.split("|")) == {k.value for k in SUPPORT_KINDS}
    assert {k: v for k, v in TIE_TYPE.items()} == {k: k.value for k in TieKind}


async def test_active_means_until_empty_or_after_today(db: Database) -> None:
    today = (await db.read("RETURN date() AS d"))[0]["d"]
    people = [PersonRecord(p, p, (Role.STUDENT,)) for p in ("a", "b", "c", "d")]
    ends = {"b": None, "c": today, "d": today + dt.timedelta(days=1)}
    ties = [TieRecord(f"t-{p}", "a", p, TieKind.KNOWS, until=u) for p, u in ends.items()]
    await write_dataset(db, Dataset(people=people, ties=ties))
    rows = await db.read(
        "MATCH (:Person)-[r:KNOWS]->(p:Person) WHERE " + active() + " RETURN p.id AS id"
    )
    assert sorted(r["id"] for r in rows) == ["b", "d"]


async def test_people_filter_selects_exactly_what_each_filter_says(db: Database) -> None:
    people = [
        PersonRecord(
            "ada",
            "Ada Lovelace",
            (Role.STUDENT,),
            department="Maths",
            class_year=2027,
            level=Level.UNDERGRADUATE,
            interests=("solar technology",),
        ),
        PersonRecord("bo", "Bo Diddley", (Role.STUDENT, Role.ALUM), department="Music"),
        PersonRecord("cy", "Cy Twombly", (Role.FACULTY,), expertise=("solar technology",)),
    ]
    dataset = Dataset(
        people=people,
        groups=[GroupRecord("g1", "Solar car", GroupKind.TEAM)],
        memberships=[MembershipRecord("bo", "g1")],
    )
    await write_dataset(db, dataset)
    await db.write(
        "MATCH (a:Person {id: 'ada'}), (c:Person {id: 'cy'}) "
        "CREATE (a)-[:MENTEE_IN]->(:Program {id: 'p1'})<-[:MENTOR_IN]-(c)"
    )
    everyone = ["ada", "bo", "cy", "nobody"]

    async def selected(**kwargs: object) -> set[str]:
        return await matching(db, everyone, PeopleFilter.of(**kwargs))  # type: ignore[arg-type]

    assert await selected() == {"ada", "bo", "cy"}
    assert await selected(roles=[Role.ALUM, Role.FACULTY]) == {"bo", "cy"}
    assert await selected(roles=list(Role)) == {"ada", "bo", "cy"}
    assert await selected(department="Maths") == {"ada"}
    assert await selected(class_year=2027) == {"ada"}
    assert await selected(level="UNDERGRADUATE") == {"ada"}
    assert await selected(group_id="g1") == {"bo"}
    assert await selected(topic="  Solar   Technology ") == {"ada", "cy"}
    assert await selected(search=" lOVE ") == {"ada"}
    assert await selected(program_id="p1") == {"ada", "cy"}  # either side
    assert await selected(program_id="p2") == set()
    assert await selected(search="   ") == {"ada", "bo", "cy"}
    assert await selected(roles=[Role.STUDENT], topic="solar technology") == {"ada"}


def test_people_filter_parameters_never_clash_with_the_query() -> None:
    where, params = people_filter(PeopleFilter.of(department="X", search="y"))
    assert set(params) == {"f_department", "f_search"}
    assert "$f_department" in where and "$f_search" in where
