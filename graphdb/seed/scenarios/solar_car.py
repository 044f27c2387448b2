"""The Solar Car Team: a physics student interested in solar technology who has never
met the team's experts, and reaches them in two hops (docs/seed.md)."""

from __future__ import annotations

from graphdb.model import GroupKind, GroupRecord, Level, Role, SupportFunction, TieKind
from graphdb.programs.records import (
    AudienceRecord,
    ProgramRecord,
    ProgramSide,
    ProgramStatus,
    RequestStatus,
)
from graphdb.seed.builder import YEAR
from graphdb.seed.scenario import (
    EACH,
    THIS_TERM,
    Among,
    Ask,
    Between,
    Each,
    Enrol,
    Measure,
    Member,
    Person,
    Promise,
    Sample,
    Scenario,
    Step,
    Tie,
)

UG, GRAD, PRO = Level.UNDERGRADUATE, Level.GRADUATE, Level.PROFESSIONAL
ON_THE_BUILD = (SupportFunction.CAREER, SupportFunction.ACADEMIC)  # the engineer's supervision
MENTORS, KNOWS, TEACHES = TieKind.MENTORS, TieKind.KNOWS, TieKind.TEACHES
SUPERVISES, PEER = TieKind.SUPERVISES, TieKind.PEER_SUPPORTS

TEAM = "g-solar-car"
ME, PHYS = "g-dept-mech-eng", "g-dept-physics"
ADVISOR, CAPTAIN, ALUM = "p-solar-advisor", "p-solar-captain", "p-solar-alum"
ENGINEER, FRIEND = "p-solar-engineer", "p-solar-friend"
PROF, STUDENT = "p-solar-prof", "p-solar-student"
PROGRAM = "prog-solar-car"
MENTOR, MENTEE = ProgramSide.MENTOR, ProgramSide.MENTEE

# The team's program (the seed document: "the solar car team mentoring students interested
# in solar technology"). Its steps name fixed days, no random ones, so the university's
# draws stay as they were. Sofia is not enrolled: she is whom its audience should reach.
PROGRAM_STEPS: tuple[Step, ...] = (
    Tie(ALUM, "crew[4]", MENTORS, 300, 30, 0.6, 35, formal=True),  # a mentorship completed
    Enrol(ADVISOR, PROGRAM, MENTOR, 120),
    Enrol(CAPTAIN, PROGRAM, MENTOR, 120, capacity=1),
    Enrol(ALUM, PROGRAM, MENTOR, 310, capacity=3),
    *(Enrol(f"crew[{k}]", PROGRAM, MENTEE, 310) for k in (-1, 1, 2, 3, 4)),
    Ask("crew[-1]", ALUM, PROGRAM, RequestStatus.ACCEPTED, 205, 5),
    Ask("crew[4]", ALUM, PROGRAM, RequestStatus.COMPLETED, 305, 5),
    Ask(
        "crew[1]",
        CAPTAIN,
        PROGRAM,
        RequestStatus.DECLINED,
        40,
        2,
        message="Could you show me how the battery pack is balanced?",
        reason="The race takes all my time this term",
    ),
    Ask("crew[2]", ADVISOR, PROGRAM, RequestStatus.CANCELLED, 25, 4),
    Ask("crew[3]", ALUM, PROGRAM, RequestStatus.EXPIRED, 20),
    Ask(
        "crew[3]",
        ADVISOR,
        PROGRAM,
        RequestStatus.PENDING,
        3,
        message="I'd like to learn about the car's power electronics.",
    ),
)

SOLAR_CAR = Scenario(
    "solar car team",
    groups=(GroupRecord(TEAM, "Solar Car Team", GroupKind.TEAM),),
    programs=(
        ProgramRecord(
            PROGRAM,
            "Solar Car Mentoring",
            ProgramStatus.OPEN,
            description="The Solar Car Team mentors students interested in solar technology.",
            host_group_id=TEAM,
            topics=("solar technology",),
            audience=AudienceRecord(roles=(Role.STUDENT,), topics=("solar technology",)),
            default_capacity=2,
        ),
    ),
    people=(
        Person(
            ADVISOR,
            "Imani Okafor",
            (Role.FACULTY,),
            email="imani.okafor@example.edu",
            dept="mech-eng",
            level=PRO,
            expertise=("solar technology", "vehicle dynamics", "power electronics"),
            open_door=True,
            capacity=4,
            serves=(UG, GRAD),
        ),
        Person(
            CAPTAIN,
            "Mateo Alvarez",
            (Role.STUDENT,),
            email="mateo.alvarez@example.edu",
            dept="mech-eng",
            year=4,
            level=UG,
            interests=("graduate school applications", "career planning"),
            expertise=("solar technology", "cad design"),
            open_door=True,
            capacity=2,
            serves=(UG,),
        ),
        Person(
            ALUM,
            "Priya Banerjee",
            (Role.ALUM,),
            email="priya.banerjee@example.com",
            dept="mech-eng",
            level=PRO,
            expertise=("solar technology", "battery systems", "engineering careers"),
            open_door=True,
            capacity=3,
            serves=(UG, GRAD),
        ),
        Person(
            ENGINEER,
            "Jonah Meyer",
            (Role.STAFF,),
            email="jonah.meyer@example.edu",
            dept="mech-eng",
            level=PRO,
            expertise=("solar technology", "manufacturing"),
            open_door=False,
        ),
        Person(
            FRIEND,
            "Lina Haddad",
            (Role.STUDENT,),
            email="lina.haddad@example.edu",
            dept="physics",
            year=2,
            level=UG,
            interests=("solar technology", "optics"),
        ),
        Person(
            PROF,
            "Kenji Nakamura",
            (Role.FACULTY,),
            email="kenji.nakamura@example.edu",
            dept="physics",
            level=PRO,
            expertise=("photovoltaics", "optics"),
            open_door=True,
            capacity=2,
        ),
        Person(
            STUDENT,
            "Sofia Reyes",
            (Role.STUDENT,),
            email="sofia.reyes@example.edu",
            dept="physics",
            year=2,
            level=UG,
            interests=("solar technology", "renewable energy", "internships"),
        ),
    ),
    steps=(
        Member(ADVISOR, TEAM, "faculty advisor", 6 * YEAR),
        Member(ADVISOR, ME, "faculty", 12 * YEAR),
        Member(CAPTAIN, TEAM, "captain", 3 * YEAR + 40),
        Member(CAPTAIN, ME, "major", 3 * YEAR + 90),
        Member(ALUM, TEAM, "alum mentor", 2 * YEAR),
        Member(ENGINEER, TEAM, "technical staff", 5 * YEAR),
        Member(FRIEND, TEAM, "member", YEAR + 30),
        Member(FRIEND, PHYS, "major", YEAR + 90),
        Member(PROF, PHYS, "faculty", 9 * YEAR),
        Member(STUDENT, PHYS, "major", YEAR + 90),
        # A few background mechanical engineers round out the team. They are students,
        # and none of them gets a tie to the solar student.
        Sample("crew", Among.STUDENTS, "mech-eng", 8),
        Each("crew", (Member(EACH, TEAM, "member", Between(30, 2 * YEAR)),)),
        # Inside the team: the advisor mentors the captain and one crew member, the
        # captain mentors the friend, the alum one crew member (everyone under capacity);
        # the engineer supervises the build; teammates support each other.
        Tie(ADVISOR, CAPTAIN, MENTORS, 2 * YEAR, None, 0.8, 9),
        Tie(CAPTAIN, FRIEND, MENTORS, YEAR, None, 0.7, 3),
        Tie(ENGINEER, FRIEND, SUPERVISES, YEAR, None, 0.55, 6, ON_THE_BUILD),
        Tie(FRIEND, CAPTAIN, PEER, YEAR, None, 0.7, 2),
        Tie(ENGINEER, ADVISOR, KNOWS, 5 * YEAR, None, 0.6, 5),
        Tie(ALUM, ADVISOR, KNOWS, 6 * YEAR, None, 0.7, 30),
        Tie(ADVISOR, "crew[0]", MENTORS, YEAR, None, 0.65, 12),
        Tie(ALUM, "crew[-1]", MENTORS, 200, None, 0.6, 20, formal=True),
        Each(
            "crew",
            (
                Tie(ENGINEER, EACH, SUPERVISES, Between(30, YEAR), None, 0.5, 7, ON_THE_BUILD),
                Tie(CAPTAIN, EACH, PEER, Between(30, YEAR), None, 0.6, 4),
                Tie(EACH, FRIEND, KNOWS, Between(30, YEAR), None, 0.4, 10),
            ),
        ),
        Sample("taught", Among.STUDENTS, "mech-eng", 6, avoid=("crew",)),
        Each("taught", (Tie(ADVISOR, EACH, TEACHES, *THIS_TERM, 0.35, 8),)),
        # The solar student: a physics major who has never met the team's experts. She
        # reaches them in two hops: through her friend on the team (captain, engineer)
        # or through her professor, who knows the team's faculty advisor.
        Tie(PROF, STUDENT, TieKind.ADVISES, YEAR + 60, None, 0.55, 20),
        Tie(PROF, STUDENT, TEACHES, *THIS_TERM, 0.4, 5),
        Tie(PROF, ADVISOR, KNOWS, 8 * YEAR, None, 0.6, 40),
        Tie(FRIEND, STUDENT, PEER, YEAR, None, 0.75, 1),
        Tie(STUDENT, FRIEND, PEER, YEAR, None, 0.7, 1),
        # acquaintances without expertise, off the team
        Sample("acquaintances", Among.PLAIN_STUDENTS, "physics", 2, avoid=("crew",)),
        Each("acquaintances", (Tie(STUDENT, EACH, KNOWS, Between(30, YEAR), None, 0.3, 30),)),
        Sample("physics class", Among.STUDENTS, "physics", 5, avoid=("crew",)),
        Each("physics class", (Tie(PROF, EACH, TEACHES, *THIS_TERM, 0.3, 10),)),
        *PROGRAM_STEPS,
    ),
    promises=(
        Promise(ADVISOR, Measure.MENTEES, 2),
        Promise(CAPTAIN, Measure.MENTEES, 1),
        Promise(ALUM, Measure.MENTEES, 1),
        Promise(STUDENT, Measure.MENTORS, 0),
    ),
)
