"""The projection kept in the process, checked against the graph's version on every use.

Each analysis asks ``current(db)``: one small read of the version (docs/research.md,
"Keeping the copy current"); when it matches the copy in hand, nothing more is read.
When it does not, the copy is dropped first (so two never sit in memory together) and the
graph is streamed again, under a lock, so concurrent requests load it once. Results
derived from a projection — a filter's people, a subgraph, a finished analysis — are kept
with it (``memo``) and go with it.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graphdb.driver import Database, deadline
from graphdb.research import Progress, Projection, load_projection, read_version

T = TypeVar("T")

MEMO_SIZE = 64
"""Results kept per projection (least recently used first out)."""


@dataclass
class _Slot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    projection: Projection | None = None
    memo: OrderedDict[Any, Any] = field(default_factory=OrderedDict)
    loads: int = 0


# Per Database, held weakly (a closed one is forgotten with its copy).
_slots: weakref.WeakKeyDictionary[Database, _Slot] = weakref.WeakKeyDictionary()


def _slot(db: Database) -> _Slot:
    slot = _slots.get(db)
    if slot is None:
        slot = _slots[db] = _Slot()
    return slot


async def current(db: Database, progress: Progress | None = None) -> Projection:
    """The projection of the graph as it is now."""
    slot = _slot(db)
    version = await read_version(db)
    held = slot.projection
    if held is not None and held.version == version:
        return held
    async with slot.lock:
        version = await read_version(db)
        held = slot.projection
        if held is not None and held.version == version:
            return held
        slot.projection = None
        slot.memo.clear()
        # The copy is the process's, not the request's: it is read outside the request's
        # deadline, and a request that is cancelled (its client gone) leaves it loading.
        with deadline(None):
            loading = asyncio.ensure_future(load_projection(db, version, progress))
        projection = await asyncio.shield(loading)
        slot.projection = projection
        slot.loads += 1
        return projection


def loads(db: Database) -> int:
    """How many times this process has streamed the graph (tests and benchmarks)."""
    return _slot(db).loads


def memo(db: Database, projection: Projection, key: Any, compute: Callable[[], T]) -> T:
    """``compute()`` once per projection and key."""
    slot = _slot(db)
    if slot.projection is not projection:
        return compute()  # a newer copy replaced it meanwhile: do not mix the two
    if key in slot.memo:
        slot.memo.move_to_end(key)
        value: T = slot.memo[key]
        return value
    value = compute()
    slot.memo[key] = value
    while len(slot.memo) > MEMO_SIZE:
        slot.memo.popitem(last=False)
    return value


async def memo_async(
    db: Database, projection: Projection, key: Any, compute: Callable[[], Awaitable[T]]
) -> T:
    """``memo`` for work that awaits: a read of the database, or a computation handed to a
    worker thread (``in_thread``) so the server keeps answering meanwhile."""
    slot = _slot(db)
    if slot.projection is projection and key in slot.memo:
        slot.memo.move_to_end(key)
        held: T = slot.memo[key]
        return held
    value = await compute()
    return memo(db, projection, key, lambda: value)


def in_thread(work: Callable[[], T]) -> Callable[[], Awaitable[T]]:
    """``work`` run in a worker thread when awaited (igraph and numpy hold the loop else)."""
    return lambda: asyncio.to_thread(work)
