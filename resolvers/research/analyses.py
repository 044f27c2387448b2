"""The research analyses as the API asks for them: each reads the current projection (one
version check), selects and builds the measured graph, computes in a worker thread, and
keeps the result with the projection until the graph changes.

People go out by their real ids; the GraphQL shaper turns them into pseudonyms for
researchers, and ``key`` orders people of equal standing by pseudonym, so that no order
says anything about real ids either.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from graphdb.driver import Database
from graphdb.errors import BadInput
from graphdb.model import PeopleFilter, Role, TieKind
from graphdb.research import Projection
from graphdb.validation import normalise_topic
from resolvers.research import cache
from resolvers.research.centrality import CentralityMeasure, Scores, best, centrality
from resolvers.research.communities import CommunityResult, communities
from resolvers.research.distribution import GroupStats, group_stats, webs
from resolvers.research.graphs import Subgraph, graph_key, selection, subgraph
from resolvers.research.grouping import Group, GroupingKey, groups_of
from resolvers.research.mentors import (
    MAX_HOPS,
    Adjacency,
    LoadRow,
    LoadStatus,
    mentor_load,
    reached,
    students,
)
from resolvers.research.settings import DEFAULT_RESEARCH, ResearchSettings
from resolvers.research.stats import NetworkStats, network_stats
from resolvers.support.score_table import refresh_scores

T = TypeVar("T")

MAX_TOP = 500
MAX_LOAD_ROWS = 500


async def projection(db: Database) -> Projection:
    return await cache.current(db)


@dataclass(frozen=True, slots=True)
class Measured(Generic[T]):
    projection: Projection
    graph: Subgraph
    value: T


async def measured(
    db: Database,
    flt: PeopleFilter | None,
    kinds: Iterable[TieKind] | None,
    what: Hashable,
    compute: Callable[[Subgraph], T],
) -> Measured[T]:
    """``compute`` on the measured graph of a filter and kinds, in a worker thread, once
    per copy of the graph (``what`` names the computation and its parameters)."""
    p = await cache.current(db)
    key = graph_key(flt, kinds)
    sub = await subgraph(db, p, key)
    value = await cache.memo_async(db, p, (what, key), cache.in_thread(lambda: compute(sub)))
    return Measured(p, sub, value)


async def stats(
    db: Database, flt: PeopleFilter | None, kinds: Iterable[TieKind] | None
) -> NetworkStats:
    return (await measured(db, flt, kinds, "stats", network_stats)).value


@dataclass(frozen=True, slots=True)
class Ranked:
    scores: Scores
    people: list[tuple[str, float]]  # (person id, score), best first


async def ranked(
    db: Database,
    measure: CentralityMeasure,
    top: int,
    flt: PeopleFilter | None,
    kinds: Iterable[TieKind] | None,
    name: Callable[[str], str],
    settings: ResearchSettings = DEFAULT_RESEARCH,
) -> Ranked:
    if not 1 <= top <= MAX_TOP:
        raise BadInput(f"top must be between 1 and {MAX_TOP}", field="top")
    found = await measured(
        db,
        flt,
        kinds,
        ("centrality", measure, settings),
        lambda g: centrality(g, measure, settings),
    )
    scores, p = found.value, found.projection
    ids = [p.ids[i] for i in found.graph.nodes.tolist()]
    order = [name(pid) for pid in ids]
    return Ranked(scores, [(ids[i], s) for i, s in best(scores, order, top)])


async def community_result(
    db: Database,
    flt: PeopleFilter | None,
    kinds: Iterable[TieKind] | None,
    resolution: float,
    settings: ResearchSettings = DEFAULT_RESEARCH,
) -> tuple[CommunityResult, list[str]]:
    """The partition, and the projection's ids (its communities name positions)."""
    if not 0 < resolution <= 100:
        raise BadInput("resolution must be above 0 and at most 100", field="resolution")
    found = await measured(
        db,
        flt,
        kinds,
        ("communities", resolution, settings),
        lambda g: communities(g, resolution, settings),
    )
    return found.value, found.projection.ids


async def _scored(db: Database) -> Projection:
    """The projection with every stored score current (docs/support-score.md §5): the
    refresh is a write when anything was stale, and then the projection is read anew."""
    await refresh_scores(db)
    return await cache.current(db)


async def distribution(db: Database, by: GroupingKey, flt: PeopleFilter | None) -> list[GroupStats]:
    """Students by default, like the thin list; the filter's roles choose others."""
    chosen = (flt or PeopleFilter()).with_roles([Role.STUDENT])
    p = await _scored(db)
    people = await selection(db, p, chosen)
    web = await cache.memo_async(db, p, "webs", cache.in_thread(lambda: webs(p)))
    groups = groups_of(p, people, by)
    return [group_stats(p, g, web) for g in groups]


@dataclass(frozen=True, slots=True)
class MentorReach:
    topic: str
    max_hops: int
    students: int
    reached: int
    mentors: int
    groups: list[tuple[Group, int, int]]


async def reach(db: Database, topic: str, max_hops: int, by: GroupingKey | None) -> MentorReach:
    wanted = normalise_topic(topic)
    if not wanted:
        raise BadInput("topic must name a topic", field="topic")
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadInput(f"maxHops must be between 1 and {MAX_HOPS}", field="maxHops")
    p = await cache.current(db)
    every = await subgraph(db, p, graph_key(None, TieKind))
    adjacency = cache.memo(db, p, "adjacency", lambda: Adjacency.of(every))
    hit, mentors = await cache.memo_async(
        db,
        p,
        ("reach", wanted, max_hops),
        cache.in_thread(lambda: reached(p, adjacency, wanted, max_hops)),
    )
    student = students(p)
    groups = groups_of(p, student, by) if by is not None else []
    return MentorReach(
        topic=wanted,
        max_hops=max_hops,
        students=int(student.sum()),
        reached=int(hit.sum()),
        mentors=mentors,
        groups=[(g, len(g.members), int(hit[g.members].sum())) for g in groups],
    )


async def load(
    db: Database, first: int, only: LoadStatus | None, name: Callable[[str], str]
) -> list[tuple[str, LoadRow]]:
    if not 1 <= first <= MAX_LOAD_ROWS:
        raise BadInput(f"first must be between 1 and {MAX_LOAD_ROWS}", field="first")
    p = await cache.current(db)
    rows = await cache.memo_async(
        db, p, ("load", only), cache.in_thread(lambda: mentor_load(p, only))
    )
    rows = sorted(rows, key=lambda r: (-r.load, name(p.ids[r.person])))
    return [(p.ids[r.person], r) for r in rows[:first]]
