"""``networkStats`` (SPEC §9): the shape of the measured graph, each figure the one networkx
gives on the same graph (tests/research hold every one against networkx).

- ``ties``, ``density``, components, clustering and assortativity: the undirected simple
  graph (``nx.density``, ``nx.number_connected_components``, ``nx.average_clustering``,
  ``nx.degree_assortativity_coefficient``, ``nx.attribute_assortativity_coefficient``);
- ``reciprocity``: ``nx.reciprocity`` of the directed graph of the peer ties
  (PEER_SUPPORTS) among the selected, when the kinds include them;
- ``tiesByKind`` and ``tiesByRolePair``: the active ties themselves (relationships), by kind
  and by (supporter's, supported's) role category.

A figure networkx leaves undefined (assortativity of a graph whose ends never vary, any
figure of an empty graph) is null, never NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from graphdb.model import ROLE_PRECEDENCE, Role, TieKind
from graphdb.research import KINDS
from resolvers.research.graphs import Subgraph, categories


@dataclass(frozen=True, slots=True)
class NetworkStats:
    people: int
    ties: int
    arcs: int
    relationships: int
    isolated: int
    density: float
    components: int
    largest_component_share: float
    average_degree: float
    degree_distribution: list[tuple[int, int]]
    average_clustering: float | None
    reciprocity: float | None
    degree_assortativity: float | None
    role_assortativity: float | None
    department_assortativity: float | None
    ties_by_kind: list[tuple[TieKind, int]]
    ties_by_role_pair: list[tuple[Role | None, Role | None, int]]


def _defined(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def network_stats(sub: Subgraph) -> NetworkStats:
    p, n, m = sub.projection, sub.n, sub.m
    graph = sub.igraph()
    degrees = sub.degrees()
    sizes = graph.connected_components().sizes() if n else []
    counts = np.bincount(degrees) if n else np.zeros(0, dtype=np.int64)
    category = categories(p)
    departments: dict[str | None, int] = {}
    dept_codes = [departments.setdefault(p.department[i], len(departments)) for i in sub.nodes]
    kind_counts = np.bincount(p.kind[sub.ties], minlength=len(KINDS))
    pair_codes = (category[p.src[sub.ties]] + 1) * 8 + category[p.dst[sub.ties]] + 1
    pairs = np.unique(pair_codes.astype(np.int64), return_counts=True)
    ranked: list[Role | None] = [None, *ROLE_PRECEDENCE]
    return NetworkStats(
        people=n,
        ties=m,
        arcs=len(sub.arcs[0]),
        relationships=int(sub.ties.sum()),
        isolated=int((degrees == 0).sum()),
        density=2 * m / (n * (n - 1)) if n > 1 else 0.0,
        components=len(sizes),
        largest_component_share=max(sizes) / n if n else 0.0,
        average_degree=2 * m / n if n else 0.0,
        degree_distribution=[(d, int(c)) for d, c in enumerate(counts) if c],
        average_clustering=(
            float(np.mean(graph.transitivity_local_undirected(mode="zero"))) if n else None
        ),
        reciprocity=_peer_reciprocity(sub),
        degree_assortativity=_defined(graph.assortativity_degree(directed=False)) if m else None,
        role_assortativity=_nominal(sub, category[sub.nodes].tolist()),
        department_assortativity=_nominal(sub, dept_codes),
        ties_by_kind=[(k, int(kind_counts[i])) for i, k in enumerate(KINDS) if kind_counts[i]],
        ties_by_role_pair=[
            (ranked[int(c) // 8], ranked[int(c) % 8], int(k)) for c, k in zip(*pairs, strict=True)
        ],
    )


def _nominal(sub: Subgraph, types: list[int]) -> float | None:
    if not sub.m:
        return None
    return _defined(sub.igraph().assortativity_nominal(types, directed=False))


def _peer_reciprocity(sub: Subgraph) -> float | None:
    """``nx.reciprocity``: the share of peer arcs whose reverse is there too."""
    p = sub.projection
    peer = sub.ties & (p.kind == KINDS.index(TieKind.PEER_SUPPORTS))
    if not peer.any():
        return None
    n = p.n
    codes = np.unique(p.src[peer].astype(np.int64) * n + p.dst[peer])
    reverse = (codes % n) * n + codes // n
    return float(np.isin(reverse, codes).sum() / len(codes))
