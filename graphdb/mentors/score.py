"""The facts and the score of every suitable person the search found, in the same round
trip (docs/mentor-paths.md, "Score"), and the details of the first ``$first`` only.

It reads ``found`` (path entries, see graphdb.mentors.levels), ``sLevel``, ``sGroups``,
``interests``, ``unknownTopics`` and ``fitTopics``, and the scoring constants as
parameters: distancePoints (by hops, 1 first), fitPoints, wWarmth, wTopic, wHeadroom,
wGroups, wLevel, neutral, groupsFull.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import LOAD_TYPE, TIE_MAP, in_load
from graphdb.mentors.warmth import degree

# One pass over each candidate's relationships gives covered topics, shared groups and load:
# a typed expansion of a small node reads its whole relationship chain, so two would read
# it twice. Names, ties, groups and degrees are read only for the $first returned.
SCORE: LiteralString = (
    """
CALL (found, sLevel, sGroups, fitTopics) {
  UNWIND found AS c
  WITH c, c.node AS m, size(c.rels) AS hops, sLevel, sGroups, fitTopics
  CALL (m, sGroups, fitTopics) {
    OPTIONAL MATCH (m)-[k:EXPERT_IN|MEMBER_OF|"""
    + LOAD_TYPE
    + """]->(o)
    WITH k, o, type(k) AS kind
    RETURN
      collect(CASE WHEN kind = 'EXPERT_IN' AND o.name IN fitTopics THEN o.name END) AS covered,
      count(CASE WHEN kind = 'MEMBER_OF' AND o IN sGroups THEN 1 END) AS nShared,
      count(CASE WHEN """
    + in_load("k", "kind")
    + """ THEN 1 END) AS load
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
    degrees: [n IN row.c.nodes | """
    + degree("n")
    + """],
    ties: [r IN row.c.rels | """
    + TIE_MAP
    + """],
    groups: COLLECT { MATCH (m)-[:MEMBER_OF]->(g:Group) WHERE g IN sGroups
                      RETURN {name: g.name, kind: g.kind} AS g ORDER BY g.name }
  }) AS matches
}
RETURN sLevel AS level, interests, unknownTopics, fitTopics, nFound AS found, matches
"""
)
