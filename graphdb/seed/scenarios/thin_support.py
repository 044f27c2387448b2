"""Thin support: a first-year with no active supporter at all, and one with exactly one."""

from __future__ import annotations

from graphdb.model import Level, Role, TieKind
from graphdb.seed.builder import TERM_START
from graphdb.seed.scenario import (
    EACH,
    THIS_TERM,
    Among,
    Between,
    Each,
    Measure,
    Member,
    Person,
    Promise,
    Sample,
    Scenario,
    Tie,
)

NONE, ONE = "p-thin-none", "p-thin-one"
KNOWS = TieKind.KNOWS

THIN_SUPPORT = Scenario(
    "thin support",
    groups=(),
    people=(
        Person(
            NONE,
            "Noah Kowalski",
            (Role.STUDENT,),
            email="noah.kowalski@example.edu",
            dept="biology",
            year=1,
            level=Level.UNDERGRADUATE,
            interests=("study skills", "pre-med", "wellbeing"),
        ),
        Person(
            ONE,
            "Amara Obi",
            (Role.STUDENT,),
            email="amara.obi@example.edu",
            dept="education",
            year=1,
            level=Level.UNDERGRADUATE,
            interests=("teaching", "financial literacy"),
        ),
    ),
    steps=(
        Member(NONE, "g-dept-biology", "major", TERM_START + 30),
        Member(ONE, "g-dept-education", "major", TERM_START + 30),
        # p-thin-none: an advisor who went on leave (ended) and two acquaintances.
        Sample("on leave", Among.FACULTY, "biology", 1),
        Tie("on leave[0]", NONE, TieKind.ADVISES, TERM_START + 30, 20, 0.3, 45),
        Sample("classmates", Among.STUDENTS, "biology", 2),
        Each(
            "classmates",
            (
                Tie(EACH, NONE, KNOWS, Between(20, TERM_START), None, 0.2, 30),
                Tie(NONE, EACH, KNOWS, Between(20, TERM_START), None, 0.2, 30),
            ),
        ),
        # p-thin-one: one professor this term, a friend who transferred out (ended).
        Sample("professor", Among.FACULTY, "education", 1),
        Tie("professor[0]", ONE, TieKind.TEACHES, *THIS_TERM, 0.3, 40),
        Sample("friends", Among.STUDENTS, "education", 2),
        Tie("friends[0]", ONE, TieKind.PEER_SUPPORTS, TERM_START + 20, 15, 0.5, 20),
        Tie("friends[-1]", ONE, KNOWS, TERM_START, None, 0.2, 12),
    ),
    promises=(
        Promise(NONE, Measure.SUPPORT_TIES_IN, 0),
        Promise(ONE, Measure.SUPPORT_TIES_IN, 1),
        Promise(ONE, Measure.SUPPORTERS, 1),
    ),
)
