"""``mentorReach`` and ``mentorLoad`` (SPEC §9): mentors seen across the institution.

**Reach.** A student is reached when an available mentor in the topic (SPEC §4: open
door and below capacity; expert in the topic; serving the student's level when both are
set; not the student themself) is within ``maxHops`` of them over active ties of any kind,
in either direction (SPEC §4 Hops). One breadth-first search per student level, from all
the mentors who serve it at once, over the whole graph in compressed rows (numpy); a
student who is such a mentor themself is searched from alone, to find another one.

**Load.** SPEC §4's load (active MENTORS ties out), split into formal (program) and
informal ties, with distinct mentees, program enrolments as a mentor, capacity and where
each mentor stands. A *mentor* here is anyone who mentors now, keeps an open door, or is
enrolled as a mentor in a program.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt

from graphdb.model import Role, TieKind
from graphdb.research import KINDS, LEVELS, ROLES, Projection
from resolvers.research.graphs import Subgraph
from resolvers.research.grouping import Group

Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

MAX_HOPS = 4


@dataclass(frozen=True, slots=True)
class Adjacency:
    """The undirected graph of every active tie, as compressed rows."""

    indptr: Ints
    indices: Ints

    @classmethod
    def of(cls, every_tie: Subgraph) -> Adjacency:
        a, b = every_tie.und
        n = every_tie.n
        heads = np.concatenate((a, b))
        tails = np.concatenate((b, a))
        order = np.argsort(heads, kind="stable")
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(heads, minlength=n), out=indptr[1:])
        return cls(indptr, tails[order])

    def within(self, sources: Ints, hops: int, n: int) -> Mask:
        """Everyone within ``hops`` of any of ``sources`` (themselves included)."""
        seen = np.zeros(n, dtype=np.bool_)
        seen[sources] = True
        frontier = sources
        for _ in range(hops):
            if not len(frontier):
                break
            starts, ends = self.indptr[frontier], self.indptr[frontier + 1]
            lengths = ends - starts
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            reached = self.indices[offsets + np.arange(lengths.sum())]
            fresh = np.unique(reached[~seen[reached]])
            seen[fresh] = True
            frontier = fresh
        return seen


def loads(p: Projection) -> tuple[Ints, Ints]:
    """(load, formal load) of everyone: their active MENTORS ties out (SPEC §4)."""
    mentors = (p.kind == KINDS.index(TieKind.MENTORS)) & (p.src != p.dst)
    load = np.bincount(p.src[mentors], minlength=p.n)
    formal = np.bincount(p.src[mentors & p.formal], minlength=p.n)
    return load, formal


def available(p: Projection, load: Ints) -> Mask:
    """SPEC §4: open door, and no capacity or load below it."""
    result: Mask = p.open_door & ((p.capacity < 0) | (load < p.capacity))
    return result


def students(p: Projection) -> Mask:
    result: Mask = (p.roles & (1 << ROLES.index(Role.STUDENT))) != 0
    return result


def reached(p: Projection, adjacency: Adjacency, topic: str, hops: int) -> tuple[Mask, int]:
    """Which students are reached, and how many available mentors the topic has."""
    experts = np.zeros(p.n, dtype=np.bool_)
    if topic in p.expertise:
        experts[p.expertise[topic]] = True
    load, _ = loads(p)
    mentors = experts & available(p, load)
    student = students(p)
    out = np.zeros(p.n, dtype=np.bool_)
    for level in range(-1, len(LEVELS)):
        at_level = student & (p.level == level)
        if not at_level.any():
            continue
        serving = mentors.copy()
        if level >= 0:  # a mentor serves every level, or lists this one
            serving &= (p.serves == 0) | ((p.serves >> level) & 1 == 1)
        sources = np.flatnonzero(serving)
        if not len(sources):
            continue
        near = adjacency.within(sources, hops, p.n)
        out |= at_level & near & ~serving
        # A student who is such a mentor needs another one within reach.
        for s in np.flatnonzero(at_level & serving).tolist():
            around = adjacency.within(np.array([s], dtype=np.int64), hops, p.n)
            around[s] = False
            out[s] = bool((around & serving).any())
    return out & student, int(mentors.sum())


class LoadStatus(str, Enum):
    OVER_CAPACITY = "OVER_CAPACITY"
    AT_CAPACITY = "AT_CAPACITY"
    AVAILABLE_UNUSED = "AVAILABLE_UNUSED"


@dataclass(frozen=True, slots=True)
class LoadRow:
    person: int  # projection position
    load: int
    formal: int
    informal: int
    mentees: int
    programs: int
    capacity: int | None
    available: bool
    over_capacity: bool
    at_capacity: bool
    unused: bool


def mentor_load(p: Projection, only: LoadStatus | None) -> list[LoadRow]:
    """Every mentor's row, heaviest load first (callers order equals and cut the page)."""
    load, formal = loads(p)
    free = available(p, load)
    who, _pids, sides = p.enrolments
    as_mentor = np.array([s == "MENTOR" for s in sides], dtype=np.bool_)
    programs = np.bincount(who[as_mentor], minlength=p.n) if len(who) else np.zeros(p.n, int)
    mentoring = (p.kind == KINDS.index(TieKind.MENTORS)) & (p.src != p.dst)
    pairs = np.unique(p.src[mentoring].astype(np.int64) * p.n + p.dst[mentoring])
    mentees = np.bincount(pairs // p.n, minlength=p.n) if len(pairs) else np.zeros(p.n, int)
    capped = p.capacity >= 0
    over = capped & (load > p.capacity)
    full = capped & (load == p.capacity)
    unused = free & (load == 0)
    chosen = (load > 0) | p.open_door | (programs > 0)
    if only is LoadStatus.OVER_CAPACITY:
        chosen &= over
    elif only is LoadStatus.AT_CAPACITY:
        chosen &= full
    elif only is LoadStatus.AVAILABLE_UNUSED:
        chosen &= unused
    return [
        LoadRow(
            person=i,
            load=int(load[i]),
            formal=int(formal[i]),
            informal=int(load[i] - formal[i]),
            mentees=int(mentees[i]),
            programs=int(programs[i]),
            capacity=int(p.capacity[i]) if capped[i] else None,
            available=bool(free[i]),
            over_capacity=bool(over[i]),
            at_capacity=bool(full[i]),
            unused=bool(unused[i]),
        )
        for i in np.flatnonzero(chosen).tolist()
    ]


def group_reach(groups: list[Group], hit: Mask) -> list[tuple[Group, int, int]]:
    return [(g, len(g.members), int(hit[g.members].sum())) for g in groups]
