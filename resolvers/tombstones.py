"""Refusing tokens that speak for someone erased.

``Tombstones`` answers "was this token's person erased?" for every request that carries a
person id, from a small per-process cache: each answer is kept for ``ttl`` seconds, so a
token of someone erased on another worker is refused within that time (at once on the
worker that erased them) for one indexed read per person per ``ttl``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from graphdb import erase
from graphdb.driver import Database
from graphdb.errors import Unauthenticated
from resolvers.audit import tombstone_key

TTL_S = 5.0
MAX_ENTRIES = 10_000


class Tombstones:
    def __init__(
        self, key: str, *, ttl: float = TTL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.key = key
        self.ttl = ttl
        self.clock = clock
        self._seen: dict[str, tuple[bool, float]] = {}

    async def check(self, db: Database, person_id: str) -> None:
        """Raise UNAUTHENTICATED when the person a token speaks for was erased."""
        now = self.clock()
        hit = self._seen.get(person_id)
        if hit is None or now - hit[1] > self.ttl:
            if len(self._seen) >= MAX_ENTRIES:
                self._seen.clear()
            buried = await erase.is_buried(db, tombstone_key(self.key, person_id))
            hit = self._seen[person_id] = (buried, now)
        if hit[0]:
            raise Unauthenticated("the person this token speaks for was erased")

    def bury(self, person_id: str) -> None:
        self._seen[person_id] = (True, self.clock())
