"""Graphs the mentor tests build: one small graph per rule, and generated ones."""

from __future__ import annotations

import datetime as dt
import random

from graphdb.model import (
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    TieKind,
    TieRecord,
)
from resolvers.mentors import MentorNeed

TOPICS = ["solar technology", "physics", "machine learning", "poetry", "robotics", "ethics"]
UNKNOWN_TOPIC = "underwater basket weaving"


def person(pid: str, *roles: Role, **kw: object) -> PersonRecord:
    """An open-door solar expert (faculty, unless roles say otherwise)."""
    fields: dict[str, object] = {"open_door": True, "expertise": ("solar technology",)}
    fields.update(kw)
    return PersonRecord(pid, f"Name {pid}", roles or (Role.FACULTY,), **fields)  # type: ignore[arg-type]


def student(pid: str = "stu", **kw: object) -> PersonRecord:
    """An undergraduate who mentors no one."""
    fields: dict[str, object] = {"level": Level.UNDERGRADUATE, "open_door": False}
    fields.update(kw)
    return PersonRecord(pid, f"Student {pid}", (Role.STUDENT,), **fields)  # type: ignore[arg-type]


def tie(
    tid: str,
    a: str,
    b: str,
    kind: TieKind = TieKind.KNOWS,
    until: dt.date | None = None,
    strength: float = 0.5,
    contact: dt.date | None = None,
) -> TieRecord:
    return TieRecord(tid, a, b, kind, strength=strength, until=until, last_contact=contact)


def random_dataset(rng: random.Random, today: dt.date, n: int = 36, n_ties: int = 70) -> Dataset:
    """Random people and ties of every kind (ended, ending today and later included). p0
    and p1 are hubs: a quarter of the ties, and 120 ended ones each, so their discount
    applies while the people at the far end of those stay out of reach."""
    people = [_random_person(rng, f"p{i}") for i in range(n)]
    ties = [_random_tie(rng, f"t{j}", n, today) for j in range(n_ties)]
    fans = [PersonRecord(f"fan{k}", f"Fan {k}", (Role.STUDENT,)) for k in range(120)]
    ended = today - dt.timedelta(days=30)
    ties += [
        tie(f"fan{k}-p{h}", f"fan{k}", f"p{h}", TieKind.TEACHES, until=ended)
        for k in range(120)
        for h in (0, 1)
    ]
    groups = [GroupRecord(f"g{k}", f"Group {k}", rng.choice(list(GroupKind))) for k in range(4)]
    memberships = [
        MembershipRecord(p.id, g.id) for p in people for g in rng.sample(groups, rng.randint(0, 2))
    ]
    return Dataset(people=people + fans, groups=groups, memberships=memberships, ties=ties)


def _random_person(rng: random.Random, pid: str) -> PersonRecord:
    return PersonRecord(
        id=pid,
        name=f"Person {pid}",
        roles=tuple(rng.sample(list(Role), rng.choice([1, 1, 1, 2]))),
        level=rng.choice([None, *Level]),
        interests=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
        expertise=tuple(rng.sample(TOPICS, rng.choice([0, 1, 1, 2, 3]))),
        open_door=rng.random() < 0.7,
        capacity=rng.choice([None, None, 0, 1, 2, 3]),
        serves_levels=tuple(rng.sample(list(Level), rng.choice([0, 0, 1, 2]))),
    )


def _random_tie(rng: random.Random, tid: str, n: int, today: dt.date) -> TieRecord:
    a, b = rng.sample(range(n), 2)
    if rng.random() < 0.25 and b not in (0, 1):
        a = rng.choice([0, 1])
    until = rng.choice(
        [None, None, None, today - dt.timedelta(days=40), today, today + dt.timedelta(days=90)]
    )
    return TieRecord(
        id=tid,
        from_id=f"p{a}",
        to_id=f"p{b}",
        kind=rng.choice([*TieKind, TieKind.MENTORS, TieKind.KNOWS]),
        strength=rng.choice([0.1, 0.3, 0.5, 0.5, 0.8, 1.0]),
        since=dt.date(2023, 1, 1),
        until=until,
        last_contact=rng.choice([None, today - dt.timedelta(days=rng.randint(0, 800)), today]),
    )


def random_need(rng: random.Random) -> MentorNeed | None:
    if rng.random() < 0.25:
        return None
    topics: list[str] = []
    if rng.random() < 0.6:
        # Spelled as a user might: the match must happen after normalisation.
        topics = [rng.choice([t, t.upper(), f"  {t.title()} "]) for t in rng.sample(TOPICS, 2)]
        if rng.random() < 0.2:
            topics.append(UNKNOWN_TOPIC)
    roles = rng.sample(list(Role), 2) if rng.random() < 0.3 else None
    return MentorNeed(topics=topics, roles=roles, require_available=rng.random() < 0.7)


def solar_team() -> Dataset:
    """Ada and Hal are on the Solar Car Team with Kim (an alum); Lee teaches Ada and mentors
    Hal; Kim knows Poe. Ada and Hal have two ties, the KNOWS one warmer."""
    return Dataset(
        people=[
            student("ada", interests=("solar technology",)),
            student("hal", interests=("solar technology",)),
            person("lee", Role.FACULTY, expertise=("solar technology", "physics"), capacity=3),
            person("kim", Role.ALUM, expertise=("solar technology",), capacity=2),
            person("poe", Role.FACULTY, expertise=("poetry",)),
        ],
        groups=[GroupRecord("solar", "Solar Car Team", GroupKind.TEAM)],
        memberships=[MembershipRecord(p, "solar") for p in ("ada", "hal", "kim")],
        ties=[
            tie("t1", "lee", "ada", TieKind.TEACHES, strength=0.7),
            tie("t2", "ada", "hal", TieKind.KNOWS, strength=0.8),
            tie("t2b", "hal", "ada", TieKind.PEER_SUPPORTS, strength=0.3),
            tie("t3", "hal", "kim", TieKind.KNOWS, strength=0.8),
            tie("t4", "kim", "poe", TieKind.KNOWS),
            tie("m1", "lee", "hal", TieKind.MENTORS),
        ],
    )
