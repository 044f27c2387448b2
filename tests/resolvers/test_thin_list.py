"""The thin-support list (resolvers.support.thin_list) against the real Neo4j: order,
pages, filters and scope as the oracle (tests/oracles/support_score.py) says, and right
immediately after writes and on the day a stored score expires."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Tx
from graphdb.errors import BadInput
from graphdb.model import (
    SUPPORT_KINDS,
    Dataset,
    GroupKind,
    GroupRecord,
    MembershipRecord,
    PeopleFilter,
    PersonRecord,
    Role,
    TieKind,
)
from graphdb.score_table import mark_stale
from resolvers.support.thin_list import ThinSupportConnection, thin_support
from tests.oracles import support_score as oracle
from tests.resolvers.support_data import db_today, person, tie, well_supported


def listing_dataset(rng: random.Random, today: dt.date) -> Dataset:
    ds = Dataset(groups=[GroupRecord("team", "Solar Car Team", GroupKind.TEAM)])
    helpers = [
        person(f"h{i}", rng.choice([Role.FACULTY, Role.STAFF, Role.ALUM]), rng.choice(["A", "B"]))
        for i in range(8)
    ]
    ds.people.extend(helpers)
    for i in range(45):
        sid = f"s{i:02d}"
        ds.people.append(
            PersonRecord(
                sid,
                f"Name {sid}",
                (Role.STUDENT,),
                department=rng.choice(["A", "B"]),
                class_year=2026 + i % 2,
                interests=("solar cars",) if i % 4 == 0 else (),
            )
        )
        if i % 3 == 0:
            ds.memberships.append(MembershipRecord(sid, "team"))
        for h in rng.sample(helpers, rng.choice([0, 1, 1, 2, 2, 3, 4])):
            ds.ties.append(
                tie(
                    h.id,
                    sid,
                    rng.choice(SUPPORT_KINDS),
                    strength=rng.choice([0.3, 0.7, 0.9]),
                    functions=(),
                    contact=rng.choice([None, today - dt.timedelta(days=rng.randint(0, 400))]),
                )
            )
    return ds


async def all_pages(
    db: Database, flt: PeopleFilter | None, first: int, supported_by: str | None = None
) -> list[ThinSupportConnection]:
    pages: list[ThinSupportConnection] = []
    after = None
    while not pages or pages[-1].has_next:
        page = await thin_support(
            db, flt, first, after, with_profiles=False, supported_by=supported_by
        )
        pages.append(page)
        after = page.end_cursor
    return pages


async def assert_listed(
    db: Database,
    flt: PeopleFilter | None,
    first: int,
    want: list[str],
    supported_by: str | None = None,
) -> None:
    """Every page but the last is full, the pages together are ``want``, and every page
    counts them all."""
    pages = await all_pages(db, flt, first, supported_by)
    assert [e.person_id for p in pages for e in p.edges] == want
    full, rest = divmod(len(want), first)
    sizes = [first] * full + ([rest] if rest or not full else [])
    assert [len(p.edges) for p in pages] == sizes
    assert {p.total for p in pages} == {len(want)}


def thin_among(graph: oracle.Graph, keep: set[str]) -> list[str]:
    return [pid for pid in oracle.thin_list(graph) if pid in keep]


async def test_thin_support_order_pagination_and_filters(db: Database) -> None:
    ds = listing_dataset(random.Random(5), await db_today(db))
    await write_dataset(db, ds)
    graph = await oracle.snapshot(db)
    students = [p for p in ds.people if Role.STUDENT in p.roles]
    everyone = oracle.thin_list(graph)
    assert 5 < len(everyone) < len(students)  # the data: a mix, so the order means something
    await assert_listed(db, None, 7, everyone)

    first = await thin_support(db, None, 3)
    assert [e.person_id for e in first.edges] == everyone[:3]
    for e in first.edges:
        want = oracle.expected(graph, e.person_id)
        assert e.profile is not None
        assert (e.score, e.profile.score, e.profile.thin) == (want.score, want.score, True)
        assert e.profile.reasons == want.reasons

    def ids(test: object) -> set[str]:
        return {p.id for p in students if test(p)}  # type: ignore[operator]

    dept_a = ids(lambda p: p.department == "A")
    await assert_listed(db, PeopleFilter.of(department="A"), 4, thin_among(graph, dept_a))
    team = {m.person_id for m in ds.memberships}
    await assert_listed(db, PeopleFilter.of(group_id="team"), 2, thin_among(graph, team))
    y2026 = ids(lambda p: p.class_year == 2026)
    both = PeopleFilter.of(class_year=2026, department="A")
    await assert_listed(db, both, 5, thin_among(graph, y2026 & dept_a))
    solar = ids(lambda p: "solar cars" in p.interests)
    await assert_listed(db, PeopleFilter.of(topic="  Solar Cars "), 3, thin_among(graph, solar))
    named = ids(lambda p: p.id.startswith("s1"))
    await assert_listed(db, PeopleFilter.of(search="NAME S1"), 4, thin_among(graph, named))
    # Other roles on request: supporters nobody supports are thin too.
    staff = PeopleFilter.of(roles=["FACULTY", "STAFF", "ALUM"])
    helpers = oracle.thin_list(graph, roles=["FACULTY", "STAFF", "ALUM"])
    assert helpers == sorted(p.id for p in ds.people if p.id.startswith("h"))
    await assert_listed(db, staff, 3, helpers)
    every_role = PeopleFilter.of(roles=list(Role))
    await assert_listed(db, every_role, 9, oracle.thin_list(graph, roles=[r.value for r in Role]))


async def test_an_advisor_sees_the_thin_people_they_support(db: Database) -> None:
    today = await db_today(db)
    ds = listing_dataset(random.Random(8), today)
    ended = tie("h0", "s44", TieKind.ADVISES, until=today)  # ended today: no longer theirs
    ds.ties.append(ended)
    await write_dataset(db, ds)
    graph = await oracle.snapshot(db)
    for helper in ["h0", "h3"]:
        theirs = {
            t.to
            for t in graph.ties
            if t.frm == helper and t.kind != "KNOWS" and (t.until is None or t.until > today)
        }
        await assert_listed(db, None, 2, thin_among(graph, theirs), supported_by=helper)
    await assert_listed(db, None, 2, [], supported_by="nobody")


async def ok_and_lonely(db: Database) -> Dataset:
    """A student well supported ("ok"), one nobody supports ("lonely"), and their
    supporters (one of them, pe1, a peer supporter nobody supports)."""
    today = await db_today(db)
    supporters, kinds = well_supported()
    return Dataset(
        people=[*supporters, person("ok"), person("lonely")],
        ties=[tie(s, "ok", k, contact=today) for s, k in kinds],
    )


async def test_thin_support_is_right_immediately_after_writes(db: Database) -> None:
    await write_dataset(db, await ok_and_lonely(db))
    before = await thin_support(db)
    # pe1, a peer supporter, is a student nobody supports: thin as well (score 0, by id).
    assert [e.person_id for e in before.edges] == ["lonely", "pe1"] and before.total == 2
    assert before.refreshed == 6  # nobody was scored yet

    # A mutation that ends the student's ties marks them in its own transaction.
    async def end_ties(tx: Tx) -> None:
        await tx.run("MATCH (:Person)-[r]->(s:Person {id: 'ok'}) SET r.until = date()")
        await mark_stale(tx, ["ok"])

    await db.transaction(end_ties)
    after = await thin_support(db)
    assert [e.person_id for e in after.edges] == ["lonely", "ok", "pe1"] and after.total == 3
    assert after.refreshed == 1
    assert (await thin_support(db)).refreshed == 0  # nothing left to redo

    # A person created by any writer, with no hook at all, is noticed (count store).
    await write_dataset(db, Dataset(people=[person("new")]))
    noticed = await thin_support(db)
    assert [e.person_id for e in noticed.edges] == ["lonely", "new", "ok", "pe1"]
    assert noticed.refreshed == 1


async def test_stored_scores_expire_when_a_tie_or_a_contact_ages(db: Database) -> None:
    today = await db_today(db)
    supporters, kinds = well_supported()
    ends = today + dt.timedelta(days=20)
    ds = Dataset(
        people=[*supporters, person("s")],
        ties=[
            tie(s, "s", k, contact=today - dt.timedelta(days=30), until=ends if s == "f1" else None)
            for s, k in kinds
        ],
    )
    await write_dataset(db, ds)
    await thin_support(db)
    # f1's tie ends in 20 days; the contacts (30 days old) leave the recent band in 61.
    row = await db.read_one("MATCH (p:Person {id: 's'}) RETURN p.supportValidUntil AS v")
    assert row == {"v": ends}
    # Pretend that day has come and the stored score was from another age: it is redone.
    await db.write(
        "MATCH (p:Person {id: 's'}) SET p.supportValidUntil = date() - duration('P1D'), "
        "p.supportScore = 1.0, p.supportThin = true, p:ThinSupport:ThinStudent"
    )
    page = await thin_support(db)
    assert [e.person_id for e in page.edges] == ["pe1"] and page.refreshed == 1
    row = await db.read_one("MATCH (p:Person {id: 's'}) RETURN p.supportScore AS score")
    assert row == {"score": 100.0}


async def test_bad_pages_say_what_was_wrong(db: Database) -> None:
    for first in (0, 101, -1):
        with pytest.raises(BadInput, match="first must be between 1 and 100"):
            await thin_support(db, None, first)
    with pytest.raises(BadInput) as bad:
        await thin_support(db, None, 10, "not-a-cursor")
    assert bad.value.field == "after"


async def test_the_startup_warm_up_scores_who_needs_it_and_writes_nothing_else(
    db: Database,
) -> None:
    """The server's warm-up (resolvers.support.warm_up) runs the thin list as the first
    call of the day would, so the people nobody has scored yet are scored before the first
    user asks; the profiles and cards it plans are of ids that name no one, and leave no
    trace. On an empty graph it has nothing to do and does not fail."""
    from resolvers.support.warm_up import warm_up
    from tests.snapshot import snapshot

    await warm_up(db)
    await write_dataset(db, await ok_and_lonely(db))
    await warm_up(db)
    after_warm_up = await snapshot(db)
    first = await thin_support(db)
    assert first.refreshed == 0  # the warm-up scored all six
    assert [e.person_id for e in first.edges] == ["lonely", "pe1"]
    await warm_up(db)
    assert await snapshot(db) == after_warm_up
    assert not any("~warm-up" in repr(part) for part in after_warm_up)
