"""Everything one request (or one operation over a websocket) may use: the database, who is
asking, the request's loaders and audit, and the process's alert bus.

It is the GraphQL context (``info.context``), built by the server for each request; the
schema layer reaches the database only through it and the resolvers it calls.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphdb.audit import record
from graphdb.audit_writer import AuditWriter
from graphdb.driver import Database, deadline
from graphdb.errors import Forbidden, SupportwebError, Unauthenticated
from graphdb.people import caseload_of
from graphdb.selection import RowScope
from resolvers.access import Access
from resolvers.alerts import AlertBus
from resolvers.audit import AuditTrail
from resolvers.auth import Viewer
from resolvers.disclosure import Disclosure, Fact, Verdict
from resolvers.pagination import Cursors, cursors_for
from resolvers.programs.settings import ProgramSettings
from resolvers.pseudonyms import pseudonym
from resolvers.tombstones import Tombstones


@dataclass
class RequestScope:
    db: Database
    secret: str
    viewer: Viewer | None = None
    auth_error: Unauthenticated | None = None
    alerts: AlertBus | None = None
    audit: AuditWriter | None = None
    # The transport's own objects (Starlette request or websocket, response), for the
    # GraphQL server library; the domain never reads them.
    request: Any = None
    response: Any = None
    # Set by the GraphQL server from a websocket's connection_init payload.
    connection_params: dict[str, Any] | None = None
    hints: list[str] = field(default_factory=list)
    # Keys researchers' pseudonyms (SUPPORTWEB_PSEUDONYM_KEY); the token secret if unset.
    pseudonym_key: str | None = None
    # The most an operation may cost (schema/cost.py); 0 for no limit.
    cost_budget: int = 0
    # Takes one operation from the subject's rate-limit bucket: 0 when allowed, else the
    # seconds to wait (websocket operations; HTTP requests are limited before parsing).
    take_operation: Callable[[], float] | None = None
    # One deadline for all the statements of a request (None: only each one's own).
    request_timeout_s: float | None = None
    # Why this request is refused before any field runs (a rate limit), if it is.
    refusal: SupportwebError | None = None
    # The process's cache of erased people (resolvers/erasure.py), if the server keeps one.
    tombstones: Tombstones | None = None
    # Limits and clock of mentorship requests (SUPPORTWEB_MAX_PENDING_REQUESTS, …).
    programs: ProgramSettings = field(default_factory=ProgramSettings)
    access: Access | None = field(init=False, default=None)
    trail: AuditTrail | None = field(init=False, default=None)
    _viewer_checked: bool = field(init=False, default=False)
    cursors: Cursors = field(init=False)

    def __post_init__(self) -> None:
        self.cursors = cursors_for(self.secret)
        self.sign_in(self.viewer)

    def for_operation(self) -> RequestScope:
        """A fresh scope for one operation over a long-lived connection: the token checked
        again (an expired one refuses the operation) and the rate limit taken."""
        viewer, error = self.viewer, self.auth_error
        if viewer is not None and viewer.expired(time.time()):
            viewer, error = None, Unauthenticated("the token has expired: reconnect with a new one")
        scope = RequestScope(
            db=self.db,
            secret=self.secret,
            viewer=viewer,
            auth_error=error,
            alerts=self.alerts,
            audit=self.audit,
            request=self.request,
            response=self.response,
            connection_params=self.connection_params,
            pseudonym_key=self.pseudonym_key,
            cost_budget=self.cost_budget,
            take_operation=self.take_operation,
            request_timeout_s=self.request_timeout_s,
            tombstones=self.tombstones,
            programs=self.programs,
        )
        wait = self.take_operation() if self.take_operation else 0.0
        if wait:
            retry = max(1, math.ceil(wait))
            scope.refusal = Forbidden(
                f"rate limit exceeded for this token: retry in {retry} s",
                extensions={"reason": "RATE_LIMITED", "retryAfter": retry},
            )
        return scope

    @contextlib.contextmanager
    def deadline(self, *, streaming: bool = False) -> Iterator[None]:
        """Run one operation under the request's single deadline (a subscription lives as
        long as its client wants, so each of its events has only the statements' own)."""
        with deadline(None if streaming else self.request_timeout_s):
            yield

    async def check_viewer(self) -> None:
        """Once per request: refuse a token whose person was erased (UNAUTHENTICATED)."""
        if self._viewer_checked:
            return
        viewer = self.viewer
        if viewer is not None and viewer.sub is not None and self.tombstones is not None:
            await self.tombstones.check(self.db, viewer.sub)
        self._viewer_checked = True

    def disclosure(self) -> Disclosure:
        """What this request's viewer may learn (an unsigned request learns nothing: it is
        refused before any field runs)."""
        if self.viewer is None:
            raise self.auth_error or Unauthenticated(
                "send a bearer token: Authorization: Bearer <token>"
            )
        return Disclosure(self.viewer)

    async def visible(self, fact: Fact) -> list[str] | None:
        """Whom this viewer may learn ``fact`` about, for lists that must leave out the
        rest: None for anyone; else themself and their caseload (MINE), or no one (NO)."""
        verdict = self.disclosure().verdict(fact)
        if verdict is Verdict.YES:
            return None
        if verdict is Verdict.NO or self.access is None:
            return []
        mine = set(await self.access.caseload())
        if self.access.viewer.sub:
            mine.add(self.access.viewer.sub)
        return sorted(mine)

    def pseudonym(self, value: str) -> str:
        return pseudonym(self.pseudonym_key or self.secret, value)

    async def row_scope(self) -> RowScope | None:
        """The per-row mark the projections need (None when no fact depends on the row)."""
        if not self.disclosure().needs_rows or self.access is None:
            return None
        viewer = self.access.viewer
        return RowScope(viewer.sub, tuple(sorted(await self.access.caseload())))

    def add_audit_subjects(self, subjects: set[str]) -> None:
        if self.trail is not None:
            self.trail.about(subjects)

    def audit_action(
        self, action: str, subjects: set[str], *, write: bool = False, always: bool = False
    ) -> None:
        """A root field ran: the request's audit names it (and whom it was about);
        ``always``: recorded even when it read no one's personal data."""
        if self.trail is not None:
            self.trail.ran(action, subjects, write=write, always=always)

    def audit_refused(self, action: str, subject: str | None) -> None:
        if self.trail is not None:
            self.trail.refuse(action, subject)

    def forget_in_audit(self, person_id: str) -> str:
        """An erased person: this request's audit names them by their audit key only,
        which it returns."""
        assert self.trail is not None  # only a signed-in admin erases
        return self.trail.forget(person_id)

    def sign_in(self, viewer: Viewer | None) -> None:
        self.viewer = viewer
        self.access = Access(viewer, self._read_caseload) if viewer else None
        self.trail = AuditTrail(self.audit_key(), viewer) if viewer else None

    def audit_key(self) -> str:
        """Keys the audit's names and the tombstones (the pseudonym key)."""
        return self.pseudonym_key or self.secret

    def scope_to_supported(self) -> str | None:
        """The person id an advisor's lists are limited to (None: no limit)."""
        return self.access.scope() if self.access else None

    async def submit_audit(self) -> None:
        """Hand this request's audit events to the writer (background, batched), or write
        them now where the scope has no writer (scripts, tests)."""
        events = self.trail.take() if self.trail is not None else []
        if not events:
            return
        if self.audit is not None:
            self.audit.submit(events)
        else:
            await record(self.db, events)

    async def audit_now(self) -> None:
        """Write this request's audit so far, and everything pending, before going on: a
        write runs only once its audit is stored (fail closed)."""
        await self.submit_audit()
        if self.audit is not None:
            await self.audit.flush()

    async def _read_caseload(self) -> frozenset[str]:
        sub = self.viewer.sub if self.viewer else None
        return frozenset(await caseload_of(self.db, sub)) if sub else frozenset()
