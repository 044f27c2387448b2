"""The records' of() constructors (graphdb.model) over the rules of graphdb.validation,
without a database: what they normalise, what they share, and that they name every fault."""

from __future__ import annotations

import datetime as dt

import pytest

from graphdb.model import (
    DEFAULT_FUNCTIONS,
    Level,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
    tie_id_for,
)
from graphdb.validation import InvalidRecord


def test_a_person_is_normalised() -> None:
    person = PersonRecord.of(
        id="p1",
        name="  Ada Lovelace ",
        roles=[Role.STUDENT, Role.ALUM, Role.STUDENT],
        email=" ada@example.edu ",
        department="  ",
        interests=["  Solar   Technology ", "solar technology", ""],
        serves_levels=[Level.K12, Level.K12],
    )
    assert person == PersonRecord(
        id="p1",
        name="Ada Lovelace",
        roles=(Role.STUDENT, Role.ALUM),
        email="ada@example.edu",
        department=None,
        interests=("solar technology",),
        serves_levels=(Level.K12,),
    )


def test_every_fault_of_a_record_is_named_with_its_field() -> None:
    with pytest.raises(InvalidRecord) as invalid:
        PersonRecord.of(id="", name="", roles=[], class_year=3000, email="@")
    assert [(e.field, str(e)) for e in invalid.value.errors] == [
        ("id", "id is empty"),
        ("name", "name is empty"),
        ("roles", "roles is empty: give at least one of STUDENT, FACULTY, STAFF, ALUM, EXTERNAL"),
        ("class_year", "class_year 3000 is above 2200"),
        ("email", "email '@' is not an email address"),
    ]
    assert invalid.value.errors[3].worded("classYear") == "classYear 3000 is above 2200"


def test_a_tie_takes_its_defaults_and_keeps_shared_values_shared() -> None:
    since = dt.date(2024, 9, 1)
    tie = TieRecord.of(from_id="a", to_id="b", kind=TieKind.MENTORS, since=since)
    assert tie == TieRecord(
        id=tie_id_for("a", "b", TieKind.MENTORS, since),
        from_id="a",
        to_id="b",
        kind=TieKind.MENTORS,
        strength=0.5,
        since=since,
        functions=DEFAULT_FUNCTIONS[TieKind.MENTORS],
    )
    # A million imported ties share a handful of function tuples; of() must not copy them.
    functions = (SupportFunction.CAREER,)
    given = TieRecord.of(id="t1", from_id="a", to_id="b", kind=TieKind.ADVISES, functions=functions)
    assert given.functions is functions
    repeated = TieRecord.of(
        from_id="a", to_id="b", kind=TieKind.ADVISES, functions=[SupportFunction.CAREER] * 2
    )
    assert repeated.functions == (SupportFunction.CAREER,)


def test_a_tie_needs_a_kind_and_two_people() -> None:
    with pytest.raises(InvalidRecord) as invalid:
        TieRecord.of(from_id="a", to_id="a", kind=None, strength=2.0)
    assert [str(e) for e in invalid.value.errors] == [
        "kind is empty (allowed: ADVISES, MENTORS, COACHES, TEACHES, TUTORS, PEER_SUPPORTS, "
        "SUPERVISES, KNOWS)",
        "strength 2.0 is outside 0..1",
        "a person cannot have a tie to themself (a)",
    ]
    assert invalid.value.errors[2].field == "to_id"
