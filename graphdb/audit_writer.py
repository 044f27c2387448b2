"""The background audit writer: requests hand their events over and return; a task writes
them in batches (``graphdb.audit.record``), off the request path. ``/readyz`` reports what
it has done (``WriterStats``)."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from dataclasses import dataclass

from graphdb.audit import AuditEvent, record
from graphdb.driver import Database
from graphdb.errors import SupportwebError, Unavailable

log = logging.getLogger("supportweb.audit")


@dataclass(frozen=True, slots=True)
class WriterStats:
    """What the background writer has done since the process started (``/readyz``
    reports it): the bug that made it write a transaction per few events under load went
    unseen for many sessions because nothing said how many events a batch held."""

    submitted: int  # events handed over by requests
    stored: int  # of them, written
    batches: int  # transactions that wrote them
    failed: int  # batches that could not be written (kept for the next one)

    @property
    def pending(self) -> int:
        return self.submitted - self.stored

    @property
    def events_per_batch(self) -> float:
        return round(self.stored / self.batches, 1) if self.batches else 0.0


class _Round:
    """One write of the pending events, whose outcome every flush waiting on it shares."""

    def __init__(self) -> None:
        self.done = asyncio.Event()
        self.error: BaseException | None = None
        self.task: asyncio.Task[None] | None = None


class AuditWriter:
    """Writes audit events in the background, in batches, off the request path.

    Requests hand their events over and return; a task writes whatever has gathered every
    ``interval`` seconds. ``flush()`` returns once everything submitted before it is
    stored: the audit listing, erasure and every write (which must not run unaudited) call
    it, and the app calls it on shutdown. A hard crash can lose at most the last
    ``interval`` of read events.

    A flush waits for the events it was called for, not for those that arrive while it
    waits: under steady load there always are some, and a flush that chased them turned
    the background writer into one transaction per few events (150 a second at 300
    requests a second, a third of the server's CPU) instead of one per ``interval``.
    Events are stored in the order they were submitted (a failed batch goes back in
    front), so "stored up to here" is one count.

    Concurrent flushes share one write at a time, and its outcome: when Neo4j is away,
    the writes waiting to be audited fail together as soon as that one write fails,
    instead of each trying in turn behind the one before (with six writers, ten seconds
    of waiting for an answer that was UNAVAILABLE all along).
    """

    def __init__(self, db: Database, interval: float = 0.25) -> None:
        self.db = db
        self.interval = interval
        self._pending: list[AuditEvent] = []
        self._task: asyncio.Task[None] | None = None
        self._round: _Round | None = None
        # Events ever submitted, and how many of them are stored (always a prefix).
        self._submitted = 0
        self._stored = 0
        self._batches = 0
        self._failed = 0

    def stats(self) -> WriterStats:
        return WriterStats(self._submitted, self._stored, self._batches, self._failed)

    def submit(self, events: list[AuditEvent]) -> None:
        self._pending.extend(events)
        self._submitted += len(events)
        if self._task is None or self._task.done():
            self._schedule()

    def _schedule(self) -> None:
        # A fresh context: the writer outlives the request that woke it and must not
        # inherit its deadline (graphdb.driver.deadline), or a batch written after that
        # request ended times out at once — and with it every write waiting on it.
        self._task = asyncio.create_task(self._later(), context=contextvars.Context())

    async def _later(self) -> None:
        await asyncio.sleep(self.interval)
        try:
            await self.flush()
        except SupportwebError as error:
            log.error("audit events could not be written yet (%s); will retry", error.message)
        # What arrived during this write (or was kept after a failed one) goes in the next
        # batch, one interval on: no later request may be needed to wake the writer.
        if self._pending:
            self._schedule()

    async def flush(self) -> None:
        """Return once every event submitted before the call is stored; raise (and keep
        them pending) when they cannot be."""
        target = self._submitted
        while self._stored < target:
            # A write under way may hold our events, or they wait for the next one.
            current = self._round or self._start_round()
            await current.done.wait()
            if isinstance(current.error, Exception):
                raise current.error
            if current.error is not None:
                raise Unavailable("the audit could not be written: the server is stopping")

    def _start_round(self) -> _Round:
        current = self._round = _Round()
        batch, self._pending = self._pending, []
        # Its own task, in a fresh context: the write belongs to no one request, so no
        # request's deadline bounds it and no client that goes away cancels it for the rest.
        current.task = asyncio.create_task(
            self._write(current, batch), context=contextvars.Context()
        )
        return current

    async def _write(self, current: _Round, batch: list[AuditEvent]) -> None:
        try:
            await record(self.db, batch)
            self._stored += len(batch)
            self._batches += 1
        except BaseException as error:
            self._pending[:0] = batch  # kept for the next attempt
            self._failed += 1
            current.error = error
            if not isinstance(error, Exception):
                raise
        finally:
            self._round = None
            current.done.set()

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        await self.flush()
