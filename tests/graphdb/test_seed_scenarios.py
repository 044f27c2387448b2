"""The seed's scenario table: every scenario's promises hold in the generated records for
any size and seed, and a table that names something that is not there is refused with
the scenario and the step."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from graphdb.model import Dataset, GroupKind, GroupRecord, Role, TieKind
from graphdb.seed import MIN_PEOPLE, generate
from graphdb.seed.background import populate
from graphdb.seed.builder import Builder
from graphdb.seed.catalog import DEPARTMENTS, FIRST_NAMES, OFFICES
from graphdb.seed.scenario import (
    EACH,
    Among,
    Each,
    Measure,
    Member,
    Person,
    Sample,
    Scenario,
    Step,
    Tie,
    add_scenario,
)
from graphdb.seed.scenarios import SCENARIOS

TODAY = dt.date(2025, 3, 1)


def _active(until: dt.date | None) -> bool:
    # the SPEC's rule, written here: a tie ending today has ended
    return until is None or until > TODAY


def _measure(ds: Dataset, person: str, measure: Measure) -> int:
    support_in = [
        t for t in ds.ties if t.to_id == person and t.kind is not TieKind.KNOWS and _active(t.until)
    ]
    mentors = [t for t in ds.ties if t.kind is TieKind.MENTORS]
    if measure is Measure.SUPPORT_TIES_IN:
        return len(support_in)
    if measure is Measure.SUPPORTERS:
        return len({t.from_id for t in support_in})
    if measure is Measure.MENTORS:
        return sum(t.to_id == person and _active(t.until) for t in mentors)
    if measure is Measure.MENTEES:
        return sum(t.from_id == person and _active(t.until) for t in mentors)
    assert measure is Measure.ENDED_MENTEES
    return sum(t.from_id == person and not _active(t.until) for t in mentors)


@pytest.mark.parametrize(("people", "seed"), [(MIN_PEOPLE, 7), (700, 3), (1500, 11)])
def test_every_promise_holds_in_the_records(people: int, seed: int) -> None:
    ds = generate(people, seed, TODAY)
    promises = [p for s in SCENARIOS for p in s.promises]
    assert len(promises) == 4 + 36 + 1 + 3 + 2 + 4
    found = {(p.person, p.measure): _measure(ds, p.person, p.measure) for p in promises}
    assert found == {(p.person, p.measure): p.value for p in promises}


def test_the_scenarios_add_their_people_and_groups_in_table_order() -> None:
    ds = generate(MIN_PEOPLE, 7, TODAY)
    table_people = [p.id for s in SCENARIOS for p in s.people]
    assert [p.id for p in ds.people[-len(table_people) :]] == table_people
    assert [g.id for g in ds.groups if not g.id[-1].isdigit()][-5:] == [
        "g-solar-car",
        "g-basketball",
        "g-grade-school",
        "g-neuro-lab",
        "g-alumni-mentors",
    ]


def test_the_scenarios_live_in_departments_every_university_has() -> None:
    """A university keeps at least its first six departments (docs/seed.md)."""
    first_six = {d.slug for d in DEPARTMENTS[:6]}
    used = {p.dept for s in SCENARIOS for p in s.people if p.dept is not None}
    used |= {step.dept for s in SCENARIOS for step in s.steps if isinstance(step, Sample)}
    assert used == {"mech-eng", "physics", "kinesiology", "education", "biology", "comp-sci"}
    assert used <= first_six and len(first_six) == 6


def test_the_reference_data_is_loaded() -> None:
    assert len(DEPARTMENTS) == 16 and DEPARTMENTS[0].name == "Mechanical Engineering"
    assert "solar technology" in DEPARTMENTS[0].topics and DEPARTMENTS[0].weight == 1.0
    assert len(OFFICES) == 11 and OFFICES[1].slug == "career-center"
    assert len(FIRST_NAMES) == 102 and FIRST_NAMES[0] == "Ada"


def _run(*steps: Step, people: tuple[Person, ...] = ()) -> None:
    b = Builder(random.Random(1), TODAY, MIN_PEOPLE)
    campus = populate(b, MIN_PEOPLE - len(people))
    group = GroupRecord("g-test", "Test Group", GroupKind.CLUB)
    add_scenario(Scenario("test", (group,), people, steps), b, campus)


def test_a_scenario_naming_nobody_is_refused_with_its_step() -> None:
    with pytest.raises(ValueError, match=r"scenario 'test', step 2: no person 'p-nobody'"):
        _run(Sample("some", Among.STUDENTS, "biology", 2), Member("p-nobody", "g-test", "x", 1))
    with pytest.raises(ValueError, match=r"step 1: 'crew\[0\]' names no person of an earlier"):
        _run(Member("crew[0]", "g-test", "member", 1))
    with pytest.raises(ValueError, match=r"step 1: no sample named 'crew' before this step"):
        _run(Each("crew", (Member(EACH, "g-test", "member", 1),)))
    with pytest.raises(ValueError, match=r"step 1: '\*' names a sample's person only inside"):
        _run(Tie(EACH, EACH, TieKind.KNOWS, 1, None, 0.5, None))
    with pytest.raises(ValueError, match=r"step 2: no sample named 'crew' to avoid"):
        _run(
            Sample("a", Among.FACULTY, "biology", 1),
            Sample("b", Among.FACULTY, "biology", 1, avoid=("crew",)),
        )
    with pytest.raises(ValueError, match=r"step 2: no group 'g-nowhere'"):
        _run(Sample("a", Among.FACULTY, "biology", 1), Member("a[0]", "g-nowhere", "x", 1))


def test_a_scenario_in_a_department_the_university_lacks_is_refused() -> None:
    nurse = Person("p-nurse", "Ada Abebe", (Role.STUDENT,), dept="nursing")
    with pytest.raises(
        ValueError, match=r"'test', person 'p-nurse': department 'nursing' is not among the 6"
    ):
        _run(people=(nurse,))


def test_a_scenario_reusing_an_id_is_refused() -> None:
    again = Person("p-000001", "Ada Abebe", (Role.STUDENT,))
    with pytest.raises(ValueError, match=r"'test', person 'p-000001': the id is taken"):
        _run(people=(again,))
    b = Builder(random.Random(1), TODAY, MIN_PEOPLE)
    campus = populate(b, MIN_PEOPLE)
    club = GroupRecord("g-club-0001", "Chess Club", GroupKind.CLUB)
    with pytest.raises(ValueError, match=r"'test', group 'g-club-0001': the id is taken"):
        add_scenario(Scenario("test", (club,), (), ()), b, campus)


def test_a_sample_position_the_sample_lacks_leaves_the_step_out() -> None:
    b = Builder(random.Random(1), TODAY, MIN_PEOPLE)
    campus = populate(b, MIN_PEOPLE - 1)
    me = Person("p-me", "Ada Abebe", (Role.STUDENT,))
    steps: tuple[Step, ...] = (
        Sample("two", Among.STUDENTS, "biology", 2),
        Tie("two[0]", "p-me", TieKind.ADVISES, 10, None, 0.5, 1),
        Tie("two[-1]", "p-me", TieKind.TEACHES, 10, None, 0.5, 1),
        Tie("two[2]", "p-me", TieKind.MENTORS, 10, None, 0.5, 1),
    )
    add_scenario(Scenario("test", (), (me,), steps), b, campus)
    mine = [t for t in b.dataset().ties if t.to_id == "p-me"]
    assert [t.kind for t in mine] == [TieKind.ADVISES, TieKind.TEACHES]
    assert mine[0].from_id != mine[1].from_id
