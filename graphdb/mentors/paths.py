"""The mentor-path queries: every suitable mentor (SPEC §4) within maxHops of a student, with
the warmest of their shortest paths, scored, in one round trip.

The search is written level by level (graphdb.mentors.levels), not as one ``SHORTEST``
pattern: Neo4j 5.26's single-source ``ANY SHORTEST (s)-...-{1,3}(m)`` with an unbound
target took a median 62 ms on the 100,000-person demo graph just to count the open-door
people within three hops, before any scoring, and it returns an arbitrary one of equally
short paths.

Three things keep it fast:

* Distance is the first term of the score, so once ``$first`` suitable people are found,
  no one further away can outrank them, and the search stops there. Exact, not a
  heuristic.
* When the need names topics, the suitable people are found first, through the topic
  index (usually a few hundred), and the last level meets them in the middle.
* Suitability is tested once per person reached, cheapest test first, and tie properties
  are read only where they decide something.

Two query variants per hop count, because the quantifier bound must be literal text:
topics named and no topics named.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.mentors.levels import (
    FOUND_ANY,
    LAST_ANY,
    LEVEL,
    LEVEL_LAZY,
    SCOPE,
    STOP_WHEN_ENOUGH,
    found_topics,
    last_topics,
)
from graphdb.mentors.score import SCORE
from graphdb.mentors.suitable import CURRENT_MENTORS, TOPIC_CANDIDATES

MIN_HOPS = 1
MAX_HOPS = 4

# The student, and what the rules and the score need of them: level, current mentors,
# interests (the topics to fit when the need names none), groups, unknown need topics.
_STUDENT: LiteralString = (
    """
MATCH (s:Person {id: $personId})
CALL (s) {
  OPTIONAL MATCH (s)-[:INTERESTED_IN]->(t:Topic)
  RETURN collect(DISTINCT t.name) AS interests
}
CALL (s) {
  OPTIONAL MATCH (s)-[:MEMBER_OF]->(g:Group)
  RETURN collect(DISTINCT g) AS sGroups
}"""
    + CURRENT_MENTORS
    + """WITH s, s.level AS sLevel, sMentors, interests, sGroups,
     [t IN $need.topics WHERE NOT EXISTS { MATCH (:Topic {name: t}) }] AS unknownTopics,
     CASE WHEN size($need.topics) > 0 THEN $need.topics ELSE interests END AS fitTopics
"""
)

_START: LiteralString = "[{node: s, w: 1.0, nodes: [s], rels: []}]"

_START_TOPICS: LiteralString = (
    TOPIC_CANDIDATES
    + "WITH "
    + SCOPE
    + ",\n     CASE WHEN size(cands) = 0 THEN [] ELSE "
    + _START
    + " END AS frontier,\n     [s] AS visited, [] AS found\n"
)

_START_ANY: LiteralString = (
    "\nWITH s, sLevel, sMentors, interests, sGroups, unknownTopics, fitTopics, [] AS cands,\n     "
    + _START
    + " AS frontier, [s] AS visited, [] AS found\n"
)


def _mentor_query(hops: int, topics_named: bool) -> LiteralString:
    if topics_named:
        eager = (LEVEL + found_topics(False) + STOP_WHEN_ENOUGH) * max(0, hops - 2)
        lazy = LEVEL_LAZY + found_topics(True) + STOP_WHEN_ENOUGH if hops >= 2 else ""
        return _STUDENT + _START_TOPICS + eager + lazy + last_topics(hops >= 2) + SCORE
    levels = (LEVEL + FOUND_ANY + STOP_WHEN_ENOUGH) * (hops - 1)
    return _STUDENT + _START_ANY + levels + LAST_ANY + SCORE


MENTOR_PATHS: dict[tuple[int, bool], LiteralString] = {
    (h, named): _mentor_query(h, named)
    for h in range(MIN_HOPS, MAX_HOPS + 1)
    for named in (False, True)
}
"""(maxHops, topics named?) -> query.

Parameters: personId, need ({topics: normalised names, roles, requireAvailable}), first,
the warmth constants of graphdb.mentors.warmth and the score constants of
graphdb.mentors.score. It returns one row when the person exists and none otherwise.
``found`` counts the suitable people the search reached: every one within maxHops unless
the search stopped early, and then at least ``first``."""
