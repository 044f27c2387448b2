"""Erasure of a person, and the refusal of tokens that speak for someone erased.

``erase_person`` erases in one transaction (graphdb/erase.py), then re-scores the people
they supported. ``Tombstones`` answers "was this token's person erased?" for every request
that carries a person id, from a small per-process cache: each answer is kept for
``ttl`` seconds, so a token of someone erased on another worker is refused within that
time (at once on the worker that erased them) for one indexed read per person per
``ttl``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from graphdb import erase
from graphdb.driver import Database
from graphdb.errors import Unauthenticated
from graphdb.profiles import supported_by
from resolvers.alerts import after_support_write
from resolvers.audit import audit_key, tombstone_key
from resolvers.scope import RequestScope

TTL_S = 5.0
MAX_ENTRIES = 10_000


async def erase_person(scope: RequestScope, person_id: str) -> erase.Erasure:
    supported = await supported_by(scope.db, person_id)
    key = scope.audit_key()
    done = await erase.erase_person(
        scope.db, person_id, audit_key(key, person_id), tombstone_key(key, person_id)
    )
    scope.forget_in_audit(person_id)
    if scope.tombstones is not None:
        scope.tombstones.bury(person_id)
    # The people they supported have lost a supporter: re-score them, alert on flips.
    await after_support_write(scope.db, supported)
    return done


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
