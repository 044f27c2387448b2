"""A named scenario of the seed university, written as data, and the engine that adds it.

A ``Scenario`` lists its groups, its people, the *steps* that tie them together and to
the background, and the *promises* its story makes (docs/seed.md tells each story). The
steps run in order, and the order is part of the output: a ``Sample`` or a ``Between``
draws from the university's one random generator, and the records keep the order in
which they were added.

People are named in steps by *reference*:

- a person's id (``"p-solar-advisor"``), of this scenario or of an earlier one;
- ``"crew[0]"``, ``"crew[-1]"``: a person of an earlier ``Sample`` named ``crew``; a step
  naming a position the sample does not have (a tiny university has too few people) is
  left out, so a scenario degrades instead of failing;
- ``EACH`` (``"*"``): inside ``Each``, the sample's person the steps run for.

Days are counted back from today like everywhere in the seed: ``since=2 * YEAR`` is two
years ago, ``until=-TERM_END`` the end of this term, in the future.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NoReturn

from graphdb.model import (
    GroupRecord,
    Level,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    tie_id_for,
)
from graphdb.programs.records import ProgramRecord, ProgramSide, RequestStatus
from graphdb.seed.background import Campus
from graphdb.seed.builder import TERM_END, TERM_START, Builder

EACH = "*"
THIS_TERM = (TERM_START, -TERM_END)
"""``since, until`` of a course taught this term: ``Tie(prof, s, TEACHES, *THIS_TERM, ...)``."""


@dataclass(frozen=True, slots=True)
class Between:
    """A whole number of days drawn at random in lo..hi, both included, at each use."""

    lo: int
    hi: int


Day = int | Between


@dataclass(frozen=True, slots=True)
class Person:
    """A scenario person; ``dept`` is a department's slug (graphdb/seed/data/departments.json)
    and ``year`` the year of study (1 = first-year, 4 = senior), from which the class year
    follows."""

    id: str
    name: str
    roles: tuple[Role, ...]
    email: str | None = None
    dept: str | None = None
    year: int | None = None
    level: Level | None = None
    interests: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    open_door: bool = False
    capacity: int | None = None
    serves: tuple[Level, ...] = ()


class Among(Enum):
    """Where a ``Sample`` draws background people from, in a department."""

    # the department's background undergraduates, or all of them in a university too small
    # to have eight in the department
    STUDENTS = "students"
    # the same without expertise of their own
    PLAIN_STUDENTS = "plain students"
    # the department's background faculty, or all faculty if it has none
    FACULTY = "faculty"


@dataclass(frozen=True, slots=True)
class Sample:
    """``k`` background people drawn at random (all of them if there are fewer), leaving
    out the people of the earlier samples named in ``avoid``."""

    name: str
    among: Among
    dept: str
    k: int
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Member:
    person: str
    group: str  # a group's id: the scenario's own, or g-dept-<slug>, g-office-<slug>, ...
    role: str
    since: Day


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie, in graphdb.seed.builder.Builder.tie's terms; ``functions=None`` gives the
    kind's default functions."""

    frm: str
    to: str
    kind: TieKind
    since: Day
    until: Day | None
    strength: float
    last: Day | None
    functions: tuple[SupportFunction, ...] | None = None
    formal: bool = False


@dataclass(frozen=True, slots=True)
class Enrol:
    """A person on one side of one of the scenarios' programs, since a day."""

    person: str
    program: str
    side: ProgramSide
    since: Day
    capacity: int | None = None


@dataclass(frozen=True, slots=True)
class Ask:
    """A mentorship request in a program, ``created`` days ago and answered ``decided``
    days after (an ACCEPTED or COMPLETED one names the MENTORS tie of an earlier step)."""

    mentee: str
    mentor: str
    program: str
    status: RequestStatus
    created: int
    decided: int | None = None
    message: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Each:
    """``steps`` once for every person of the sample ``sample``, in the sample's order."""

    sample: str
    steps: tuple[Member | Tie | Enrol | Ask, ...]


Step = Sample | Member | Tie | Enrol | Ask | Each


class Measure(Enum):
    """What a promise counts, for one person. Active: no ``until``, or one after today."""

    SUPPORT_TIES_IN = "active support ties (every kind but KNOWS) towards the person"
    SUPPORTERS = "people with an active support tie towards the person"
    MENTORS = "active MENTORS ties towards the person"
    MENTEES = "active MENTORS ties from the person"
    ENDED_MENTEES = "ended MENTORS ties from the person"


@dataclass(frozen=True, slots=True)
class Promise:
    """What the scenario's story says, checked in the tests for any size and seed."""

    person: str
    measure: Measure
    value: int


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    groups: tuple[GroupRecord, ...]
    people: tuple[Person, ...]
    steps: tuple[Step, ...]
    promises: tuple[Promise, ...] = ()
    programs: tuple[ProgramRecord, ...] = ()


def add_scenario(s: Scenario, b: Builder, campus: Campus) -> None:
    """Add the scenario's groups, people and steps to ``b`` (after the background)."""
    _Run(s, b, campus).run()


class _Run:
    def __init__(self, s: Scenario, b: Builder, campus: Campus) -> None:
        self.s = s
        self.b = b
        self.campus = campus
        self.samples: dict[str, list[int]] = {}
        self.where = ""  # what is being added, for error messages

    def run(self) -> None:
        b = self.b
        for g in self.s.groups:
            self.where = f"group {g.id!r}"
            if g.id in b.group_index:
                self._fail("the id is taken")
            b.add_group(g.id, g.name, g.kind)
        for pr in self.s.programs:
            self.where = f"program {pr.id!r}"
            if not b.programs.add_program(pr):
                self._fail("the id is taken")
        for p in self.s.people:
            self.where = f"person {p.id!r}"
            if p.id in b.index:
                self._fail("the id is taken")
            b.add_person(self._record(p))
        for n, step in enumerate(self.s.steps, 1):
            self.where = f"step {n}"
            if isinstance(step, Sample):
                self._sample(step)
            elif isinstance(step, Each):
                if step.sample not in self.samples:
                    self._fail(f"no sample named {step.sample!r} before this step")
                for person in self.samples[step.sample]:
                    for inner in step.steps:
                        self._write(inner, person)
            else:
                self._write(step, None)

    def _fail(self, what: str) -> NoReturn:
        raise ValueError(f"seed scenario {self.s.name!r}, {self.where}: {what}")

    def _record(self, p: Person) -> PersonRecord:
        return PersonRecord(
            p.id,
            p.name,
            p.roles,
            email=p.email,
            department=None if p.dept is None else self._dept(p.dept),
            class_year=None if p.year is None else self.b.ay_end + 4 - p.year,
            level=p.level,
            interests=p.interests,
            expertise=p.expertise,
            open_door=p.open_door,
            capacity=p.capacity,
            serves_levels=p.serves,
        )

    def _dept(self, slug: str) -> str:
        for d in self.campus.depts:
            if d.slug == slug:
                return d.name
        self._fail(
            f"department {slug!r} is not among the {len(self.campus.depts)} departments "
            "every university has (see graphdb/seed/data/departments.json)"
        )

    def _sample(self, step: Sample) -> None:
        b, campus = self.b, self.campus
        name = self._dept(step.dept)
        people = b.people
        if step.among is Among.FACULTY:
            found = [f for f in campus.faculty if people[f].department == name]
            candidates = found or campus.faculty
        else:
            found = [u for u in campus.ugs if people[u].department == name]
            candidates = found if len(found) >= 8 else campus.ugs
            if step.among is Among.PLAIN_STUDENTS:
                candidates = [u for u in candidates if not people[u].expertise]
        avoid: set[int] = set()
        for other in step.avoid:
            if other not in self.samples:
                self._fail(f"no sample named {other!r} to avoid")
            avoid.update(self.samples[other])
        pool = [c for c in candidates if c not in avoid]
        self.samples[step.name] = b.rng.sample(pool, min(step.k, len(pool)))

    def _write(self, step: Member | Tie | Enrol | Ask, each: int | None) -> None:
        b = self.b
        if isinstance(step, Enrol | Ask):
            self._program_step(step, each)
            return
        if isinstance(step, Member):
            p = self._person(step.person, each)
            g = b.group_index.get(step.group)
            if g is None:
                self._fail(f"no group {step.group!r}")
            if p is not None:
                b.member(p, g, step.role, self._day(step.since))
            return
        frm, to = self._person(step.frm, each), self._person(step.to, each)
        if frm is None or to is None:
            return
        # arguments are drawn in order, as a call with them written out would
        since = self._day(step.since)
        until = None if step.until is None else self._day(step.until)
        last = None if step.last is None else self._day(step.last)
        b.tie(frm, to, step.kind, since, until, step.strength, last, step.functions, step.formal)

    def _program_step(self, step: Enrol | Ask, each: int | None) -> None:
        b = self.b
        if step.program not in b.programs.ids:
            self._fail(f"no program {step.program!r}")
        if isinstance(step, Enrol):
            p = self._person(step.person, each)
            if p is not None:
                since = self._day(step.since)
                b.programs.enrol(b.ids[p], step.program, step.side, since, step.capacity)
            return
        mentee, mentor = self._person(step.mentee, each), self._person(step.mentor, each)
        if mentee is None or mentor is None:
            return
        tie_id = None
        if step.status in (RequestStatus.ACCEPTED, RequestStatus.COMPLETED):
            if not b.has_tie(mentor, mentee, TieKind.MENTORS):
                self._fail(
                    f"an {step.status.value.lower()} request from {step.mentee} to "
                    f"{step.mentor} needs their MENTORS tie, from an earlier step"
                )
            tie_id = tie_id_for(b.ids[mentor], b.ids[mentee], TieKind.MENTORS, None)
        b.programs.ask(
            b.ids[mentee],
            b.ids[mentor],
            step.program,
            step.status,
            step.created,
            step.decided,
            step.message,
            step.reason,
            tie_id,
        )

    def _person(self, ref: str, each: int | None) -> int | None:
        """The person ``ref`` names, or None for a sample's position it does not have."""
        if ref == EACH:
            if each is None:
                self._fail(f"{EACH!r} names a sample's person only inside Each")
            return each
        if ref.endswith("]") and "[" in ref:
            name, _, at = ref[:-1].partition("[")
            sample = self.samples.get(name)
            if sample is None or not at.lstrip("-").isdigit():
                self._fail(f"{ref!r} names no person of an earlier sample")
            i = int(at)
            return sample[i] if -len(sample) <= i < len(sample) else None
        p = self.b.index.get(ref)
        if p is None:
            self._fail(f"no person {ref!r} (of this scenario or an earlier one)")
        return p

    def _day(self, day: Day) -> int:
        return day if isinstance(day, int) else self.b.rng.randint(day.lo, day.hi)
