"""The seed university, generated without a database: deterministic, pinned, valid, and
shaped as docs/seed.md says. The graph side is in test_seed_graph.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections import Counter

import pytest

from graphdb.model import (
    Dataset,
    GroupKind,
    Level,
    Role,
    SupportFunction,
    TieKind,
    tie_id_for,
)
from graphdb.programs.records import ProgramData
from graphdb.seed import MIN_PEOPLE, SCENARIO_PEOPLE, build, generate
from graphdb.validation import check_external_id, check_name, check_strength

TODAY = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def small() -> Dataset:
    return generate(500, 7, TODAY)


def _digest(ds: Dataset) -> str:
    """SHA-256 over every field of every record, in order: a change of any value, of the
    order of records or of their number changes it (a new field with a default does not)."""
    h = hashlib.sha256()

    def day(d: dt.date | None) -> str | None:
        return None if d is None else d.isoformat()

    for p in ds.people:
        level = None if p.level is None else p.level.value
        person = (p.id, p.name, [r.value for r in p.roles], p.email, p.department, p.class_year)
        h.update(repr(("P", *person, level, p.interests, p.expertise, p.open_door)).encode())
        h.update(repr((p.capacity, [v.value for v in p.serves_levels])).encode())
    for g in ds.groups:
        h.update(repr(("G", g.id, g.name, g.kind.value)).encode())
    for m in ds.memberships:
        h.update(repr(("M", m.person_id, m.group_id, m.role, day(m.since))).encode())
    for t in ds.ties:
        tie = (t.id, t.from_id, t.to_id, t.kind.value, t.strength, day(t.since), day(t.until))
        functions = [f.value for f in t.functions]
        h.update(repr(("T", *tie, functions, t.formal, day(t.last_contact))).encode())
    return h.hexdigest()


def _program_digest(pd: ProgramData) -> str:
    """SHA-256 over every field of every program, enrolment and request, in order."""
    h = hashlib.sha256()
    rows = [r.to_params() for r in pd.programs]
    rows += [r.to_params() for r in pd.enrolments] + [r.to_params() for r in pd.requests]
    for row in rows:
        h.update(repr(row).encode())
    return h.hexdigest()


def test_the_generated_data_is_pinned() -> None:
    """The university of a (people, seed, today) never changes unnoticed: a change to the
    generator that changes its output must change these digests on purpose (and say so in
    docs/seed.md). Changed on purpose by issue 11: one tie more (the solar car team's
    completed mentorship: an ended, formal MENTORS tie; nothing else moved), and the
    two programs pinned too."""
    university, programs = build(300, 3, TODAY)
    assert _digest(university) == (
        "9fe7030946f99767d67b9fd488be8085d4e136c0c1f85379324e94dbe2387471"
    )
    assert _program_digest(programs) == (
        "c9e0c3c0997e08ca4eace34d1ed7764c6491f92c9c299191423673eae94ad004"
    )
    # after July a new academic year has begun: class years move on by one
    assert _digest(generate(2000, 7, dt.date(2025, 9, 15))) == (
        "87338994745974a99ad81f38261a41fb0606dcabd6ee82fec1ddc4b8709239f7"
    )


def test_same_arguments_give_the_same_university(small: Dataset) -> None:
    assert generate(500, 7, TODAY) == small
    other = generate(500, 8, TODAY)
    assert other != small
    assert other.counts()["people"] == 500
    # the named scenarios do not depend on the seed
    assert {p.id for p in other.people if not p.id[2].isdigit()} == {
        p.id for p in small.people if not p.id[2].isdigit()
    }


def test_generation_does_not_depend_on_the_process() -> None:
    """String hashing differs per process; nothing in generation may depend on it."""
    script = (
        "import datetime, hashlib; from graphdb.seed import generate; "
        "print(hashlib.sha256(repr(generate(300, 3, datetime.date(2025, 3, 1))).encode())"
        ".hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(h)},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for h in (1, 2)
    }
    assert len(digests) == 1


def test_too_small_a_university_is_refused() -> None:
    with pytest.raises(ValueError, match=f"at least {MIN_PEOPLE} people, got {MIN_PEOPLE - 1}"):
        generate(MIN_PEOPLE - 1)


def test_every_record_is_valid(small: Dataset) -> None:
    people = {p.id: p for p in small.people}
    groups = {g.id: g for g in small.groups}
    assert len(people) == len(small.people) == 500
    assert len(groups) == len(small.groups)
    for p in small.people:
        check_external_id(p.id)
        assert check_name(p.name) == p.name
        assert p.roles and len(set(p.roles)) == len(p.roles)
        for topic in p.interests + p.expertise:
            # SPEC §3: topics are stored trimmed, lower-cased, inner spaces collapsed
            assert " ".join(topic.split()).lower() == topic
        assert p.capacity is None or p.capacity >= 1
    for g in small.groups:
        check_external_id(g.id)
        check_name(g.name)
    member_keys = set()
    for m in small.memberships:
        assert m.person_id in people and m.group_id in groups
        assert m.since is not None and m.since <= TODAY
        member_keys.add((m.person_id, m.group_id))
    assert len(member_keys) == len(small.memberships)  # one membership per person and group
    tie_ids = set()
    for t in small.ties:
        check_external_id(t.id)
        assert t.id == tie_id_for(t.from_id, t.to_id, t.kind, None)
        tie_ids.add(t.id)
        assert t.from_id in people and t.to_id in people
        assert t.from_id != t.to_id
        assert check_strength(t.strength) == t.strength
        assert t.since is not None and t.since <= TODAY
        assert t.until is None or t.until >= t.since
        if t.last_contact is not None:
            assert t.since <= t.last_contact <= TODAY
            assert t.until is None or t.last_contact <= t.until
        if t.kind is TieKind.KNOWS:
            assert t.functions == ()
        else:
            assert t.functions and set(t.functions) <= set(SupportFunction)
    assert len(tie_ids) == len(small.ties)


def _expected_levels(people: int) -> Counter[Level]:
    """docs/seed.md: the background's shares, each rounded down (undergraduates take the
    rest), and the scenario people's levels (22 undergraduates, 1 graduate student, 15
    professionals, 24 pupils)."""
    background = people - 62
    shares = {"faculty": 0.07, "staff": 0.05, "grad": 0.12, "alum": 0.15, "external": 0.06}
    counts = {what: int(background * share) for what, share in shares.items()}
    undergrads = background - sum(counts.values())
    professionals = counts["faculty"] + counts["staff"] + counts["alum"] + counts["external"]
    return Counter(
        {
            Level.UNDERGRADUATE: undergrads + 22,
            Level.GRADUATE: counts["grad"] + 1,
            Level.PROFESSIONAL: professionals + 15,
            Level.K12: 24,
        }
    )


def test_the_university_has_every_kind_of_thing(small: Dataset) -> None:
    assert {g.kind for g in small.groups} == set(GroupKind)
    assert {t.kind for t in small.ties} == set(TieKind)
    assert {r for p in small.people for r in p.roles} == set(Role)
    levels = Counter(p.level for p in small.people)
    assert levels == _expected_levels(500)
    assert levels == {
        Level.UNDERGRADUATE: 266,
        Level.GRADUATE: 53,
        Level.PROFESSIONAL: 157,
        Level.K12: 24,
    }
    # Below: the shape of the background at (500, 7), pinned with the generation.
    class_years = Counter(p.class_year for p in small.people if p.level is Level.UNDERGRADUATE)
    assert class_years == {2025: 61, 2026: 68, 2027: 62, 2028: 75}  # four years, each full
    assert sum(t.until is not None and t.until < TODAY for t in small.ties) == 669  # ended
    assert sum(t.until is not None and t.until > TODAY for t in small.ties) == 738  # courses
    assert sum(t.formal for t in small.ties) == 265
    assert len({t.strength for t in small.ties}) == 96
    assert len({t.last_contact for t in small.ties}) == 497
    students = [p for p in small.people if Role.STUDENT in p.roles]
    assert all(p.interests for p in students if p.level is Level.UNDERGRADUATE)
    faculty = [p for p in small.people if Role.FACULTY in p.roles]
    assert all(p.expertise and p.department for p in faculty)


@pytest.mark.parametrize("people", [500, 2000])
def test_the_background_follows_the_documented_shares(people: int) -> None:
    levels = Counter(p.level for p in generate(people, 3, TODAY).people)
    assert levels == _expected_levels(people)
    assert SCENARIO_PEOPLE == 62


def test_nobody_mentors_beyond_capacity(small: Dataset) -> None:
    load = Counter(
        t.from_id
        for t in small.ties
        if t.kind is TieKind.MENTORS and (t.until is None or t.until > TODAY)
    )
    by_id = {p.id: p for p in small.people}
    for mentor, n in load.items():
        capacity = by_id[mentor].capacity
        assert capacity is None or n <= capacity, mentor
    levels = {p.id: p.level for p in small.people}
    for t in small.ties:
        serves = by_id[t.from_id].serves_levels
        if t.kind is TieKind.MENTORS and serves and levels[t.to_id]:
            assert levels[t.to_id] in serves, t
