"""Centralities and communities equal networkx's on generated graphs in the real Neo4j:
exact ones to float precision, PageRank to networkx's own tolerance, sampled betweenness
within the bound the answer states."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pytest

from graphdb.driver import Database
from graphdb.model import SUPPORT_KINDS, Dataset, PeopleFilter, TieKind
from resolvers.pseudonyms import pseudonym
from resolvers.research import analyses
from resolvers.research.centrality import CentralityMeasure
from resolvers.research.settings import ResearchSettings
from tests.research.data import load, nx_graphs, selected, university

KEY = "research-test-key"
CASES: list[tuple[dict[str, Any], Any]] = [
    ({}, None),
    ({"department": "Biology"}, None),
    ({}, (TieKind.KNOWS, TieKind.MENTORS)),
]


def name(pid: str) -> str:
    return pseudonym(KEY, pid)


async def _scores(
    db: Database,
    measure: CentralityMeasure,
    flt: dict[str, Any],
    kinds: Any,
    settings: ResearchSettings | None = None,
) -> analyses.Ranked:
    extra: dict[str, Any] = {"settings": settings} if settings else {}
    return await analyses.ranked(
        db,
        measure,
        500,
        PeopleFilter.of(**flt),
        kinds,
        name,
        **extra,
    )


@pytest.mark.parametrize("seed", [5, 6])
async def test_centralities_are_networkx_s(db: Database, seed: int) -> None:
    data = university(seed, people=80, ties=200)
    await load(db, data)
    for flt, kinds in CASES:
        g, d = nx_graphs(data, selected(data, **flt), kinds or SUPPORT_KINDS)
        expected = {
            CentralityMeasure.DEGREE: (nx.degree_centrality(g), 1e-10),
            CentralityMeasure.BETWEENNESS: (nx.betweenness_centrality(g), 1e-10),
            # networkx stops when a step moves the ranks by under n x 1e-6 in all, which
            # leaves it within alpha / (1 - alpha) times that of the true ranks (ours).
            CentralityMeasure.PAGERANK: (nx.pagerank(d), len(d) * 1e-6 * 0.85 / 0.15),
        }
        for measure, (theirs, tolerance) in expected.items():
            ranked = await _scores(db, measure, flt, kinds)
            got = dict(ranked.people)
            assert set(got) == set(theirs), (measure, flt)
            assert sum(abs(got[v] - theirs[v]) for v in theirs) <= tolerance, (measure, flt)
            scores = [s for _, s in ranked.people]
            assert scores == sorted(scores, reverse=True)
            # Equal scores in pseudonym order: no order says anything about real ids.
            for (a, sa), (b, sb) in zip(ranked.people, ranked.people[1:], strict=False):
                assert sa > sb or name(a) < name(b)
            assert ranked.scores.exact


async def test_top_cuts_the_ranking(db: Database) -> None:
    data = university(7)
    await load(db, data)
    full = await _scores(db, CentralityMeasure.DEGREE, {}, None)
    top = await analyses.ranked(db, CentralityMeasure.DEGREE, 5, None, None, name)
    assert top.people == full.people[:5]


async def test_sampled_betweenness_is_within_its_stated_bound(db: Database) -> None:
    data = university(8, people=150, ties=400)
    await load(db, data)
    g, _ = nx_graphs(data, data.people)
    exact = nx.betweenness_centrality(g)
    sampled = ResearchSettings(exact_betweenness_max=50, pivots=60)
    ranked = await _scores(db, CentralityMeasure.BETWEENNESS, {}, None, sampled)
    s = ranked.scores
    assert not s.exact and s.pivots == 60 and s.error_bound is not None
    n = g.number_of_nodes()
    assert math.isclose(s.error_bound, math.sqrt(math.log(2 * n / 0.05) / (2 * 59)))
    errors = [abs(score - exact[v]) for v, score in ranked.people]
    assert max(errors) <= s.error_bound
    assert max(errors) > 0  # it did sample


async def test_communities_modularity_is_networkx_s(db: Database) -> None:
    data = university(9, people=120, ties=300)
    await load(db, data)
    g, d = nx_graphs(data, data.people)
    for resolution in (0.5, 1.0, 2.0):  # one graph, read three ways
        await _communities_are_networkx_s(db, data, g, d, resolution)


async def _communities_are_networkx_s(
    db: Database, data: Dataset, g: nx.Graph, d: nx.DiGraph, resolution: float
) -> None:
    result, ids = await analyses.community_result(db, None, None, resolution)
    people = [p.id for p in data.people]  # the projection is in id order
    assert ids == sorted(people)
    parts: dict[int, set[str]] = {}
    for i, c in enumerate(result.membership):
        parts.setdefault(c, set()).add(ids[i])
    assert sorted(map(len, parts.values()), reverse=True) == result.sizes
    assert result.count == len(parts) and sum(result.sizes) == len(people)
    theirs = nx.community.modularity(g, parts.values(), resolution=resolution)
    assert result.modularity is not None and math.isclose(result.modularity, theirs, abs_tol=1e-12)
    # Leiden does at least as well as networkx's Louvain, near enough.
    louvain = nx.community.louvain_communities(g, resolution=resolution, seed=1)
    assert result.modularity >= nx.community.modularity(g, louvain, resolution=resolution) - 0.02
    community = {v: c for c, members in parts.items() for v in members}
    crossing = [community[a] != community[b] for a, b in g.edges()]
    assert result.crossing_tie_share == pytest.approx(sum(crossing) / len(crossing))
    students = {p.id for p in data.people if "STUDENT" in {r.value for r in p.roles}}
    pairs = [(s, t) for s, t in d.edges() if t in students]
    outside = [community[s] != community[t] for s, t in pairs]
    assert result.outside_supporter_share == pytest.approx(sum(outside) / len(outside))
    for listed in result.communities:
        assert listed.size == result.sizes[listed.index]
        # No filter: the graph's positions are the projection's.
        assert all(result.membership[i] == listed.index for i in listed.people)
