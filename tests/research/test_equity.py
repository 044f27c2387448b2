"""The equity view and the mentor views against independent readings: each person's live
support profile (the typology and missing functions), the stored scores, and a
breadth-first search by networkx for the reach."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import numpy as np
import pytest

from graphdb.driver import Database
from graphdb.model import Level, PeopleFilter, Role, TieKind, is_active
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


@pytest.mark.parametrize("by", list(GroupingKey))
async def test_every_grouping_covers_the_selected(db: Database, by: GroupingKey) -> None:
    data = university(12, people=40, ties=60)
    await load(db, data)
    # Programs as docs/research.md assumes them (SPEC §8's are built elsewhere).
    await db.write(
        "CREATE (g:Program {id: 'pr1', name: 'Peer mentoring'}) WITH g "
        "MATCH (p:Person) WHERE p.id ENDS WITH '1' CREATE (p)-[:ENROLLED_IN {side: 'MENTEE'}]->(g)"
    )
    everyone = [Role(r) for r in Role]
    groups = await analyses.distribution(db, by, PeopleFilter.of(roles=everyone))
    covered = sum(g.people for g in groups)
    if by in (GroupingKey.ROLE, GroupingKey.GROUP, GroupingKey.PROGRAM):
        assert covered >= len(data.people)  # everyone, in each group they belong to
    else:
        assert covered == len(data.people)
    if by is GroupingKey.PROGRAM:
        enrolled = sum(1 for p in data.people if p.id.endswith("1"))
        assert [(g.key, g.label, g.people) for g in groups] == [
            ("pr1", "Peer mentoring", enrolled),
            (None, "none", len(data.people) - enrolled),
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


@pytest.mark.parametrize("hops", [1, 2, 3])
async def test_mentor_reach_is_a_breadth_first_search(db: Database, hops: int) -> None:
    data = university(13, people=70, ties=90)
    await load(db, data)
    for topic in ("solar", "Robots ", "law"):
        r = await analyses.reach(db, topic, hops, GroupingKey.LEVEL)
        expected = _reached(data, topic.strip().lower(), hops)
        students = [p for p in data.people if Role.STUDENT in p.roles]
        assert (r.students, r.reached) == (len(students), len(expected))
        levels = {g.key: (n, hit) for g, n, hit in r.groups}
        for level in (*Level, None):
            at = [p.id for p in students if p.level == level]
            if at:
                key = level.value if level else None
                assert levels[key] == (len(at), len(set(at) & expected))


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
    over = await analyses.load(db, 500, LoadStatus.OVER_CAPACITY, str)
    assert {pid for pid, _ in over} == {pid for pid, r in by_id.items() if r.over_capacity}
