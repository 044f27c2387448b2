"""Support profiles read from the graph (resolvers.support.profiles), against the real
Neo4j: every figure against independent oracles — Burt's measures against networkx, the
rest against tests/oracles/support_score.py, a literal reading of docs/support-score.md."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

import networkx as nx
import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.errors import BadInput, NotFound
from graphdb.model import Dataset, PersonRecord, Role, TieKind
from resolvers.support.profile import SupportProfile
from resolvers.support.profiles import exposed_if_leaves, support_profile, support_profiles
from tests.oracles import support_score as oracle
from tests.resolvers.support_data import db_today, generated, person, tie, well_supported


def support_graph(graph: oracle.Graph, gone: Sequence[str] = ()) -> nx.Graph:
    """SPEC §4's graph for Burt's measures: active support ties, undirected, unweighted."""
    g = nx.Graph()
    g.add_nodes_from(p for p in graph.people if p not in gone)
    g.add_edges_from(
        (t.frm, t.to)
        for t in graph.ties
        if t.kind in oracle.DEFAULT_FUNCTIONS
        and (t.until is None or t.until > graph.today)
        and t.frm not in gone
        and t.to not in gone
    )
    return g


def burt_expected(g: nx.Graph, pid: str) -> tuple[float, float]:
    eff = nx.effective_size(g, nodes=[pid])[pid]
    con = nx.constraint(g, nodes=[pid])[pid]
    # networkx leaves isolated nodes undefined (nan); SPEC §4 says 0 for a person with no ties.
    return (0.0 if math.isnan(eff) else eff), (0.0 if math.isnan(con) else con)


def assert_documented(p: SupportProfile, want: oracle.Expected) -> None:
    """Every figure of the profile is the one docs/support-score.md defines."""
    assert (p.size, p.range) == (want.size, want.range), p.person_id
    assert p.strength == pytest.approx(float(want.strength), abs=1e-12), p.person_id
    assert [f.value for f in p.functions_covered] == want.covered, p.person_id
    assert [f.value for f in p.functions_missing] == want.missing, p.person_id
    assert [f.value for f in p.single_points_of_failure] == want.spof, p.person_id
    assert (p.typology.value, p.score, p.thin) == (want.typology, want.score, want.thin), (
        p.person_id
    )
    assert p.reasons == want.reasons, p.person_id
    assert p.components == want.parts(), p.person_id
    assert p.valid_until == want.valid_until, p.person_id


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_every_figure_on_generated_graphs_is_the_documented_one(
    db: Database, seed: int
) -> None:
    ds = generated(random.Random(seed), await db_today(db))
    await write_dataset(db, ds)
    graph = await oracle.snapshot(db)
    g = support_graph(graph)
    ids = [p.id for p in ds.people]
    db.round_trips = 0
    profiles = await support_profiles(db, ids)
    assert db.round_trips == 1  # one read for all 36 profiles
    assert profiles.keys() == set(ids)
    for pid in ids:
        eff, con = burt_expected(g, pid)
        assert profiles[pid].effective_size == pytest.approx(eff, abs=1e-9), pid
        assert profiles[pid].constraint == pytest.approx(con, abs=1e-9), pid
        assert_documented(profiles[pid], oracle.expected(graph, pid))


async def test_what_if_equals_the_profile_after_really_removing_their_ties(db: Database) -> None:
    ds = generated(random.Random(11), await db_today(db), people=30, ties=140)
    await write_dataset(db, ds)
    graph = await oracle.snapshot(db)
    g = support_graph(graph)
    # The best-connected person, without two of their neighbours.
    ego = max(g.nodes, key=lambda n: (g.degree(n), n))
    gone = sorted(g.neighbors(ego))[:2]
    others = [p.id for p in ds.people if p.id not in gone and p.id != ego][:8]

    what_if = await support_profile(db, ego, without=gone)
    what_if_others = await support_profiles(db, others, without=gone)
    eff, con = burt_expected(support_graph(graph, gone), ego)
    assert what_if.effective_size == pytest.approx(eff, abs=1e-9)
    assert what_if.constraint == pytest.approx(con, abs=1e-9)
    for pid, p in [(ego, what_if), *what_if_others.items()]:
        assert_documented(p, oracle.expected(graph, pid, without=gone))

    await db.write("MATCH (x:Person)-[r]-(:Person) WHERE x.id IN $ids DELETE r", {"ids": gone})
    assert what_if == await support_profile(db, ego)
    assert what_if_others == await support_profiles(db, others)


async def test_score_never_reads_the_persons_own_demographics(db: Database) -> None:
    today = await db_today(db)
    supporters, kinds = well_supported()
    twins = [
        person("a", dept="Physics", class_year=2026),
        PersonRecord("b", "Other", (Role.STUDENT, Role.STAFF), department=None, class_year=2031),
    ]
    ties = [
        tie(s, t, k, strength=0.5, contact=today - dt.timedelta(days=100))
        for t in ("a", "b")
        for s, k in kinds[:3]
    ]
    await write_dataset(db, Dataset(people=supporters + twins, ties=ties))
    p = await support_profiles(db, ["a", "b"])
    assert (p["a"].score, p["a"].reasons) == (p["b"].score, p["b"].reasons)
    # 18.75 + 15 + 5 + 25·(5/6)·0.75 + 20 + 10 = 84.375
    assert p["a"].score == 84.4
    assert p["a"].reasons == [
        "only 3 people support you",
        "all your ties are weak (strength below 0.6)",
        "no contact with any supporter in 3 months",
    ]


async def test_bad_ids_say_what_was_wrong(db: Database) -> None:
    await write_dataset(db, Dataset(people=[person("s"), person("t")]))
    with pytest.raises(NotFound, match="no person with id 'nobody'"):
        await support_profile(db, "nobody")
    with pytest.raises(NotFound, match="without: no person with id 'nobody'"):
        await support_profile(db, "s", without=["t", "nobody"])
    with pytest.raises(BadInput, match="cannot leave out the person themself"):
        await support_profile(db, "s", without=["s"])
    with pytest.raises(BadInput, match="personId 'bad id!' is not a valid id") as bad:
        await support_profile(db, "bad id!")
    assert bad.value.field == "personId"
    with pytest.raises(BadInput, match="without 'bad id!' is not a valid id"):
        await support_profile(db, "s", without=["bad id!"])
    with pytest.raises(NotFound, match="no person with id 'nobody'"):
        await exposed_if_leaves(db, "nobody")
    with pytest.raises(BadInput, match="personId"):
        await exposed_if_leaves(db, "bad id!")
    assert (await support_profiles(db, ["s", "nobody", "bad id!"])).keys() == {"s"}


async def test_exposed_if_leaves_lists_who_is_or_would_become_thin(db: Database) -> None:
    today = await db_today(db)
    people = [
        person("m", Role.FACULTY, "Physics", name="Prof. M"),
        person("x", Role.STAFF, "Advising"),
        person("y", Role.ALUM, "Law"),
        *(person(p) for p in ["a", "b", "c", "e", "k"]),
        person("d", Role.STAFF, "Physics"),
    ]
    ties = [
        tie("m", "a", contact=today),
        tie("x", "a", contact=today),  # 2 → 1: would become thin
        tie("m", "b", contact=today),
        tie("x", "b", contact=today),
        tie("y", "b", contact=today),  # 3 → 2, still well supported
        tie("m", "c", contact=today),  # m is c's only supporter: thin now, the most exposed
        tie("m", "d", contact=today),
        tie("x", "d", contact=today),  # a staff member: exposed like anyone else
        tie("m", "e", contact=today, until=today - dt.timedelta(days=5)),  # ended: not m's
        tie("x", "e", contact=today),
        tie("m", "k", TieKind.KNOWS, contact=today),  # an acquaintance is not support
    ]
    await write_dataset(db, Dataset(people=people, ties=ties))
    graph = await oracle.snapshot(db)
    assert await exposed_if_leaves(db, "m") == ["a", "c", "d"]
    assert oracle.exposed_if_leaves(graph, "m") == ["a", "c", "d"]
    assert (await support_profile(db, "a", without=["m"])).thin
    assert not (await support_profile(db, "b", without=["m"])).thin
    assert await exposed_if_leaves(db, "x") == ["a", "d", "e"]
    assert await exposed_if_leaves(db, "a") == []


@pytest.mark.parametrize("seed", [5, 6])
async def test_exposed_if_leaves_on_generated_graphs(db: Database, seed: int) -> None:
    ds = generated(random.Random(seed), await db_today(db), people=30, ties=110)
    await write_dataset(db, ds)
    graph = await oracle.snapshot(db)
    for p in ds.people:
        assert await exposed_if_leaves(db, p.id) == oracle.exposed_if_leaves(graph, p.id), p.id
