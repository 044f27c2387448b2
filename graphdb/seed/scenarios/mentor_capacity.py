"""Mentor capacity: three alums with the same expertise, one at capacity, one with room,
one with a closed door (docs/seed.md)."""

from __future__ import annotations

from graphdb.model import GroupKind, GroupRecord, Level, Role, TieKind
from graphdb.seed.builder import YEAR
from graphdb.seed.scenario import Among, Measure, Member, Person, Promise, Sample, Scenario, Tie

NETWORK = "g-alumni-mentors"
FULL, OPEN, CLOSED = "p-mentor-full", "p-mentor-open", "p-mentor-closed"
TOPICS = ("software engineering", "career planning", "interviewing")
PRO = Level.PROFESSIONAL
MENTORS = TieKind.MENTORS

MENTOR_CAPACITY = Scenario(
    "mentor capacity",
    groups=(GroupRecord(NETWORK, "Alumni Mentoring Network", GroupKind.COMMUNITY),),
    people=(
        Person(
            FULL,
            "Wei Chen",
            (Role.ALUM,),
            email="wei.chen@example.com",
            dept="comp-sci",
            level=PRO,
            expertise=TOPICS,
            open_door=True,
            capacity=3,
        ),
        Person(
            OPEN,
            "Laila Karimi",
            (Role.ALUM,),
            email="laila.karimi@example.com",
            dept="comp-sci",
            level=PRO,
            expertise=TOPICS,
            open_door=True,
            capacity=3,
            serves=(Level.UNDERGRADUATE, Level.GRADUATE),
        ),
        Person(
            CLOSED,
            "Tomas Novak",
            (Role.ALUM,),
            email="tomas.novak@example.com",
            dept="comp-sci",
            level=PRO,
            expertise=TOPICS,
            open_door=False,
            capacity=2,
        ),
    ),
    steps=(
        Member(FULL, NETWORK, "mentor", 3 * YEAR),
        Member(OPEN, NETWORK, "mentor", 3 * YEAR),
        Member(CLOSED, NETWORK, "mentor", 3 * YEAR),
        # mentors of the earlier scenarios are in the network too
        Member("p-solar-alum", NETWORK, "mentor", 2 * YEAR),
        Member("p-well-mentor", NETWORK, "mentor", 2 * YEAR),
        Sample("mentees", Among.STUDENTS, "comp-sci", 7),
        # full: three active mentees (= capacity) and one whose mentorship ended
        Tie(FULL, "mentees[0]", MENTORS, 300, None, 0.7, 7, formal=True),
        Tie(FULL, "mentees[1]", MENTORS, 340, None, 0.7, 8, formal=True),
        Tie(FULL, "mentees[2]", MENTORS, 380, None, 0.7, 9, formal=True),
        Tie(FULL, "mentees[3]", MENTORS, 2 * YEAR, YEAR, 0.6, YEAR + 10),
        Tie(OPEN, "mentees[4]", MENTORS, 200, None, 0.65, 12),
        Tie(CLOSED, "mentees[5]", MENTORS, 400, None, 0.6, 25),
        Tie(FULL, OPEN, TieKind.KNOWS, 4 * YEAR, None, 0.5, 60),
        Tie(CLOSED, FULL, TieKind.KNOWS, 5 * YEAR, None, 0.4, 90),
    ),
    promises=(
        Promise(FULL, Measure.MENTEES, 3),
        Promise(FULL, Measure.ENDED_MENTEES, 1),
        Promise(OPEN, Measure.MENTEES, 1),
        Promise(CLOSED, Measure.MENTEES, 1),
    ),
)
