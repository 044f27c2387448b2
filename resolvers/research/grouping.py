"""The groups an equity view or a reach is broken down by (SPEC §9 ``GroupingKey``).

DEPARTMENT, CLASS_YEAR and LEVEL put each person in one group (their value, or the
"none" group when unset). ROLE, GROUP and PROGRAM put a person in every group they
belong to — each role they hold, each group they are a member of, each program they are
enrolled in (on either side) — and in the "none" group when they belong to none.

PROGRAM reads SPEC §8's enrolments, ``(:Person)-[:MENTOR_IN|MENTEE_IN]->(:Program)``;
a person on both sides of a program counts in it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
import numpy.typing as npt

from graphdb.research import LEVELS, ROLES, Projection

Ints = npt.NDArray[np.int64]


class GroupingKey(str, Enum):
    DEPARTMENT = "DEPARTMENT"
    CLASS_YEAR = "CLASS_YEAR"
    LEVEL = "LEVEL"
    ROLE = "ROLE"
    GROUP = "GROUP"
    PROGRAM = "PROGRAM"


@dataclass(frozen=True, slots=True)
class Group:
    key: str | None  # the value (a department, a year, a group's id…); None: unset
    label: str  # what a reader sees: the value, a group's or program's name, or "none"
    members: Ints  # projection positions


NONE_LABEL = "none"


def groups_of(p: Projection, people: npt.NDArray[np.bool_], by: GroupingKey) -> list[Group]:
    """The selected people's groups by ``by``, in label order, the "none" group last."""
    chosen = np.flatnonzero(people)
    pairs: list[tuple[int, str | None]]
    labels: dict[str | None, str] = {}
    if by is GroupingKey.DEPARTMENT:
        pairs = [(i, p.department[i]) for i in chosen.tolist()]
    elif by is GroupingKey.CLASS_YEAR:
        pairs = [(i, _text(p.class_year[i])) for i in chosen.tolist()]
    elif by is GroupingKey.LEVEL:
        pairs = [(i, LEVELS[x].value if x >= 0 else None) for i, x in _at(p.level, chosen)]
    elif by is GroupingKey.ROLE:
        pairs = [
            (i, role.value)
            for i, bits in _at(p.roles, chosen)
            for r, role in enumerate(ROLES)
            if bits & (1 << r)
        ]
    elif by is GroupingKey.GROUP:
        who, gids = p.memberships
        pairs = _memberships(people, who, gids)
        labels = {g: p.group_names.get(g, g) for _, g in pairs if g is not None}
    else:
        who, pids, _sides = p.enrolments
        pairs = _memberships(people, who, pids)
        labels = {g: p.program_names.get(g, g) for _, g in pairs if g is not None}
    members: dict[str | None, list[int]] = {}
    for i, key in pairs:
        members.setdefault(key, []).append(i)
    placed = np.zeros(p.n, dtype=np.bool_)
    placed[[i for i, _ in pairs]] = True
    left = chosen[~placed[chosen]].tolist()
    if left:
        members.setdefault(None, []).extend(left)
    keys = sorted(members, key=lambda k: (k is None, labels.get(k, k or "")))
    return [
        Group(
            key,
            labels.get(key, key) if key is not None else NONE_LABEL,
            np.unique(np.asarray(members[key], dtype=np.int64)),
        )
        for key in keys
    ]


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


def _at(values: npt.NDArray[np.generic], chosen: Ints) -> list[tuple[int, int]]:
    return list(zip(chosen.tolist(), values[chosen].tolist(), strict=True))


def _memberships(
    people: npt.NDArray[np.bool_], who: npt.NDArray[np.int32], keys: Sequence[str]
) -> list[tuple[int, str | None]]:
    return [(int(i), k) for i, k in zip(who.tolist(), keys, strict=True) if people[i]]
