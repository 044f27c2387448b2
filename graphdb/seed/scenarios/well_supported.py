"""Well supported: a Biology junior with eight strong, recent supporters of all five role
categories, every function covered at least twice (docs/seed.md)."""

from __future__ import annotations

from graphdb.model import GroupKind, GroupRecord, Level, Role, SupportFunction, TieKind
from graphdb.seed.builder import YEAR
from graphdb.seed.scenario import (
    EACH,
    THIS_TERM,
    Among,
    Each,
    Measure,
    Member,
    Person,
    Promise,
    Sample,
    Scenario,
    Tie,
)

UG, GRAD, PRO = Level.UNDERGRADUATE, Level.GRADUATE, Level.PROFESSIONAL
CAREER, PSYCHOSOCIAL = SupportFunction.CAREER, SupportFunction.PSYCHOSOCIAL
PEER, MENTORS = TieKind.PEER_SUPPORTS, TieKind.MENTORS

BIO, LAB = "g-dept-biology", "g-neuro-lab"
STUDENT, ADVISOR, PI = "p-well-supported", "p-well-advisor", "p-well-supervisor"
COACH, MENTOR, EXTERNAL = "p-well-coach", "p-well-mentor", "p-well-external"
TUTOR, PEER1, PEER2 = "p-well-tutor", "p-well-peer-1", "p-well-peer-2"

WELL_SUPPORTED = Scenario(
    "well supported",
    groups=(GroupRecord(LAB, "Neuroscience Lab", GroupKind.LAB),),
    people=(
        Person(
            STUDENT,
            "Zainab Ahmed",
            (Role.STUDENT,),
            email="zainab.ahmed@example.edu",
            dept="biology",
            year=3,
            level=UG,
            interests=("pre-med", "neuroscience", "research experience"),
        ),
        Person(
            ADVISOR,
            "David Cohen",
            (Role.FACULTY,),
            email="david.cohen@example.edu",
            dept="biology",
            level=PRO,
            expertise=("pre-med", "genetics"),
            open_door=True,
            capacity=5,
        ),
        Person(
            PI,
            "Mei Zhang",
            (Role.FACULTY,),
            email="mei.zhang@example.edu",
            dept="biology",
            level=PRO,
            expertise=("neuroscience", "research methods"),
            open_door=True,
            capacity=3,
        ),
        Person(
            COACH,
            "Grace Murphy",
            (Role.STAFF,),
            email="grace.murphy@example.edu",
            level=PRO,
            expertise=("career planning", "interviewing"),
            open_door=True,
        ),
        Person(
            MENTOR,
            "Samir Shah",
            (Role.ALUM,),
            email="samir.shah@example.com",
            dept="biology",
            level=PRO,
            expertise=("pre-med", "clinical practice"),
            open_door=True,
            capacity=3,
        ),
        Person(
            EXTERNAL,
            "Naomi Williams",
            (Role.EXTERNAL,),
            email="naomi.williams@example.org",
            level=PRO,
            expertise=("public health", "clinical practice"),
            open_door=True,
            capacity=2,
        ),
        Person(
            TUTOR,
            "Ravi Rao",
            (Role.STUDENT,),
            email="ravi.rao@example.edu",
            dept="biology",
            level=GRAD,
            expertise=("molecular biology",),
        ),
        Person(
            PEER1,
            "Chloe Dubois",
            (Role.STUDENT,),
            email="chloe.dubois@example.edu",
            dept="biology",
            year=3,
            level=UG,
            interests=("pre-med",),
        ),
        Person(
            PEER2,
            "Yusuf Yilmaz",
            (Role.STUDENT,),
            email="yusuf.yilmaz@example.edu",
            dept="biology",
            year=4,
            level=UG,
            interests=("neuroscience",),
        ),
    ),
    steps=(
        Member(STUDENT, BIO, "major", 2 * YEAR + 90),
        Member(ADVISOR, BIO, "faculty", 10 * YEAR),
        Member(PI, BIO, "faculty", 7 * YEAR),
        Member(TUTOR, BIO, "graduate student", 2 * YEAR),
        Member(PEER1, BIO, "major", 2 * YEAR + 90),
        Member(PEER2, BIO, "major", 3 * YEAR + 90),
        Member(PI, LAB, "principal investigator", 7 * YEAR),
        Member(STUDENT, LAB, "research assistant", YEAR),
        Member(PEER2, LAB, "research assistant", 2 * YEAR),
        Member(COACH, "g-office-career-center", "staff", 6 * YEAR),
        # Every function covered by at least two strong, recent supporters; five roles.
        Tie(ADVISOR, STUDENT, TieKind.ADVISES, 2 * YEAR + 60, None, 0.85, 6),
        Tie(PI, STUDENT, TieKind.SUPERVISES, YEAR, None, 0.8, 2),
        Tie(TUTOR, STUDENT, TieKind.TUTORS, 200, None, 0.7, 4, formal=True),
        Tie(COACH, STUDENT, TieKind.COACHES, 300, None, 0.75, 10, (CAREER, PSYCHOSOCIAL)),
        Tie(MENTOR, STUDENT, MENTORS, YEAR + 100, None, 0.9, 5, formal=True),
        Tie(EXTERNAL, STUDENT, MENTORS, 250, None, 0.7, 14, (CAREER,)),
        Tie(PEER1, STUDENT, PEER, 2 * YEAR, None, 0.85, 1),
        Tie(PEER2, STUDENT, PEER, YEAR, None, 0.8, 3),
        Tie(STUDENT, PEER1, PEER, 2 * YEAR, None, 0.85, 1),
        Tie(ADVISOR, PI, TieKind.KNOWS, 7 * YEAR, None, 0.5, 30),
        Sample("classmates", Among.STUDENTS, "biology", 4),
        Each(
            "classmates",
            (
                Tie(ADVISOR, EACH, TieKind.TEACHES, *THIS_TERM, 0.3, 10),
                Tie(STUDENT, EACH, TieKind.KNOWS, 400, None, 0.3, 20),
            ),
        ),
    ),
    promises=(
        Promise(STUDENT, Measure.SUPPORT_TIES_IN, 8),
        Promise(STUDENT, Measure.SUPPORTERS, 8),
    ),
)
