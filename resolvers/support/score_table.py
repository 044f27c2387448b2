"""The score table behind the thin-support list: re-scoring everyone the stored scores
cannot vouch for, and re-scoring at once after a write (what alerts are made of).

The protocol is docs/support-score.md §5; the queries are ``graphdb.score_table``.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from graphdb import score_table as store
from graphdb.driver import Database, Tx
from resolvers.support.profile import assess
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings

REFRESH_CHUNK = 2_000
"""People re-scored per transaction: each one a few seconds at most, well inside the query
timeout, and a step of the progress bar; an interrupted refresh keeps what it stored."""
REFRESH_PARALLEL = 2
"""Chunks in flight at once: Neo4j reads and stores one while Python scores another."""

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """A re-scored person whose stored score or thinness changed (what alerts are made of)."""

    person_id: str
    old_score: float | None
    new_score: float
    was_thin: bool | None
    thin: bool
    reasons: list[str]

    @property
    def thin_changed(self) -> bool:
        return self.was_thin is not None and self.was_thin != self.thin


@dataclass(frozen=True, slots=True)
class Refresh:
    rescored: int
    changes: list[ScoreChange]


# Refreshes in one process take turns, per database: concurrent requests that find the
# same people stale would otherwise all re-score them. Weak keys, so a closed Database is
# forgotten with its lock (an id() key could be reused by the next one).
_refresh_locks: weakref.WeakKeyDictionary[Database, asyncio.Lock] = weakref.WeakKeyDictionary()


def _lock(db: Database) -> asyncio.Lock:
    lock = _refresh_locks.get(db)
    if lock is None:
        lock = _refresh_locks[db] = asyncio.Lock()
    return lock


def _in_order(ids: Iterable[str]) -> list[str]:
    """Distinct, by id: every refresh (in any process) then takes the people's row locks
    in one order, so two refreshes never wait on each other in a circle."""
    return sorted(set(ids))


async def _rescore_chunk(
    db: Database, chunk: list[str], settings: SupportSettings
) -> list[ScoreChange]:
    async def work(tx: Tx) -> list[ScoreChange]:
        out: list[ScoreChange] = []
        stored: list[dict[str, Any]] = []
        for r in await store.lock_and_tie_data(tx, chunk):
            p = assess(r["id"], r["ties"], None, r["today"], settings)
            stored.append(
                {"id": p.person_id, "score": p.score, "thin": p.thin, "validUntil": p.valid_until}
            )
            if r["storedScore"] != p.score or r["storedThin"] != p.thin:
                out.append(
                    ScoreChange(
                        p.person_id, r["storedScore"], p.score, r["storedThin"], p.thin, p.reasons
                    )
                )
        await store.store_scores(tx, stored)
        return out

    return await db.transaction(work, timeout=300)


async def _rescore(
    db: Database,
    ids: Sequence[str],
    settings: SupportSettings,
    progress: Progress | None = None,
) -> list[ScoreChange]:
    chunks = [list(ids[i : i + REFRESH_CHUNK]) for i in range(0, len(ids), REFRESH_CHUNK)]
    changes: list[ScoreChange] = []
    done = 0
    # Chunks hold disjoint people, and each takes its people's locks in id order.
    for start in range(0, len(chunks), REFRESH_PARALLEL):
        batch = chunks[start : start + REFRESH_PARALLEL]
        for found in await asyncio.gather(*(_rescore_chunk(db, c, settings) for c in batch)):
            changes.extend(found)
        done += sum(len(c) for c in batch)
        if progress:
            progress("scoring support profiles", done, len(ids))
    return changes


async def refresh_scores(
    db: Database,
    settings: SupportSettings = DEFAULT_SETTINGS,
    state: store.StaleState | None = None,
    progress: Progress | None = None,
) -> Refresh:
    """Re-score everyone the table cannot vouch for: marked stale by a writer, past their
    validity date, or never scored (created by any writer since). Cheap when nothing is.

    ``state`` is a state just read (``graphdb.score_table.StaleState``): when it shows no
    work this returns at once; otherwise the state is read again under the lock."""
    if state is not None and not state.has_work:
        return Refresh(0, [])
    async with _lock(db):
        state = await store.stale_state(db)
        todo = state.stale + state.expired
        if state.people > state.scored:
            todo += await store.unscored(db)
        ids = _in_order(todo)
        if not ids:
            return Refresh(0, [])
        return Refresh(len(ids), await _rescore(db, ids, settings, progress))


async def rebuild_scores(
    db: Database,
    settings: SupportSettings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
) -> int:
    """Score everyone from scratch (a change of settings; ``supportweb rescore --all``).

    Resumable: everyone is marked stale first, and each chunk clears its people's marks
    as it stores their scores, so after an interruption ``refresh_scores`` (``supportweb
    rescore``) scores exactly the people still to do."""
    await store.mark_everyone_stale(db)
    return (await refresh_scores(db, settings, progress=progress)).rescored


async def drop_score_table(db: Database) -> None:
    """Forget every stored score (benchmarks of the cold path; tests)."""
    await store.drop_score_table(db)


async def support_changed(
    db: Database, person_ids: Sequence[str], settings: SupportSettings = DEFAULT_SETTINGS
) -> list[ScoreChange]:
    """After a write that changed these people's support: mark them and re-score them now.
    Returns the changes by person id.

    Writers should also call ``graphdb.score_table.mark_stale`` inside their own
    transaction, so that a crash between the write and this call still leaves them marked.
    """
    ids = _in_order(person_ids)
    if not ids:
        return []
    await store.mark_stale(db, ids)
    async with _lock(db):
        return await _rescore(db, ids, settings)
