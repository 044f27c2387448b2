"""The seed university's reference data: departments, offices, topics, group and person names.

The lists live in ``graphdb/seed/data/*.json`` (one file per kind of thing) so that
changing a department's topics or adding a hall is an edit of data, not of code. They are
read once, at import, and checked: a malformed file stops the seed with the file and the
entry that is wrong.

Order matters everywhere: the generator draws from these lists by position, so reordering
or inserting an entry changes the generated university for every seed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Department:
    slug: str
    name: str
    topics: tuple[str, ...]
    weight: float  # share of students and faculty, relative


@dataclass(frozen=True, slots=True)
class Office:
    slug: str
    name: str
    topics: tuple[str, ...]
    weight: float  # share of staff, relative


@cache
def _read(file: str) -> Any:
    text = resources.files("graphdb.seed").joinpath("data", file).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"graphdb/seed/data/{file}: not valid JSON ({e})") from e


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(s, str) for s in value):
        raise ValueError(f"graphdb/seed/data/{where}: expected a non-empty list of strings")
    return tuple(value)


def _list(file: str, key: str) -> tuple[str, ...]:
    doc = _read(file)
    if not isinstance(doc, dict) or key not in doc:
        raise ValueError(f"graphdb/seed/data/{file}: no list named {key!r}")
    return _strings(doc[key], f"{file} {key}")


def _units(file: str) -> list[tuple[str, str, tuple[str, ...], float]]:
    """Entries of {slug, name, topics, weight}, the shape of departments and offices."""
    doc = _read(file)
    if not isinstance(doc, list) or not doc:
        raise ValueError(f"graphdb/seed/data/{file}: expected a non-empty list of entries")
    units = []
    for n, entry in enumerate(doc, 1):
        where = f"{file} entry {n}"
        if not isinstance(entry, dict) or set(entry) != {"slug", "name", "topics", "weight"}:
            raise ValueError(f"graphdb/seed/data/{where}: needs exactly slug, name, topics, weight")
        slug, name, weight = entry["slug"], entry["name"], entry["weight"]
        if not isinstance(slug, str) or not isinstance(name, str) or not slug or not name:
            raise ValueError(f"graphdb/seed/data/{where}: slug and name must be non-empty text")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ValueError(f"graphdb/seed/data/{where}: weight must be a positive number")
        units.append((slug, name, _strings(entry["topics"], where), float(weight)))
    return units


# Ordered so that a small university (which keeps only the first few, at least six) still
# has the departments the scenarios live in.
DEPARTMENTS: tuple[Department, ...] = tuple(Department(*u) for u in _units("departments.json"))
OFFICES: tuple[Office, ...] = tuple(Office(*u) for u in _units("offices.json"))

GENERAL_INTERESTS = _list("topics.json", "general_interests")
"""Interests shared by students of every department."""
INDUSTRY_TOPICS = _list("topics.json", "industry")
"""Expertise of alums and external people beyond their department's."""

SPORTS = _list("groups.json", "sports")
COMPETITION_TEAMS = _list("groups.json", "competition_teams")
HOBBIES = _list("groups.json", "hobbies")
CLUB_SUFFIXES = _list("groups.json", "club_suffixes")
HALLS = _list("groups.json", "halls")
COMMUNITIES = _list("groups.json", "communities")

FIRST_NAMES = _list("names.json", "first")
LAST_NAMES = _list("names.json", "last")
