"""Advising that has grown into mentoring, and routine advising to contrast it with."""

from __future__ import annotations

from graphdb.model import Level, Role, SupportFunction, TieKind
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

CS = "g-dept-comp-sci"
ADVISOR, GROWING, ROUTINE = "p-advisor-growing", "p-advisee-growing", "p-advisee-routine"

GROWING_ADVISING = Scenario(
    "advising grown into mentoring",
    groups=(),
    people=(
        Person(
            ADVISOR,
            "Elena Petrov",
            (Role.FACULTY,),
            email="elena.petrov@example.edu",
            dept="comp-sci",
            level=Level.PROFESSIONAL,
            expertise=("machine learning", "software engineering", "graduate school applications"),
            open_door=True,
            capacity=3,
            serves=(Level.UNDERGRADUATE, Level.GRADUATE),
        ),
        Person(
            GROWING,
            "Kofi Mensah",
            (Role.STUDENT,),
            email="kofi.mensah@example.edu",
            dept="comp-sci",
            year=4,
            level=Level.UNDERGRADUATE,
            interests=("machine learning", "graduate school applications", "research experience"),
        ),
        Person(
            ROUTINE,
            "Hana Sato",
            (Role.STUDENT,),
            email="hana.sato@example.edu",
            dept="comp-sci",
            year=2,
            level=Level.UNDERGRADUATE,
            interests=("web development",),
        ),
    ),
    steps=(
        Member(ADVISOR, CS, "faculty", 11 * YEAR),
        Member(GROWING, CS, "major", 3 * YEAR + 90),
        Member(ROUTINE, CS, "major", YEAR + 90),
        # Three and a quarter years of advising, contact this week, strong, now also about
        # careers: the pattern of advising that has grown into mentoring (no MENTORS tie yet).
        Tie(
            ADVISOR,
            GROWING,
            TieKind.ADVISES,
            3 * YEAR + 90,
            None,
            0.92,
            2,
            (SupportFunction.ACADEMIC, SupportFunction.CAREER),
        ),
        # the contrast: routine advising, a term since the last meeting
        Tie(ADVISOR, ROUTINE, TieKind.ADVISES, YEAR + 60, None, 0.4, 150),
        Sample("teachers", Among.FACULTY, "comp-sci", 2),
        Each("teachers", (Tie(EACH, GROWING, TieKind.TEACHES, *THIS_TERM, 0.3, 9),)),
        Sample("peers", Among.STUDENTS, "comp-sci", 2),
        Each("peers", (Tie(EACH, GROWING, TieKind.PEER_SUPPORTS, 2 * YEAR, None, 0.6, 5),)),
    ),
    promises=(Promise(GROWING, Measure.MENTORS, 0),),
)
