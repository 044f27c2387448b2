"""``centrality`` (SPEC §9): networkx's measures with its defaults, normalised, best first.

- DEGREE: ``nx.degree_centrality`` of the undirected graph, degree / (n − 1).
- BETWEENNESS: ``nx.betweenness_centrality`` of the undirected graph (normalised, endpoints
  left out). Exact (igraph's Brandes) up to ``ResearchSettings.exact_betweenness_max``
  people; beyond, sampled the way networkx samples with ``k``: shortest paths from
  ``pivots`` sources drawn at random, scaled as networkx scales them, with the bound below.
- PAGERANK: ``nx.pagerank`` of the directed graph (supporter → supported): alpha 0.85,
  dangling people spread evenly, no personalisation. networkx stops its power iteration
  when a step moves the ranks by less than n × 1e-6 in all, which leaves its answer within
  alpha / (1 − alpha) times that of the true ranks; rustworkx runs the same iteration, here
  to 1e-10, so the answer is the true PageRank networkx approximates, and within
  networkx's own tolerance of networkx's answer.

**The sampled bound.** For a person v, each pivot s ≠ v contributes δ_s(v)/(n − 2) ∈ [0, 1]
(the share of the other people whose shortest paths from s run through v), and the
estimate is their mean over the pivots, which is unbiased. Hoeffding's inequality (it
holds for sampling without replacement too) with a union bound over all n people gives
ε = sqrt(ln(2n/δ) / (2(k − 1))) at confidence 1 − δ (δ = 0.05): every score is within ε
of the exact one with probability at least 95 %, all at once. It is a guarantee, so it is
loose: the errors measured are far smaller (docs/research.md).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt
import rustworkx as rx

from resolvers.research.graphs import Subgraph
from resolvers.research.settings import DEFAULT_RESEARCH, ResearchSettings

Floats = npt.NDArray[np.float64]


class CentralityMeasure(str, Enum):
    DEGREE = "DEGREE"
    BETWEENNESS = "BETWEENNESS"
    PAGERANK = "PAGERANK"


@dataclass(frozen=True, slots=True)
class Scores:
    """Every selected person's score (by local position), and how it was computed."""

    measure: CentralityMeasure
    values: Floats
    exact: bool
    pivots: int | None = None
    error_bound: float | None = None


def centrality(
    sub: Subgraph, measure: CentralityMeasure, settings: ResearchSettings = DEFAULT_RESEARCH
) -> Scores:
    if measure is CentralityMeasure.DEGREE:
        n = sub.n
        degree = sub.degrees().astype(np.float64)
        values = degree / (n - 1) if n > 1 else np.ones(n)  # networkx: 1 for a lone node
        return Scores(measure, values, exact=True)
    if measure is CentralityMeasure.PAGERANK:
        return Scores(measure, pagerank(sub), exact=True)
    return betweenness(sub, settings)


def pagerank(sub: Subgraph) -> Floats:
    if sub.n == 0:
        return np.zeros(0)
    ranks = rx.pagerank(sub.digraph(), alpha=0.85, tol=1.0e-10, max_iter=1000)
    return np.array([ranks[i] for i in range(sub.n)], dtype=np.float64)


def betweenness(sub: Subgraph, settings: ResearchSettings) -> Scores:
    measure, n = CentralityMeasure.BETWEENNESS, sub.n
    if n <= 2:
        return Scores(measure, np.zeros(n), exact=True)
    graph = sub.igraph()
    if n <= settings.exact_betweenness_max or settings.pivots >= n:
        # igraph counts each unordered pair once; networkx's normalisation is over ordered
        # pairs: 2 / ((n - 1)(n - 2)).
        raw = np.asarray(graph.betweenness(directed=False), dtype=np.float64)
        return Scores(measure, raw * 2 / ((n - 1) * (n - 2)), exact=True)
    k = settings.pivots
    pivots = random.Random(settings.seed).sample(range(n), k)
    raw = 2 * np.asarray(graph.betweenness(directed=False, sources=pivots), dtype=np.float64)
    # networkx's scaling for k sources without endpoints: a pivot cannot pass through
    # itself, so its own estimate is over the other k - 1 pivots.
    is_pivot = np.zeros(n, dtype=np.bool_)
    is_pivot[pivots] = True
    values = np.where(is_pivot, raw / ((k - 1) * (n - 2)), raw / (k * (n - 2)))
    bound = math.sqrt(math.log(2 * n / settings.confidence_delta) / (2 * (k - 1)))
    return Scores(measure, values, exact=False, pivots=k, error_bound=bound)


def best(scores: Scores, order_key: list[str], top: int) -> list[tuple[int, float]]:
    """(local position, score) of the ``top`` best; equal scores in ``order_key`` order
    (pseudonyms, so the order of equals says nothing about real ids)."""
    values = scores.values
    if top < len(values):
        # Only the candidates at or above the top-th score need a full sort.
        cut = np.partition(values, len(values) - top)[len(values) - top]
        candidates = np.flatnonzero(values >= cut)
    else:
        candidates = np.arange(len(values))
    ranked = sorted(candidates.tolist(), key=lambda i: (-values[i], order_key[i]))
    return [(i, float(values[i])) for i in ranked[:top]]
