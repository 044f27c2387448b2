"""The assignment behind ``proposeMatches``: the most total value, every capacity kept.

A min-cost flow (OR-Tools' ``SimpleMinCostFlow``: exact, in integers)::

    source ─1─> mentee ─1, −value─> mentor ─1, place cost─> sink   (an arc per free place)
    source ───────────────── n, 0 ───────────────────────> sink    (mentees left unmatched)

Each mentee sends one unit, through a mentor or straight to the sink; each of a mentor's
free places is an arc of its own costing what that place costs. Place costs never
decrease, so a mentor's places fill in order and the load is spread without giving up
exactness. The cheapest flow is the assignment of the highest total value.
docs/programs.md has the measurements that chose this over scipy's
``linear_sum_assignment`` on capacity-expanded columns (as fast when places are few, up
to ten times slower when they are many) and networkx's network simplex (minutes).

``greedy`` is the baseline the benchmark compares with: the best pair first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Problem:
    """The eligible pairs as parallel arrays, values in integers (hundredths of a point)
    so that the optimum is exact."""

    n_mentees: int
    mentee: Ints  # per pair: the mentee's index
    mentor: Ints  # per pair: the mentor's index
    value: Ints  # per pair: its value, > 0
    place_costs: tuple[tuple[int, ...], ...]  # per mentor, the cost of each free place

    @classmethod
    def of(
        cls,
        n_mentees: int,
        values: dict[tuple[int, int], int],
        place_costs: tuple[tuple[int, ...], ...],
    ) -> Problem:
        """From a dict of (mentee, mentor) -> value (small problems, tests)."""
        pairs = sorted(values)
        return cls(
            n_mentees,
            np.array([i for i, _ in pairs], dtype=np.int64),
            np.array([j for _, j in pairs], dtype=np.int64),
            np.array([values[p] for p in pairs], dtype=np.int64),
            place_costs,
        )

    @property
    def n_mentors(self) -> int:
        return len(self.place_costs)


def total(p: Problem, chosen: list[int]) -> int:
    """The objective: the chosen pairs' values less the costs of the places they take."""
    used: dict[int, int] = {}
    for k in chosen:
        j = int(p.mentor[k])
        used[j] = used.get(j, 0) + 1
    places = sum(sum(p.place_costs[j][:n]) for j, n in used.items())
    return int(p.value[chosen].sum()) - places if chosen else 0


def optimal(p: Problem) -> list[int]:
    """The pairs (by index) of an assignment of the highest total value: each mentee at
    most once, each mentor in at most their free places."""
    n, m, pairs = p.n_mentees, p.n_mentors, len(p.value)
    if not pairs:
        return []
    source, sink = n + m, n + m + 1
    place_of = np.array([j for j, c in enumerate(p.place_costs) for _ in c], dtype=np.int64)
    place_cost = np.array([x for c in p.place_costs for x in c], dtype=np.int64)
    tails = np.concatenate([np.full(n, source), p.mentee, n + place_of, [source]])
    heads = np.concatenate([np.arange(n), n + p.mentor, np.full(len(place_of), sink), [sink]])
    capacities = np.ones(len(tails), dtype=np.int64)
    capacities[-1] = n
    costs = np.concatenate([np.zeros(n, dtype=np.int64), -p.value, place_cost, [0]])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs.astype(np.int64)
    )
    supplies = np.array([n, -n], dtype=np.int64)
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the matcher's flow did not solve: {status}")
    pair_arcs = np.asarray(arcs, dtype=np.int32)[n : n + pairs]
    used = np.asarray(flow.flows(pair_arcs))
    return [int(k) for k in np.nonzero(used > 0)[0]]


def greedy(p: Problem) -> list[int]:
    """Best pair first, each into its mentor's next place while that is worth more than
    leaving the mentee unmatched: the baseline an optimiser must beat."""
    taken = np.zeros(p.n_mentees, dtype=bool)
    used = [0] * p.n_mentors
    chosen: list[int] = []
    for k in np.lexsort((p.mentee, -p.value)).tolist():
        i, j = int(p.mentee[k]), int(p.mentor[k])
        if taken[i] or used[j] >= len(p.place_costs[j]):
            continue
        if int(p.value[k]) - p.place_costs[j][used[j]] <= 0:
            continue
        taken[i] = True
        used[j] += 1
        chosen.append(k)
    return chosen
