"""Who may see and do what: one policy table, enforced for every field in one place.

``Guard`` is a schema extension whose ``resolve`` runs before every field resolver, looks
the field up in ``POLICY`` and either lets it run, or raises FORBIDDEN with the rule's
words. A field missing from the policy is denied (and a test fails), so a new field
cannot ship without a rule.

Subjects: a rule about "the person" means the Person being resolved (for Person fields)
or the person named by the operation's argument (``personId``, ``id``, ``fromId``, …).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from enum import Enum
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

from graphdb.errors import Forbidden, Unauthenticated
from resolvers.access import Access
from resolvers.auth import ViewerRole
from schema.context import Info


class Rule(Enum):
    """Each rule's value is the sentence a refused user reads."""

    ANYONE = "any signed-in user"
    RECORD = "the full record: admins, the person themself, and people who actively support them"
    WEB = (
        "a support web, profile or path: admins, the person themself, people who actively "
        "support them, and researchers (pseudonymised)"
    )
    PERSONAL = "paths and profiles: admins, the person themself, and people who support them"
    ADVISORS = "advisor tools: admins and advisors"
    ANALYTICS = "analytics: admins and researchers"
    ADMIN = "admins only"
    SUPPORTER_WRITE = "admins, or an advisor writing about their own ties"
    NOT_RESEARCHER = "identifying details: never shown to researchers"


# Which argument names the subject of a root operation.
SUBJECT_ARGS: tuple[str, ...] = ("personId", "fromId", "supporterId", "id")

POLICY: dict[str, dict[str, Rule]] = {
    "Query": {
        "person": Rule.ANYONE,
        "people": Rule.ANYONE,
        "group": Rule.ANYONE,
        "tie": Rule.ADMIN,
        "auditLog": Rule.ADMIN,
        "mentorPaths": Rule.PERSONAL,
        "introductions": Rule.PERSONAL,
        "supportProfile": Rule.PERSONAL,
        "thinSupport": Rule.ADVISORS,
        "exposedIfLeaves": Rule.ADVISORS,
        "growingTies": Rule.ADMIN,
    },
    "Subscription": {"supportAlerts": Rule.ADVISORS},
    "Mutation": {
        "createPerson": Rule.ADMIN,
        "updatePerson": Rule.ADMIN,
        "createGroup": Rule.ADMIN,
        "updateGroup": Rule.ADMIN,
        "addTie": Rule.SUPPORTER_WRITE,
        "updateTie": Rule.ADMIN,
        "endTie": Rule.ADMIN,
        "addMembership": Rule.ADMIN,
        "endMembership": Rule.ADMIN,
        "erasePerson": Rule.ADMIN,
        "logInteraction": Rule.SUPPORTER_WRITE,
    },
    "Person": {
        "id": Rule.ANYONE,
        "name": Rule.NOT_RESEARCHER,
        "email": Rule.RECORD,
        "roles": Rule.ANYONE,
        "department": Rule.ANYONE,
        "classYear": Rule.WEB,
        "level": Rule.WEB,
        "interests": Rule.WEB,
        "expertise": Rule.ANYONE,
        "servesLevels": Rule.ANYONE,
        "openDoor": Rule.ANYONE,
        "capacity": Rule.ANYONE,
        "load": Rule.ANYONE,
        "available": Rule.ANYONE,
        "supporters": Rule.WEB,
        "supporting": Rule.WEB,
        "groups": Rule.WEB,
        "supportWeb": Rule.WEB,
        "supportProfile": Rule.WEB,
    },
    "SupportProfile": {
        **dict.fromkeys(
            (
                "size",
                "range",
                "strength",
                "functionsCovered",
                "functionsMissing",
                "singlePointsOfFailure",
                "effectiveSize",
                "constraint",
                "typology",
                "score",
                "thin",
                "supporters",
                "scoreParts",
                "asOf",
            ),
            Rule.ANYONE,
        ),
        # Reasons name supporters ("only Prof. Lee supports you academically").
        "reasons": Rule.NOT_RESEARCHER,
    },
    "Supporter": dict.fromkeys(
        ("kinds", "functions", "strength", "lastContact", "person"), Rule.ANYONE
    ),
    "ScoreComponent": dict.fromkeys(("name", "points"), Rule.ANYONE),
    "SupportAssessment": dict.fromkeys(("person", "profile"), Rule.ANYONE),
    "SupportAssessmentEdge": dict.fromkeys(("node", "cursor"), Rule.ANYONE),
    "SupportAssessmentConnection": dict.fromkeys(("edges", "pageInfo", "totalCount"), Rule.ANYONE),
    "GrowingTie": dict.fromkeys(
        ("tie", "months", "interactions", "contactMonths", "reasons"), Rule.ANYONE
    ),
    "Interaction": dict.fromkeys(("id", "at", "kind", "fromId", "toId"), Rule.ANYONE),
    "SupportAlert": dict.fromkeys(
        ("at", "oldScore", "newScore", "wasThin", "thin", "reasons", "person"), Rule.ANYONE
    ),
    "MentorMatch": dict.fromkeys(
        ("score", "hops", "ties", "reasons", "scoreParts", "mentor", "path"), Rule.ANYONE
    ),
    "ScorePart": dict.fromkeys(("name", "value", "weight", "points", "detail"), Rule.ANYONE),
    "Introduction": dict.fromkeys(("hops", "strength", "ties", "reasons", "path"), Rule.ANYONE),
    "SupportWeb": dict.fromkeys(("people", "ties", "truncated"), Rule.ANYONE),
    "SupportTie": dict.fromkeys(
        (
            "id",
            "kind",
            "supporter",
            "supported",
            "since",
            "until",
            "strength",
            "functions",
            "formal",
            "lastContact",
        ),
        Rule.ANYONE,
    ),
    "Group": dict.fromkeys(("id", "name", "kind", "members"), Rule.ANYONE),
    "Membership": dict.fromkeys(("role", "since", "group"), Rule.ANYONE),
    "AuditEvent": dict.fromkeys(
        ("id", "at", "actor", "roles", "action", "subject", "allowed"), Rule.ADMIN
    ),
    "AuditEdge": dict.fromkeys(("node", "cursor"), Rule.ADMIN),
    "AuditConnection": dict.fromkeys(
        ("edges", "hasNextPage", "endCursor", "totalCount"), Rule.ADMIN
    ),
    "Erasure": dict.fromkeys(
        ("pseudonym", "tiesRemoved", "membershipsRemoved", "auditEventsPseudonymised"),
        Rule.ADMIN,
    ),
    "PageInfo": dict.fromkeys(("hasNextPage", "endCursor"), Rule.ANYONE),
    "PersonEdge": dict.fromkeys(("node", "cursor"), Rule.ANYONE),
    "PersonConnection": dict.fromkeys(("edges", "pageInfo", "totalCount"), Rule.ANYONE),
}


class Scope(Enum):
    """Row-level limits on what a root field lists, on top of its rule."""

    CASELOAD = "advisors see only the people they actively support"


ROW_SCOPE: dict[tuple[str, str], Scope] = {
    ("Query", "thinSupport"): Scope.CASELOAD,
    ("Query", "exposedIfLeaves"): Scope.CASELOAD,
    ("Subscription", "supportAlerts"): Scope.CASELOAD,
}


def caseload_scope(info: Info) -> str | None:
    """The advisor whose caseload this field's rows are limited to (None: no limit)."""
    scope = ROW_SCOPE.get((str(info.path.typename), info.field_name))
    access = info.context.access
    if scope is not Scope.CASELOAD or access is None:
        return None
    return access.scope()


async def within_caseload(info: Info, person_ids: list[str]) -> list[str]:
    """The ids this field may list for its viewer, by ROW_SCOPE (in their order)."""
    access = info.context.access
    if caseload_scope(info) is None or access is None:
        return person_ids
    caseload = await access.caseload()
    return [pid for pid in person_ids if pid in caseload]


# Reads of someone's support web, profile or paths are audited; so is every mutation.
AUDITED: frozenset[tuple[str, str]] = frozenset(
    {
        ("Person", "supporters"),
        ("Person", "supporting"),
        ("Person", "supportProfile"),
        ("Person", "supportWeb"),
        ("Query", "supportProfile"),
        ("Query", "mentorPaths"),
        ("Query", "introductions"),
        ("Query", "exposedIfLeaves"),
    }
)

# Fields whose value is an id that researchers see only as a keyed pseudonym.
PSEUDONYMISED: frozenset[tuple[str, str]] = frozenset({("Person", "id"), ("SupportTie", "id")})


def pseudonym(secret: str, value: str) -> str:
    """A stable, keyed pseudonym: the same id gives the same pseudonym under one secret,
    and without the secret it cannot be reversed or recomputed."""
    digest = hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()
    return "anon:" + digest[:20]


def _subject(root: Any, parent: str, kwargs: Mapping[str, Any]) -> str | None:
    if parent == "Person":
        return str(root.id)
    for name in SUBJECT_ARGS:
        value = kwargs.get(name)
        if isinstance(value, str):
            return value
    inp = kwargs.get("input")
    if isinstance(inp, Mapping):
        for name in SUBJECT_ARGS:
            value = inp.get(name)
            if isinstance(value, str):
                return value
    return None


def _refuse(rule: Rule, parent: str, field: str) -> Forbidden:
    return Forbidden(f"{parent}.{field} is limited to {rule.value}")


def check(
    rule: Rule, access: Access, subject: str | None, parent: str, field: str
) -> Awaitable[None] | None:
    """None when allowed outright; an awaitable when the answer needs the graph;
    raises Forbidden when refused."""
    viewer = access.viewer
    if viewer.admin or rule is Rule.ANYONE:
        return None
    researcher = viewer.has(ViewerRole.RESEARCHER)
    if rule is Rule.ADMIN:
        raise _refuse(rule, parent, field)
    if rule is Rule.NOT_RESEARCHER:
        if researcher and len(viewer.roles) == 1:
            raise _refuse(rule, parent, field)
        return None
    if rule is Rule.ANALYTICS:
        if researcher:
            return None
        raise _refuse(rule, parent, field)
    if rule is Rule.ADVISORS:
        if viewer.has(ViewerRole.ADVISOR):
            return None
        raise _refuse(rule, parent, field)
    if rule is Rule.WEB and researcher:
        return None
    if rule is Rule.SUPPORTER_WRITE:
        if viewer.has(ViewerRole.ADVISOR) and subject is not None and subject == viewer.sub:
            return None
        raise _refuse(rule, parent, field)
    # RECORD, WEB, PERSONAL: the person themself (speaking as student or advisor, not as a
    # researcher, whose token is for analytics), or someone who supports them.
    personal = viewer.has(ViewerRole.STUDENT) or viewer.has(ViewerRole.ADVISOR)
    if personal and subject is not None and subject == viewer.sub:
        return None
    if subject is None or not viewer.has(ViewerRole.ADVISOR):
        raise _refuse(rule, parent, field)

    async def supporter_only() -> None:
        if not await access.supports(subject):
            raise _refuse(rule, parent, field)

    return supporter_only()


class Guard(SchemaExtension):
    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        parent = info.parent_type.name
        field = info.field_name
        if parent.startswith("__") or field.startswith("__"):
            return _next(root, info, *args, **kwargs)
        access = info.context.access
        if access is None:
            raise info.context.auth_error or Unauthenticated(
                "send a bearer token: Authorization: Bearer <token>"
            )
        rule = POLICY.get(parent, {}).get(field)
        if rule is None:
            raise Forbidden(f"{parent}.{field} has no access rule yet, so it is refused")
        subject = _subject(root, parent, kwargs)
        action = f"{parent}.{field}" if parent != "Query" and parent != "Mutation" else field
        audited = parent == "Mutation" or (parent, field) in AUDITED
        try:
            pending = check(rule, access, subject, parent, field)
        except Forbidden:
            if audited:
                access.audit(action, subject, allowed=False)
            raise
        pseudo = (parent, field) in PSEUDONYMISED and access.viewer.roles == frozenset(
            {ViewerRole.RESEARCHER}
        )
        if pending is None:
            if audited:
                access.audit(action, subject, allowed=True)
            if not pseudo:
                return _next(root, info, *args, **kwargs)
        audit = (action, subject) if audited and pending is not None else None
        return self._checked(pending, pseudo, audit, access, _next, root, info, *args, **kwargs)

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        await self.execution_context.context.submit_audit()

    async def _checked(
        self,
        pending: Awaitable[None] | None,
        pseudo: bool,
        audit: tuple[str, str | None] | None,
        access: Access,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if pending is not None:
            try:
                await pending
            except Forbidden:
                if audit:
                    access.audit(*audit, allowed=False)
                raise
            if audit:
                access.audit(*audit, allowed=True)
        value = _next(root, info, *args, **kwargs)
        if hasattr(value, "__await__"):
            value = await value
        if pseudo and isinstance(value, str):
            return pseudonym(info.context.secret, value)
        return value
