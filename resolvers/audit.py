"""What one request tells the audit trail, and the keys the trail names people by.

A request gathers the root fields it ran, the people whose personal data it read or
wrote (its *subjects*) and the fields it was refused. When it ends it becomes at most one
allowed event (its root fields, all its subjects) and one refused event per refused field,
handed to the background writer — or, for a write, written at once before the write runs
(``write_now``), so that no write goes unaudited: if the audit cannot be written, the
write is refused (fail closed).

People are named by keyed pseudonyms (``audit_key``) with their ids kept once, beside the
trail (graphdb/audit.py), so erasure can detach a person from every event they appear in
without touching — or breaking the hash chain of — the events themselves.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphdb.audit import AuditEvent, Named
from resolvers.auth import Viewer
from resolvers.pseudonyms import keyed

AUDIT = "audit"
TOMBSTONE = "tombstone"


def audit_key(key: str, person_id: str) -> str:
    return keyed(key, AUDIT, person_id)


def tombstone_key(key: str, person_id: str) -> str:
    return keyed(key, TOMBSTONE, person_id)


def actor_label(viewer: Viewer) -> str:
    """How an actor without a person id is named: by their roles."""
    return "token:" + "+".join(sorted(r.value for r in viewer.roles)).lower()


@dataclass
class AuditTrail:
    """One request's (or one websocket operation's) contribution to the audit."""

    key: str
    viewer: Viewer
    actions: list[str] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    write: bool = False
    # A root field whose every use is recorded, personal data or not (the analytics).
    always: bool = False
    refused: list[tuple[str, str | None]] = field(default_factory=list)
    # Erased during this request: (id, its audit key) — named only by the key from now on.
    forgotten: dict[str, str] = field(default_factory=dict)

    def ran(
        self, action: str, subjects: Iterable[str], *, write: bool = False, always: bool = False
    ) -> None:
        self.actions.append(action)
        self.subjects.update(subjects)
        self.write = self.write or write
        self.always = self.always or always

    def about(self, subjects: Iterable[str]) -> None:
        self.subjects.update(subjects)

    def refuse(self, action: str, subject: str | None) -> None:
        self.refused.append((action, subject))

    def forget(self, person_id: str) -> str:
        """An erased person: from now on this request names them by key only."""
        alias = audit_key(self.key, person_id)
        self.forgotten[person_id] = alias
        return alias

    def take(self) -> list[AuditEvent]:
        """The events gathered so far (then empty): the allowed one when the request read
        someone's personal data or wrote anything, and one per refused field."""
        events: list[AuditEvent] = []
        if self.actions and (self.subjects or self.write or self.always):
            action = ",".join(dict.fromkeys(self.actions))
            events.append(self._event(action, self.subjects, allowed=True))
        for action, subject in self.refused:
            events.append(self._event(action, {subject} if subject else set(), allowed=False))
        self.actions.clear()
        self.subjects.clear()
        self.refused.clear()
        self.write = False
        self.always = False
        return events

    def _event(self, action: str, people: set[str], *, allowed: bool) -> AuditEvent:
        sub = self.viewer.sub
        named = {p for p in people if p not in self.forgotten}
        if sub is not None and sub not in self.forgotten:
            named.add(sub)
        names = tuple(
            Named(audit_key(self.key, p), p, tombstone_key(self.key, p)) for p in sorted(named)
        )
        subjects = tuple(sorted(self._key(p) for p in people))
        actor = self._key(sub) if sub is not None else actor_label(self.viewer)
        roles = tuple(sorted(r.value for r in self.viewer.roles))
        return AuditEvent(actor, roles, action, subjects, allowed, names)

    def _key(self, person_id: str) -> str:
        return self.forgotten.get(person_id) or audit_key(self.key, person_id)


def command_event(key: str, action: str, subjects: Iterable[str] = ()) -> AuditEvent:
    """An audited command run on the server's machine (an export, a token minted): the
    actor is the operating-system user who ran it."""
    people = sorted(set(subjects))
    names = tuple(Named(audit_key(key, p), p, tombstone_key(key, p)) for p in people)
    actor = "cli:" + getpass.getuser()
    return AuditEvent(actor, ("CLI",), action, tuple(n.key for n in names), True, names)
