"""``communities`` (SPEC §9): Leiden on the undirected graph, optimising modularity at the
given resolution, and how support crosses the communities found.

igraph's own Leiden (``community_leiden``, objective "modularity", two iterations): on the
100,000-person graph it took 2.3 s for modularity 0.572, where leidenalg took 45 s for
0.540 and igraph's Louvain 16 s for 0.473 (docs/research.md). ``modularity`` is
``nx.community.modularity(G, communities, resolution=resolution)`` of the partition
returned (igraph computes the same sum). Leiden draws random numbers: they are seeded, so
the same graph gives the same partition. People without ties are communities of one.

Crossing: ``crossingTieShare`` is the share of edges whose two people are in different
communities; ``outsideSupporterShare`` is, over every (student, supporter) pair of the
graph — a supporter being anyone with a tie of the measured kinds towards the student —
the share whose supporter is in another community than the student, and
``studentsWithOutsideSupport`` the share of supported students with at least one such.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

import igraph as ig
import numpy as np

from graphdb.model import Role
from graphdb.research import ROLES
from resolvers.research.graphs import Subgraph
from resolvers.research.settings import DEFAULT_RESEARCH, ResearchSettings

_SEEDED = threading.Lock()


@dataclass(frozen=True, slots=True)
class Community:
    index: int
    size: int
    internal_ties: int
    students: int
    people: list[int]  # projection positions of its most connected members


@dataclass(frozen=True, slots=True)
class CommunityResult:
    algorithm: str
    resolution: float
    count: int
    modularity: float | None
    sizes: list[int]
    crossing_tie_share: float | None
    outside_supporter_share: float | None
    students_with_outside_support: float | None
    communities: list[Community]
    membership: list[int]  # community of each selected person (local positions)


def communities(
    sub: Subgraph, resolution: float, settings: ResearchSettings = DEFAULT_RESEARCH
) -> CommunityResult:
    graph = sub.igraph()
    if sub.n == 0:
        return CommunityResult("leiden", resolution, 0, None, [], None, None, None, [], [])
    with _SEEDED:
        # igraph draws from one process-wide generator: seeded here, under a lock, so the
        # same graph gives the same partition whatever else runs.
        ig.set_random_number_generator(random.Random(settings.seed))
        try:
            partition = graph.community_leiden(
                objective_function="modularity", resolution=resolution, n_iterations=2
            )
        finally:
            ig.set_random_number_generator(random)
    # Communities numbered largest first, equal sizes by their first member.
    found = np.asarray(partition.membership, dtype=np.int64)
    counts = np.bincount(found)
    first = np.full(len(counts), sub.n, dtype=np.int64)
    np.minimum.at(first, found, np.arange(sub.n))
    rank = np.empty(len(counts), dtype=np.int64)
    rank[np.lexsort((first, -counts))] = np.arange(len(counts))
    membership = rank[found]
    sizes = np.bincount(membership)
    modularity = (
        float(graph.modularity(membership.tolist(), resolution=resolution)) if sub.m else None
    )
    a, b = sub.und
    crossing = membership[a] != membership[b]
    internal = np.bincount(membership[a][~crossing], minlength=len(sizes))
    student_bit = 1 << ROLES.index(Role.STUDENT)
    student = (sub.projection.roles[sub.nodes] & student_bit) != 0
    s, t = sub.arcs
    supported = student[t]
    outside = membership[s[supported]] != membership[t[supported]]
    students_supported = np.unique(t[supported])
    with_outside = np.unique(t[supported][outside])
    degree = sub.degrees()
    listed: list[Community] = []
    order = np.lexsort((np.arange(sub.n), -degree))  # most connected first
    members: dict[int, list[int]] = {}
    for i in order.tolist():
        c = int(membership[i])
        if c < settings.communities_listed:
            kept = members.setdefault(c, [])
            if len(kept) < settings.community_people:
                kept.append(int(sub.nodes[i]))
    student_counts = np.bincount(membership[student], minlength=len(sizes))
    for c in range(min(len(sizes), settings.communities_listed)):
        listed.append(
            Community(c, int(sizes[c]), int(internal[c]), int(student_counts[c]), members[c])
        )
    return CommunityResult(
        algorithm="leiden",
        resolution=resolution,
        count=len(sizes),
        modularity=modularity,
        sizes=[int(x) for x in sizes],
        crossing_tie_share=float(crossing.mean()) if sub.m else None,
        outside_supporter_share=float(outside.mean()) if len(outside) else None,
        students_with_outside_support=(
            len(with_outside) / len(students_supported) if len(students_supported) else None
        ),
        communities=listed,
        membership=membership.tolist(),
    )
