"""The projection kept in the process, checked against the graph's version on every use.

Each analysis asks ``current(db)``: one small read of the version (docs/research.md,
"Keeping it current"); when it matches the copy in hand, nothing more is read. When it
does not, the copy is dropped first (so two never sit in memory together) and the graph is
streamed again, once: concurrent requests wait for the same load. Results
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
from graphdb.research import Progress, Projection, Version, load_projection, read_version

T = TypeVar("T")

MEMO_SIZE = 64
"""Results kept per projection (least recently used first out)."""


@dataclass
class _Slot:
    projection: Projection | None = None
    memo: OrderedDict[Any, Any] = field(default_factory=OrderedDict)
    loading: asyncio.Future[Projection] | None = None
    loading_version: Version | None = None
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
    loading = slot.loading
    if loading is None or slot.loading_version != version:
        # The old copy goes first, so two never sit in memory together.
        slot.projection = None
        slot.memo.clear()
        # The copy is the process's, not the request's: it is read outside the request's
        # deadline, and every request that needs it waits for the one load; a request that
        # is cancelled (its client gone) leaves it loading for the others.
        with deadline(None):
            loading = asyncio.ensure_future(load_projection(db, version, progress))
        slot.loading, slot.loading_version = loading, version
        loading.add_done_callback(lambda done: _landed(slot, done))
    return await asyncio.shield(loading)


def _landed(slot: _Slot, done: asyncio.Future[Projection]) -> None:
    if slot.loading is not done:
        return  # a newer version's load replaced it
    slot.loading = slot.loading_version = None
    if not done.cancelled() and done.exception() is None:
        slot.projection = done.result()
        slot.loads += 1


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
