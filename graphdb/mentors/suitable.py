"""SPEC §4's suitable mentor m for student s and a need, as the mentor-path queries test it.

The same rule in Python is ``resolvers.mentors.suitability``. The two are kept equal by
tests/resolvers/test_mentor_suitability.py, which runs the queries over every combination
of the facts the rule reads and compares their answers with the Python rule's.

m ≠ s is not a test here: the search starts with s already visited, and the topic
candidates leave s out.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import TIE_TYPE, active, load
from graphdb.model import TieKind

# The people mentoring s now: they are not suitable (SPEC §4), so they are read once per
# query rather than tested with a pattern for everyone reached.
CURRENT_MENTORS: LiteralString = (
    """
CALL (s) {
  OPTIONAL MATCH (m:Person)-[l:"""
    + TIE_TYPE[TieKind.MENTORS]
    + "]->(s) WHERE "
    + active("l")
    + """
  RETURN collect(DISTINCT m) AS sMentors
}
"""
)


def suitable(m: LiteralString) -> LiteralString:
    """Suitability of person ``m`` apart from topics and m ≠ s: available when
    ``$need.requireAvailable``, a role among ``$need.roles`` (any when empty), serves the
    student's level ``sLevel`` when both are set, and not in ``sMentors``.

    It is a CASE because that fixes the order of the tests: property tests first, the
    load count last. The planner would otherwise run the count for everyone reached."""
    return (
        "(CASE WHEN $need.requireAvailable AND NOT coalesce(" + m + ".openDoor = true, false)"
        " THEN false"
        " WHEN size($need.roles) > 0 AND NOT any(role IN coalesce(" + m + ".roles, [])"
        " WHERE role IN $need.roles) THEN false"
        " WHEN sLevel IS NOT NULL AND size(coalesce(" + m + ".servesLevels, [])) > 0"
        " AND NOT sLevel IN " + m + ".servesLevels THEN false"
        " WHEN " + m + " IN sMentors THEN false"
        " WHEN $need.requireAvailable AND " + m + ".capacity IS NOT NULL"
        " THEN " + load(m) + " < " + m + ".capacity"
        " ELSE true END)"
    )


# The topic rule, when the need names topics: the experts in them, found through the
# topic index, are the only people the search may end at. No candidate, no search.
TOPIC_CANDIDATES: LiteralString = (
    """
CALL (s, sLevel, sMentors) {
  MATCH (t:Topic)<-[:EXPERT_IN]-(m:Person)
  WHERE t.name IN $need.topics AND m <> s
  WITH DISTINCT m, sLevel, sMentors
  WHERE """
    + suitable("m")
    + """
  RETURN collect(m) AS cands
}
"""
)
