"""The strongest short chains of active ties between two given people (``introductions``).

Both ends are bound, so Neo4j's bidirectional ``SHORTEST`` is fast here, unlike the
single-source search of the mentor paths.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import TIE_MAP, TIE_TYPES, active
from graphdb.mentors.warmth import degree, hub, warmth_of

# How many shortest paths Neo4j is asked for before they are ranked by strength.
# ``SHORTEST k`` takes no parameter in 5.26, hence a literal.
INTRO_POOL: LiteralString = "60"


def _intro_query(hops: LiteralString) -> LiteralString:
    return (
        """
MATCH (a:Person {id: $fromId}), (b:Person {id: $toId})
CALL (a, b) {
  MATCH p = SHORTEST """
        + INTRO_POOL
        + """ (a)(()-[r:"""
        + TIE_TYPES
        + " WHERE "
        + active("r")
        + """]-()){1,"""
        + hops
        + """}(b)
  WITH nodes(p) AS ns, relationships(p) AS rs
  // SHORTEST keeps ties distinct, not people; an introduction never passes anyone twice.
  WHERE all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[..i])
  WITH ns, rs,
       reduce(w = 1.0, r IN rs | w * """
        + warmth_of("r.strength", "r.lastContact")
        + """) AS tieWarmth,
       [n IN ns | """
        + degree("n")
        + """] AS degrees
  WITH ns, rs, degrees,
       reduce(w = tieWarmth, d IN degrees[1..-1] | w * """
        + hub("d")
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
    ties: [r IN rs | """
        + TIE_MAP
        + """]
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
"""maxHops -> query. Parameters: fromId, toId, first and the warmth constants of
graphdb.mentors.warmth. It returns one row (``paths``, strongest first) when both people
exist, and none otherwise."""
