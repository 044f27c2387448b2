"""Support profiles, the thin-support list, what-if, growing ties and logged interactions
(issue 4), against the real Neo4j. Expected values are computed independently here: Burt's
measures by networkx, the SPEC §4 figures straight from the generated records."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Tx
from graphdb.errors import BadInput, NotFound
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    ROLE_PRECEDENCE,
    SUPPORT_KINDS,
    Dataset,
    GroupKind,
    GroupRecord,
    MembershipRecord,
    PeopleFilter,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
)
from graphdb.support import mark_stale
from resolvers import support
from resolvers.support import SupportProfile, Typology

ALL = (SupportFunction.ACADEMIC, SupportFunction.CAREER, SupportFunction.PSYCHOSOCIAL)


def Filter(**kwargs: Any) -> PeopleFilter:
    return PeopleFilter.of(**kwargs)


async def db_today(db: Database) -> dt.date:
    row = await db.read_one("RETURN date() AS today")
    assert row is not None
    today: dt.date = row["today"]
    return today


def person(
    pid: str,
    role: Role = Role.STUDENT,
    dept: str | None = "Physics",
    *,
    name: str | None = None,
    class_year: int | None = None,
) -> PersonRecord:
    return PersonRecord(pid, name or f"Name {pid}", (role,), department=dept, class_year=class_year)


_n = 0


def tie(
    a: str,
    b: str,
    kind: TieKind = TieKind.MENTORS,
    *,
    strength: float = 0.8,
    functions: Sequence[SupportFunction] = ALL,
    contact: dt.date | None = None,
    until: dt.date | None = None,
    since: dt.date | None = None,
) -> TieRecord:
    global _n
    _n += 1
    return TieRecord(f"t{_n}", a, b, kind, strength, since, until, tuple(functions), False, contact)


# ---------------------------------------------------------------------------------------
# Generated graphs: Burt's measures against networkx, and the §4 figures recomputed here.


def generated(rng: random.Random, today: dt.date, people: int = 36, ties: int = 130) -> Dataset:
    roles = list(Role)
    ds = Dataset()
    for i in range(people):
        picked = tuple(rng.sample(roles, rng.choice([1, 1, 2])))
        ds.people.append(
            PersonRecord(
                f"g{i}", f"Person {i}", picked, department=rng.choice(["A", "B", "C", None])
            )
        )
    kinds = list(TieKind)
    for _ in range(ties):
        a, b = rng.sample(range(people), 2)
        until = rng.choice(
            [None] * 6 + [today - dt.timedelta(days=40), today + dt.timedelta(days=40)]
        )
        functions = rng.choice([(), (), tuple(rng.sample(ALL, rng.randint(1, 3)))])
        contact = rng.choice([None, today - dt.timedelta(days=rng.randint(0, 500))])
        ds.ties.append(
            tie(
                f"g{a}",
                f"g{b}",
                rng.choice(kinds),
                strength=round(rng.uniform(0, 1), 2),
                functions=functions,
                contact=contact,
                until=until,
            )
        )
    return ds


def active_support(ds: Dataset, today: dt.date, gone: Sequence[str] = ()) -> list[TieRecord]:
    return [
        t
        for t in ds.ties
        if t.kind is not TieKind.KNOWS
        and (t.until is None or t.until > today)
        and t.from_id not in gone
        and t.to_id not in gone
    ]


def support_graph(ds: Dataset, today: dt.date, gone: Sequence[str] = ()) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(p.id for p in ds.people if p.id not in gone)
    g.add_edges_from((t.from_id, t.to_id) for t in active_support(ds, today, gone))
    return g


@dataclass(frozen=True)
class Figures:
    size: int
    range: int
    covered: list[SupportFunction]
    missing: list[SupportFunction]
    spof: list[SupportFunction]
    strength: float


def expected_figures(ds: Dataset, today: dt.date, pid: str) -> Figures:
    people = {p.id: p for p in ds.people}
    incoming = [t for t in active_support(ds, today) if t.to_id == pid]
    supporters = {t.from_id for t in incoming}
    categories: set[Role] = set()
    for s in supporters:
        first = next((r for r in ROLE_PRECEDENCE if r in people[s].roles), None)
        if first is not None:
            categories.add(first)
    covers: dict[SupportFunction, set[str]] = {f: set() for f in ALL}
    for t in incoming:
        for f in t.functions or DEFAULT_FUNCTIONS[t.kind]:
            covers[f].add(t.from_id)
    strongest = {s: max(t.strength for t in incoming if t.from_id == s) for s in supporters}
    return Figures(
        size=len(supporters),
        range=len(categories),
        covered=[f for f in ALL if covers[f]],
        missing=[f for f in ALL if not covers[f]],
        spof=[f for f in ALL if len(covers[f]) == 1],
        strength=sum(strongest.values()) / len(strongest) if strongest else 0.0,
    )


def burt_expected(g: nx.Graph, pid: str) -> tuple[float, float]:
    eff = nx.effective_size(g, nodes=[pid])[pid]
    con = nx.constraint(g, nodes=[pid])[pid]
    # networkx leaves isolated nodes undefined (nan); SPEC §4 says 0 for a person with no ties.
    return (0.0 if math.isnan(eff) else eff), (0.0 if math.isnan(con) else con)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_burt_measures_and_section4_figures_on_generated_graphs(
    db: Database, seed: int
) -> None:
    today = await db_today(db)
    ds = generated(random.Random(seed), today)
    await write_dataset(db, ds)
    g = support_graph(ds, today)
    ids = [p.id for p in ds.people]
    db.round_trips = 0
    profiles = await support.support_profiles(db, ids)
    assert db.round_trips == 1  # one read for all 36 profiles
    isolated = 0
    for pid in ids:
        p = profiles[pid]
        eff, con = burt_expected(g, pid)
        isolated += g.degree(pid) == 0
        assert p.effective_size == pytest.approx(eff, abs=1e-9), pid
        assert p.constraint == pytest.approx(con, abs=1e-9), pid
        want = expected_figures(ds, today, pid)
        assert p.size == want.size, pid
        assert p.range == want.range, pid
        assert p.functions_covered == want.covered, pid
        assert p.functions_missing == want.missing, pid
        assert p.single_points_of_failure == want.spof, pid
        assert p.strength == pytest.approx(want.strength, abs=1e-12), pid
    assert isolated < len(ids)


async def test_what_if_equals_the_profile_after_really_removing_their_ties(db: Database) -> None:
    today = await db_today(db)
    ds = generated(random.Random(11), today, people=30, ties=140)
    await write_dataset(db, ds)
    g = support_graph(ds, today)
    # The best-connected person, without two of their neighbours (one a supporter if any).
    ego = max(g.nodes, key=lambda n: (g.degree(n), n))
    gone = sorted(g.neighbors(ego))[:2]
    assert len(gone) == 2
    others = [p.id for p in ds.people if p.id not in gone and p.id != ego][:8]

    what_if = await support.support_profile(db, ego, without=gone)
    what_if_others = await support.support_profiles(db, others, without=gone)
    eff, con = burt_expected(support_graph(ds, today, gone), ego)
    assert what_if.effective_size == pytest.approx(eff, abs=1e-9)
    assert what_if.constraint == pytest.approx(con, abs=1e-9)

    await db.write("MATCH (x:Person)-[r]-(:Person) WHERE x.id IN $ids DELETE r", {"ids": gone})
    after = await support.support_profile(db, ego)
    assert what_if == after
    assert what_if_others == await support.support_profiles(db, others)


# ---------------------------------------------------------------------------------------
# Score, thinness and reasons


def well_supported(today: dt.date) -> tuple[list[PersonRecord], list[tuple[str, TieKind]]]:
    supporters = [
        person("f1", Role.FACULTY, "Physics", name="Prof. Lee"),
        person("st1", Role.STAFF, "Advising", name="Sam Staff"),
        person("al1", Role.ALUM, "Physics", name="Alex Alum"),
        person("pe1", Role.STUDENT, "Advising", name="Pat Peer"),
    ]
    return supporters, [
        ("f1", TieKind.ADVISES),
        ("st1", TieKind.MENTORS),
        ("al1", TieKind.COACHES),
        ("pe1", TieKind.PEER_SUPPORTS),
    ]


async def _scenarios(db: Database) -> tuple[dt.date, dict[str, SupportProfile]]:
    """One student per cause, each differing from the well-supported one in one way."""
    today = await db_today(db)
    recent = today - dt.timedelta(days=10)
    supporters, kinds = well_supported(today)
    extra = [
        person("f2", Role.FACULTY, "Chemistry", name="Dr. Kim"),
        person("f3", Role.FACULTY, "Biology", name="Dr. Ng"),
        person("f4", Role.FACULTY, "History", name="Dr. Ross"),
        person("st2", Role.STAFF, "Physics", name="Jo Staff"),
        person("pe2", Role.STUDENT, "Physics", name="Kai Peer"),
    ]
    students = [
        "well",
        "size",
        "career",
        "spof",
        "range",
        "dept",
        "weak",
        "allweak",
        "stale",
        "somestale",
        "unknown",
        "nocontact",
        "none",
        "single",
    ]
    ds = Dataset(people=supporters + extra + [person(s, name=f"Student {s}") for s in students])

    def four(student: str, **over: Mapping[str, object]) -> None:
        for sid, kind in kinds:
            opts: dict[str, object] = {"contact": recent}
            opts.update(over.get(sid, {}))
            ds.ties.append(tie(sid, student, kind, **opts))  # type: ignore[arg-type]

    four("well")
    for sid, kind in kinds[:3]:
        ds.ties.append(tie(sid, "size", kind, contact=recent))
    four(
        "career",
        **{
            s: {"functions": (SupportFunction.ACADEMIC, SupportFunction.PSYCHOSOCIAL)}
            for s, _ in kinds
        },
    )
    four(
        "spof",
        **{
            s: {"functions": (SupportFunction.CAREER, SupportFunction.PSYCHOSOCIAL)}
            for s, _ in kinds[1:]
        },
    )
    for sid in ["f1", "f2", "f3", "f4"]:
        ds.ties.append(tie(sid, "range", TieKind.TEACHES, contact=recent))
    same_dept = [
        ("f1", TieKind.ADVISES),
        ("st2", TieKind.MENTORS),
        ("al1", TieKind.COACHES),
        ("pe2", TieKind.PEER_SUPPORTS),
    ]
    for sid, kind in same_dept:
        ds.ties.append(tie(sid, "dept", kind, contact=recent))
    four("weak", f1={"strength": 0.3})
    four("allweak", **{s: {"strength": 0.2} for s, _ in kinds})
    four(
        "stale",
        **{s: {"contact": today - dt.timedelta(days=275 + i)} for i, (s, _) in enumerate(kinds)},
    )
    four("somestale", st1={"contact": today - dt.timedelta(days=200)})
    four("unknown", al1={"contact": None})
    four("nocontact", **{s: {"contact": None} for s, _ in kinds})
    ds.ties.append(tie("f1", "single", TieKind.ADVISES, contact=recent))
    # Noise that must not count: an acquaintance, an ended tie, a tie the student gives.
    ds.ties.append(tie("f2", "well", TieKind.KNOWS, functions=(), strength=0.1))
    ds.ties.append(
        tie("f3", "well", TieKind.ADVISES, until=today - dt.timedelta(days=3), strength=0.1)
    )
    ds.ties.append(tie("well", "f2", TieKind.PEER_SUPPORTS, strength=0.1))
    await write_dataset(db, ds)
    return today, await support.support_profiles(db, students)


async def test_scores_thinness_and_every_reason_with_its_cause(db: Database) -> None:
    _, p = await _scenarios(db)
    well = p["well"]
    assert (well.size, well.range, well.score, well.thin, well.reasons) == (4, 4, 100.0, False, [])
    assert well.typology is Typology.ENTREPRENEURIAL
    assert well.effective_size == pytest.approx(5.0)  # 4 supporters and f2, none linked
    expected = {
        "size": ["only 3 people support you"],
        "career": ["no career support"],
        "spof": ["only one person supports you academically: Prof. Lee"],
        "range": ["your support comes only from faculty"],
        "dept": ["all your supporters come from one department (Physics)"],
        "weak": ["weak ties (strength below 0.6) with Prof. Lee"],
        "allweak": ["all your ties are weak (strength below 0.6)"],
        "stale": ["no contact with any supporter in 9 months"],
        "somestale": ["no contact in the last 3 months with Sam Staff"],
        "unknown": ["no contact recorded with Alex Alum"],
        "nocontact": ["no contact with any supporter has been recorded"],
        "none": [
            "no one supports you yet",
            "no academic support",
            "no career support",
            "no psychosocial (personal) support",
        ],
        "single": [
            "only one person supports you: Prof. Lee",
            "only one person supports you academically: Prof. Lee",
            "only one person supports your career: Prof. Lee",
            "only one person gives you psychosocial (personal) support: Prof. Lee",
            "your support comes only from faculty",
            "all your supporters come from one department (Physics)",
        ],
    }
    for sid, reasons in expected.items():
        assert p[sid].reasons == reasons, sid
        assert p[sid].score < 100, sid
        # The points lost are exactly the components a reason names.
        assert sum(p[sid].components.values()) == pytest.approx(p[sid].score, abs=0.1), sid
    assert p["none"].score == 0.0 and p["none"].thin and p["none"].typology is Typology.NONE
    assert p["single"].thin and p["single"].size == 1
    assert p["allweak"].typology is Typology.OPPORTUNISTIC
    assert p["range"].typology is Typology.TRADITIONAL
    assert not any(p[s].thin for s in ["well", "size", "career", "spof", "range", "weak"])


async def test_score_never_reads_the_persons_own_demographics(db: Database) -> None:
    today = await db_today(db)
    supporters, kinds = well_supported(today)
    twins = [
        person("a", dept="Physics", class_year=2026),
        PersonRecord("b", "Other", (Role.STUDENT, Role.STAFF), department=None, class_year=2031),
    ]
    ties = [tie(s, t, k, contact=today) for t in ("a", "b") for s, k in kinds]
    await write_dataset(db, Dataset(people=supporters + twins, ties=ties))
    p = await support.support_profiles(db, ["a", "b"])
    assert (p["a"].score, p["a"].reasons) == (p["b"].score, p["b"].reasons)


# ---------------------------------------------------------------------------------------
# The thin-support list


def listing_dataset(rng: random.Random, today: dt.date) -> Dataset:
    ds = Dataset(groups=[GroupRecord("team", "Solar Car Team", GroupKind.TEAM)])
    helpers = [
        person(f"h{i}", rng.choice([Role.FACULTY, Role.STAFF, Role.ALUM]), rng.choice(["A", "B"]))
        for i in range(8)
    ]
    ds.people.extend(helpers)
    for i in range(45):
        sid = f"s{i:02d}"
        ds.people.append(person(sid, dept=rng.choice(["A", "B"]), class_year=2026 + i % 2))
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


async def _all_pages(
    db: Database, flt: PeopleFilter | None, first: int
) -> tuple[list[str], set[int]]:
    seen: list[str] = []
    totals: set[int] = set()
    after = None
    while True:
        page = await support.thin_support(db, flt, first, after, with_profiles=False)
        totals.add(page.total)
        seen.extend(e.person_id for e in page.edges)
        assert len(page.edges) <= first
        if not page.has_next:
            return seen, totals
        after = page.end_cursor


async def test_thin_support_order_pagination_and_filters(db: Database) -> None:
    today = await db_today(db)
    ds = listing_dataset(random.Random(5), today)
    await write_dataset(db, ds)
    students = [p for p in ds.people if Role.STUDENT in p.roles]
    profiles = await support.support_profiles(db, [p.id for p in students])

    def expected(keep: set[str]) -> list[str]:
        thin = [p for p in profiles.values() if p.thin and p.person_id in keep]
        return [p.person_id for p in sorted(thin, key=lambda p: (p.score, p.person_id))]

    everyone = expected({p.id for p in students})
    assert 5 < len(everyone) < len(students)  # a mix, so the order means something
    seen, totals = await _all_pages(db, None, 7)
    assert seen == everyone and totals == {len(everyone)}

    first = await support.thin_support(db, None, 3)
    assert [e.profile.score for e in first.edges if e.profile] == [e.score for e in first.edges]
    assert all(e.profile and e.profile.thin and e.profile.reasons for e in first.edges)

    dept_a = {p.id for p in students if p.department == "A"}
    assert (await _all_pages(db, Filter(department="A"), 4))[0] == expected(dept_a)
    team = {m.person_id for m in ds.memberships}
    seen, totals = await _all_pages(db, Filter(group_id="team"), 2)
    assert seen == expected(team) and totals == {len(expected(team))}
    y2026 = {p.id for p in students if p.class_year == 2026}
    assert (await _all_pages(db, Filter(class_year=2026, department="A"), 5))[0] == expected(
        y2026 & dept_a
    )
    # Other roles on request: supporters nobody supports are thin too.
    seen, _ = await _all_pages(db, Filter(roles=["FACULTY", "STAFF", "ALUM"]), 3)
    assert sorted(seen) == sorted(p.id for p in ds.people if p.id.startswith("h"))


async def test_thin_support_is_right_immediately_after_writes(db: Database) -> None:
    today = await db_today(db)
    supporters, kinds = well_supported(today)
    ds = Dataset(
        people=[*supporters, person("ok"), person("lonely")],
        ties=[tie(s, "ok", k, contact=today) for s, k in kinds],
    )
    await write_dataset(db, ds)
    before = await support.thin_support(db)
    # pe1, a peer supporter, is a student nobody supports: thin as well.
    assert [e.person_id for e in before.edges] == ["lonely", "pe1"] and before.total == 2

    # A mutation that ends the student's ties marks them in its own transaction.
    async def end_ties(tx: Tx) -> None:
        await tx.run("MATCH (:Person)-[r]->(s:Person {id: 'ok'}) SET r.until = date()")
        await mark_stale(tx, ["ok"])

    await db.transaction(end_ties)
    after = await support.thin_support(db)
    assert {e.person_id for e in after.edges} == {"ok", "lonely", "pe1"} and after.total == 3
    assert after.refreshed == 1
    assert (await support.thin_support(db)).refreshed == 0  # nothing left to redo

    # A person created by any writer, with no hook at all, is noticed (count store).
    await write_dataset(db, Dataset(people=[person("new")]))
    assert (await support.thin_support(db)).total == 4

    # support_changed re-scores at once and reports who crossed the line (for alerts).
    await write_dataset(db, Dataset(ties=[tie(s, "lonely", k, contact=today) for s, k in kinds]))
    changes = await support.support_changed(db, ["lonely"])
    assert [(c.person_id, c.was_thin, c.thin, c.old_score) for c in changes] == [
        ("lonely", True, False, 0.0)
    ]
    assert changes[0].thin_changed and changes[0].new_score == 100.0
    assert {e.person_id for e in (await support.thin_support(db)).edges} == {"ok", "new", "pe1"}


async def test_stored_scores_expire_when_a_tie_or_a_contact_ages(db: Database) -> None:
    today = await db_today(db)
    supporters, kinds = well_supported(today)
    ends = today + dt.timedelta(days=20)
    ds = Dataset(
        people=[*supporters, person("s")],
        ties=[
            tie(s, "s", k, contact=today - dt.timedelta(days=30), until=ends if s == "f1" else None)
            for s, k in kinds
        ],
    )
    await write_dataset(db, ds)
    profile = await support.support_profile(db, "s")
    # f1's tie ends in 20 days; the contacts (30 days old) leave the recent band in 61.
    assert profile.valid_until == ends
    await support.thin_support(db)
    row = await db.read_one("MATCH (p:Person {id: 's'}) RETURN p.supportValidUntil AS v")
    assert row == {"v": ends}
    # Pretend that day has come and the stored score was from another age: it is redone.
    await db.write(
        "MATCH (p:Person {id: 's'}) SET p.supportValidUntil = date() - duration('P1D'), "
        "p.supportScore = 1.0, p.supportThin = true, p:ThinSupport:ThinStudent"
    )
    page = await support.thin_support(db)
    assert [e.person_id for e in page.edges] == ["pe1"] and page.refreshed == 1


async def test_validation_errors(db: Database) -> None:
    await write_dataset(db, Dataset(people=[person("s"), person("t")]))
    with pytest.raises(NotFound):
        await support.support_profile(db, "nobody")
    with pytest.raises(NotFound):
        await support.support_profile(db, "s", without=["nobody"])
    with pytest.raises(BadInput):
        await support.support_profile(db, "s", without=["s"])
    with pytest.raises(BadInput):
        await support.support_profile(db, "bad id!")
    with pytest.raises(NotFound):
        await support.exposed_if_leaves(db, "nobody")
    for first in (0, 101, -1):
        with pytest.raises(BadInput):
            await support.thin_support(db, None, first)
    with pytest.raises(BadInput):
        await support.thin_support(db, None, 10, "not-a-cursor")
    assert (await support.support_profiles(db, ["s", "nobody"])).keys() == {"s"}


async def test_exposed_if_leaves(db: Database) -> None:
    today = await db_today(db)
    people = [
        person("m", Role.FACULTY, "Physics", name="Prof. M"),
        person("x", Role.STAFF, "Advising"),
        person("y", Role.ALUM, "Law"),
        person("a"),
        person("b"),
        person("c"),
        person("e"),
        person("d", Role.STAFF, "Physics"),
    ]
    ties = [
        tie("m", "a", contact=today),
        tie("x", "a", contact=today),  # 2 → 1: exposed
        tie("m", "b", contact=today),
        tie("x", "b", contact=today),
        tie("y", "b", contact=today),
        tie("m", "c", contact=today),  # already thin
        tie("m", "d", contact=today),
        tie("x", "d", contact=today),  # not a student
        tie("m", "e", contact=today, until=today - dt.timedelta(days=5)),  # ended
        tie("x", "e", contact=today),
        tie("y", "e", contact=today),
    ]
    await write_dataset(db, Dataset(people=people, ties=ties))
    profiles = await support.support_profiles(db, ["a", "b"])
    assert not profiles["a"].thin and not profiles["b"].thin
    assert await support.exposed_if_leaves(db, "m") == ["a"]
    assert (await support.support_profile(db, "a", without=["m"])).thin
    assert await support.exposed_if_leaves(db, "a") == []


async def test_log_interaction_updates_last_contact(db: Database) -> None:
    today = await db_today(db)
    old = today - dt.timedelta(days=200)
    await write_dataset(
        db,
        Dataset(
            people=[person("f", Role.FACULTY), person("s"), person("o")],
            ties=[
                TieRecord("adv", "f", "s", TieKind.ADVISES, 0.7, None, None, (), False, old),
                TieRecord("knows", "s", "f", TieKind.KNOWS, 0.5, None, None, (), False, None),
                TieRecord("ended", "f", "s", TieKind.TUTORS, 0.5, None, today, (), False, old),
                TieRecord("other", "f", "o", TieKind.ADVISES, 0.5, None, None, (), False, old),
            ],
        ),
    )
    met = today - dt.timedelta(days=3)
    logged = await support.log_interaction(db, "s", "f", met, "meeting")
    assert logged.ties_updated == ["adv", "knows"] and logged.kind == "MEETING"
    rows = await db.read(
        "MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id, r.lastContact AS c"
    )
    assert {r["id"]: r["c"] for r in rows} == {"adv": met, "knows": met, "ended": old, "other": old}
    # An older interaction is recorded but does not move lastContact back.
    await support.log_interaction(db, "f", "s", today - dt.timedelta(days=30), "email")
    assert (await support.support_profile(db, "s")).supporters[0].last_contact == met
    count = await db.read_one(
        "MATCH (:Person)-[:PARTY_TO]->(i:Interaction)<-[:PARTY_TO]-(:Person) "
        "RETURN count(DISTINCT i) AS n"
    )
    assert count == {"n": 2}
    with pytest.raises(NotFound):
        await support.log_interaction(db, "s", "nobody", met, "CALL")
    with pytest.raises(BadInput):
        await support.log_interaction(db, "s", "o", met, "CALL")  # no tie between them
    with pytest.raises(BadInput):
        await support.log_interaction(db, "s", "f", today + dt.timedelta(days=1), "CALL")
    with pytest.raises(BadInput):
        await support.log_interaction(db, "s", "f", met, "")
    with pytest.raises(BadInput):
        await support.log_interaction(db, "s", "s", met, "CALL")
    count = await db.read_one("MATCH (i:Interaction) RETURN count(i) AS n")
    assert count == {"n": 2}  # nothing half-written by the failures


async def test_growing_ties(db: Database) -> None:
    today = await db_today(db)
    year_ago = today - dt.timedelta(days=400)
    recent = today - dt.timedelta(days=5)
    people = [person(p) for p in ["f", "g", "h", "k", "s", "t", "u", "v", "w"]]
    ties = [
        TieRecord("grow", "f", "s", TieKind.ADVISES, 0.8, year_ago, None, (), False, recent),
        TieRecord("regular", "g", "t", TieKind.COACHES, 0.7, year_ago, None, (), False, recent),
        TieRecord("burst", "h", "u", TieKind.TEACHES, 0.9, year_ago, None, (), False, recent),
        TieRecord("young", "f", "v", TieKind.ADVISES, 0.9, recent, None, (), False, recent),
        TieRecord("weak", "f", "w", TieKind.ADVISES, 0.3, year_ago, None, (), False, recent),
        TieRecord("mentored", "k", "s", TieKind.TEACHES, 0.9, year_ago, None, (), False, recent),
        TieRecord("m", "k", "s", TieKind.MENTORS, 0.9, year_ago, None, (), False, recent),
        TieRecord("quiet", "g", "w", TieKind.ADVISES, 0.9, year_ago, None, (), False, year_ago),
    ]
    await write_dataset(db, Dataset(people=people, ties=ties))
    for days in (10, 50, 100, 140):  # four different months
        await support.log_interaction(db, "t", "g", today - dt.timedelta(days=days), "meeting")
    for days in (1, 2):  # one burst
        await support.log_interaction(db, "h", "u", today - dt.timedelta(days=days), "meeting")
    found = await support.growing_ties(db)
    assert [g.tie["id"] for g in found] == ["regular", "grow"]
    assert found[0].contact_months >= 4 and found[0].interactions == 4
    assert (await support.growing_ties(db, first=1))[0].tie["id"] == "regular"
