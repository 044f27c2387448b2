"""The records of the seed university while it is being generated.

People and groups are numbered in the order they are added, and memberships and ties
are tuples of those numbers and of days counted back from today, until ``dataset`` turns
everything into graphdb.model's records at the end: a million ties cost far less as
tuples of ints than as records with dates.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

from graphdb.model import (
    DEFAULT_FUNCTIONS,
    Dataset,
    GroupKind,
    GroupRecord,
    MembershipRecord,
    PersonRecord,
    SupportFunction,
    TieKind,
    TieRecord,
    tie_id_for,
)
from graphdb.seed.catalog import FIRST_NAMES, LAST_NAMES
from graphdb.seed.programs import ProgramBook

YEAR = 365

# Term model: a current term began TERM_START days ago and ends TERM_END days from now;
# earlier terms are TERM_STEP days apart. Relative, so "currently teaching" is true on
# any day the seed runs.
TERM_START = 60
TERM_END = 60
TERM_LENGTH = 110
TERM_STEP = 140

_Tie = tuple[
    int,  # from
    int,  # to
    TieKind,
    int,  # since, days ago
    int | None,  # until, days ago (negative: in the future)
    float,  # strength
    int | None,  # last contact, days ago
    tuple[SupportFunction, ...] | None,  # None: the kind's default functions
    bool,  # formal
]


class Builder:
    """Mutable state while generating; people and ties are integers until ``dataset``."""

    def __init__(self, rng: random.Random, today: dt.date, people: int) -> None:
        self.rng = rng
        self.today = today
        self.n_people = people
        # the academic year that is under way ends in (June of) ay_end
        self.ay_end = today.year + (1 if today.month >= 7 else 0)
        self.people: list[PersonRecord] = []
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.groups: list[GroupRecord] = []
        self.group_index: dict[str, int] = {}
        self.memberships: list[tuple[int, int, str, int]] = []
        self._member_at: dict[int, int] = {}  # person * K + group -> index in memberships
        self.ties: list[_Tie] = []
        self._tie_keys: set[int] = set()
        self._names_used: dict[str, int] = {}
        self.load: dict[int, int] = {}  # active MENTORS ties out of each person
        self._kind_no = {kind: i for i, kind in enumerate(TieKind)}
        self.programs = ProgramBook(today)  # programs, enrolments, requests (by id)

    def name(self) -> str:
        rng = self.rng
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def add_person(self, record: PersonRecord) -> int:
        i = len(self.people)
        self.people.append(record)
        self.ids.append(record.id)
        self.index[record.id] = i
        return i

    def add_group(self, gid: str, name: str, kind: GroupKind) -> int:
        i = len(self.groups)
        self.groups.append(GroupRecord(gid, name, kind))
        self.group_index[gid] = i
        return i

    def unique_group_name(self, name: str) -> str:
        seen = self._names_used.get(name, 0) + 1
        self._names_used[name] = seen
        return name if seen == 1 else f"{name} {_roman(seen)}"

    def member(self, p: int, g: int, role: str, since_ago: int) -> bool:
        key = p * 1_000_003 + g
        if key in self._member_at:
            return False
        self._member_at[key] = len(self.memberships)
        self.memberships.append((p, g, role, max(since_ago, 0)))
        return True

    def set_role(self, p: int, g: int, role: str) -> None:
        at = self._member_at[p * 1_000_003 + g]
        _, _, _, since = self.memberships[at]
        self.memberships[at] = (p, g, role, since)

    def has_tie(self, frm: int, to: int, kind: TieKind) -> bool:
        return (frm * self.n_people + to) * 8 + self._kind_no[kind] in self._tie_keys

    def tie(
        self,
        frm: int,
        to: int,
        kind: TieKind,
        since_ago: int,
        until_ago: int | None,
        strength: float,
        last_ago: int | None,
        functions: tuple[SupportFunction, ...] | None = None,
        formal: bool = False,
    ) -> bool:
        """Record a tie unless it is a self tie or (from, to, kind) already has one.

        Days are counted back from today (negative = in the future). The clamps keep
        since <= lastContact <= min(today, until) and since <= until whatever the caller
        drew.
        """
        if frm == to:
            return False
        key = (frm * self.n_people + to) * 8 + self._kind_no[kind]
        if key in self._tie_keys:
            return False
        self._tie_keys.add(key)
        if since_ago < 0:
            since_ago = 0
        if until_ago is not None and until_ago > since_ago:
            until_ago = since_ago
        if last_ago is not None:
            floor = until_ago if until_ago is not None and until_ago > 0 else 0
            if last_ago < floor:
                last_ago = floor
            if last_ago > since_ago:
                last_ago = since_ago
        self.ties.append(
            (frm, to, kind, since_ago, until_ago, strength, last_ago, functions, formal)
        )
        if kind is TieKind.MENTORS and (until_ago is None or until_ago < 0):
            self.load[frm] = self.load.get(frm, 0) + 1
        return True

    def dataset(self) -> Dataset:
        day = _Dates(self.today)
        ids = self.ids
        groups = self.groups
        memberships = [
            MembershipRecord(ids[p], groups[g].id, role, day[since])
            for p, g, role, since in self.memberships
        ]
        defaults = DEFAULT_FUNCTIONS
        # A seeded tie's id leaves out its dates (since=None), so seeding again on a later
        # day finds the same tie and moves its dates instead of adding a second one.
        ties = [
            TieRecord(
                tie_id_for(ids[frm], ids[to], kind, None),
                ids[frm],
                ids[to],
                kind,
                strength,
                day[since],
                None if until is None else day[until],
                defaults[kind] if functions is None else functions,
                formal,
                None if last is None else day[last],
            )
            for frm, to, kind, since, until, strength, last, functions, formal in self.ties
        ]
        return Dataset(people=self.people, groups=list(groups), memberships=memberships, ties=ties)


class _Dates(dict[int, dt.date]):
    """The date ``ago`` days before today, by ``dates[ago]``: one date object per distinct
    offset (fewer allocations, less memory), and no Python call once it is there."""

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today

    def __missing__(self, ago: int) -> dt.date:
        d = self[ago] = self.today - dt.timedelta(days=ago)
        return d


def email_address(first_last: str, n: int | str, domain: str) -> str:
    """``first.last.<n>@domain``; the number keeps addresses unique where names repeat."""
    return f"{_local_part(first_last)}.{n}@{domain}"


@cache  # a few thousand distinct names for a hundred thousand people
def _local_part(first_last: str) -> str:
    local = ".".join("".join(c for c in part if c.isalnum()) for part in first_last.split())
    return local.lower()


def _roman(n: int) -> str:
    out = []
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)
