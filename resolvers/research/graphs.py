"""The graph an analysis measures (SPEC §9): the people a filter selects — every one a node,
tied or not — and the active ties of the asked kinds among them, several ties between two
people one edge (one per direction in the directed graph).

Built from the projection with numpy (a mask over the people, one over the ties), then
handed to igraph (undirected measures, betweenness, communities) or rustworkx (PageRank);
docs/research.md says why each, with the measurements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np
import numpy.typing as npt
import rustworkx as rx

from graphdb.driver import Database
from graphdb.errors import Forbidden
from graphdb.model import ROLE_PRECEDENCE, SUPPORT_KINDS, PeopleFilter, TieKind
from graphdb.research import KINDS, ROLES, Projection, selected_ids
from resolvers.research.cache import memo, memo_async

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


def kinds_of(kinds: Iterable[TieKind] | None) -> tuple[TieKind, ...]:
    """The kinds measured: every support kind when none are named (SPEC §9)."""
    chosen = set(kinds or SUPPORT_KINDS)
    return tuple(k for k in KINDS if k in chosen)


def check_research_filter(flt: PeopleFilter, pseudonymous: bool) -> None:
    """A name search selects people by name: with pseudonyms out, the two would be tied."""
    if pseudonymous and flt.search is not None:
        raise Forbidden(
            "researchers cannot select people by name (search): the answers name people "
            "by pseudonym, and a name in with a pseudonym out would tie the two",
            field="filter.search",
        )


async def selection(db: Database, p: Projection, flt: PeopleFilter | None) -> Mask:
    """Which people the filter selects, as a mask over the projection."""
    if flt is None or not flt.set_values():
        return np.ones(p.n, dtype=np.bool_)

    async def read() -> Mask:
        mask = np.zeros(p.n, dtype=np.bool_)
        found = [p.index[i] for i in await selected_ids(db, flt) if i in p.index]
        mask[np.asarray(found, dtype=np.int64)] = True
        return mask

    value: Mask = await memo_async(db, p, ("selection", flt), read)
    return value


def categories(p: Projection) -> npt.NDArray[np.int8]:
    """Each person's role category (SPEC §4 Range: the first role in FACULTY, STAFF, ALUM,
    STUDENT, EXTERNAL order) as an index into ROLE_PRECEDENCE, -1 for none."""
    out = np.full(p.n, -1, dtype=np.int8)
    for rank in range(len(ROLE_PRECEDENCE) - 1, -1, -1):
        bit = 1 << ROLES.index(ROLE_PRECEDENCE[rank])
        out[(p.roles & bit) != 0] = rank
    return out


@dataclass
class Subgraph:
    """Selected people ``nodes`` (positions in the projection, ascending) and the edges
    among them in local positions: ``und`` pairs a < b, ``arcs`` supporter → supported."""

    projection: Projection
    nodes: Ints
    ties: Mask  # which of the projection's ties are among the selected, of the kinds
    und: tuple[Ints, Ints]
    arcs: tuple[Ints, Ints]
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.und[0])

    def degrees(self) -> Ints:
        a, b = self.und
        return np.bincount(a, minlength=self.n) + np.bincount(b, minlength=self.n)

    def igraph(self) -> ig.Graph:
        """The undirected simple graph, built once."""
        if "igraph" not in self._cache:
            a, b = self.und
            self._cache["igraph"] = ig.Graph(n=self.n, edges=np.column_stack((a, b)).tolist())
        graph: ig.Graph = self._cache["igraph"]
        return graph

    def digraph(self) -> rx.PyDiGraph:
        """The directed simple graph (supporter → supported), built once."""
        if "rx" not in self._cache:
            graph = rx.PyDiGraph(multigraph=False)
            graph.add_nodes_from(range(self.n))
            s, t = self.arcs
            graph.add_edges_from_no_data(list(zip(s.tolist(), t.tolist(), strict=True)))
            self._cache["rx"] = graph
        digraph: rx.PyDiGraph = self._cache["rx"]
        return digraph


def _unique_pairs(s: Ints, t: Ints, n: int) -> tuple[Ints, Ints]:
    codes = np.unique(s * n + t)
    return codes // n, codes % n


def build(p: Projection, people: Mask, kinds: tuple[TieKind, ...]) -> Subgraph:
    wanted = np.zeros(len(KINDS), dtype=np.bool_)
    wanted[[KINDS.index(k) for k in kinds]] = True
    ties = wanted[p.kind] & people[p.src] & people[p.dst] & (p.src != p.dst)
    nodes = np.flatnonzero(people).astype(np.int64)
    local = np.full(p.n, -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    s, t = local[p.src[ties]], local[p.dst[ties]]
    n = max(len(nodes), 1)
    arcs = _unique_pairs(s, t, n)
    und = _unique_pairs(np.minimum(s, t), np.maximum(s, t), n)
    return Subgraph(p, nodes, ties, und, arcs)


GraphKey = tuple[PeopleFilter | None, tuple[TieKind, ...]]


def graph_key(flt: PeopleFilter | None, kinds: Iterable[TieKind] | None) -> GraphKey:
    """What identifies a measured graph (and every result computed on it)."""
    return (flt if flt is not None and flt.set_values() else None, kinds_of(kinds))


async def subgraph(db: Database, p: Projection, key: GraphKey) -> Subgraph:
    """The measured graph for a filter and kinds, kept with the projection."""
    flt, chosen = key
    people = await selection(db, p, flt)
    return memo(db, p, ("subgraph", key), lambda: build(p, people, chosen))
