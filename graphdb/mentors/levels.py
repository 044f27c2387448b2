"""The breadth-first search from the student, one level of Cypher per hop.

Each level expands the frontier once and keeps a person only the first time they are
reached (``NOT y IN visited``), so a hub with thousands of ties is expanded once, not once
per path through it. For each person newly reached it keeps the *warmest* of their
shortest paths: warmth multiplies along a path, so the best path to ``y`` at distance k
extends the best path to one of y's neighbours at distance k-1 (a dynamic programme over
the levels). ``hops`` is the true distance, and the path a real chain of active ties.

A path entry is ``{node, w, nodes, rels}``: the person, the path's warmth so far (tie
warmth times the hub factors of the people passed), and the path itself. A *lazy* entry
``{node, os: [{f, r, hub}]}`` keeps its options unresolved until ``resolve`` reads the tie
properties, for the few people the last level actually uses.

The levels carry ``SCOPE`` (the student and what the score needs of them), ``frontier``,
``visited`` and ``found`` (the suitable people reached so far).
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import TIE_TYPES, active
from graphdb.mentors.suitable import suitable
from graphdb.mentors.warmth import degree, hub, warmth_of

SCOPE: LiteralString = "s, sLevel, sMentors, interests, sGroups, unknownTopics, fitTopics, cands"

# What the score (graphdb.mentors.score) reads once the last level has run.
_TO_SCORE: LiteralString = (
    "WITH s, sLevel, interests, sGroups, unknownTopics, fitTopics, found + hits AS found\n"
)


def _best(options: LiteralString) -> LiteralString:
    """The warmest of a person's options ({w, f, r}). Equal warmth goes to the lower parent
    id, then the lower tie id, so the answer never depends on storage order."""
    return (
        "reduce(b = head(" + options + "), o IN tail(" + options + ") | CASE WHEN o.w > b.w"
        " OR (o.w = b.w AND (o.f.node.id < b.f.node.id OR (o.f.node.id = b.f.node.id"
        " AND o.r.id < b.r.id))) THEN o ELSE b END)"
    )


def _reached(y: LiteralString, b: LiteralString) -> LiteralString:
    """The path entry of ``y`` through its best option ``b``."""
    return (
        "{node: "
        + y
        + ", w: "
        + b
        + ".w, nodes: "
        + b
        + ".f.nodes + "
        + y
        + ", rels: "
        + b
        + ".f.rels + "
        + b
        + ".r}"
    )


def _warmest(options: LiteralString) -> LiteralString:
    """From rows of (y, f, hub, st, lc, r): each y's path entry through its warmest option."""
    return (
        "  WITH y, collect({w: f.w * hub * " + warmth_of("st", "lc") + ", f: f, r: r}) AS os\n"
        "  WITH y, " + _best("os") + " AS b\n"
        "  RETURN collect(" + _reached("y", "b") + ") AS " + options + "\n"
    )


def _resolve(entry: LiteralString) -> LiteralString:
    """A lazy entry turned into a path entry: only now are its ties' properties read.
    ``[x IN [expr] | ...]`` binds an expression once (Cypher has no let in expressions)."""
    options: LiteralString = (
        "[o IN "
        + entry
        + ".os | {w: o.f.w * o.hub * "
        + warmth_of("o.r.strength", "o.r.lastContact")
        + ", f: o.f, r: o.r}]"
    )
    return (
        "head([os IN ["
        + options
        + "] | head([b IN ["
        + _best("os")
        + "] | "
        + _reached(entry + ".node", "b")
        + "])])"
    )


def _edges(carry: LiteralString = "") -> LiteralString:
    """Every active tie from each frontier person to someone not yet visited, as rows of
    (f, hub, r, y). A person's number of ties (ended ones too) is their degree for the hub
    factor, so one expansion serves both. ``carry``: more variables to keep."""
    return (
        """
  UNWIND frontier AS f
  CALL (f) {
    WITH f.node AS x
    MATCH (x)-[r:"""
        + TIE_TYPES
        + """]-(y)
    RETURN collect([r, y]) AS edges
  }
  WITH f, visited, """
        + carry
        + "CASE WHEN size(f.rels) = 0 THEN 1.0 ELSE "
        + hub("size(edges)")
        + """ END AS hub, edges
  UNWIND edges AS e
  WITH f, hub, visited, """
        + carry
        + """e[0] AS r, e[1] AS y
  WHERE NOT y IN visited AND """
        + active("r")
        + "\n"
    )


# A level that feeds the next: each person newly reached gets their warmest shortest path.
LEVEL: LiteralString = (
    "\nCALL (frontier, visited) {"
    + _edges()
    + "  WITH y, f, hub, r, r.strength AS st, r.lastContact AS lc\n"
    + _warmest("next")
    + "}\n"
)

# The level before the last, topics named: options are kept lazy, because the last level
# needs the paths of only the few people beside the suitable set.
LEVEL_LAZY: LiteralString = (
    "\nCALL (frontier, visited) {"
    + _edges()
    + """  WITH y, collect({f: f, r: r, hub: hub}) AS os
  RETURN collect({node: y, os: os}) AS next
}
"""
)

# Distance comes first in the score, so once $first suitable people are found, no one
# further away can outrank them: the search stops there.
STOP_WHEN_ENOUGH: LiteralString = (
    "\nWITH "
    + SCOPE
    + """, visited, found,
     CASE WHEN size(found) >= $first THEN [] ELSE frontier END AS frontier
"""
)


def found_topics(lazy: bool) -> LiteralString:
    """After a level, topics named: the candidates reached are found (resolved, if lazy)."""
    hit: LiteralString = " | " + _resolve("n") if lazy else ""
    return (
        "\nWITH "
        + SCOPE
        + """,
     next AS frontier, visited + [n IN next | n.node] AS visited,
     found + [n IN next WHERE n.node IN cands"""
        + hit
        + """] AS found
"""
    )


# After a level, no topics: each person reached is tested once.
FOUND_ANY: LiteralString = (
    """
CALL (next, sLevel, sMentors) {
  UNWIND next AS n
  WITH n, n.node AS y, sLevel, sMentors
  WHERE """
    + suitable("y")
    + """
  RETURN collect(n) AS hits
}
WITH """
    + SCOPE
    + """,
     next AS frontier, visited + [n IN next | n.node] AS visited, found + hits AS found
"""
)


def last_topics(lazy: bool) -> LiteralString:
    """The last level, topics named: meet in the middle. The candidates are expanded one
    step back to find the frontier people beside them, and only those are expanded
    forward, so a frontier of thousands costs one list test each, not one expansion each.
    ``lazy`` says whether the frontier's entries are lazy (resolved here, for those few)."""
    parent: LiteralString = _resolve("f0") if lazy else "f0"
    return (
        """
CALL (frontier, visited, cands) {
  CALL (frontier, visited, cands) {
    WITH [f IN frontier | f.node] AS fnodes, visited,
         CASE WHEN size(frontier) = 0 THEN [] ELSE cands END AS targets
    UNWIND targets AS y
    WITH y, fnodes, visited
    WHERE NOT y IN visited
    MATCH (y)-[:"""
        + TIE_TYPES
        + """]-(x)
    WHERE x IN fnodes
    RETURN collect(DISTINCT x) AS xs
  }
  UNWIND frontier AS f0
  WITH f0, f0.node AS x, xs, visited, cands
  WHERE x IN xs
  WITH """
        + parent
        + """ AS f, x, visited, cands
  MATCH (x)-[r:"""
        + TIE_TYPES
        + """]-(y)
  WHERE y IN cands AND NOT y IN visited AND """
        + active("r")
        + """
  WITH y, f, r, r.strength AS st, r.lastContact AS lc,
       CASE WHEN size(f.rels) = 0 THEN 1.0 ELSE """
        + hub(degree("x"))
        + " END AS hub\n"
        + _warmest("hits")
        + "}\n"
        + _TO_SCORE
    )


# The last level, no topics: the edges are grouped by person, each person is tested once,
# and tie properties are read for the suitable ones only.
LAST_ANY: LiteralString = (
    "\nCALL (frontier, visited, sLevel, sMentors) {"
    + _edges("sLevel, sMentors, ")
    + """  WITH y, sLevel, sMentors, collect({f: f, r: r, hub: hub}) AS raw
  WHERE """
    + suitable("y")
    + """
  UNWIND raw AS o
  WITH y, o.f AS f, o.hub AS hub, o.r AS r, o.r.strength AS st, o.r.lastContact AS lc
"""
    + _warmest("hits")
    + "}\n"
    + _TO_SCORE
)
