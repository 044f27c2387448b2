"""The GraphQL types of the research analytics (SPEC §9). Declarations only: every value is a
plain dict built by schema/research.py and completed by the shaper, which turns each
person's id into a pseudonym for researchers."""

from __future__ import annotations

import strawberry

from resolvers.research.centrality import CentralityMeasure
from resolvers.research.grouping import GroupingKey
from resolvers.research.mentors import LoadStatus
from schema.enums import Role, SupportFunction, TieKind, Typology
from schema.types import Person

strawberry.enum(CentralityMeasure, description="A centrality, as networkx defines it.")
strawberry.enum(GroupingKey, description="What people are grouped by.")
strawberry.enum(LoadStatus, name="MentorLoadStatus", description="Where a mentor's load stands.")


@strawberry.type(description="How many people have this degree.")
class DegreeCount:
    degree: int
    count: int


@strawberry.type(description="Active ties of one kind among the people measured.")
class KindCount:
    kind: TieKind
    count: int


@strawberry.type(description="Active ties by the role categories (SPEC §4 Range) of their ends.")
class RolePairCount:
    supporter_role: Role | None
    supported_role: Role | None
    count: int


@strawberry.type(
    description="The measured graph: the people the filter selects (each a node, tied or "
    "not) and their active ties of the kinds asked, several ties between two people one "
    "edge. Every figure is networkx's on that graph; null where networkx's is undefined."
)
class NetworkStats:
    people: int
    ties: int = strawberry.field(
        description="Edges of the undirected graph (pairs of people tied)."
    )
    arcs: int = strawberry.field(description="Edges of the directed graph (supporter → supported).")
    relationships: int = strawberry.field(description="The active ties themselves.")
    isolated: int = strawberry.field(description="People with no tie in the graph.")
    density: float
    components: int
    largest_component_share: float
    average_degree: float
    degree_distribution: list[DegreeCount]
    average_clustering: float | None
    reciprocity: float | None = strawberry.field(
        description="Of the peer ties (PEER_SUPPORTS): the share returned (nx.reciprocity)."
    )
    degree_assortativity: float | None
    role_assortativity: float | None = strawberry.field(
        description="Attribute assortativity by role category."
    )
    department_assortativity: float | None = strawberry.field(
        description="Attribute assortativity by department (none is a department of its own)."
    )
    ties_by_kind: list[KindCount]
    ties_by_role_pair: list[RolePairCount]
    kinds: list[TieKind] = strawberry.field(description="The kinds measured.")


@strawberry.type(description="One person's centrality; best first.")
class CentralityScore:
    person: Person
    score: float
    rank: int
    exact: bool = strawberry.field(description="False when sampled from pivots.")
    pivots: int | None = strawberry.field(description="Sources sampled, when sampled.")
    error_bound: float | None = strawberry.field(
        description="When sampled: every score is within this of networkx's exact one, "
        "with probability at least 95 % (Hoeffding, over all people at once)."
    )


@strawberry.type(description="One community, largest first.")
class Community:
    index: int
    size: int
    internal_ties: int
    students: int
    people: list[Person] = strawberry.field(description="Its most connected members (≤ 10).")


@strawberry.type(description="Communities (Leiden) and how support crosses them.")
class CommunityResult:
    algorithm: str
    resolution: float
    count: int
    modularity: float | None = strawberry.field(
        description="nx.community.modularity of this partition, at this resolution."
    )
    sizes: list[int]
    crossing_tie_share: float | None = strawberry.field(
        description="Share of edges between two communities."
    )
    outside_supporter_share: float | None = strawberry.field(
        description="Of every (student, supporter) pair: the share from another community."
    )
    students_with_outside_support: float | None = strawberry.field(
        description="Of supported students: the share with a supporter from outside."
    )
    communities: list[Community] = strawberry.field(description="The 20 largest.")


@strawberry.type(description="A distribution of support scores (linear quartiles).")
class ScoreDistribution:
    min: float
    q1: float
    median: float
    q3: float
    max: float
    mean: float


@strawberry.type
class TypologyShare:
    typology: Typology
    count: int
    share: float


@strawberry.type
class FunctionShare:
    function: SupportFunction
    count: int
    share: float


@strawberry.type(description="One group's support: the equity view.")
class SupportGroupStats:
    key: str | None = strawberry.field(description="The value grouped by; null: none set.")
    label: str
    people: int
    scored: int
    score: ScoreDistribution | None
    thin_share: float | None
    typology: list[TypologyShare]
    functions_missing: list[FunctionShare] = strawberry.field(
        description="Functions nobody covers for them, most often missing first."
    )


@strawberry.type
class ReachGroup:
    key: str | None
    label: str
    students: int
    reached: int
    share: float | None


@strawberry.type(description="Students within maxHops of an available mentor in a topic.")
class MentorReach:
    topic: str
    max_hops: int
    students: int
    reached: int
    share: float | None
    mentors: int = strawberry.field(description="Available mentors in the topic.")
    groups: list[ReachGroup]


@strawberry.type(description="A mentor's load across every program and informal tie.")
class MentorLoadRow:
    person: Person
    load: int = strawberry.field(description="Active MENTORS ties from them (SPEC §4).")
    formal: int = strawberry.field(description="Of those, formal (program) ties.")
    informal: int
    mentees: int = strawberry.field(description="Distinct people they mentor.")
    programs: int = strawberry.field(description="Programs they are enrolled in as a mentor.")
    capacity: int | None
    available: bool
    over_capacity: bool
    at_capacity: bool
    unused: bool = strawberry.field(description="Available, and mentoring no one.")
