"""Who may call which root field, and the guard that asks before any resolver runs.

The facts each *object* field reveals are in schema/facts.py and are decided per row by
the shaper; this module holds the entry rule of every root field (Query, Mutation,
Subscription): the fact the operation is about and, where the answer depends on whom it
is about, the argument that names the person. ``Guard`` checks the rule once per root
field, before its resolver, and records the field for the request's audit event. A root
field without a rule is refused (and a test fails), so no operation ships without one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graphdb.errors import Forbidden, Unauthenticated
from resolvers import people as people_r
from resolvers.disclosure import Disclosure, Fact, Verdict
from resolvers.programs import requests as requests_r
from resolvers.scope import RequestScope
from schema.context import Info
from schema.facts import FIELD_FACTS, WITHIN

People = Callable[[RequestScope, Mapping[str, Any]], Awaitable[set[str]]]


@dataclass(frozen=True, slots=True)
class Entry:
    """The rule of one root field.

    ``subject`` names the argument (or ``input`` field) that says whom the operation is
    about; under a MINE verdict that person must be the viewer or in their caseload, or
    only the viewer themself when ``own``. ``about`` names further arguments whose people
    the operation touches: the audit records them as subjects too. ``people`` finds the
    people an argument leads to (a request's mentee and mentor), for the same purpose.
    ``optional``: the subject argument may be left out, and the operation is then about
    the viewer themself (the resolver reads it so)."""

    fact: Fact
    subject: str | None = None
    own: bool = False
    about: tuple[str, ...] = ()
    people: People | None = None
    optional: bool = False


ADMIN = Entry(Fact.ADMINISTRATION)


def admin_about(*arguments: str) -> Entry:
    """An administrative write that touches the people these arguments name."""
    return Entry(Fact.ADMINISTRATION, about=arguments)


async def _request_people(scope: RequestScope, kwargs: Mapping[str, Any]) -> set[str]:
    return await requests_r.touched_by_request(scope.db, str(kwargs.get("id")))


async def _closing_people(scope: RequestScope, kwargs: Mapping[str, Any]) -> set[str]:
    # Closing a program cancels its pending requests: their people are touched.
    status = (kwargs.get("patch") or {}).get("status")
    if str(getattr(status, "value", status)) != "CLOSED":
        return set()
    return await requests_r.pending_people(scope.db, str(kwargs.get("id")), None)


async def _leaving_people(scope: RequestScope, kwargs: Mapping[str, Any]) -> set[str]:
    program, person = str(kwargs.get("programId")), str(kwargs.get("personId"))
    return await requests_r.pending_people(scope.db, program, person)


async def _pair_people(scope: RequestScope, kwargs: Mapping[str, Any]) -> set[str]:
    pairs = kwargs.get("pairs") or []
    return {str(p[k]) for p in pairs for k in ("menteeId", "mentorId") if p.get(k)}


ROOT_RULES: dict[str, dict[str, Entry]] = {
    "Query": {
        "person": Entry(Fact.DIRECTORY),
        "people": Entry(Fact.DIRECTORY),
        "group": Entry(Fact.CARD),
        "tie": ADMIN,
        "auditLog": ADMIN,
        "mentorPaths": Entry(Fact.PATHS, "personId"),
        "introductions": Entry(Fact.PATHS, "fromId"),
        "supportProfile": Entry(Fact.ASSESSMENT, "personId"),
        "thinSupport": Entry(Fact.CASELOAD_TOOLS),
        "exposedIfLeaves": Entry(Fact.CASELOAD_TOOLS, about=("personId",)),
        "growingTies": Entry(Fact.GROWING),
        "program": Entry(Fact.PROGRAMS),
        "programs": Entry(Fact.PROGRAMS),
        "programAudience": Entry(Fact.CASELOAD_TOOLS),
        "mentorshipRequests": Entry(Fact.MENTORING, "personId", optional=True),
        "proposeMatches": Entry(Fact.MANAGE_PROGRAMS),
    },
    "Subscription": {"supportAlerts": Entry(Fact.CASELOAD_TOOLS)},
    "Mutation": {
        "createPerson": admin_about("id"),
        "updatePerson": admin_about("id"),
        "createGroup": ADMIN,
        "updateGroup": ADMIN,
        "addTie": Entry(Fact.OWN_TIES, "supporterId", own=True, about=("supportedId",)),
        "confirmTie": Entry(Fact.CONSENT),
        "updateTie": ADMIN,
        "endTie": ADMIN,
        "addMembership": admin_about("personId"),
        "endMembership": admin_about("personId"),
        "erasePerson": admin_about("id"),
        "logInteraction": Entry(Fact.OWN_TIES, "fromId", own=True, about=("toId",)),
        "createProgram": Entry(Fact.MANAGE_PROGRAMS),
        "updateProgram": Entry(Fact.MANAGE_PROGRAMS, people=_closing_people),
        "enrol": Entry(Fact.MENTORING, "personId"),
        "leaveProgram": Entry(Fact.MENTORING, "personId", people=_leaving_people),
        "requestMentorship": Entry(Fact.MENTORING, "menteeId", about=("mentorId",)),
        "acceptRequest": Entry(Fact.MENTORING, people=_request_people),
        "declineRequest": Entry(Fact.MENTORING, people=_request_people),
        "cancelRequest": Entry(Fact.MENTORING, people=_request_people),
        "completeMentorship": Entry(Fact.MENTORING, people=_request_people),
        "acceptProposals": Entry(Fact.MANAGE_PROGRAMS, people=_pair_people),
    },
}


class Scope(Enum):
    """Row-level limits on what a root field lists, on top of its entry rule."""

    CASELOAD = "advisors see only the people they actively support"


ROW_SCOPE: dict[tuple[str, str], Scope] = {
    ("Query", "thinSupport"): Scope.CASELOAD,
    ("Query", "exposedIfLeaves"): Scope.CASELOAD,
    ("Query", "programAudience"): Scope.CASELOAD,
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


def subject_of(entry: Entry, kwargs: Mapping[str, Any]) -> str | None:
    """The person a root field is about, from its arguments (or its ``input``)."""
    return _argument(entry.subject, kwargs) if entry.subject is not None else None


def touched_by(entry: Entry, kwargs: Mapping[str, Any]) -> set[str]:
    """Everyone the arguments name as touched by the operation (for the audit)."""
    found = {_argument(name, kwargs) for name in (entry.subject, *entry.about) if name}
    return {pid for pid in found if pid is not None}


def _argument(name: str, kwargs: Mapping[str, Any]) -> str | None:
    # Extensions see graphql-core's arguments: GraphQL names, input objects as dicts.
    value = kwargs.get(name)
    if value is None:
        inp = kwargs.get("input")
        value = inp.get(name) if isinstance(inp, Mapping) else None
    return str(value) if value is not None else None


async def check_entry(scope: RequestScope, entry: Entry, subject: str | None, where: str) -> None:
    """Refuse (FORBIDDEN) unless the viewer may run this root field about ``subject``."""
    disclosure = scope.disclosure()
    if disclosure.pseudonymous and (entry.subject or entry.about):
        # A real id in, an answer out, would tie the id to what a researcher may only see
        # under a pseudonym: researchers reach people only through the analytics.
        raise Forbidden(
            f"{where}: names a person by id, and researchers see people only as pseudonyms, "
            "through the research analytics"
        )
    verdict = disclosure.verdict(entry.fact)
    if verdict is Verdict.YES:
        return
    if verdict is Verdict.MINE:
        if entry.subject is None:
            return  # the rows are limited instead (ROW_SCOPE)
        viewer = disclosure.viewer
        if subject is not None and subject == viewer.sub:
            return
        if subject is None and entry.optional:
            return
        access = scope.access
        if not entry.own and subject is not None and access and await access.supports(subject):
            return
    raise Forbidden(f"{where}: {_refusal(disclosure, entry)}")


async def check_introduction_target(scope: RequestScope, to_id: str) -> None:
    """``introductions`` reveals the ties around the person reached: besides acting for
    ``fromId``, the viewer must act for them too, or they must be open to introductions."""
    disclosure = scope.disclosure()
    if disclosure.verdict(Fact.PATHS) is Verdict.YES:
        return
    access = scope.access
    if to_id == disclosure.viewer.sub or (access is not None and await access.supports(to_id)):
        return
    if await people_r.open_door(scope.db, to_id):
        return
    raise Forbidden(
        "Query.introductions: the person reached must be open to new mentees (open door) "
        "or someone you support",
        field="toId",
    )


def parent_is_mutation(info: GraphQLResolveInfo[Any]) -> bool:
    return info.parent_type.name == "Mutation"


def _refusal(disclosure: Disclosure, entry: Entry) -> str:
    if entry.own and disclosure.verdict(entry.fact) is Verdict.MINE:
        return f"{entry.fact.value} is allowed only about yourself"
    return disclosure.refusal(entry.fact)


class Guard(SchemaExtension):
    """Checks every root field's entry rule before it runs; nested fields of planned
    values never reach a resolver (the shaper decides them), and a nested field of an
    object built by hand passes only if it reveals nothing of its own."""

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
        scope: RequestScope = info.context
        if scope.refusal is not None:
            raise scope.refusal
        if scope.access is None:
            raise scope.auth_error or Unauthenticated(
                "send a bearer token: Authorization: Bearer <token>"
            )
        rules = ROOT_RULES.get(parent)
        if rules is None:
            rule = FIELD_FACTS.get(parent, {}).get(field)
            if rule is WITHIN or rule is Fact.CARD:
                return _next(root, info, *args, **kwargs)
            raise Forbidden(f"{parent}.{field} must be reached through a planned field")
        entry = rules.get(field)
        if entry is None:
            raise Forbidden(f"{parent}.{field} has no access rule yet, so it is refused")
        subject = subject_of(entry, kwargs)
        return self._checked(
            scope, entry, subject, f"{parent}.{field}", _next, root, info, args, kwargs
        )

    async def _checked(
        self,
        scope: RequestScope,
        entry: Entry,
        subject: str | None,
        where: str,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        action = info.field_name
        await scope.check_viewer()
        try:
            await check_entry(scope, entry, subject, where)
        except Forbidden:
            scope.audit_refused(action, subject)
            raise
        write = parent_is_mutation(info)
        touched = touched_by(entry, kwargs)
        if entry.people is not None:
            touched |= await entry.people(scope, kwargs)
        scope.audit_action(action, touched, write=write)
        if write:
            # No write runs unaudited: if its event cannot be stored, it does not run.
            await scope.audit_now()
        elif info.parent_type.name == "Subscription":
            await scope.submit_audit()  # recorded when it starts, not when the stream ends
        value = _next(root, info, *args, **kwargs)
        return await value if isinstance(value, Awaitable) else value

    async def on_execute(self) -> AsyncIterator[None]:
        scope: RequestScope = self.execution_context.context
        # A subscription lives as long as its client wants; each event is its own work.
        streaming = self.execution_context.operation_type is OperationType.SUBSCRIPTION
        with scope.deadline(streaming=streaming):
            yield

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        await self.execution_context.context.submit_audit()
