"""mentorPaths and introductions against an independent oracle (SPEC §4), plus one small
graph per exclusion rule, the validation errors, and a solar-car scenario.

The oracle never looks at the Cypher. It builds the undirected graph of active ties with
networkx straight from the records written, and applies SPEC §4's words to find the
suitable mentors and their hops.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Sequence

import networkx as nx
import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.errors import BadInput, NotFound
from graphdb.model import (
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    TieKind,
    TieRecord,
    is_active,
    normalise_topic,
)
from resolvers.mentors import (
    MAX_FIRST,
    MentorMatch,
    MentorNeed,
    Scoring,
    introductions,
    mentor_paths,
)

TODAY = dt.date.today()
TOPICS = ["solar technology", "physics", "machine learning", "poetry", "robotics", "ethics"]
# A low hub threshold, so the small random graphs have hubs and the discount is exercised.
SCORING = Scoring(hub_degree=6)


# --------------------------------------------------------------------------- the oracle


def active_graph(ds: Dataset) -> nx.Graph:
    """Undirected graph of the active ties (several ties between two people: one edge)."""
    g = nx.Graph()
    g.add_nodes_from(p.id for p in ds.people)
    for t in ds.ties:
        if is_active(t.until, TODAY):
            g.add_edge(t.from_id, t.to_id)
    return g


def load(ds: Dataset, person_id: str) -> int:
    return sum(
        1
        for t in ds.ties
        if t.kind is TieKind.MENTORS and t.from_id == person_id and is_active(t.until, TODAY)
    )


def suitable(ds: Dataset, s: PersonRecord, m: PersonRecord, need: MentorNeed | None) -> bool:
    """SPEC §4 "suitable mentor", word for word."""
    topics = {normalise_topic(t) for t in (need.topics or ())} if need else set()
    topics.discard("")
    roles = set(need.roles or ()) if need else set()
    require_available = need.require_available if need else True
    if m.id == s.id:
        return False
    if require_available and not (
        m.open_door and (m.capacity is None or load(ds, m.id) < m.capacity)
    ):
        return False
    if topics and not topics & {normalise_topic(e) for e in m.expertise}:
        return False
    if roles and not roles & set(m.roles):
        return False
    if s.level is not None and m.serves_levels and s.level not in m.serves_levels:
        return False
    return not any(
        t.kind is TieKind.MENTORS
        and t.from_id == m.id
        and t.to_id == s.id
        and is_active(t.until, TODAY)
        for t in ds.ties
    )


def expected(ds: Dataset, student: str, need: MentorNeed | None, max_hops: int) -> dict[str, int]:
    """Suitable mentor id -> hops, for everyone within max_hops."""
    people = {p.id: p for p in ds.people}
    dist = nx.single_source_shortest_path_length(active_graph(ds), student, cutoff=max_hops)
    return {
        pid: d
        for pid, d in dist.items()
        if d >= 1 and suitable(ds, people[student], people[pid], need)
    }


def tie_warmth(t: TieRecord) -> float:
    sc = SCORING
    if t.last_contact is None:
        recency = sc.recency_unknown
    else:
        days = max(0, (TODAY - t.last_contact).days)
        recency = 1.0 / (1.0 + days / sc.recency_days)
    return t.strength * recency


def best_shortest_warmth(ds: Dataset, student: str, mentor: str) -> float:
    """The highest product warmth over all shortest paths (the path the API must pick)."""
    sc = SCORING
    degree: dict[str, int] = {}
    best_tie: dict[frozenset[str], float] = {}
    for t in ds.ties:
        degree[t.from_id] = degree.get(t.from_id, 0) + 1
        degree[t.to_id] = degree.get(t.to_id, 0) + 1
        if is_active(t.until, TODAY):
            key = frozenset((t.from_id, t.to_id))
            best_tie[key] = max(best_tie.get(key, 0.0), tie_warmth(t))

    def hub(pid: str) -> float:
        d = degree.get(pid, 0)
        return 1.0 if d <= sc.hub_degree else (sc.hub_degree / d) ** sc.hub_exponent

    best = 0.0
    for p in nx.all_shortest_paths(active_graph(ds), student, mentor):
        w = math.prod(best_tie[frozenset((a, b))] for a, b in itertools.pairwise(p))
        w *= math.prod(hub(x) for x in p[1:-1])
        best = max(best, w)
    return best


# --------------------------------------------------------------------- random datasets


def random_dataset(rng: random.Random, n: int = 36, n_ties: int = 70) -> Dataset:
    people: list[PersonRecord] = []
    for i in range(n):
        roles = tuple(rng.sample(list(Role), rng.choice([1, 1, 1, 2])))
        people.append(
            PersonRecord(
                id=f"p{i}",
                name=f"Person {i}",
                roles=roles,
                level=rng.choice([None, *Level]),
                interests=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
                expertise=tuple(rng.sample(TOPICS, rng.choice([0, 1, 1, 2, 3]))),
                open_door=rng.random() < 0.7,
                capacity=rng.choice([None, None, 0, 1, 2, 3]),
                serves_levels=tuple(rng.sample(list(Level), rng.choice([0, 0, 1, 2]))),
            )
        )
    ties: list[TieRecord] = []
    for j in range(n_ties):
        a, b = rng.sample(range(n), 2)
        # A few hubs, so several shortest paths compete and the hub discount matters.
        if rng.random() < 0.25 and b not in (0, 1):
            a = rng.choice([0, 1])
        until = rng.choice(
            [None, None, None, TODAY - dt.timedelta(days=40), TODAY, TODAY + dt.timedelta(days=90)]
        )
        ties.append(
            TieRecord(
                id=f"t{j}",
                from_id=f"p{a}",
                to_id=f"p{b}",
                kind=rng.choice([*TieKind, TieKind.MENTORS, TieKind.KNOWS]),
                strength=rng.choice([0.1, 0.3, 0.5, 0.5, 0.8, 1.0]),
                since=dt.date(2023, 1, 1),
                until=until,
                last_contact=rng.choice(
                    [None, TODAY - dt.timedelta(days=rng.randint(0, 800)), TODAY]
                ),
            )
        )
    groups = [GroupRecord(f"g{k}", f"Group {k}", rng.choice(list(GroupKind))) for k in range(4)]
    memberships = [
        MembershipRecord(p.id, g.id) for p in people for g in rng.sample(groups, rng.randint(0, 2))
    ]
    return Dataset(people=people, groups=groups, memberships=memberships, ties=ties)


def random_need(rng: random.Random) -> MentorNeed | None:
    if rng.random() < 0.25:
        return None
    topics: list[str] = []
    if rng.random() < 0.6:
        # Spelled as a user might: the match must happen after normalisation.
        topics = [rng.choice([t, t.upper(), f"  {t.title()} "]) for t in rng.sample(TOPICS, 2)]
    roles = rng.sample(list(Role), 2) if rng.random() < 0.3 else None
    return MentorNeed(topics=topics, roles=roles, require_available=rng.random() < 0.7)


def check_path(ds: Dataset, student: str, m: MentorMatch) -> None:
    """The path is a real chain of active ties, in order, from the student to the mentor."""
    ties = {t.id: t for t in ds.ties}
    assert m.path[0] == student and m.path[-1] == m.mentor_id
    assert len(m.path) == m.hops + 1 == len(m.ties) + 1
    assert len(set(m.path)) == len(m.path)
    for i, tie in enumerate(m.ties):
        record = ties[tie.id]
        assert is_active(record.until, TODAY), f"ended tie {tie.id} used"
        assert {record.from_id, record.to_id} == {m.path[i], m.path[i + 1]}
        assert (tie.supporter_id, tie.supported_id, tie.kind) == (
            record.from_id,
            record.to_id,
            record.kind,
        )


def check_order_and_parts(matches: Sequence[MentorMatch]) -> None:
    keys = [(-m.score, m.hops, m.mentor_id) for m in matches]
    assert keys == sorted(keys)
    for m in matches:
        assert m.score == pytest.approx(sum(p.points for p in m.score_parts), abs=0.006)
        assert [p.name for p in m.score_parts] == [
            "distance",
            "warmth",
            "topicFit",
            "headroom",
            "sharedGroups",
            "levelFit",
        ]
        assert m.reasons and all(isinstance(r, str) and r for r in m.reasons)


# ------------------------------------------------------------------------ oracle tests


@pytest.mark.parametrize("seed", range(6))
async def test_matches_the_oracle_on_random_graphs(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    ds = random_dataset(rng)
    await write_dataset(db, ds)
    students = rng.sample([p.id for p in ds.people], 4)
    for student in students:
        need = random_need(rng)
        max_hops = rng.randint(1, 4)
        want = expected(ds, student, need, max_hops)
        assert len(want) < MAX_FIRST  # so "first large enough" is possible
        got = await mentor_paths(db, student, need, max_hops, MAX_FIRST, scoring=SCORING)
        assert {m.mentor_id: m.hops for m in got.matches} == want, (seed, student, need)
        check_order_and_parts(got.matches)
        for m in got.matches:
            check_path(ds, student, m)
            # The path kept is the warmest of the shortest ones.
            product = m.score_parts[1].value ** m.hops
            assert product == pytest.approx(best_shortest_warmth(ds, student, m.mentor_id))


@pytest.mark.parametrize("seed", [11, 12])
async def test_a_short_list_is_the_head_of_the_long_one(db: Database, seed: int) -> None:
    """Small ``first`` stops the search early; it must not change who comes first."""
    rng = random.Random(seed)
    ds = random_dataset(rng, n=40, n_ties=110)
    await write_dataset(db, ds)
    for student in rng.sample([p.id for p in ds.people], 4):
        need = MentorNeed(require_available=False)
        full = await mentor_paths(db, student, need, 4, MAX_FIRST)
        for k in (1, 3, 7):
            head = await mentor_paths(db, student, need, 4, k)
            assert [(m.mentor_id, m.score, m.hops) for m in head.matches] == [
                (m.mentor_id, m.score, m.hops) for m in full.matches[:k]
            ]


@pytest.mark.parametrize("seed", [21, 22])
async def test_introductions_are_real_short_chains_strongest_first(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    ds = random_dataset(rng, n=30, n_ties=60)
    await write_dataset(db, ds)
    g = active_graph(ds)
    ties = {t.id: t for t in ds.ties}
    pairs = [(a, b) for a in g for b in g if a < b and nx.has_path(g, a, b)]
    for a, b in rng.sample(pairs, 5):
        result = await introductions(db, a, b, 4, 5)
        d = nx.shortest_path_length(g, a, b)
        if d > 4:
            assert result == []
            continue
        assert result, (a, b)
        assert min(p.hops for p in result) == d
        strengths = [p.strength for p in result]
        assert strengths == sorted(strengths, reverse=True)
        for p in result:
            assert p.path[0] == a and p.path[-1] == b
            assert len(set(p.path)) == len(p.path) == p.hops + 1 <= 5
            for i, tie in enumerate(p.ties):
                record = ties[tie.id]
                assert is_active(record.until, TODAY)
                assert {record.from_id, record.to_id} == {p.path[i], p.path[i + 1]}


# ------------------------------------------------------------- one graph per exclusion


def person(pid: str, *roles: Role, **kw: object) -> PersonRecord:
    defaults: dict[str, object] = {
        "open_door": True,
        "expertise": ("solar technology",),
    }
    defaults.update(kw)
    return PersonRecord(pid, f"Name {pid}", roles or (Role.FACULTY,), **defaults)  # type: ignore[arg-type]


def tie(
    tid: str,
    a: str,
    b: str,
    kind: TieKind = TieKind.KNOWS,
    until: dt.date | None = None,
    strength: float = 0.5,
) -> TieRecord:
    return TieRecord(tid, a, b, kind, strength=strength, until=until)


def student(pid: str = "stu", **kw: object) -> PersonRecord:
    base: dict[str, object] = {"level": Level.UNDERGRADUATE, "open_door": False}
    base.update(kw)
    return PersonRecord(pid, f"Student {pid}", (Role.STUDENT,), **base)  # type: ignore[arg-type]


async def ids(db: Database, need: MentorNeed | None = None, max_hops: int = 3) -> dict[str, int]:
    result = await mentor_paths(db, "stu", need, max_hops, MAX_FIRST)
    return {m.mentor_id: m.hops for m in result.matches}


async def test_ended_ties_carry_no_path(db: Database) -> None:
    ended = TODAY - dt.timedelta(days=3)
    await write_dataset(
        db,
        Dataset(
            people=[student(), student("a"), student("b"), person("m")],
            ties=[
                tie("old", "m", "stu", TieKind.ADVISES, until=ended),  # would be 1 hop
                tie("t1", "stu", "a"),
                tie("t2", "b", "a", TieKind.PEER_SUPPORTS),
                tie("t3", "m", "b", TieKind.TEACHES),
            ],
        ),
    )
    assert await ids(db, max_hops=2) == {}
    assert await ids(db, max_hops=3) == {"m": 3}
    match = (await mentor_paths(db, "stu", None, 3, 10)).matches[0]
    assert match.path == ["stu", "a", "b", "m"]
    assert [t.id for t in match.ties] == ["t1", "t2", "t3"]
    assert match.reasons[0] == (
        "you know Student a, who gets peer support from Student b, who is taught by Name m"
    )


async def test_unknown_topics_return_no_one_with_a_hint(db: Database) -> None:
    await write_dataset(db, Dataset(people=[student(), person("m")], ties=[tie("t", "stu", "m")]))
    result = await mentor_paths(db, "stu", MentorNeed(topics=["Underwater Basket Weaving"]))
    assert result.matches == []
    assert result.unknown_topics == ["underwater basket weaving"]
    assert result.hint and "underwater basket weaving" in result.hint
    mixed = await mentor_paths(db, "stu", MentorNeed(topics=["solar technology", "nope"]))
    assert [m.mentor_id for m in mixed.matches] == ["m"]
    assert mixed.hint and "nope" in mixed.hint


async def test_closer_always_ranks_first_and_warm_ties_beat_hubs(db: Database) -> None:
    """Two mentors two hops away: one through a strong friend, one through a hub whose
    ties are weak. The friend's path ranks first; the direct tie ranks above both."""
    hub_fans = [student(f"fan{i}") for i in range(120)]
    await write_dataset(
        db,
        Dataset(
            people=[
                student(),
                student("friend"),
                person("hub", open_door=False),
                person("viafriend"),
                person("viahub"),
                person("direct", expertise=("poetry",)),
                *hub_fans,
            ],
            ties=[
                tie("d", "stu", "direct", strength=0.1),
                tie("f1", "stu", "friend", strength=0.9),
                tie("f2", "friend", "viafriend", strength=0.9),
                tie("h1", "hub", "stu", TieKind.TEACHES, strength=0.6),
                tie("h2", "hub", "viahub", TieKind.KNOWS, strength=0.6),
                *[tie(f"fan{i}", "hub", f"fan{i}", TieKind.TEACHES) for i in range(120)],
            ],
        ),
    )
    result = await mentor_paths(db, "stu", None, 2, 10)
    assert [m.mentor_id for m in result.matches] == ["direct", "viafriend", "viahub"]
    viahub = result.matches[2]
    assert any("goes through Name hub" in r for r in viahub.reasons)
    assert result.matches[1].score_parts[1].value > viahub.score_parts[1].value


# ----------------------------------------------------------------------- the scenario


async def test_solar_car_student_reaches_team_experts(db: Database) -> None:
    await write_dataset(
        db,
        Dataset(
            people=[
                student("ada", interests=("solar technology",)),
                student("hal", interests=("solar technology",)),
                person("lee", Role.FACULTY, expertise=("solar technology", "physics"), capacity=3),
                person("kim", Role.ALUM, expertise=("solar technology",), capacity=2),
                person("poe", Role.FACULTY, expertise=("poetry",)),
            ],
            groups=[GroupRecord("solar", "Solar Car Team", GroupKind.TEAM)],
            memberships=[MembershipRecord(p, "solar") for p in ("ada", "hal", "kim")],
            ties=[
                tie("t1", "lee", "ada", TieKind.TEACHES, strength=0.7),
                tie("t2", "ada", "hal", TieKind.KNOWS, strength=0.8),
                tie("t2b", "hal", "ada", TieKind.PEER_SUPPORTS, strength=0.3),  # same two people
                tie("t3", "hal", "kim", TieKind.KNOWS, strength=0.8),
                tie("t4", "kim", "poe", TieKind.KNOWS),
                tie("m1", "lee", "hal", TieKind.MENTORS),
            ],
        ),
    )
    result = await mentor_paths(
        db, "ada", MentorNeed(topics=["Solar Technology"]), max_hops=3, first=10
    )
    assert [(m.mentor_id, m.hops) for m in result.matches] == [("lee", 1), ("kim", 2)]
    lee, kim = result.matches
    assert lee.reasons[0] == "teaches you"
    assert "expert in solar technology" in lee.reasons
    assert "2 of 3 mentoring places free" in lee.reasons
    assert kim.path_names == ["Student ada", "Student hal", "Name kim"]
    assert kim.reasons[0] == "you know Student hal, who knows Name kim"
    assert "both on the Solar Car Team" in kim.reasons
    assert "2 of 2 mentoring places free" in kim.reasons
    assert result.hint is None

    intro = await introductions(db, "ada", "poe", 4, 5)
    # Two chains: the 3-hop one through friends, and a weaker 4-hop one through Lee. The
    # second tie between Ada and Hal makes no extra chain, and the stronger one is used.
    assert intro[0].ties[0].id == "t2"
    assert [p.path for p in intro] == [
        ["ada", "hal", "kim", "poe"],
        ["ada", "lee", "hal", "kim", "poe"],
    ]
    assert intro[0].reasons[0] == (
        "Student ada knows Student hal, who knows Name kim, who knows Name poe"
    )


# ------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("max_hops", "first", "field"),
    [(0, 10, "maxHops"), (5, 10, "maxHops"), (3, 0, "first"), (3, 51, "first")],
)
async def test_bounds_are_bad_input(db: Database, max_hops: int, first: int, field: str) -> None:
    with pytest.raises(BadInput) as error:
        await mentor_paths(db, "stu", None, max_hops, first)
    assert error.value.field == field and field in error.value.message
    with pytest.raises(BadInput):
        await introductions(db, "a", "b", max_hops, first)


async def test_unknown_people_are_not_found(db: Database) -> None:
    await write_dataset(db, Dataset(people=[student()]))
    with pytest.raises(NotFound) as error:
        await mentor_paths(db, "nobody")
    assert error.value.field == "personId"
    with pytest.raises(NotFound) as error:
        await introductions(db, "stu", "nobody")
    assert error.value.field == "toId"
    with pytest.raises(NotFound) as error:
        await introductions(db, "nobody", "stu")
    assert error.value.field == "fromId"
    with pytest.raises(BadInput):
        await introductions(db, "stu", "stu")
    with pytest.raises(BadInput):
        await mentor_paths(db, "not valid!")


async def test_seed_solar_scenario_matches_the_oracle(db: Database) -> None:
    """The demo university (``supportweb seed``): the solar-car promise of docs/seed.md, and
    the exact oracle answer on the whole seeded graph."""
    from graphdb import seed

    ds: Dataset = seed.generate(people=seed.MIN_PEOPLE, seed=7)
    await write_dataset(db, ds)
    need = MentorNeed(topics=["Solar Technology"])
    result = await mentor_paths(db, "p-solar-student", need, 3, MAX_FIRST)
    hops = {m.mentor_id: m.hops for m in result.matches}
    assert hops == expected(ds, "p-solar-student", need, 3)
    assert hops["p-solar-captain"] == 2 and hops["p-solar-advisor"] == 2
    assert hops["p-solar-alum"] == 3
    assert "p-solar-engineer" not in hops
    for m in result.matches:
        check_path(ds, "p-solar-student", m)
    captain = next(m for m in result.matches if m.mentor_id == "p-solar-captain")
    assert "expert in solar technology" in captain.reasons
    assert "both on the Solar Car Team" not in captain.reasons  # she is not on the team
