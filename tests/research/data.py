"""Generated universities for the research tests, and networkx's graphs of them built
straight from the records (never from the product's projection): the independent side
every statistic is held against."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

import networkx as nx

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import (
    ROLE_PRECEDENCE,
    SUPPORT_KINDS,
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
    is_active,
)
from resolvers.support.score_table import rebuild_scores

DEPARTMENTS = ("Physics", "History", "Biology", None)
TOPICS = ("solar", "robots", "poetry", "law")


def university(seed: int, people: int = 60, ties: int = 150) -> Dataset:
    """People of every role, groups, and ties of every kind: parallel ones, both
    directions, ended and ending ones, empty function lists and KNOWS among them."""
    rng = random.Random(seed)
    today = dt.date.today()
    data = Dataset()
    data.groups = [GroupRecord(f"g{i}", f"Group {i}", GroupKind.CLUB) for i in range(4)]
    for i in range(people):
        roles = rng.choice(
            [(Role.STUDENT,)] * 5 + [(Role.FACULTY,), (Role.STAFF,), (Role.ALUM, Role.STAFF)]
        )
        data.people.append(
            PersonRecord(
                id=f"ext-{seed}-{i:03d}",
                name=f"Secret Name {seed} {i}",
                roles=roles,
                email=f"person{i}.{seed}@example.edu",
                department=rng.choice(DEPARTMENTS),
                class_year=rng.choice((2026, 2027, None)),
                level=rng.choice((Level.UNDERGRADUATE, Level.GRADUATE, None)),
                expertise=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
                open_door=rng.random() < 0.4,
                capacity=rng.choice((None, 1, 2)),
                serves_levels=rng.choice(((), (Level.GRADUATE,))),
            )
        )
        for g in rng.sample(data.groups, rng.randint(0, 2)):
            data.memberships.append(MembershipRecord(data.people[-1].id, g.id, None, None))
    ids = [p.id for p in data.people]
    for t in range(ties):
        a, b = rng.sample(ids, 2)
        kind = rng.choice(list(TieKind))
        until = rng.choice(
            [None] * 6 + [today - dt.timedelta(days=3), today, today + dt.timedelta(days=30)]
        )
        functions = rng.choice([(), (SupportFunction.CAREER,), tuple(SupportFunction)])
        data.ties.append(
            TieRecord(
                f"tie-{seed}-{t}",
                a,
                b,
                kind,
                rng.choice((0.2, 0.5, 0.6, 0.9)),
                today - dt.timedelta(days=rng.randint(30, 900)),
                until,
                functions,
                rng.random() < 0.3,
                None,
            )
        )
        if rng.random() < 0.15:  # the same people again: parallel, or back
            c, d = (a, b) if rng.random() < 0.5 else (b, a)
            data.ties.append(
                TieRecord(f"tie-{seed}-{t}-again", c, d, kind, 0.5, None, None, (), False, None)
            )
    return data


async def load(db: Database, data: Dataset) -> None:
    await write_dataset(db, data)
    await rebuild_scores(db)


def selected(data: Dataset, **flt: object) -> list[PersonRecord]:
    """The people a filter selects, read off the records."""
    out = []
    member = {(m.person_id, m.group_id) for m in data.memberships}
    for p in data.people:
        roles = flt.get("roles")
        if roles and not set(p.roles) & set(roles):  # type: ignore[call-overload]
            continue
        if "department" in flt and p.department != flt["department"]:
            continue
        if "class_year" in flt and p.class_year != flt["class_year"]:
            continue
        if "group_id" in flt and (p.id, flt["group_id"]) not in member:
            continue
        out.append(p)
    return out


def active_ties(data: Dataset, kinds: Iterable[TieKind] = SUPPORT_KINDS) -> list[TieRecord]:
    today = dt.date.today()
    wanted = set(kinds)
    return [t for t in data.ties if t.kind in wanted and is_active(t.until, today)]


def nx_graphs(
    data: Dataset, people: list[PersonRecord], kinds: Iterable[TieKind] = SUPPORT_KINDS
) -> tuple[nx.Graph, nx.DiGraph]:
    """networkx's undirected and directed graphs of the measured graph (SPEC §9)."""
    g, d = nx.Graph(), nx.DiGraph()
    ids = {p.id for p in people}
    for p in people:
        first = next((r for r in ROLE_PRECEDENCE if r in p.roles), None)
        g.add_node(p.id, role=first, department=p.department)
        d.add_node(p.id)
    for t in active_ties(data, kinds):
        if t.from_id in ids and t.to_id in ids and t.from_id != t.to_id:
            g.add_edge(t.from_id, t.to_id)
            d.add_edge(t.from_id, t.to_id)
    return g, d


def secrets(data: Dataset) -> list[str]:
    """Everything no researcher may ever receive: names, emails and external ids."""
    found: list[str] = []
    for p in data.people:
        found += [p.name, p.id, *([p.email] if p.email else [])]
    found += [t.id for t in data.ties]
    return found
