"""networkStats equals networkx on generated graphs written to the real Neo4j: whole,
through filters, and for subsets of kinds; every selected person a node."""

from __future__ import annotations

import math
import warnings
from typing import Any

import networkx as nx
import pytest

from graphdb.driver import Database
from graphdb.model import SUPPORT_KINDS, PeopleFilter, Role, TieKind
from resolvers.research import analyses
from tests.research.data import active_ties, load, nx_graphs, selected, university

CASES: list[tuple[dict[str, Any], Any]] = [
    ({}, None),
    ({"department": "Physics"}, None),
    ({"roles": (Role.STUDENT, Role.FACULTY)}, None),
    ({}, (TieKind.PEER_SUPPORTS, TieKind.MENTORS)),
    ({"class_year": 2026}, (TieKind.KNOWS, TieKind.ADVISES, TieKind.PEER_SUPPORTS)),
    ({"group_id": "g1"}, tuple(TieKind)),
]


def close(ours: float | None, theirs: float) -> bool:
    if ours is None:
        return math.isnan(theirs)
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


def nx_or_nan(fn: object, *args: object) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0/0: undefined, as ours is null
        try:
            return float(fn(*args))  # type: ignore[operator]
        except (ZeroDivisionError, ValueError):
            return math.nan


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_every_figure_is_networkx_s(db: Database, seed: int) -> None:
    data = university(seed)
    await load(db, data)
    for flt, kinds in CASES:
        people = selected(data, **flt)
        g, d = nx_graphs(data, people, kinds or SUPPORT_KINDS)
        s = await analyses.stats(db, PeopleFilter.of(**flt), kinds)
        where = (seed, flt, kinds)
        assert s.people == g.number_of_nodes() == len(people), where
        assert s.ties == g.number_of_edges(), where
        assert s.arcs == d.number_of_edges(), where
        assert s.isolated == nx.number_of_isolates(g), where
        assert close(s.density, nx.density(g)), where
        assert s.components == nx.number_connected_components(g), where
        largest = max((len(c) for c in nx.connected_components(g)), default=0)
        assert close(s.largest_component_share, largest / len(g)), where
        assert close(s.average_clustering, nx.average_clustering(g)), where
        assert close(s.degree_assortativity, nx_or_nan(nx.degree_assortativity_coefficient, g))
        for attribute, ours in (
            ("role", s.role_assortativity),
            ("department", s.department_assortativity),
        ):
            theirs = nx_or_nan(nx.attribute_assortativity_coefficient, g, attribute)
            assert close(ours, theirs), (where, attribute, ours, theirs)
        peer = d.edge_subgraph(
            (t.from_id, t.to_id)
            for t in active_ties(data, [TieKind.PEER_SUPPORTS])
            if d.has_edge(t.from_id, t.to_id)
        )
        if TieKind.PEER_SUPPORTS in (kinds or SUPPORT_KINDS) and peer.number_of_edges():
            assert close(s.reciprocity, nx.reciprocity(peer)), where
        else:
            assert s.reciprocity is None, where
        histogram = nx.degree_histogram(g)
        assert s.degree_distribution == [(k, c) for k, c in enumerate(histogram) if c], where
        ids = {p.id for p in people}
        among = [
            t
            for t in active_ties(data, kinds or SUPPORT_KINDS)
            if t.from_id in ids and t.to_id in ids
        ]
        by_kind = {k: sum(1 for t in among if t.kind is k) for k in TieKind}
        assert dict(s.ties_by_kind) == {k: n for k, n in by_kind.items() if n}, where
        assert s.relationships == len(among) == sum(c for *_, c in s.ties_by_role_pair), where


async def test_an_empty_selection_is_an_empty_graph(db: Database) -> None:
    await load(db, university(4, people=10, ties=10))
    s = await analyses.stats(db, PeopleFilter.of(department="Nowhere"), None)
    assert (s.people, s.ties, s.components, s.density) == (0, 0, 0, 0.0)
    assert s.average_clustering is None and s.degree_assortativity is None


async def test_a_graph_read_in_many_small_pages_is_the_same_graph(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages cut by people and by relationships (a hub alone on its page), read a few at
    a time, come together as the graph read in one page: same people in id order, same
    ties, same figures."""
    import numpy as np

    import graphdb.research as research

    data = university(4)
    await load(db, data)
    version = await research.read_version(db)
    whole = await research.load_projection(db, version)
    monkeypatch.setattr(research, "PAGE", 5)
    monkeypatch.setattr(research, "PAGE_RELATIONSHIPS", 12)
    assert research.pages(list("abcdefg"), [1, 20, 1, 1, 1, 1, 1]) == [
        ("a", "a"),  # b's 20 relationships would take it past 12
        ("b", "b"),  # alone over the bound
        ("c", "g"),  # five people
    ]
    steps: list[tuple[str, int, int]] = []
    paged = await research.load_projection(db, version, lambda *step: steps.append(step))
    assert len(steps) > 2 * research.IN_FLIGHT  # more pages than the window holds
    assert [done for _, done, _ in steps] == sorted(done for _, done, _ in steps)
    assert steps[-1] == ("projection", len(data.people), len(data.people))
    assert paged.ids == whole.ids == sorted(p.id for p in data.people)
    for name in ("src", "dst", "kind", "strength", "functions", "formal", "roles", "score"):
        assert np.array_equal(getattr(paged, name), getattr(whole, name), equal_nan=True), name
    assert paged.memberships[1] == whole.memberships[1]
    assert {t: v.tolist() for t, v in paged.expertise.items()} == {
        t: v.tolist() for t, v in whole.expertise.items()
    }
