"""SPEC §4's availability and suitable mentor, in Python.

``available`` is what ``Person.available`` shows. ``suitable`` is the definition the Cypher
of graphdb.mentors.suitable must agree with: the query tests the same rules where the
people are, and tests/resolvers/test_mentor_suitability.py runs it over every combination
of the facts below and compares its answers with this function's.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from resolvers.mentors.need import Need


def available(open_door: bool, capacity: int | None, load: int) -> bool:
    """The door is open and a place is free: no capacity is no cap, and 0 is never."""
    return open_door and (capacity is None or load < capacity)


def shares_any(wanted: Collection[str], offered: Collection[str]) -> bool:
    """One of ``wanted`` is among ``offered``; anything will do when nothing is wanted."""
    return not wanted or not set(wanted).isdisjoint(offered)


def serves_level(level: str | None, serves_levels: Collection[str]) -> bool:
    """ "Serves s's level (when both are set)": a student with no level, or a mentor who
    lists no levels, passes."""
    return level is None or not serves_levels or level in serves_levels


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the rule reads of a possible mentor m for one student."""

    id: str
    roles: frozenset[str]
    expertise: frozenset[str]  # normalised topic names
    open_door: bool
    capacity: int | None
    load: int  # m's active MENTORS ties towards anyone
    serves_levels: frozenset[str]
    mentors_student: bool  # m has an active MENTORS tie to the student now


def suitable(student_id: str, student_level: str | None, m: Candidate, need: Need) -> bool:
    """Whether m is a suitable mentor for the student and the need (SPEC §4)."""
    return (
        m.id != student_id
        and (not need.require_available or available(m.open_door, m.capacity, m.load))
        and shares_any(need.topics, m.expertise)
        and shares_any(need.roles, m.roles)
        and serves_level(student_level, m.serves_levels)
        and not m.mentors_student
    )
