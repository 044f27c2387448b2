"""Administration: the audit trail and erasure of a person."""

from __future__ import annotations

import datetime as dt

import strawberry

from graphdb.model import AuditFilter
from resolvers import admin as admin_r
from resolvers import erasure
from schema.context import Info


@strawberry.type(
    description="One audited request, refused field or command. Ids only: no names, no PII."
)
class AuditEvent:
    id: strawberry.ID = strawberry.field(description="Its place in the hash-chained trail.")
    at: dt.datetime
    actor: str = strawberry.field(
        description="The person id of the token, token:<roles>, or cli:<user>; an erased "
        "person's audit key."
    )
    roles: list[str]
    action: str = strawberry.field(
        description="The root fields a request ran (comma-separated), the refused field "
        "(Type.field), or the command."
    )
    subjects: list[str] = strawberry.field(
        description="Everyone whose personal data it read or wrote (erased people by key)."
    )
    subject: str | None = strawberry.field(
        description="The first of `subjects`.", deprecation_reason="Use `subjects`."
    )
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


@strawberry.type(description="What an erasure removed; the audit keeps only their key.")
class Erasure:
    pseudonym: str = strawberry.field(description="The audit key the trail now names them by.")
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
        scope = info.context
        total, rows, more = await admin_r.audit_log(
            scope.db,
            scope.audit_key(),
            scope.cursors,
            AuditFilter(f.actor, f.subject, f.action, f.since, f.until),
            first,
            after,
        )
        edges = [
            AuditEdge(
                node=AuditEvent(
                    id=strawberry.ID(str(r["seq"])),
                    at=r["at"],
                    actor=r["actor"],
                    roles=list(r.get("roles") or []),
                    action=r["action"],
                    subjects=list(r["subjects"]),
                    subject=r["subjects"][0] if r["subjects"] else None,
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
        "memberships, interactions and alerts are deleted, reasons naming them in others' "
        "alerts rewritten, the audit detached from their id (events keep their audit key), "
        "their tokens refused and their id retired. It cannot be undone."
    )
    async def erase_person(self, info: Info, id: strawberry.ID) -> Erasure:
        done = await erasure.erase_person(info.context, str(id))
        return Erasure(
            pseudonym=done.pseudonym,
            ties_removed=done.ties,
            memberships_removed=done.memberships,
            audit_events_pseudonymised=done.audit_events,
        )
