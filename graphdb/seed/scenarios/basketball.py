"""Basketball and the grade school: twelve players in a reading-buddies programme for
twenty-four pupils, some of whom still wait for a mentor (docs/seed.md)."""

from __future__ import annotations

from graphdb.model import GroupKind, GroupRecord, Level, Role, TieKind
from graphdb.programs.records import (
    AudienceRecord,
    ProgramRecord,
    ProgramSide,
    ProgramStatus,
    RequestStatus,
)
from graphdb.seed.builder import TERM_END, TERM_START, YEAR, email_address
from graphdb.seed.catalog import FIRST_NAMES, LAST_NAMES
from graphdb.seed.scenario import (
    Ask,
    Between,
    Enrol,
    Measure,
    Member,
    Person,
    Promise,
    Scenario,
    Step,
    Tie,
)

TEAM, SCHOOL = "g-basketball", "g-grade-school"
PROGRAM = "prog-reading-buddies"
COACH, TEACHER = "p-bball-coach", "p-school-teacher"
PLAYERS = range(1, 13)
PUPILS = range(1, 25)
_MAJORS = ("kinesiology", "education", "biology", "comp-sci")


def _player(k: int) -> str:
    return f"p-bball-{k:02d}"


def _pupil(k: int) -> str:
    return f"p-pupil-{k:02d}"


def _year(k: int) -> int:
    return 1 + k % 4


def _player_person(k: int) -> Person:
    # fixed names, whatever the seed: scenario people read the same in every demo
    name = f"{FIRST_NAMES[7 * k % len(FIRST_NAMES)]} {LAST_NAMES[11 * k % len(LAST_NAMES)]}"
    return Person(
        _player(k),
        name,
        (Role.STUDENT,),
        email=email_address(name, f"hoops{k}", "example.edu"),
        dept=_MAJORS[k % len(_MAJORS)],
        year=_year(k),
        level=Level.UNDERGRADUATE,
        interests=("leadership", "career planning"),
        expertise=("basketball", "youth mentoring", ("reading", "math homework")[k % 2]),
        open_door=k != 12,
        capacity=1 if k >= 11 else 2,
        serves=(Level.K12,),
    )


def _pupil_person(k: int) -> Person:
    # first name and initial only (they are children), no email
    initial = LAST_NAMES[3 * k % len(LAST_NAMES)][0]
    return Person(
        _pupil(k),
        f"{FIRST_NAMES[5 * k % len(FIRST_NAMES)]} {initial}.",
        (Role.EXTERNAL,),
        level=Level.K12,
        interests=("basketball", ("reading", "math homework", "science")[k % 3]),
    )


def _steps() -> tuple[Step, ...]:
    steps: list[Step] = [
        Member(COACH, TEAM, "head coach", 8 * YEAR),
        Member(COACH, "g-office-athletics", "staff", 8 * YEAR),
        Member(TEACHER, SCHOOL, "teacher", 10 * YEAR),
        Tie(COACH, TEACHER, TieKind.KNOWS, 3 * YEAR, None, 0.6, 14),
    ]
    for k in PLAYERS:
        since = _year(k) * YEAR
        steps.append(Member(_player(k), TEAM, "captain" if k == 1 else "player", since - 200))
        steps.append(Member(_player(k), f"g-dept-{_MAJORS[k % 4]}", "major", since - 250))
    for k in PUPILS:
        steps.append(Member(_pupil(k), SCHOOL, "pupil", Between(YEAR, 5 * YEAR)))
        # the school year began a month before the university's term
        steps.append(Tie(TEACHER, _pupil(k), TieKind.TEACHES, TERM_START + 30, -TERM_END, 0.6, 1))
    for k in PLAYERS:
        nxt = _player(k % len(PLAYERS) + 1)
        steps.append(Tie(COACH, _player(k), TieKind.COACHES, _year(k) * YEAR - 200, None, 0.7, 2))
        steps.append(Tie(_player(k), nxt, TieKind.PEER_SUPPORTS, 200, None, 0.65, 3))
    # The reading-buddies programme: players 1-12 mentor pupils 1-12, players 1-4 a
    # second pupil too (13-16). Players 1-4 and 11-12 are then full; pupils 17-24 wait.
    for k in PLAYERS:
        steps.append(Tie(_player(k), _pupil(k), TieKind.MENTORS, 150, None, 0.6, 6, formal=True))
    for k in range(1, 5):
        steps.append(
            Tie(_player(k), _pupil(12 + k), TieKind.MENTORS, 90, None, 0.55, 6, formal=True)
        )
    return (*steps, *_program_steps())


def _program_steps() -> tuple[Step, ...]:
    """The programme in the graph: the players and pupils 1-20 enrolled, the reading-buddies
    ties as accepted requests, and a request in each other state. Pupils 21-24 are not
    enrolled yet: the program's audience. Fixed days only: the draws stay as they were."""
    steps: list[Step] = [Enrol(_player(k), PROGRAM, ProgramSide.MENTOR, 160) for k in PLAYERS]
    steps += [Enrol(_pupil(k), PROGRAM, ProgramSide.MENTEE, 160) for k in range(1, 21)]
    steps += [Ask(_pupil(k), _player(k), PROGRAM, RequestStatus.ACCEPTED, 155, 5) for k in PLAYERS]
    steps += [
        Ask(_pupil(12 + k), _player(k), PROGRAM, RequestStatus.ACCEPTED, 95, 5) for k in range(1, 5)
    ]
    return (
        *steps,
        Ask(
            _pupil(17),
            _player(5),
            PROGRAM,
            RequestStatus.PENDING,
            2,
            message="Can you help me with my reading?",
        ),
        Ask(
            _pupil(18),
            _player(1),
            PROGRAM,
            RequestStatus.DECLINED,
            30,
            1,
            reason="Both my places are taken",
        ),
        Ask(_pupil(19), _player(6), PROGRAM, RequestStatus.CANCELLED, 12, 2),
        Ask(_pupil(20), _player(7), PROGRAM, RequestStatus.EXPIRED, 21),
    )


BASKETBALL = Scenario(
    "basketball and the grade school",
    groups=(
        GroupRecord(TEAM, "Basketball Team", GroupKind.TEAM),
        GroupRecord(SCHOOL, "Riverside Elementary School", GroupKind.SCHOOL),
    ),
    programs=(
        ProgramRecord(
            PROGRAM,
            "Reading Buddies",
            ProgramStatus.OPEN,
            description="The Basketball Team's players mentor the grade school's pupils in "
            "reading and math homework.",
            host_group_id=TEAM,
            topics=("reading", "math homework"),
            audience=AudienceRecord(levels=(Level.K12,), group_ids=(SCHOOL,)),
            default_capacity=2,
        ),
    ),
    people=(
        Person(
            COACH,
            "Andre Jackson",
            (Role.STAFF,),
            email="andre.jackson@example.edu",
            level=Level.PROFESSIONAL,
            expertise=("coaching", "basketball", "leadership"),
            open_door=True,
        ),
        Person(
            TEACHER,
            "Rosa Mendoza",
            (Role.EXTERNAL,),
            email="rosa.mendoza@example.org",
            level=Level.PROFESSIONAL,
            expertise=("literacy", "teaching"),
        ),
        *(_player_person(k) for k in PLAYERS),
        *(_pupil_person(k) for k in PUPILS),
    ),
    steps=_steps(),
    promises=(
        *(Promise(_player(k), Measure.MENTEES, 2 if k <= 4 else 1) for k in PLAYERS),
        *(Promise(_pupil(k), Measure.MENTORS, 1 if k <= 16 else 0) for k in PUPILS),
    ),
)
