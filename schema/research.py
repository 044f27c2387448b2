"""Root fields of the research analytics (SPEC §9), for researchers and admins.

Each computes over the in-process projection (resolvers/research) and returns plain values;
people are ``PersonRef``s that the plan fetches with the selection, and the shaper names
them by pseudonym for researchers and refuses what they may not see (names, emails).
"""

from __future__ import annotations

from typing import Any

import strawberry

from graphdb.errors import BadInput
from graphdb.model import PeopleFilter
from resolvers.research import analyses
from resolvers.research.centrality import CentralityMeasure
from resolvers.research.distribution import ScoreSummary
from resolvers.research.graphs import check_research_filter, kinds_of
from resolvers.research.grouping import GroupingKey
from resolvers.research.mentors import LoadStatus
from resolvers.research.stats import NetworkStats as Stats
from schema.context import Info
from schema.enums import TieKind
from schema.inputs import PersonFilter, people_filter
from schema.people import value_of
from schema.research_types import (
    CentralityScore,
    CommunityResult,
    MentorLoadRow,
    MentorReach,
    NetworkStats,
    SupportGroupStats,
)
from schema.values import PersonRef

MAX_GROUPS = 1000


def _filter(info: Info, flt: PersonFilter | None) -> PeopleFilter | None:
    chosen = people_filter(flt) if flt is not None else None
    if chosen is not None:
        check_research_filter(chosen, info.context.disclosure().pseudonymous)
    return chosen


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _distribution(s: ScoreSummary | None) -> dict[str, float] | None:
    if s is None:
        return None
    return {
        "min": s.minimum,
        "q1": s.q1,
        "median": s.median,
        "q3": s.q3,
        "max": s.maximum,
        "mean": s.mean,
    }


def _stats(s: Stats, kinds: list[TieKind] | None) -> dict[str, Any]:
    value = {
        "people": s.people,
        "ties": s.ties,
        "arcs": s.arcs,
        "relationships": s.relationships,
        "isolated": s.isolated,
        "density": s.density,
        "components": s.components,
        "largestComponentShare": s.largest_component_share,
        "averageDegree": s.average_degree,
        "averageClustering": s.average_clustering,
        "reciprocity": s.reciprocity,
        "degreeAssortativity": s.degree_assortativity,
        "roleAssortativity": s.role_assortativity,
        "departmentAssortativity": s.department_assortativity,
        "degreeDistribution": [{"degree": d, "count": c} for d, c in s.degree_distribution],
        "tiesByKind": [{"kind": k, "count": c} for k, c in s.ties_by_kind],
        "tiesByRolePair": [
            {"supporterRole": a, "supportedRole": b, "count": c} for a, b, c in s.ties_by_role_pair
        ],
        "kinds": list(kinds_of(kinds)),
    }
    return value


@strawberry.type
class ResearchQuery:
    @strawberry.field(
        description="The shape of the graph of active ties of `kinds` (every support kind "
        "when omitted) among the people the filter selects."
    )
    async def network_stats(
        self, info: Info, filter: PersonFilter | None = None, kinds: list[TieKind] | None = None
    ) -> NetworkStats:
        s = await analyses.stats(info.context.db, _filter(info, filter), kinds)
        return value_of(NetworkStats, _stats(s, kinds))

    @strawberry.field(
        description="The `top` (1-500) people by a centrality (networkx's defaults, "
        "normalised), best first; betweenness is sampled beyond 10,000 people, with its "
        "error bound."
    )
    async def centrality(
        self,
        info: Info,
        measure: CentralityMeasure,
        top: int = 20,
        filter: PersonFilter | None = None,
        kinds: list[TieKind] | None = None,
    ) -> list[CentralityScore]:
        scope = info.context
        found = await analyses.ranked(
            scope.db, measure, top, _filter(info, filter), kinds, scope.pseudonym
        )
        s = found.scores
        rows = [
            {
                "person": PersonRef(pid),
                "score": score,
                "rank": rank,
                "exact": s.exact,
                "pivots": s.pivots,
                "errorBound": s.error_bound,
            }
            for rank, (pid, score) in enumerate(found.people, start=1)
        ]
        return value_of(list[CentralityScore], rows)

    @strawberry.field(
        description="Communities (Leiden, at this modularity resolution) and how support "
        "ties cross them."
    )
    async def communities(
        self,
        info: Info,
        filter: PersonFilter | None = None,
        kinds: list[TieKind] | None = None,
        resolution: float = 1.0,
    ) -> CommunityResult:
        r, ids = await analyses.community_result(
            info.context.db, _filter(info, filter), kinds, resolution
        )
        value = {
            "algorithm": r.algorithm,
            "resolution": r.resolution,
            "count": r.count,
            "modularity": r.modularity,
            "sizes": r.sizes,
            "crossingTieShare": r.crossing_tie_share,
            "outsideSupporterShare": r.outside_supporter_share,
            "studentsWithOutsideSupport": r.students_with_outside_support,
            "communities": [
                {
                    "index": c.index,
                    "size": c.size,
                    "internalTies": c.internal_ties,
                    "students": c.students,
                    "people": [PersonRef(ids[i]) for i in c.people],
                }
                for c in r.communities
            ],
        }
        return value_of(CommunityResult, value)

    @strawberry.field(
        description="The equity view: per group, the support-score distribution, the share "
        "with thin support, the typology mix and the functions most often missing. Students "
        "by default (the filter's roles choose others); `first` (1-1000) groups in label "
        "order."
    )
    async def support_distribution(
        self,
        info: Info,
        by: GroupingKey,
        filter: PersonFilter | None = None,
        first: int = 100,
    ) -> list[SupportGroupStats]:
        if not 1 <= first <= MAX_GROUPS:
            raise BadInput(f"first must be between 1 and {MAX_GROUPS}", field="first")
        groups = await analyses.distribution(info.context.db, by, _filter(info, filter))
        rows = [
            {
                "key": g.key,
                "label": g.label,
                "people": g.people,
                "scored": g.scored,
                "score": _distribution(g.score),
                "thinShare": g.thin_share,
                "typology": [{"typology": t, "count": c, "share": s} for t, c, s in g.typology],
                "functionsMissing": [
                    {"function": f, "count": c, "share": s} for f, c, s in g.functions_missing
                ],
            }
            for g in groups[:first]
        ]
        return value_of(list[SupportGroupStats], rows)

    @strawberry.field(
        description="The share of students within maxHops (1-4) of an available mentor "
        "in the topic, overall and per group."
    )
    async def mentor_reach(
        self, info: Info, topic: str, max_hops: int = 2, by: GroupingKey | None = None
    ) -> MentorReach:
        r = await analyses.reach(info.context.db, topic, max_hops, by)
        value = {
            "topic": r.topic,
            "maxHops": r.max_hops,
            "students": r.students,
            "reached": r.reached,
            "share": _share(r.reached, r.students),
            "mentors": r.mentors,
            "groups": [
                {
                    "key": g.key,
                    "label": g.label,
                    "students": n,
                    "reached": hit,
                    "share": _share(hit, n),
                }
                for g, n, hit in r.groups[:MAX_GROUPS]
            ],
        }
        return value_of(MentorReach, value)

    @strawberry.field(
        description="Institution-wide mentor load across every program and informal tie, "
        "heaviest first (first: 1-500); `only` keeps the over-capacity, full, or available "
        "and unused mentors."
    )
    async def mentor_load(
        self, info: Info, first: int = 20, only: LoadStatus | None = None
    ) -> list[MentorLoadRow]:
        scope = info.context
        rows = await analyses.load(scope.db, first, only, scope.pseudonym)
        value = [
            {
                "person": PersonRef(pid),
                "load": r.load,
                "formal": r.formal,
                "informal": r.informal,
                "mentees": r.mentees,
                "programs": r.programs,
                "capacity": r.capacity,
                "available": r.available,
                "overCapacity": r.over_capacity,
                "atCapacity": r.at_capacity,
                "unused": r.unused,
            }
            for pid, r in rows
        ]
        return value_of(list[MentorLoadRow], value)
