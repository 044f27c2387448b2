"""The seed's programs, enrolments and requests, gathered while the scenarios run and
turned into records at the end (graphdb.programs.records.ProgramData).

Times are counted back from the seed's ``today``, like every date of the seed: a request
``created`` three days ago is pending whatever the day the seed runs. Requests are stamped
at nine in the morning (UTC) of their day, and expire after the default of
SUPPORTWEB_REQUEST_TTL_DAYS.
"""

from __future__ import annotations

import datetime as dt

from graphdb.programs.records import (
    EnrolmentRecord,
    ProgramData,
    ProgramRecord,
    ProgramSide,
    RequestRecord,
    RequestStatus,
)

TTL_DAYS = 14
"""The default of SUPPORTWEB_REQUEST_TTL_DAYS."""

# Why each answered request says it was closed, as the API would say it.
_REASON = {
    RequestStatus.CANCELLED: "cancelled by the mentee",
    RequestStatus.EXPIRED: f"no answer within {TTL_DAYS} days",
}


class ProgramBook:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.data = ProgramData()
        self.ids: set[str] = set()
        self._asked: set[str] = set()

    def add_program(self, record: ProgramRecord) -> bool:
        """False when the id is taken."""
        if record.id in self.ids:
            return False
        self.ids.add(record.id)
        self.data.programs.append(record)
        return True

    def enrol(
        self, person: str, program: str, side: ProgramSide, since_ago: int, capacity: int | None
    ) -> None:
        since = self.today - dt.timedelta(days=max(since_ago, 0))
        self.data.enrolments.append(EnrolmentRecord(person, program, side, since, capacity))

    def ask(
        self,
        mentee: str,
        mentor: str,
        program: str,
        status: RequestStatus,
        created_ago: int,
        decided_after: int | None,
        message: str | None,
        reason: str | None,
        tie_id: str | None,
    ) -> str:
        """Record the request; returns its id (stable: the two people and the program)."""
        rid = f"r-seed-{program}-{mentee}-{mentor}"
        day = self.today - dt.timedelta(days=created_ago)
        created = dt.datetime.combine(day, dt.time(9), dt.UTC)
        expires = created + dt.timedelta(days=TTL_DAYS)
        decided: dt.datetime | None = None
        if status is RequestStatus.EXPIRED:
            decided = expires
        elif status is not RequestStatus.PENDING:
            decided = created + dt.timedelta(days=decided_after or 0)
        self.data.requests.append(
            RequestRecord(
                rid,
                mentee,
                mentor,
                program,
                status,
                created,
                expires,
                decided,
                message,
                reason or _REASON.get(status),
                tie_id,
            )
        )
        return rid
