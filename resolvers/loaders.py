"""Per-request DataLoaders: a page of people with nested fields costs a constant number of
queries. They are built per request (never module-level) so no cache outlives a request or
crosses between users."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graphdb import groups, people, ties
from graphdb.driver import Database, Row
from resolvers.support.profile import SupportProfile
from resolvers.support.profiles import support_profiles

K = TypeVar("K")
V = TypeVar("V")

TieKey = tuple[str, tuple[str, ...], int]
"""(person id, tie kinds, page size): one batch per distinct (kinds, page size)."""


def _tie_loader(
    db: Database,
    fetch: Callable[[Database, list[str], list[str], int], Awaitable[dict[str, list[Row]]]],
) -> DataLoader[TieKey, list[Row]]:
    async def load(keys: list[TieKey]) -> list[list[Row]]:
        groups_: dict[tuple[tuple[str, ...], int], list[str]] = defaultdict(list)
        for pid, kinds, first in keys:
            groups_[(kinds, first)].append(pid)
        found: dict[TieKey, list[Row]] = {}
        for (kinds, first), ids in groups_.items():
            rows = await fetch(db, ids, list(kinds), first)
            for pid in ids:
                found[(pid, kinds, first)] = rows.get(pid, [])
        return [found[k] for k in keys]

    return DataLoader(load_fn=load)


def _by_id(
    fetch: Callable[[list[str]], Awaitable[dict[str, V]]],
) -> DataLoader[str, V | None]:
    async def load(keys: list[str]) -> list[V | None]:
        found = await fetch(list(dict.fromkeys(keys)))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def _lists(
    fetch: Callable[[list[str]], Awaitable[dict[str, list[Row]]]],
) -> DataLoader[str, list[Row]]:
    async def load(keys: list[str]) -> list[list[Row]]:
        found = await fetch(list(dict.fromkeys(keys)))
        return [found.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    db: Database
    person: DataLoader[str, Row | None] = field(init=False)
    group: DataLoader[str, Row | None] = field(init=False)
    supporters: DataLoader[TieKey, list[Row]] = field(init=False)
    supporting: DataLoader[TieKey, list[Row]] = field(init=False)
    memberships: DataLoader[str, list[Row]] = field(init=False)
    profile: DataLoader[str, SupportProfile | None] = field(init=False)

    def __post_init__(self) -> None:
        db = self.db
        self.person = _by_id(lambda ids: people.people_by_ids(db, ids))
        self.group = _by_id(lambda ids: groups.groups_by_ids(db, ids))
        self.supporters = _tie_loader(db, ties.ties_towards)
        self.supporting = _tie_loader(db, ties.ties_from)
        self.memberships = _lists(lambda ids: groups.memberships_of(db, ids))
        self.profile = _by_id(lambda ids: support_profiles(db, ids))

    def prime_people(self, rows: list[Row]) -> None:
        """People read as a page need no second read when a tie points back at them."""
        for row in rows:
            self.person.prime(row["id"], row)
