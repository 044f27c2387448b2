"""The audit trail: one ``:AuditEvent`` per read of someone's profile, paths or support web,
and per write. Events hold ids and operation names only, never names or other PII."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any, LiteralString

from graphdb.driver import Database, Row
from graphdb.errors import SupportwebError
from graphdb.model import AuditFilter

log = logging.getLogger("supportweb.audit")


@dataclass(frozen=True, slots=True)
class AuditEvent:
    actor: str
    roles: tuple[str, ...]
    action: str
    subject: str | None
    allowed: bool
    # When it happened (not when the batch was written), so the log's order is the truth.
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def to_params(self) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "at": self.at,
            "actor": self.actor,
            "roles": list(self.roles),
            "action": self.action,
            "subject": self.subject,
            "allowed": self.allowed,
        }


RECORD: LiteralString = """
UNWIND $events AS e
CREATE (a:AuditEvent)
SET a = e
"""

# Each filter is off when null; keyset pagination on (at, id), newest first.
LIST: LiteralString = """
CALL () {
  MATCH (e:AuditEvent)
  WHERE ($actor IS NULL OR e.actor = $actor) AND ($subject IS NULL OR e.subject = $subject)
    AND ($action IS NULL OR e.action = $action)
    AND ($since IS NULL OR e.at >= $since) AND ($until IS NULL OR e.at < $until)
  RETURN count(e) AS total
}
CALL () {
  MATCH (e:AuditEvent)
  WHERE ($actor IS NULL OR e.actor = $actor) AND ($subject IS NULL OR e.subject = $subject)
    AND ($action IS NULL OR e.action = $action)
    AND ($since IS NULL OR e.at >= $since) AND ($until IS NULL OR e.at < $until)
    AND ($afterAt IS NULL OR e.at < $afterAt OR (e.at = $afterAt AND e.id < $afterId))
  WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
  RETURN collect(e {.id, .at, .actor, .roles, .action, .subject, .allowed}) AS page
}
RETURN total, page
"""

PSEUDONYMISE: LiteralString = """
MATCH (e:AuditEvent) WHERE e.actor = $id OR e.subject = $id
SET e.actor = CASE WHEN e.actor = $id THEN $pseudonym ELSE e.actor END,
    e.subject = CASE WHEN e.subject = $id THEN $pseudonym ELSE e.subject END
RETURN count(e) AS n
"""


async def record(db: Database, events: list[AuditEvent]) -> None:
    if events:
        await db.write(RECORD, {"events": [e.to_params() for e in events]})


async def list_events(
    db: Database, flt: AuditFilter, first: int, after: tuple[dt.datetime, str] | None
) -> tuple[int, list[Row], bool]:
    params: dict[str, Any] = {
        "actor": flt.actor,
        "subject": flt.subject,
        "action": flt.action,
        "since": flt.since,
        "until": flt.until,
        "afterAt": after[0] if after else None,
        "afterId": after[1] if after else None,
        "limit": first + 1,
    }
    row = await db.read_one(LIST, params)
    assert row is not None  # aggregates always return a row
    page: list[Row] = row["page"]
    return row["total"], page[:first], len(page) > first


class AuditWriter:
    """Writes audit events in the background, in batches, off the request path.

    Requests hand their events over and return; a task writes whatever has gathered every
    ``interval`` seconds. ``flush()`` writes everything pending now: the audit listing and
    erasure call it first, and the app calls it on shutdown. A hard crash can lose at most
    the last ``interval`` of events.
    """

    def __init__(self, db: Database, interval: float = 0.25) -> None:
        self.db = db
        self.interval = interval
        self._pending: list[AuditEvent] = []
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    def submit(self, events: list[AuditEvent]) -> None:
        self._pending.extend(events)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._later())

    async def _later(self) -> None:
        await asyncio.sleep(self.interval)
        try:
            await self.flush()
        except SupportwebError as error:
            log.error("audit events could not be written yet (%s); will retry", error.message)
            if self._pending:
                self._task = asyncio.create_task(self._later())

    async def flush(self) -> None:
        async with self._lock:
            batch, self._pending = self._pending, []
            try:
                await record(self.db, batch)
            except BaseException:
                self._pending[:0] = batch  # keep them for the next attempt
                raise

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        await self.flush()
