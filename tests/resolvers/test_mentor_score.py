"""The mentor score on a hand-made graph: every part, score and reason below is derived by
hand from docs/mentor-paths.md (the sums are in the comments), and the answer is held
against the oracle too (tests/oracles/mentor_score.py), so that a slip in either shows.

The student, an undergraduate interested in robotics, is on the Solar Car Team and in
Physics. Lee advises her directly. Kim is two steps away through Hal; Max is two steps
away through Ana or Bob, equally warm, so the lower id (Ana) carries the path, over the
lower of the two equally warm ties between Ana and Max.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import (
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    Role,
    TieKind,
)
from resolvers.mentors import MentorMatch, MentorNeed, Scoring, mentor_paths
from tests.oracles import mentor_score as oracle
from tests.resolvers.mentor_checks import assert_ranking, close_to, oracle_need
from tests.resolvers.mentor_data import person, student, tie
from tests.resolvers.support_data import db_today

NEED = MentorNeed(topics=["Solar Technology", "nope"])  # "nope" is no one's topic


async def hand_made(db: Database) -> dt.date:
    today = await db_today(db)
    two_years = today - dt.timedelta(days=730)
    await write_dataset(
        db,
        Dataset(
            people=[
                student(interests=("robotics",)),
                student("hal"),
                student("ana"),
                student("bob"),
                student("x1"),
                person(
                    "lee",
                    expertise=("solar technology", "physics"),
                    capacity=4,
                    serves_levels=(Level.UNDERGRADUATE,),
                ),
                person("kim", Role.ALUM),
                person(
                    "max",
                    Role.STAFF,
                    expertise=("solar technology", "robotics"),
                    capacity=2,
                    serves_levels=(Level.GRADUATE, Level.UNDERGRADUATE),
                ),
            ],
            groups=[
                GroupRecord("g1", "Solar Car Team", GroupKind.TEAM),
                GroupRecord("g2", "Physics", GroupKind.DEPARTMENT),
            ],
            memberships=[
                MembershipRecord("stu", "g1"),
                MembershipRecord("stu", "g2"),
                MembershipRecord("lee", "g1"),
                MembershipRecord("lee", "g2"),
                MembershipRecord("kim", "g1"),
            ],
            ties=[
                tie("a1", "lee", "stu", TieKind.ADVISES, strength=0.8, contact=today),
                tie("l1", "lee", "x1", TieKind.MENTORS),
                tie("k1", "stu", "hal"),
                tie("t1", "kim", "hal", TieKind.TEACHES, strength=1.0, contact=two_years),
                tie("k-ana", "stu", "ana"),
                tie("k-bob", "stu", "bob"),
                tie("t-am2", "ana", "max", TieKind.PEER_SUPPORTS, strength=0.8),
                tie("t-am1", "ana", "max", strength=0.8),
                tie("t-bm", "bob", "max", strength=0.8),
            ],
        ),
    )
    return two_years


def parts(m: MentorMatch) -> list[tuple[str, float, float, float]]:
    return [(p.name, p.value, p.weight, p.points) for p in m.score_parts]


# Warmth: a1 is 0.8 x 1 (contact today); k1 0.5 x 1/2 (no contact) = 0.25 and t1 1.0 x 1/3
# (two years ago), so Kim's is sqrt(1/12); Ana's ties 0.25 and 0.8 x 1/2, so Max's is
# sqrt(0.1). Fit points = 25 x weight x value.
KIM_WARMTH = math.sqrt(1 / 12)
MAX_WARMTH = math.sqrt(0.1)

WITH_NEED = {
    # 75 + 7.5 x 0.8 + 7.5 x 1/2 + 3.75 x 3/4 + 3.75 x 1 + 2.5 x 1 = 93.8125
    "lee": (93.81, [
        ("distance", 1, 1, 75), ("warmth", 0.8, 0.3, 6), ("topicFit", 0.5, 0.3, 3.75),
        ("headroom", 0.75, 0.15, 2.8125), ("sharedGroups", 1, 0.15, 3.75),
        ("levelFit", 1, 0.1, 2.5),
    ]),
    # 50 + 7.5 x 0.288675 + 3.75 + 3.75 x 1 + 3.75 x 1/2 + 2.5 x 1/2 = 62.790064
    "kim": (62.79, [
        ("distance", 2, 1, 50), ("warmth", KIM_WARMTH, 0.3, 7.5 * KIM_WARMTH),
        ("topicFit", 0.5, 0.3, 3.75), ("headroom", 1, 0.15, 3.75),
        ("sharedGroups", 0.5, 0.15, 1.875), ("levelFit", 0.5, 0.1, 1.25),
    ]),
    # 50 + 7.5 x 0.316228 + 3.75 + 3.75 x 2/2 + 0 + 2.5 x 1 = 62.371708
    "max": (62.37, [
        ("distance", 2, 1, 50), ("warmth", MAX_WARMTH, 0.3, 7.5 * MAX_WARMTH),
        ("topicFit", 0.5, 0.3, 3.75), ("headroom", 1, 0.15, 3.75),
        ("sharedGroups", 0, 0.15, 0), ("levelFit", 1, 0.1, 2.5),
    ]),
}  # fmt: skip

# No need: the topics to fit are her interests (robotics): Lee 0, Kim 0, Max 1.
WITHOUT_NEED = {
    "lee": 90.06,  # 93.8125 - 3.75
    "max": 66.12,  # 62.371708 + 3.75
    "kim": 59.04,  # 62.790064 - 3.75
}


async def test_hand_derived_scores_parts_and_order(db: Database) -> None:
    await hand_made(db)
    result = await mentor_paths(db, "stu", NEED)
    assert [(m.mentor_id, m.score) for m in result.matches] == [
        (mid, score) for mid, (score, _) in WITH_NEED.items()
    ]
    for m in result.matches:
        assert parts(m) == [
            (name, close_to(v), w, close_to(pts)) for name, v, w, pts in WITH_NEED[m.mentor_id][1]
        ]
    no_need = await mentor_paths(db, "stu")
    assert [(m.mentor_id, m.score) for m in no_need.matches] == list(WITHOUT_NEED.items())
    g = await oracle.snapshot(db)
    assert_ranking(result.matches, oracle.mentor_paths(g, "stu", oracle_need(NEED), 3))
    assert_ranking(no_need.matches, oracle.mentor_paths(g, "stu", None, 3))


async def test_equal_warmth_goes_to_the_lower_ids(db: Database) -> None:
    await hand_made(db)
    result = await mentor_paths(db, "stu", NEED)
    paths = {m.mentor_id: (m.path, [t.id for t in m.ties]) for m in result.matches}
    assert paths == {
        "lee": (["stu", "lee"], ["a1"]),
        "kim": (["stu", "hal", "kim"], ["k1", "t1"]),
        "max": (["stu", "ana", "max"], ["k-ana", "t-am1"]),
    }


async def test_reasons_and_details_read_as_documented(db: Database) -> None:
    two_years = await hand_made(db)
    result = await mentor_paths(db, "stu", NEED)
    assert {m.mentor_id: m.reasons for m in result.matches} == {
        "lee": [
            "advises you",
            "expert in solar technology",
            "both in Physics and on the Solar Car Team",
            "3 of 4 mentoring places free",
            "mentors undergraduates",
        ],
        "kim": [
            "you know Student hal, who is taught by Name kim",
            "expert in solar technology",
            "both on the Solar Car Team",
            "open to new mentees, no cap",
            f"no contact between Student hal and Name kim since {two_years.isoformat()}",
        ],
        "max": [
            "you know Student ana, who knows Name max",
            "expert in solar technology",
            "2 of 2 mentoring places free",
            "mentors undergraduates",
        ],
    }
    lee = result.matches[0]
    assert [p.detail for p in lee.score_parts] == [
        "direct tie: 75 points",
        "average tie strength x recency along the path: 0.80",
        "covers 1 of 2 topics asked",
        "3 of 4 mentoring places free",
        "2 groups in common",
        "lists undergraduates among the levels they mentor",
    ]
    no_need = {m.mentor_id: m for m in (await mentor_paths(db, "stu")).matches}
    assert no_need["max"].reasons[1] == "expert in robotics, which you are interested in"
    assert no_need["kim"].score_parts[2].detail == "covers 0 of 1 your interests"


async def test_a_scoring_of_its_own_is_honoured(db: Database) -> None:
    """The settings layer may replace the constants. With hubs from one tie, Hal (two ties)
    discounts Kim's path by (1/2)^(1/4); Ana has three ties and Bob two, so Bob now carries
    Max's path."""
    await hand_made(db)
    scoring = Scoring(hub_degree=1, distance_points=(60.0, 40.0, 20.0, 0.0))
    result = await mentor_paths(db, "stu", NEED, scoring=scoring)
    by_id = {m.mentor_id: m for m in result.matches}
    assert by_id["kim"].score_parts[1].value == pytest.approx(math.sqrt(1 / 12 * 0.5**0.25))
    assert by_id["max"].score_parts[1].value == pytest.approx(math.sqrt(0.1 * 0.5**0.25))
    assert by_id["max"].path == ["stu", "bob", "max"]
    assert by_id["lee"].score_parts[0].points == 60
    assert by_id["kim"].reasons[-1] == (
        "goes through Student hal, who has 2 ties: introductions through very connected "
        "people often stall"
    )
