"""Live support alerts over graphql-transport-ws (issue 4).

Each server process runs one ``AlertBus``: a poller that reads new alerts from the graph's
alert sequence (``graphdb.alerts``) about once a second and fans them out to this
process's subscribers. Because the sequence lives in Neo4j, a write handled by any worker
reaches subscribers on every worker; the cost is one small query a second per worker,
whatever the number of subscribers.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from graphdb import alerts, groups
from graphdb.driver import Database, Row
from graphdb.errors import Forbidden, NotFound, SupportwebError
from graphdb.people import people_by_ids
from graphdb.profiles import supported_by
from schema.auth import ViewerRole
from schema.context import Info
from schema.inputs import PersonFilter
from schema.types import Person

log = logging.getLogger("supportweb.alerts")
MAX_QUEUE = 1000


class AlertBus:
    def __init__(self, db: Database, interval: float = 1.0) -> None:
        self.db = db
        self.interval = interval
        self._queues: set[asyncio.Queue[Row]] = set()
        self._task: asyncio.Task[None] | None = None

    async def subscribe(self) -> AsyncGenerator[Row, None]:
        queue: asyncio.Queue[Row] = asyncio.Queue(MAX_QUEUE)
        self._queues.add(queue)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._poll(await alerts.latest(self.db)))
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues.discard(queue)

    async def _poll(self, after: int) -> None:
        while self._queues:
            try:
                for alert in await alerts.since(self.db, after):
                    after = max(after, int(alert["seq"]))
                    for queue in list(self._queues):
                        with contextlib.suppress(asyncio.QueueFull):
                            queue.put_nowait(alert)  # a stalled subscriber drops alerts
            except SupportwebError as error:
                log.warning("support alerts: polling failed (%s); retrying", error.message)
            await asyncio.sleep(self.interval)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


@strawberry.type(description="A student became thin, or was lifted out of thin support.")
class SupportAlert:
    at: dt.datetime
    old_score: float | None
    new_score: float
    was_thin: bool | None
    thin: bool
    reasons: list[str]
    person_id: strawberry.Private[str]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        row = await info.context.loaders.person.load(self.person_id)
        if row is None:
            raise NotFound(f"no person with id {self.person_id!r}")
        return Person.from_row(row)


async def _matches(db: Database, alert: Row, flt: PersonFilter | None, scope: str | None) -> bool:
    pid = alert["personId"]
    if scope is not None and pid not in await supported_by(db, scope):
        return False
    if flt is None:
        return True
    row = (await people_by_ids(db, [pid])).get(pid)
    if row is None:
        return False
    checks: list[tuple[Any, Any]] = [
        (flt.department, row.get("department")),
        (flt.class_year, row.get("classYear")),
        (flt.level.value if flt.level else None, row.get("level")),
    ]
    if any(want is not None and want != have for want, have in checks):
        return False
    if flt.roles and not {r.value for r in flt.roles} & set(row.get("roles") or []):
        return False
    if flt.group_id:
        member = (await groups.memberships_of(db, [pid])).get(pid, [])
        if str(flt.group_id) not in {m["group"]["id"] for m in member}:
            return False
    return True


@strawberry.type
class AlertSubscription:
    @strawberry.subscription(
        description="Alerts when a write makes someone thin or lifts them out of it. "
        "Advisors receive alerts only about people they support."
    )
    async def support_alerts(
        self, info: Info, filter: PersonFilter | None = None
    ) -> AsyncGenerator[SupportAlert, None]:
        viewer = info.context.viewer
        if viewer is None:
            raise info.context.auth_error or Forbidden("send a token in connection_init")
        if not (viewer.admin or viewer.has(ViewerRole.ADVISOR)):
            raise Forbidden("supportAlerts is limited to advisor tools: admins and advisors")
        scope = info.context.scope_to_supported()
        bus = info.context.alerts
        if bus is None:
            raise Forbidden("alerts are not available on this server")
        async for alert in bus.subscribe():
            if await _matches(info.context.db, alert, filter, scope):
                yield SupportAlert(
                    at=alert["at"],
                    old_score=alert.get("oldScore"),
                    new_score=float(alert["newScore"]),
                    was_thin=alert.get("wasThin"),
                    thin=bool(alert["thin"]),
                    reasons=list(alert.get("reasons") or []),
                    person_id=alert["personId"],
                )
