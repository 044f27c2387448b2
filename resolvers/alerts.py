"""Support alerts: what a write that changed someone's support publishes, and the bus that
brings published alerts to this process's subscribers.

A write re-scores the people it touched and appends an alert to the graph's sequence
(``graphdb.alerts``) for each whose thinness flipped. Each server process runs one
``AlertBus``, a poller that reads the sequence about once a second and fans new alerts out
to its subscribers. Because the sequence lives in Neo4j, a write handled by any worker
reaches subscribers on every worker; the cost is one small query a second per worker,
whatever the number of subscribers.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence

from graphdb import alerts
from graphdb.driver import Database, Row
from graphdb.errors import SupportwebError, Timeout, Unavailable
from graphdb.model import PeopleFilter
from graphdb.people import matching
from graphdb.profiles import supported_by
from resolvers.support.score_table import ScoreChange, support_changed

log = logging.getLogger("supportweb.alerts")
MAX_QUEUE = 1000

Sleep = Callable[[float], Awaitable[None]]


async def after_support_write(db: Database, person_ids: Sequence[str]) -> list[ScoreChange]:
    """Re-score the people a write touched; publish an alert for each whose thinness flipped.

    The write has committed by now, and marked these people stale in its own transaction.
    If Neo4j goes away before they are re-scored, the next reader re-scores them (the
    stale mark says so); the write is not reported as failed, because it did not fail —
    only its alerts are not sent (docs/reliability.md).
    """
    try:
        return await _rescore_and_alert(db, person_ids)
    except (Unavailable, Timeout) as error:
        log.warning("re-scoring after a write was left to the next reader: %s", error.message)
        return []


async def _rescore_and_alert(db: Database, person_ids: Sequence[str]) -> list[ScoreChange]:
    changes = await support_changed(db, person_ids)
    flips = [c for c in changes if c.thin_changed]
    await alerts.publish(
        db,
        [
            {
                "personId": c.person_id,
                "oldScore": c.old_score,
                "newScore": c.new_score,
                "wasThin": c.was_thin,
                "thin": c.thin,
                "reasons": list(c.reasons),
            }
            for c in flips
        ],
    )
    return changes


class AlertBus:
    """One poller per process, started by the first subscriber, stopped with the last.

    ``sleep`` is the wait between polls (tests pass one they control); ``polling`` is set
    once the poller has read where the sequence stands, so an alert published after it is
    set reaches every subscriber of that moment.
    """

    def __init__(self, db: Database, interval: float = 1.0, sleep: Sleep = asyncio.sleep) -> None:
        self.db = db
        self.interval = interval
        self._sleep = sleep
        self._queues: set[asyncio.Queue[Row]] = set()
        self._task: asyncio.Task[None] | None = None
        self.polling = asyncio.Event()

    @property
    def listening(self) -> bool:
        """A subscriber is attached and the poller has read where the sequence stands: an
        alert published from now on reaches every subscriber."""
        task = self._task
        return bool(self._queues) and self.polling.is_set() and task is not None and not task.done()

    async def subscribe(self) -> AsyncGenerator[Row, None]:
        queue: asyncio.Queue[Row] = asyncio.Queue(MAX_QUEUE)
        self._queues.add(queue)
        if self._task is None or self._task.done():
            self.polling.clear()
            # A fresh context: the poller outlives the request that started it, and must not
            # inherit its deadline (graphdb.driver.deadline).
            self._task = asyncio.create_task(
                self._poll(await alerts.latest(self.db)), context=contextvars.Context()
            )
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues.discard(queue)

    async def _poll(self, after: int) -> None:
        self.polling.set()
        while self._queues:
            try:
                for alert in await alerts.since(self.db, after):
                    after = max(after, int(alert["seq"]))
                    for queue in list(self._queues):
                        with contextlib.suppress(asyncio.QueueFull):
                            queue.put_nowait(alert)  # a stalled subscriber drops alerts
            except SupportwebError as error:
                log.warning("support alerts: polling failed (%s); retrying", error.message)
            await self._sleep(self.interval)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def alert_matches(
    db: Database, alert: Row, flt: PeopleFilter | None, scope: str | None
) -> bool:
    """Whether a subscriber with this filter, limited to the caseload of ``scope`` (an
    advisor's id; None for no limit), should get the alert.

    The caseload is read afresh for each alert, so a tie ended since the subscription
    began stops the alerts about that person. The filter is the same Cypher every list
    uses (``graphdb.cypher.people_filter``).
    """
    pid = str(alert["personId"])
    if scope is not None and pid not in await supported_by(db, scope):
        return False
    return flt is None or pid in await matching(db, [pid], flt)
