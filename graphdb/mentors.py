"""Cypher behind ``mentorPaths`` and ``introductions`` (SPEC §4: suitable mentor, hops, path).

The search is a breadth-first search written level by level in Cypher, not one
``SHORTEST`` pattern. Neo4j 5.26's single-source ``ANY SHORTEST (s)-...-{1,3}(m)`` with an
unbound target took a median 62 ms on the 100,000-person demo graph just to count the
open-door people within three hops (270 ms on a denser synthetic graph), before any
scoring. It also returns an arbitrary path when several are equally short. Each level
here expands the frontier once and keeps a person only the first time they are reached,
so a hub with thousands of ties is expanded once, not once per path.
For each person newly reached it keeps the *warmest* of their shortest paths: warmth
multiplies along a path, so the best path to ``y`` at distance k extends the best path to
one of y's neighbours at distance k-1 (a dynamic programme over the BFS layers). The answer
is exact: ``hops`` is the true distance, and the path is a real chain of active ties.

Ties are the relationship types of ``graphdb.model.TieKind`` (``TIE_TYPES``), walked in
either direction and active while ``until`` is empty or in the future. ``MEMBER_OF``,
``INTERESTED_IN`` and ``EXPERT_IN`` are never walked.

Three things keep it fast:

* Distance is the first term of the score (``resolvers.mentors``), so once ``$first``
  suitable people have been found, no one further away can outrank them, and the search
  stops there. This is exact, not a heuristic.
* When the need names topics, the suitable people are found first through the topic
  index (usually a few hundred). The last level then meets in the middle: that set is
  expanded one step back to find the frontier people beside it, and only those are
  expanded forward. The level before the last keeps its options unresolved, and reads
  tie strengths only for the people the last level actually uses.
* Suitability tests run once per person reached, cheapest first (a ``CASE`` fixes the
  order the planner would otherwise choose), and tie properties are read only where
  they decide something.

Two query variants per hop count, because the quantifier bound must be literal text:
topics named and no topics named.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import TIE_TYPES, active

MIN_HOPS = 1
MAX_HOPS = 4

# How many shortest paths Neo4j is asked for before ``introductions`` ranks them by
# warmth. ``SHORTEST k`` takes no parameter in 5.26, hence a literal.
INTRO_POOL: LiteralString = "60"


def _warmth_of(strength: LiteralString, last_contact: LiteralString) -> LiteralString:
    """Warmth of one tie: strength (0.5 when unset) x recency. Recency is 1 for contact
    today and 1/2 a year ago (with $recencyDays = 365); it is $recencyUnknown when
    lastContact is not set."""
    return (
        "(coalesce(" + strength + ", 0.5) * (CASE WHEN " + last_contact + " IS NULL"
        " THEN $recencyUnknown ELSE 1.0 / (1.0 + CASE WHEN " + last_contact + " >= date()"
        " THEN 0 ELSE duration.inDays(" + last_contact + ", date()).days END"
        " / $recencyDays) END))"
    )


def _hub(degree: LiteralString) -> LiteralString:
    """The hub factor of an intermediary with ``degree`` ties: 1 up to $hubDegree ties,
    then ($hubDegree / degree) ^ $hubExponent."""
    return (
        "(CASE WHEN " + degree + " <= $hubDegree THEN 1.0 "
        "ELSE (toFloat($hubDegree) / " + degree + ") ^ $hubExponent END)"
    )


def _suitable(m: LiteralString) -> LiteralString:
    """SPEC §4 suitability of person ``m``, apart from topics and distance: available when
    asked, a role among the need's, serves the student's level (``sLevel``) when both are
    set, and not already mentoring the student (``sMentors``).

    It is a CASE because that fixes the order of the tests: cheap property tests first,
    the load count last. The planner would otherwise run the pattern subquery for
    everyone reached."""
    return (
        "(CASE WHEN $need.requireAvailable AND NOT coalesce(" + m + ".openDoor = true, false)"
        " THEN false"
        " WHEN size($need.roles) > 0 AND NOT any(role IN coalesce(" + m + ".roles, [])"
        " WHERE role IN $need.roles) THEN false"
        " WHEN sLevel IS NOT NULL AND size(coalesce(" + m + ".servesLevels, [])) > 0"
        " AND NOT sLevel IN " + m + ".servesLevels THEN false"
        " WHEN " + m + " IN sMentors THEN false"
        " WHEN $need.requireAvailable AND " + m + ".capacity IS NOT NULL THEN"
        " COUNT { (" + m + ")-[l:MENTORS]->() WHERE l.until IS NULL OR l.until > date() }"
        " < " + m + ".capacity"
        " ELSE true END)"
    )


# The best of a person's options ({w, f, r}). Equal warmth goes to the lower parent id,
# then the lower tie id, so the answer never depends on storage order.
def _best(options: LiteralString) -> LiteralString:
    return (
        "reduce(b = head(" + options + "), o IN tail(" + options + ") | CASE WHEN o.w > b.w"
        " OR (o.w = b.w AND (o.f.node.id < b.f.node.id OR (o.f.node.id = b.f.node.id"
        " AND o.r.id < b.r.id))) THEN o ELSE b END)"
    )


def _reached(y: LiteralString, b: LiteralString) -> LiteralString:
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


# A lazily kept person ({node, os: [{f, r, hub}]}) turned into a resolved one
# ({node, w, nodes, rels}): only now are the tie properties of its options read.
# ``[x IN [expr] | ...]`` binds an expression once (Cypher has no let in expressions).
def _resolve(entry: LiteralString) -> LiteralString:
    options: LiteralString = (
        "[o IN "
        + entry
        + ".os | {w: o.f.w * o.hub * "
        + _warmth_of("o.r.strength", "o.r.lastContact")
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


_SCOPE: LiteralString = "s, sLevel, sMentors, interests, sGroups, unknownTopics, fitTopics, cands"

_HEAD: LiteralString = """
MATCH (s:Person {id: $personId})
CALL (s) {
  OPTIONAL MATCH (s)-[:INTERESTED_IN]->(t:Topic)
  RETURN collect(DISTINCT t.name) AS interests
}
CALL (s) {
  OPTIONAL MATCH (s)-[:MEMBER_OF]->(g:Group)
  RETURN collect(DISTINCT g) AS sGroups
}
CALL (s) {
  OPTIONAL MATCH (m:Person)-[l:MENTORS]->(s) WHERE l.until IS NULL OR l.until > date()
  RETURN collect(DISTINCT m) AS sMentors
}
WITH s, s.level AS sLevel, sMentors, interests, sGroups,
     [t IN $need.topics WHERE NOT EXISTS { MATCH (:Topic {name: t}) }] AS unknownTopics,
     CASE WHEN size($need.topics) > 0 THEN $need.topics ELSE interests END AS fitTopics
"""

# Topics named: the suitable set first, from the topic index. No candidate, no search.
_CANDS_TOPICS: LiteralString = (
    """
CALL (s, sLevel, sMentors) {
  MATCH (t:Topic)<-[:EXPERT_IN]-(m:Person)
  WHERE t.name IN $need.topics AND m <> s
  WITH DISTINCT m, sLevel, sMentors
  WHERE """
    + _suitable("m")
    + """
  RETURN collect(m) AS cands
}
WITH """
    + _SCOPE
    + """,
     CASE WHEN size(cands) = 0 THEN [] ELSE [{node: s, w: 1.0, nodes: [s], rels: []}] END
       AS frontier,
     [s] AS visited, [] AS found
"""
)

_CANDS_ANY: LiteralString = """
WITH s, sLevel, sMentors, interests, sGroups, unknownTopics, fitTopics, [] AS cands,
     [{node: s, w: 1.0, nodes: [s], rels: []}] AS frontier, [s] AS visited, [] AS found
"""

# Distance comes first in the score, so once $first suitable people are found, no one
# further away can outrank them: the search stops there.
_STOP_WHEN_ENOUGH: LiteralString = (
    "\nWITH "
    + _SCOPE
    + """, visited, found,
     CASE WHEN size(found) >= $first THEN [] ELSE frontier END AS frontier
"""
)

# Every tie of each frontier person, once. Their number is the person's degree for the
# hub factor (all ties, ended ones too), so one expansion serves both.
_EDGES: LiteralString = (
    """
  UNWIND frontier AS f
  CALL (f) {
    WITH f.node AS x
    MATCH (x)-[r:"""
    + TIE_TYPES
    + """]-(y)
    RETURN collect([r, y]) AS edges
  }
  WITH f, visited, CASE WHEN size(f.rels) = 0 THEN 1.0 ELSE """
    + _hub("size(edges)")
    + """ END AS hub, edges
  UNWIND edges AS e
  WITH f, hub, visited, e[0] AS r, e[1] AS y
  WHERE NOT y IN visited AND """
    + active("r")
    + "\n"
)

# A level that feeds the next: each person newly reached gets their warmest shortest path.
_LEVEL: LiteralString = (
    """
CALL (frontier, visited) {"""
    + _EDGES
    + """  WITH y, f, hub, r, r.strength AS st, r.lastContact AS lc
  WITH y, collect({w: f.w * hub * """
    + _warmth_of("st", "lc")
    + """, f: f, r: r}) AS os
  WITH y, """
    + _best("os")
    + """ AS b
  RETURN collect("""
    + _reached("y", "b")
    + """) AS next
}
"""
)

# The level before the last, topics named: options are kept unresolved, because the
# last level needs the paths of only the few people beside the suitable set.
_LEVEL_LAZY: LiteralString = (
    """
CALL (frontier, visited) {"""
    + _EDGES
    + """  WITH y, collect({f: f, r: r, hub: hub}) AS os
  RETURN collect({node: y, os: os}) AS next
}
"""
)

_FOUND_TOPICS: LiteralString = (
    "\nWITH "
    + _SCOPE
    + """,
     next AS frontier, visited + [n IN next | n.node] AS visited,
     found + [n IN next WHERE n.node IN cands] AS found
"""
)

_FOUND_TOPICS_LAZY: LiteralString = (
    "\nWITH "
    + _SCOPE
    + """,
     next AS frontier, visited + [n IN next | n.node] AS visited,
     found + [n IN next WHERE n.node IN cands | """
    + _resolve("n")
    + """] AS found
"""
)

_FOUND_ANY: LiteralString = (
    """
CALL (next, sLevel, sMentors) {
  UNWIND next AS n
  WITH n, n.node AS y, sLevel, sMentors
  WHERE """
    + _suitable("y")
    + """
  RETURN collect(n) AS hits
}
WITH """
    + _SCOPE
    + """,
     next AS frontier, visited + [n IN next | n.node] AS visited, found + hits AS found
"""
)


# Last level, topics named: meet in the middle. The suitable set is expanded one step
# back to find the frontier people beside it, and only those are expanded forward, so
# a frontier of thousands costs one list test each, not one expansion each.
# ``frontier`` entries are resolved (when hops = 1 or 2 levels came before, eagerly) or
# lazy; ``lazy`` says which, and the lazy ones are resolved here, for those few people.
def _last_topics(lazy: bool) -> LiteralString:
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
        + _hub("COUNT { (x)-[:" + TIE_TYPES + "]-() }")
        + """ END AS hub
  WITH y, collect({w: f.w * hub * """
        + _warmth_of("st", "lc")
        + """, f: f, r: r}) AS os
  WITH y, """
        + _best("os")
        + """ AS b
  RETURN collect("""
        + _reached("y", "b")
        + """) AS hits
}
WITH s, sLevel, interests, sGroups, unknownTopics, fitTopics, found + hits AS found
"""
    )


# Last level, no topics: group the edges by person, test each person once, and read tie
# properties for the suitable ones only.
_LAST_ANY: LiteralString = (
    """
CALL (frontier, visited, sLevel, sMentors) {"""
    + _EDGES.replace("WITH f, visited,", "WITH f, visited, sLevel, sMentors,").replace(
        "WITH f, hub, visited,", "WITH f, hub, visited, sLevel, sMentors,"
    )
    + """  WITH y, sLevel, sMentors, collect({f: f, r: r, hub: hub}) AS raw
  WHERE """
    + _suitable("y")
    + """
  UNWIND raw AS o
  WITH y, o, o.r.strength AS st, o.r.lastContact AS lc
  WITH y, collect({w: o.f.w * o.hub * """
    + _warmth_of("st", "lc")
    + """, f: o.f, r: o.r}) AS os
  WITH y, """
    + _best("os")
    + """ AS b
  RETURN collect("""
    + _reached("y", "b")
    + """) AS hits
}
WITH s, sLevel, interests, sGroups, unknownTopics, fitTopics, found + hits AS found
"""
)

# Facts and score for every suitable person found, from one pass over each one's
# expertise, memberships and mentoring ties; the details for the first $first only.
_TAIL: LiteralString = (
    """
CALL (found, sLevel, sGroups, fitTopics) {
  UNWIND found AS c
  WITH c, c.node AS m, size(c.rels) AS hops, sLevel, sGroups, fitTopics
  CALL (m, sGroups, fitTopics) {
    OPTIONAL MATCH (m)-[k:EXPERT_IN|MEMBER_OF|MENTORS]->(o)
    WITH k, o, type(k) AS kind
    RETURN
      collect(CASE WHEN kind = 'EXPERT_IN' AND o.name IN fitTopics THEN o.name END) AS covered,
      count(CASE WHEN kind = 'MEMBER_OF' AND o IN sGroups THEN 1 END) AS nShared,
      count(CASE WHEN kind = 'MENTORS' AND (k.until IS NULL OR k.until > date())
                 THEN 1 END) AS load
  }
  WITH c, m, hops, load, covered, nShared,
       c.w ^ (1.0 / hops) AS warmth,
       CASE WHEN size(fitTopics) = 0 THEN $neutral
            ELSE toFloat(size(covered)) / size(fitTopics) END AS topicFit,
       CASE WHEN NOT coalesce(m.openDoor, false) THEN 0.0
            WHEN m.capacity IS NULL THEN 1.0
            WHEN m.capacity <= 0 OR load >= m.capacity THEN 0.0
            ELSE toFloat(m.capacity - load) / m.capacity END AS headroom,
       CASE WHEN nShared >= $groupsFull THEN 1.0
            ELSE toFloat(nShared) / $groupsFull END AS groupFit,
       CASE WHEN sLevel IS NOT NULL AND sLevel IN coalesce(m.servesLevels, []) THEN 1.0
            ELSE $neutral END AS levelFit
  WITH c, m, hops, load, covered, nShared, warmth, topicFit, headroom, groupFit, levelFit,
       $distancePoints[hops - 1] AS distance
  WITH c, m, hops, load, covered, nShared, warmth, topicFit, headroom, groupFit, levelFit,
       distance,
       round(distance + $fitPoints * ($wWarmth * warmth + $wTopic * topicFit
             + $wHeadroom * headroom + $wGroups * groupFit + $wLevel * levelFit), 2) AS score
  ORDER BY score DESC, hops ASC, m.id ASC
  RETURN count(*) AS nFound,
         collect({c: c, load: load, covered: covered, nShared: nShared, score: score,
                  parts: {distance: distance, warmth: warmth, topicFit: topicFit,
                          headroom: headroom, groupFit: groupFit, levelFit: levelFit}}
                 )[..$first] AS top
}
CALL (top, sGroups) {
  UNWIND range(0, size(top) - 1) AS i
  WITH i, top[i] AS row, top[i].c.node AS m, sGroups
  RETURN collect({
    rank: i,
    mentorId: m.id, mentorName: m.name, roles: coalesce(m.roles, []),
    openDoor: coalesce(m.openDoor, false), capacity: m.capacity,
    servesLevels: coalesce(m.servesLevels, []),
    load: row.load, covered: row.covered, score: row.score, parts: row.parts,
    path: [n IN row.c.nodes | {id: n.id, name: n.name}],
    degrees: [n IN row.c.nodes | COUNT { (n)-[:"""
    + TIE_TYPES
    + """]-() }],
    ties: [r IN row.c.rels | {id: r.id, kind: type(r), from: startNode(r).id,
           to: endNode(r).id, strength: coalesce(r.strength, 0.5), since: r.since,
           until: r.until, functions: coalesce(r.functions, []),
           formal: coalesce(r.formal, false), lastContact: r.lastContact}],
    groups: COLLECT { MATCH (m)-[:MEMBER_OF]->(g:Group) WHERE g IN sGroups
                      RETURN {name: g.name, kind: g.kind} AS g ORDER BY g.name }
  }) AS matches
}
RETURN sLevel AS level, interests, unknownTopics, fitTopics, nFound AS found, matches
"""
)


def _mentor_query(hops: int, topics_named: bool) -> LiteralString:
    if topics_named:
        eager = (_LEVEL + _FOUND_TOPICS + _STOP_WHEN_ENOUGH) * max(0, hops - 2)
        lazy = _LEVEL_LAZY + _FOUND_TOPICS_LAZY + _STOP_WHEN_ENOUGH if hops >= 2 else ""
        return _HEAD + _CANDS_TOPICS + eager + lazy + _last_topics(hops >= 2) + _TAIL
    levels = (_LEVEL + _FOUND_ANY + _STOP_WHEN_ENOUGH) * (hops - 1)
    return _HEAD + _CANDS_ANY + levels + _LAST_ANY + _TAIL


MENTOR_PATHS: dict[tuple[int, bool], LiteralString] = {
    (h, named): _mentor_query(h, named)
    for h in range(MIN_HOPS, MAX_HOPS + 1)
    for named in (False, True)
}
"""(maxHops, topics named?) -> query.

Parameters: personId, need ({topics: normalised names, roles, requireAvailable}), first,
and the
scoring constants of ``resolvers.mentors``: distancePoints (by hops, 1 first), fitPoints,
wWarmth, wTopic, wHeadroom, wGroups, wLevel, neutral, groupsFull, recencyDays,
recencyUnknown, hubDegree, hubExponent. It returns one row when the person exists and
none otherwise. ``found`` counts the suitable people the search reached. It is every
one within maxHops unless the search stopped early, and then it is at least ``first``."""


def _intro_query(hops: LiteralString) -> LiteralString:
    return (
        """
MATCH (a:Person {id: $fromId}), (b:Person {id: $toId})
CALL (a, b) {
  MATCH p = SHORTEST """
        + INTRO_POOL
        + """ (a)(()-[r:"""
        + TIE_TYPES
        + """ WHERE r.until IS NULL OR r.until > date()]-()){1,"""
        + hops
        + """}(b)
  WITH nodes(p) AS ns, relationships(p) AS rs
  // SHORTEST keeps ties distinct, not people; an introduction never passes anyone twice.
  WHERE all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[..i])
  WITH ns, rs,
       reduce(w = 1.0, r IN rs | w * """
        + _warmth_of("r.strength", "r.lastContact")
        + """) AS tieWarmth,
       [n IN ns | COUNT { (n)-[:"""
        + TIE_TYPES
        + """]-() }] AS degrees
  WITH ns, rs, degrees,
       reduce(w = tieWarmth, d IN degrees[1..-1] | w * """
        + _hub("d")
        + """) AS strength
  // Two ties between the same two people (mutual peer support, say) make two chains of
  // the same people: keep the strongest chain per sequence of people.
  WITH [n IN ns | n.id] AS people,
       collect({ns: ns, rs: rs, degrees: degrees, strength: strength,
                key: reduce(k = '', r IN rs | k + r.id + ' ')}) AS chains
  WITH reduce(b = head(chains), c IN tail(chains) | CASE WHEN c.strength > b.strength
         OR (c.strength = b.strength AND c.key < b.key) THEN c ELSE b END) AS c
  ORDER BY c.strength DESC, size(c.rs) ASC, c.key ASC
  LIMIT $first
  WITH c.ns AS ns, c.rs AS rs, c.degrees AS degrees, c.strength AS strength
  RETURN collect({
    strength: strength,
    path: [n IN ns | {id: n.id, name: n.name}],
    degrees: degrees,
    ties: [r IN rs | {id: r.id, kind: type(r), from: startNode(r).id, to: endNode(r).id,
           strength: coalesce(r.strength, 0.5), since: r.since, until: r.until,
           functions: coalesce(r.functions, []), formal: coalesce(r.formal, false),
           lastContact: r.lastContact}]
  }) AS paths
}
RETURN paths
"""
    )


INTRODUCTIONS: dict[int, LiteralString] = {
    1: _intro_query("1"),
    2: _intro_query("2"),
    3: _intro_query("3"),
    4: _intro_query("4"),
}
"""maxHops -> query. Parameters: fromId, toId, first, recencyDays, recencyUnknown,
hubDegree, hubExponent. It returns one row (``paths``, strongest first) when both
people exist, and none otherwise."""

PEOPLE_EXIST: LiteralString = """
UNWIND $ids AS id
OPTIONAL MATCH (p:Person {id: id})
RETURN id, p IS NOT NULL AS found
"""
