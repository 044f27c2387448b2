"""Administration: the audit trail and erasure of a person."""

from __future__ import annotations

import datetime as dt

import strawberry

from graphdb.model import AuditFilter
from resolvers import admin as admin_r
from schema.context import Info


@strawberry.type(description="One audited read or write. Ids only: no names, no PII.")
class AuditEvent:
    id: strawberry.ID
    at: dt.datetime
    actor: str = strawberry.field(description="The person id of the token, or token:<roles>.")
    roles: list[str]
    action: str = strawberry.field(description="The operation or field, e.g. mentorPaths.")
    subject: str | None = strawberry.field(description="The person it was about, if any.")
    allowed: bool


@strawberry.type
class AuditEdge:
    node: AuditEvent
    cursor: str


@strawberry.type
class AuditConnection:
    edges: list[AuditEdge]
    has_next_page: bool
    end_cursor: str | None
    total_count: int


@strawberry.input
class AuditFilterInput:
    actor: str | None = None
    subject: str | None = None
    action: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@strawberry.type(description="What an erasure removed; the audit keeps only the pseudonym.")
class Erasure:
    pseudonym: str
    ties_removed: int
    memberships_removed: int
    audit_events_pseudonymised: int


@strawberry.type
class AdminQuery:
    @strawberry.field(description="The audit trail, newest first; at most 100 a page.")
    async def audit_log(
        self,
        info: Info,
        filter: AuditFilterInput | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> AuditConnection:
        if info.context.audit is not None:
            await info.context.audit.flush()  # what was just done is in the listing
        f = filter or AuditFilterInput()
        total, rows, more = await admin_r.audit_log(
            info.context.db,
            AuditFilter(f.actor, f.subject, f.action, f.since, f.until),
            first,
            after,
        )
        edges = [
            AuditEdge(
                node=AuditEvent(
                    id=strawberry.ID(r["id"]),
                    at=r["at"],
                    actor=r["actor"],
                    roles=list(r.get("roles") or []),
                    action=r["action"],
                    subject=r.get("subject"),
                    allowed=bool(r.get("allowed")),
                ),
                cursor=cursor,
            )
            for r, cursor in rows
        ]
        return AuditConnection(
            edges=edges,
            has_next_page=more,
            end_cursor=edges[-1].cursor if edges else None,
            total_count=total,
        )


@strawberry.type
class AdminMutation:
    @strawberry.mutation(
        description="Erase a person for a right-to-erasure request: their record, ties, "
        "memberships and interactions are deleted; audit events keep a pseudonym. "
        "It cannot be undone."
    )
    async def erase_person(self, info: Info, id: strawberry.ID) -> Erasure:
        if info.context.audit is not None:
            await info.context.audit.flush()  # so the pseudonymising below sees them all
        done = await admin_r.erase_person(info.context.db, str(id), info.context.pseudonym(str(id)))
        info.context.forget_in_audit(str(id), done.pseudonym)
        return Erasure(
            pseudonym=done.pseudonym,
            ties_removed=done.ties,
            memberships_removed=done.memberships,
            audit_events_pseudonymised=done.audit_events,
        )
