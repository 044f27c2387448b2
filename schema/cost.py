"""The cost of an operation, known before anything runs, and the budget it must fit.

Cost counts the objects a response could hold at most: each object position costs 1, a
list multiplies what is under it by its bound — its ``first`` argument where it has one
(a connection's ``first`` bounds its ``edges``), else a fixed bound per field below — and
work that is more than reading (a support web's walk, a profile's ego network, a mentor
search) adds its own weight. Leaves are free: a wide selection is cheap, a deep or
aliased fan-out is not. An operation over the viewer's budget (``SUPPORTWEB_MAX_COST``;
``SUPPORTWEB_ADMIN_MAX_COST`` for admins) is refused whole, as BAD_USER_INPUT with
``extensions.cost`` and ``extensions.budget``, before any query is sent.
"""

from __future__ import annotations

from graphql import GraphQLList, GraphQLNonNull, GraphQLOutputType

from schema.selection import FieldSel, Sel

DEFAULT_BOUND = 100
# Lists without a `first` argument: the most items they can hold.
LIST_BOUNDS: dict[tuple[str, str], int] = {
    # Enum lists hold each value at most once: their bound is the enum's size.
    ("Person", "roles"): 5,
    ("Person", "servesLevels"): 4,
    ("SupportTie", "functions"): 3,
    ("Supporter", "functions"): 3,
    ("Supporter", "kinds"): 8,
    ("SupportProfile", "functionsCovered"): 3,
    ("SupportProfile", "functionsMissing"): 3,
    ("SupportProfile", "singlePointsOfFailure"): 3,
    ("Person", "groups"): 50,
    ("SupportProfile", "supporters"): 100,
    ("SupportProfile", "scoreParts"): 6,
    ("SupportWeb", "people"): 300,
    ("SupportWeb", "ties"): 1000,
    ("MentorMatch", "ties"): 4,
    ("MentorMatch", "path"): 5,
    ("MentorMatch", "scoreParts"): 6,
    ("Introduction", "ties"): 4,
    ("Introduction", "path"): 5,
    ("Query", "exposedIfLeaves"): 500,
    # Research analytics: their lists are bounded by the data's own dimensions.
    ("NetworkStats", "degreeDistribution"): 1000,
    ("NetworkStats", "tiesByKind"): 8,
    ("NetworkStats", "tiesByRolePair"): 36,
    ("NetworkStats", "kinds"): 8,
    ("CommunityResult", "communities"): 20,
    ("Community", "people"): 10,
    ("SupportGroupStats", "typology"): 5,
    ("SupportGroupStats", "functionsMissing"): 3,
    ("MentorReach", "groups"): 1000,
    # A program's unmatched mentees, all proposed at once; pairs accepted at once.
    ("Query", "proposeMatches"): 2000,
    ("Mutation", "acceptProposals"): 1000,
}
# A root field's list bounded by an argument other than `first`.
BOUND_ARGUMENT: dict[tuple[str, str], str] = {("Query", "centrality"): "top"}
# Work beyond reading the objects.
WEIGHTS: dict[tuple[str, str], int] = {
    ("Person", "supportWeb"): 50,
    ("Person", "supportProfile"): 20,
    ("Query", "supportProfile"): 20,
    ("Query", "mentorPaths"): 100,
    ("Query", "introductions"): 50,
    ("Query", "thinSupport"): 50,
    ("Query", "exposedIfLeaves"): 50,
    ("Query", "growingTies"): 200,
    # Research analytics run over the whole graph: a cold one streams it from Neo4j, a
    # warm one computes in memory. Weighted so that a researcher's budget holds a few.
    ("Query", "networkStats"): 5000,
    ("Query", "centrality"): 5000,
    ("Query", "communities"): 5000,
    ("Query", "supportDistribution"): 5000,
    ("Query", "mentorReach"): 5000,
    ("Query", "mentorLoad"): 2000,
    ("Query", "programAudience"): 50,
    ("Query", "proposeMatches"): 1000,
    ("Mutation", "acceptProposals"): 200,
}


def field_cost(parent: str, f: FieldSel, inherited_first: int | None = None) -> int:
    t: GraphQLOutputType = f.type
    while isinstance(t, GraphQLNonNull):
        t = t.of_type
    own_first = f.args.get(BOUND_ARGUMENT.get((parent, f.name), "first"))
    first = int(own_first) if isinstance(own_first, int) else None
    per_item = 1 + selection_cost(f.sel, first) if f.sel is not None else 0
    weight = WEIGHTS.get((parent, f.name), 0)
    if not isinstance(t, GraphQLList) or f.sel is None:
        # A list of leaves (roles, topics) is read with its object: free, like any leaf.
        return per_item + weight
    bound = first or (inherited_first if f.name == "edges" else None)
    bound = bound or LIST_BOUNDS.get((parent, f.name), DEFAULT_BOUND)
    return bound * max(per_item, 1) + weight


# Costs saturate here: a nest of lists each asking for two billion items multiplies past
# what JSON numbers (and the clients reading extensions.cost) can hold exactly.
CEILING = 2**53 - 1
_COST = "cost"  # the key of a cost in a selection's memo, with the inherited page size


def selection_cost(sel: Sel, inherited_first: int | None = None) -> int:
    # Kept with the selection: below the root nothing a request sends changes it (a
    # selection a variable can change is collected afresh, with a fresh memo).
    key = (_COST, inherited_first)
    cost: int | None = sel.memo.get(key)
    if cost is None:
        cost = min(CEILING, sum(field_cost(sel.type.name, f, inherited_first) for f in sel.fields))
        sel.memo[key] = cost
    return cost

