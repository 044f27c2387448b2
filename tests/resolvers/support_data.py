"""Graphs the support tests build: small hand-made ones and generated ones."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Sequence

from graphdb.driver import Database
from graphdb.model import Dataset, PersonRecord, Role, SupportFunction, TieKind, TieRecord

ALL = (SupportFunction.ACADEMIC, SupportFunction.CAREER, SupportFunction.PSYCHOSOCIAL)

_ids = itertools.count(1)


async def db_today(db: Database) -> dt.date:
    """Today as the database sees it: the day that decides which ties are active."""
    today: dt.date = (await db.read("RETURN date() AS today"))[0]["today"]
    return today


def person(
    pid: str,
    role: Role = Role.STUDENT,
    dept: str | None = "Physics",
    *,
    name: str | None = None,
    class_year: int | None = None,
    roles: tuple[Role, ...] | None = None,
) -> PersonRecord:
    return PersonRecord(
        pid, name or f"Name {pid}", roles or (role,), department=dept, class_year=class_year
    )


def tie(
    a: str,
    b: str,
    kind: TieKind = TieKind.MENTORS,
    *,
    strength: float = 0.8,
    functions: Sequence[SupportFunction] = ALL,
    contact: dt.date | None = None,
    until: dt.date | None = None,
    since: dt.date | None = None,
) -> TieRecord:
    tie_id = f"t{next(_ids)}"
    return TieRecord(tie_id, a, b, kind, strength, since, until, tuple(functions), False, contact)


def well_supported() -> tuple[list[PersonRecord], list[tuple[str, TieKind]]]:
    """Four supporters of four role categories and two departments, and their tie kinds:
    with strong, recent ties covering every function they give full marks."""
    supporters = [
        person("f1", Role.FACULTY, "Physics", name="Prof. Lee"),
        person("st1", Role.STAFF, "Advising", name="Sam Staff"),
        person("al1", Role.ALUM, "Physics", name="Alex Alum"),
        person("pe1", Role.STUDENT, "Advising", name="Pat Peer"),
    ]
    return supporters, [
        ("f1", TieKind.ADVISES),
        ("st1", TieKind.MENTORS),
        ("al1", TieKind.COACHES),
        ("pe1", TieKind.PEER_SUPPORTS),
    ]


def generated(rng: random.Random, today: dt.date, people: int = 36, ties: int = 130) -> Dataset:
    """Random people (one or two roles, a department or none) and ties of every kind:
    parallel ties, both directions, KNOWS, ended, ending and unset functions included."""
    roles = list(Role)
    ds = Dataset()
    for i in range(people):
        picked = tuple(rng.sample(roles, rng.choice([1, 1, 2])))
        ds.people.append(
            PersonRecord(
                f"g{i}", f"Person {i}", picked, department=rng.choice(["A", "B", "C", None])
            )
        )
    kinds = list(TieKind)
    for _ in range(ties):
        a, b = rng.sample(range(people), 2)
        until = rng.choice(
            [None] * 6 + [today - dt.timedelta(days=40), today + dt.timedelta(days=40), today]
        )
        functions = rng.choice([(), (), tuple(rng.sample(ALL, rng.randint(1, 3)))])
        contact = rng.choice([None, today - dt.timedelta(days=rng.randint(0, 500))])
        ds.ties.append(
            tie(
                f"g{a}",
                f"g{b}",
                rng.choice(kinds),
                strength=round(rng.uniform(0, 1), 2),
                functions=functions,
                contact=contact,
                until=until,
            )
        )
    return ds
