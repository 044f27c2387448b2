"""The equity view and the mentor views against independent readings: each person's live
support profile (the typology and missing functions), the stored scores, and a
breadth-first search by networkx for the reach."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import numpy as np
import pytest

from graphdb.driver import Database, Tx
from graphdb.model import Dataset, Level, PeopleFilter, Role, TieKind, is_active
from graphdb.programs.records import ProgramRecord, ProgramSide, ProgramStatus
from graphdb.programs.store import create_program, enrol
from resolvers.research import analyses
from resolvers.research.grouping import GroupingKey
from resolvers.research.mentors import LoadStatus
from resolvers.support.profiles import support_profiles
from tests.research.data import load, selected, university


async def test_distribution_matches_every_live_profile(db: Database) -> None:
    data = university(11, people=90, ties=260)
    await load(db, data)
    students = selected(data, roles=(Role.STUDENT,))
    profiles = await support_profiles(db, [p.id for p in students])
    groups = await analyses.distribution(db, GroupingKey.DEPARTMENT, None)
    by_dept: dict[str | None, list[str]] = {}
    for p in students:
        by_dept.setdefault(p.department, []).append(p.id)
    assert [g.key for g in groups] == sorted((k for k in by_dept if k), key=str) + (
        [None] if None in by_dept else []
    )
    for g in groups:
        ids = by_dept[g.key]
        assert g.people == len(ids) == g.scored
        scores = [profiles[i].score for i in ids]
        assert g.score is not None
        q = np.percentile(scores, [0, 25, 50, 75, 100])
        assert [
            g.score.minimum,
            g.score.q1,
            g.score.median,
            g.score.q3,
            g.score.maximum,
        ] == pytest.approx(q)
        assert g.thin_share == pytest.approx(sum(profiles[i].thin for i in ids) / len(ids))
        mix: dict[object, int] = {}
        for i in ids:
            mix[profiles[i].typology] = mix.get(profiles[i].typology, 0) + 1
        assert {t: c for t, c, _ in g.typology} == mix
        missing: dict[object, int] = {}
        for i in ids:
            for f in profiles[i].functions_missing:
                missing[f] = missing.get(f, 0) + 1
        assert {f: c for f, c, _ in g.functions_missing} == missing
        counts = [c for _, c, _ in g.functions_missing]
        assert counts == sorted(counts, reverse=True)


async def _enrol_in_a_program(db: Database, data: Dataset) -> tuple[set[str], set[str]]:
    """Program pr1 through the programs' own writer (SPEC §8): people whose id ends in 1
    as mentees, in 2 as mentors, and the first of the 1s on both sides. Returns (everyone
    enrolled, the mentors)."""
    ones = sorted(p.id for p in data.people if p.id.endswith("1"))
    twos = sorted(p.id for p in data.people if p.id.endswith("2"))
    sides = [(i, ProgramSide.MENTEE) for i in ones] + [
        (i, ProgramSide.MENTOR) for i in (*twos, ones[0])
    ]
    today = dt.date.today()

    async def work(tx: Tx) -> None:
        record = ProgramRecord.of(id="pr1", name="Peer mentoring", status=ProgramStatus.OPEN)
        await create_program(tx, record)
        for pid, side in sides:
            await enrol(tx, "pr1", pid, side, None, today)

    await db.transaction(work)
    return {*ones, *twos}, {*twos, ones[0]}


async def test_every_grouping_covers_the_selected(db: Database) -> None:
    data = university(12, people=40, ties=60)
    await load(db, data)
    enrolled, _ = await _enrol_in_a_program(db, data)
    everyone = [Role(r) for r in Role]
    for by in GroupingKey:  # one graph for every key: each is a reading of the same copy
        groups = await analyses.distribution(db, by, PeopleFilter.of(roles=everyone))
        covered = sum(g.people for g in groups)
        if by in (GroupingKey.ROLE, GroupingKey.GROUP, GroupingKey.PROGRAM):
            assert covered >= len(data.people), by  # everyone, in each group they belong to
        else:
            assert covered == len(data.people), by
        if by is GroupingKey.PROGRAM:
            # Either side counts, and someone on both sides counts once.
            assert [(g.key, g.label, g.people) for g in groups] == [
                ("pr1", "Peer mentoring", len(enrolled)),
                (None, "none", len(data.people) - len(enrolled)),
            ]
        if by is GroupingKey.GROUP:
            assert {g.label for g in groups} <= {f"Group {i}" for i in range(4)} | {"none"}


def _reached(data: object, topic: str, hops: int) -> set[str]:
    """By networkx: every active tie of any kind, either direction (SPEC §4 Hops)."""
    today = dt.date.today()
    g = nx.Graph()
    g.add_nodes_from(p.id for p in data.people)  # type: ignore[attr-defined]
    for t in data.ties:  # type: ignore[attr-defined]
        if is_active(t.until, today):
            g.add_edge(t.from_id, t.to_id)
    load = {p.id: 0 for p in data.people}  # type: ignore[attr-defined]
    for t in data.ties:  # type: ignore[attr-defined]
        if t.kind is TieKind.MENTORS and is_active(t.until, today):
            load[t.from_id] += 1
    mentors = [
        m
        for m in data.people  # type: ignore[attr-defined]
        if topic in m.expertise and m.open_door and (m.capacity is None or load[m.id] < m.capacity)
    ]
    out = set()
    for s in data.people:  # type: ignore[attr-defined]
        if Role.STUDENT not in s.roles:
            continue
        near = nx.single_source_shortest_path_length(g, s.id, cutoff=hops)
        for m in mentors:
            serves = not m.serves_levels or s.level is None or s.level in m.serves_levels
            if m.id != s.id and m.id in near and serves:
                out.add(s.id)
    return out


async def test_mentor_reach_is_a_breadth_first_search(db: Database) -> None:
    data = university(13, people=70, ties=90)
    await load(db, data)
    for hops, topic in itertools.product((1, 2, 3), ("solar", "Robots ", "law")):
        r = await analyses.reach(db, topic, hops, GroupingKey.LEVEL)
        expected = _reached(data, topic.strip().lower(), hops)
        students = [p for p in data.people if Role.STUDENT in p.roles]
        assert (r.students, r.reached) == (len(students), len(expected)), (hops, topic)
        levels = {g.key: (n, hit) for g, n, hit in r.groups}
        for level in (*Level, None):
            at = [p.id for p in students if p.level == level]
            if at:
                key = level.value if level else None
                assert levels[key] == (len(at), len(set(at) & expected)), (hops, topic, key)


async def test_mentor_load_rows(db: Database) -> None:
    data = university(14, people=50, ties=200)
    await load(db, data)
    today = dt.date.today()
    load_of: dict[str, int] = {}
    for t in data.ties:
        if t.kind is TieKind.MENTORS and is_active(t.until, today):
            load_of[t.from_id] = load_of.get(t.from_id, 0) + 1
    rows = await analyses.load(db, 500, None, str)
    by_id = {pid: r for pid, r in rows}
    people = {p.id: p for p in data.people}
    mentors = {p.id for p in data.people if p.open_door} | set(load_of)
    assert set(by_id) == mentors
    assert [r.load for _, r in rows] == sorted((r.load for _, r in rows), reverse=True)
    for pid, r in by_id.items():
        cap = people[pid].capacity
        assert r.load == load_of.get(pid, 0) == r.formal + r.informal
        assert r.over_capacity == (cap is not None and r.load > cap)
        assert r.unused == (r.available and r.load == 0)
    assert all(r.programs == 0 for r in by_id.values())
    _, program_mentors = await _enrol_in_a_program(db, data)
    by_id = dict(await analyses.load(db, 500, None, str))
    assert set(by_id) == mentors | program_mentors  # enrolled as a mentor: a mentor
    assert {pid for pid, r in by_id.items() if r.programs} == program_mentors
    assert all(r.programs == 1 for pid, r in by_id.items() if pid in program_mentors)
    over = await analyses.load(db, 500, LoadStatus.OVER_CAPACITY, str)
    assert {pid for pid, _ in over} == {pid for pid, r in by_id.items() if r.over_capacity}
