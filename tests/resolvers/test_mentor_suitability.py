"""SPEC §4's suitable mentor and availability.

The Python rule (resolvers.mentors.suitability) and the Cypher the mentor-path queries test
(graphdb.mentors.suitable) must be the same rule: the queries run over one graph holding
every combination of the facts the rule reads, for every combination of need, and their
answer is compared with the Python rule's. Then one small graph per rule shows each
exclusion through ``mentor_paths``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, replace

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.mentors.paths import MENTOR_PATHS
from graphdb.model import Dataset, GroupKind, GroupRecord, Level, MembershipRecord, Role, TieKind
from resolvers.mentors import MAX_FIRST, MentorNeed, mentor_paths
from resolvers.mentors.need import Need
from resolvers.mentors.scoring import DEFAULT_SCORING
from resolvers.mentors.suitability import Candidate, available, suitable
from tests.resolvers.mentor_data import UNKNOWN_TOPIC, person, student, tie
from tests.resolvers.support_data import db_today

# ------------------------------------------------------------- the rule, both ways

DOORS = (True, False, None)  # None: never set
CAPACITIES = (None, 0, 1)
LOADS = (0, 1, 2)  # active MENTORS ties to others
ROLE_SETS = ((Role.FACULTY,), (Role.STAFF, Role.ALUM))
SERVES = ((), (Level.UNDERGRADUATE,), (Level.GRADUATE,))
EXPERTISE = ((), ("solar technology",), ("physics", "ethics"))
MENTORING = ("no", "active", "ends tomorrow", "ended today")  # MENTORS ties to the students
STUDENTS = {"s-ug": Level.UNDERGRADUATE, "s-none": None}
MENTEES = ("x0", "x1", "x2")

NEEDS = [
    Need(topics, roles, required)
    for required in (True, False)
    for roles in ((), ("STAFF",), ("FACULTY", "EXTERNAL"))
    for topics in ((), ("solar technology",), ("physics", UNKNOWN_TOPIC))
]


@dataclass(frozen=True)
class Case:
    door: bool | None
    capacity: int | None
    load: int
    roles: tuple[Role, ...]
    serves: tuple[Level, ...]
    expertise: tuple[str, ...]
    mentoring: str

    def mentors_students(self) -> bool:
        return self.mentoring in ("active", "ends tomorrow")


CASES = {
    f"m{i}": Case(*c)
    for i, c in enumerate(
        itertools.product(DOORS, CAPACITIES, LOADS, ROLE_SETS, SERVES, EXPERTISE, MENTORING)
    )
}


def table(today: dt.date) -> Dataset:
    """Both students know every case. A case's load ties go to x0 and x1 (one open-ended,
    one ending tomorrow); with no load, a tie to x2 that ended today, which must not count."""
    ends = {"active": None, "ends tomorrow": today + dt.timedelta(days=1), "ended today": today}
    ds = Dataset()
    for sid, level in STUDENTS.items():
        ds.people.append(
            student(sid, level=level, open_door=True, expertise=("solar technology", "physics"))
        )
    ds.people += [student(x, level=None) for x in MENTEES]
    for mid, c in CASES.items():
        ds.people.append(
            person(
                mid,
                *c.roles,
                open_door=bool(c.door),
                capacity=c.capacity,
                serves_levels=c.serves,
                expertise=c.expertise,
            )
        )
        ds.ties += [tie(f"k-{sid}-{mid}", sid, mid) for sid in STUDENTS]
        ds.ties += [
            tie(
                f"l-{mid}-{j}",
                mid,
                f"x{j}",
                TieKind.MENTORS,
                until=(None, ends["ends tomorrow"])[j],
            )
            for j in range(c.load)
        ]
        if c.load == 0:
            ds.ties.append(tie(f"e-{mid}", mid, "x2", TieKind.MENTORS, until=today))
        if c.mentoring != "no":
            ds.ties += [
                tie(f"s-{mid}-{sid}", mid, sid, TieKind.MENTORS, until=ends[c.mentoring])
                for sid in STUDENTS
            ]
    return ds


def facts(student_id: str) -> dict[str, Candidate]:
    """Everyone as the Python rule sees them from this student, by construction."""
    out = {
        mid: Candidate(
            mid,
            frozenset(r.value for r in c.roles),
            frozenset(c.expertise),
            bool(c.door),
            c.capacity,
            c.load + (len(STUDENTS) if c.mentors_students() else 0),
            frozenset(lv.value for lv in c.serves),
            c.mentors_students(),
        )
        for mid, c in CASES.items()
    }
    for sid in STUDENTS:
        out[sid] = Candidate(
            sid, frozenset({"STUDENT"}), frozenset({"solar technology", "physics"}), True, None,
            0, frozenset(), False,
        )  # fmt: skip
    for x in MENTEES:
        out[x] = Candidate(
            x, frozenset({"STUDENT"}), frozenset(), False, None, 0, frozenset(), False
        )
    return out


def hops_from(student_id: str) -> dict[str, int]:
    """Every case at 1; the other student, x0 and x1 at 2 (x2 only has ended ties)."""
    other = next(s for s in STUDENTS if s != student_id)
    return {student_id: 0} | dict.fromkeys(CASES, 1) | {other: 2, "x0": 2, "x1": 2}


async def cypher_suitable(db: Database, student_id: str, need: Need, max_hops: int) -> set[str]:
    """Whom the mentor-path query finds, with ``first`` past everyone."""
    params = {
        "personId": student_id,
        "need": need.params(),
        "first": 100_000,
        **DEFAULT_SCORING.params(),
    }
    (row,) = await db.read(MENTOR_PATHS[(max_hops, bool(need.topics))], params)
    found = {m["mentorId"] for m in row["matches"]}
    assert row["found"] == len(found)
    return found


async def test_the_query_and_the_python_rule_agree_on_every_case(db: Database) -> None:
    await write_dataset(db, table(await db_today(db)))
    await db.write(
        "MATCH (p:Person) WHERE p.id IN $ids REMOVE p.openDoor",
        {"ids": [mid for mid, c in CASES.items() if c.door is None]},
    )
    assert len(CASES) == 1944 and len(NEEDS) == 18
    for (sid, level), need, max_hops in itertools.product(STUDENTS.items(), NEEDS, (1, 2)):
        people, hops = facts(sid), hops_from(sid)
        lv = level.value if level else None
        want = {
            pid for pid, h in hops.items() if h <= max_hops and suitable(sid, lv, people[pid], need)
        }
        assert 0 < len(want) < len(hops) - 1, (sid, need)
        assert await cypher_suitable(db, sid, need, max_hops) == want, (sid, need, max_hops)


def test_each_rule_alone_excludes() -> None:
    """No rule is vacuous: a candidate who passes every rule fails each one changed alone."""
    need = Need(("solar technology",), ("FACULTY",), True)
    base = Candidate("m", frozenset({"FACULTY"}), frozenset({"solar technology"}), True, 2, 1,
                     frozenset({"UNDERGRADUATE"}), False)  # fmt: skip
    assert suitable("s", "UNDERGRADUATE", base, need)
    one_off = {
        "m ≠ s": ("m", base),
        "door": ("s", replace(base, open_door=False)),
        "capacity": ("s", replace(base, load=2)),
        "topics": ("s", replace(base, expertise=frozenset({"physics"}))),
        "roles": ("s", replace(base, roles=frozenset({"STAFF"}))),
        "level": ("s", replace(base, serves_levels=frozenset({"GRADUATE"}))),
        "mentoring": ("s", replace(base, mentors_student=True)),
    }
    assert {
        rule: suitable(sid, "UNDERGRADUATE", m, need) for rule, (sid, m) in one_off.items()
    } == {rule: False for rule in one_off}


@pytest.mark.parametrize(
    ("open_door", "capacity", "load", "expected"),
    [
        (True, None, 0, True),
        (True, None, 7, True),
        (True, 0, 0, False),
        (True, 2, 1, True),
        (True, 2, 2, False),
        (True, 2, 3, False),
        (False, None, 0, False),
        (False, 2, 0, False),
    ],
)
def test_available_is_an_open_door_and_a_free_place(
    open_door: bool, capacity: int | None, load: int, expected: bool
) -> None:
    assert available(open_door, capacity, load) is expected


# ------------------------------------------------------- one graph per exclusion


async def ids(db: Database, need: MentorNeed | None = None, max_hops: int = 3) -> dict[str, int]:
    result = await mentor_paths(db, "stu", need, max_hops, MAX_FIRST)
    return {m.mentor_id: m.hops for m in result.matches}


async def test_closed_door_is_excluded_unless_availability_is_waived(db: Database) -> None:
    await write_dataset(
        db,
        Dataset(
            people=[student(), person("open"), person("closed", open_door=False)],
            ties=[tie("t1", "stu", "open"), tie("t2", "closed", "stu", TieKind.TEACHES)],
        ),
    )
    assert await ids(db) == {"open": 1}
    assert await ids(db, MentorNeed(require_available=None)) == {"open": 1}
    assert await ids(db, MentorNeed(require_available=False)) == {"open": 1, "closed": 1}
    closed = (await mentor_paths(db, "stu", MentorNeed(require_available=False))).matches
    reasons = {m.mentor_id: m.reasons for m in closed}
    assert reasons["closed"] == ["teaches you", "not taking new mentees"]


async def test_at_capacity_is_excluded_and_only_active_mentoring_counts(db: Database) -> None:
    today = await db_today(db)
    await write_dataset(
        db,
        Dataset(
            people=[
                student(),
                student("x"),
                student("y"),
                person("full", capacity=1),
                person("freed", capacity=1),
            ],
            ties=[
                tie("t1", "stu", "full"),
                tie("t2", "stu", "freed"),
                tie("m1", "full", "x", TieKind.MENTORS),
                tie("m2", "freed", "y", TieKind.MENTORS, until=today - dt.timedelta(days=1)),
            ],
        ),
    )
    assert await ids(db) == {"freed": 1}
    result = await mentor_paths(db, "stu", None, 3, 10)
    assert result.matches[0].reasons == ["knows you", "1 of 1 mentoring place free"]


async def test_someone_already_mentoring_the_student_is_excluded(db: Database) -> None:
    today = await db_today(db)
    await write_dataset(
        db,
        Dataset(
            people=[student(), person("current"), person("former")],
            ties=[
                tie("k", "stu", "former"),
                tie("m1", "current", "stu", TieKind.MENTORS),
                tie("m2", "former", "stu", TieKind.MENTORS, until=today),  # ends today: ended
            ],
        ),
    )
    assert await ids(db) == {"former": 1}


async def test_level_must_be_served_when_both_are_set(db: Database) -> None:
    await write_dataset(
        db,
        Dataset(
            people=[
                student(),
                student("nolevel", level=None),
                person("grads", serves_levels=(Level.GRADUATE,)),
                person("any"),
                person("ugrads", serves_levels=(Level.UNDERGRADUATE, Level.GRADUATE)),
            ],
            ties=[
                tie(f"t{i}", x, m)
                for i, (x, m) in enumerate(
                    (x, m) for x in ("stu", "nolevel") for m in ("grads", "any", "ugrads")
                )
            ],
        ),
    )
    assert await ids(db) == {"any": 1, "ugrads": 1}
    result = await mentor_paths(db, "nolevel", None, 3, 10)
    assert {m.mentor_id: m.hops for m in result.matches} == {"grads": 1, "any": 1, "ugrads": 1}
    ugrads = next(m for m in (await mentor_paths(db, "stu")).matches if m.mentor_id == "ugrads")
    assert ugrads.reasons == ["knows you", "open to new mentees, no cap", "mentors undergraduates"]


async def test_expertise_must_share_a_need_topic_after_normalisation(db: Database) -> None:
    await write_dataset(
        db,
        Dataset(
            people=[student(), person("solar"), person("physics", expertise=("physics",))],
            ties=[tie("t1", "stu", "solar"), tie("t2", "stu", "physics")],
        ),
    )
    assert await ids(db, MentorNeed(topics=["  Solar   TECHNOLOGY "])) == {"solar": 1}
    assert await ids(db, MentorNeed(topics=[])) == {"solar": 1, "physics": 1}
    assert await ids(db, MentorNeed(topics=["  ", ""])) == {"solar": 1, "physics": 1}
    both = await ids(db, MentorNeed(topics=["physics", "solar technology"]))
    assert both == {"solar": 1, "physics": 1}


async def test_the_student_themself_is_never_a_match(db: Database) -> None:
    await write_dataset(
        db,
        Dataset(
            people=[student(open_door=True, expertise=("solar technology",)), person("f")],
            ties=[tie("t1", "stu", "f"), tie("t2", "f", "stu", TieKind.ADVISES)],
        ),
    )
    assert await ids(db, MentorNeed(require_available=False)) == {"f": 1}
    assert await ids(db, MentorNeed(topics=["solar technology"], require_available=False)) == {
        "f": 1
    }


async def test_need_roles_filter(db: Database) -> None:
    await write_dataset(
        db,
        Dataset(
            people=[
                student(),
                person("fac"),
                person("staff", Role.STAFF),
                person("alum", Role.ALUM, Role.STAFF),
            ],
            ties=[tie("t1", "stu", "fac"), tie("t2", "stu", "staff"), tie("t3", "alum", "stu")],
        ),
    )
    assert await ids(db, MentorNeed(roles=[Role.STAFF])) == {"staff": 1, "alum": 1}
    assert await ids(db, MentorNeed(roles=[Role.FACULTY, Role.ALUM])) == {"fac": 1, "alum": 1}
    assert await ids(db, MentorNeed(roles=[Role.EXTERNAL])) == {}


async def test_memberships_and_topics_are_not_ties(db: Database) -> None:
    await write_dataset(
        db,
        Dataset(
            people=[student(interests=("solar technology",)), person("m")],
            groups=[GroupRecord("g", "Solar Car Team", GroupKind.TEAM)],
            memberships=[MembershipRecord("stu", "g"), MembershipRecord("m", "g")],
        ),
    )
    assert await ids(db, max_hops=4) == {}
