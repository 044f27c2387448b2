"""Paths to a suitable mentor, and introduction paths between two people (SPEC §4, §5).

``mentor_paths`` finds every suitable mentor within ``max_hops`` of a student, ranks them,
and explains each one; ``introductions`` lists the strongest short chains of ties between
two given people. The Cypher is in ``graphdb.mentors``; the rooms here:

- ``scoring``: the constants of the score (``Scoring``);
- ``need``: the need, the bounds and the ids, checked;
- ``suitability``: SPEC §4's ``available`` and suitable mentor, in Python;
- ``paths``: ``mentor_paths`` and ``warm_up``;
- ``chains``: ``introductions``, the chains between two people;
- ``results``: rows turned into matches, score parts, ties and introductions;
- ``words``: the reasons, details and hints an advisor reads.

docs/mentor-paths.md has the formula, its reasons and worked examples.
"""

from resolvers.mentors.chains import introductions
from resolvers.mentors.need import MAX_FIRST, MentorNeed
from resolvers.mentors.paths import mentor_paths, warm_up
from resolvers.mentors.results import (
    IntroductionPath,
    MentorMatch,
    MentorPathsResult,
    PathTie,
    ScorePart,
)
from resolvers.mentors.scoring import DEFAULT_SCORING, Scoring

__all__ = [
    "DEFAULT_SCORING",
    "MAX_FIRST",
    "IntroductionPath",
    "MentorMatch",
    "MentorNeed",
    "MentorPathsResult",
    "PathTie",
    "ScorePart",
    "Scoring",
    "introductions",
    "mentor_paths",
    "warm_up",
]
