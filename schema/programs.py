"""Root fields for mentoring programs and mentorship requests (SPEC §8, issue 11).

Who may call each is in schema/permissions.py (``ROOT_RULES``); who may act on a given
request, once it is read, in resolvers/programs/actors.py.
"""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.auth import ViewerRole
from resolvers.programs import audience as audience_r
from resolvers.programs import matching as matching_r
from resolvers.programs import programs as programs_r
from resolvers.programs import requests as requests_r
from resolvers.programs.actors import Actor
from schema.context import Info
from schema.enums import ProgramSide, ProgramStatus, RequestStatus
from schema.people import value_of
from schema.permissions import caseload_scope
from schema.program_types import (
    AudienceFit,
    AudienceInput,
    Connection,
    Enrolment,
    MatchPairInput,
    MatchProposal,
    MentorshipRequest,
    Program,
    ProgramInput,
    ProgramPatch,
)
from schema.selection import Sel, planned
from schema.types import unset_to_dict
from schema.values import PersonRef, enrolment_value, page_info, request_value


def _audience(value: AudienceInput | None) -> dict[str, Any] | None:
    return None if value is None else vars(value)


def _connection(edges: list[dict[str, Any]], has_next: bool, end: str | None, total: Any) -> Any:
    return {"edges": edges, "pageInfo": page_info(has_next, end), "totalCount": total}


async def _actor(info: Info) -> Actor:
    scope = info.context
    viewer = scope.viewer
    assert viewer is not None  # the guard let a signed-in viewer through
    advisor = viewer.has(ViewerRole.ADVISOR)
    caseload = await scope.access.caseload() if advisor and scope.access else frozenset()
    return Actor(viewer.sub, viewer.admin, advisor, caseload)


def _request(row: dict[str, Any]) -> MentorshipRequest:
    return value_of(MentorshipRequest, request_value(row))


@strawberry.type
class ProgramQuery:
    @strawberry.field(description="One program, or null.")
    async def program(self, info: Info, id: strawberry.ID) -> Program | None:
        return value_of(Program, await programs_r.find_program(info.context.db, str(id)))

    @strawberry.field(description="Programs by name, of one status if given (first: 1-100).")
    async def programs(
        self,
        info: Info,
        status: ProgramStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Program]:
        page = await programs_r.program_page(info.context, status, first, after)
        edges = [{"node": row, "cursor": cursor} for row, cursor in page.edges]
        return value_of(
            Connection[Program], _connection(edges, page.has_next, page.end_cursor, page.total)
        )

    @strawberry.field(
        description="The people the program's audience selects who are not its mentees "
        "yet, most in need first: thin support, then no mentor yet in its topics, then the "
        "lowest support score (first: 1-100). Advisors see the people they support."
    )
    async def program_audience(
        self, info: Info, program_id: strawberry.ID, first: int = 20, after: str | None = None
    ) -> Connection[AudienceFit]:
        scope, advisor = info.context, caseload_scope(info)

        async def fetch(sel: Sel | None) -> Any:
            page = await audience_r.program_audience(
                scope.db,
                str(program_id),
                first,
                after,
                scope.cursors,
                with_total=sel is not None and sel.has("totalCount"),
                caseload_of=advisor,
            )
            scope.add_audit_subjects({e.person_id for e in page.edges})
            edges = [
                {
                    "node": {"person": PersonRef(e.person_id), "fit": e.fit, "reasons": e.reasons},
                    "cursor": e.cursor,
                }
                for e in page.edges
            ]
            return _connection(edges, page.has_next, page.end_cursor, page.total)

        return planned(Connection[AudienceFit], fetch)

    @strawberry.field(
        description="Requests a person is part of, as mentee or mentor, newest first "
        "(first: 1-100). Without personId: your own (admins: everyone's)."
    )
    async def mentorship_requests(
        self,
        info: Info,
        person_id: strawberry.ID | None = None,
        status: RequestStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[MentorshipRequest]:
        scope = info.context
        viewer = scope.viewer
        assert viewer is not None
        person = str(person_id) if person_id else (None if viewer.admin else viewer.sub)
        page = await requests_r.request_page(
            scope.db, scope.cursors, person, status, first, after, scope.programs
        )
        scope.add_audit_subjects({r[k] for r, _ in page.edges for k in ("menteeId", "mentorId")})
        edges = [{"node": request_value(r), "cursor": c} for r, c in page.edges]
        return value_of(
            Connection[MentorshipRequest],
            _connection(edges, page.has_next, page.end_cursor, page.total),
        )

    @strawberry.field(
        description="The program's unmatched mentees assigned to its mentors for the "
        "highest total score, every capacity kept (an optimum, not a greedy pass)."
    )
    async def propose_matches(self, info: Info, program_id: strawberry.ID) -> list[MatchProposal]:
        scope = info.context
        found = await matching_r.propose_matches(scope.db, str(program_id), scope.programs)
        scope.add_audit_subjects({pid for p in found for pid in (p.mentee_id, p.mentor_id)})
        rows = [
            {
                "mentee": PersonRef(p.mentee_id),
                "mentor": PersonRef(p.mentor_id),
                "score": p.score,
                "reasons": p.reasons,
            }
            for p in found
        ]
        return value_of(list[MatchProposal], rows)


@strawberry.type
class ProgramMutation:
    @strawberry.mutation(description="Create a program; CONFLICT if the id is taken.")
    async def create_program(self, info: Info, input: ProgramInput) -> Program:
        fields = vars(input) | {"audience": _audience(input.audience)}
        return value_of(Program, await programs_r.create_program(info.context.db, fields))

    @strawberry.mutation(
        description="Change a program; status DRAFT -> OPEN -> CLOSED (a closed one may open "
        "again). Closing cancels its pending requests."
    )
    async def update_program(self, info: Info, id: strawberry.ID, patch: ProgramPatch) -> Program:
        changes = unset_to_dict(patch)
        if "audience" in changes:
            changes["audience"] = _audience(changes["audience"])
        scope = info.context
        row = await programs_r.update_program(scope.db, str(id), changes, scope.programs)
        return value_of(Program, row)

    @strawberry.mutation(
        description="Enrol a person in an open program as a mentor (with their places in it, "
        "else the program's default) or a mentee; enrolling again changes the places."
    )
    async def enrol(
        self,
        info: Info,
        program_id: strawberry.ID,
        person_id: strawberry.ID,
        side: ProgramSide,
        capacity: int | None = None,
    ) -> Enrolment:
        scope = info.context
        row = await programs_r.enrol(
            scope.db,
            await _actor(info),
            str(program_id),
            str(person_id),
            side,
            capacity,
            scope.programs,
        )
        return value_of(Enrolment, enrolment_value(row))

    @strawberry.mutation(
        description="Leave a program (both sides); pending requests there that the person "
        "is part of are cancelled, accepted mentorships go on."
    )
    async def leave_program(
        self, info: Info, program_id: strawberry.ID, person_id: strawberry.ID
    ) -> bool:
        scope = info.context
        return await programs_r.leave(scope.db, str(program_id), str(person_id), scope.programs)

    @strawberry.mutation(
        description="Ask someone to be a mentor, in a program or not; it expires unanswered "
        "after SUPPORTWEB_REQUEST_TTL_DAYS."
    )
    async def request_mentorship(
        self,
        info: Info,
        mentee_id: strawberry.ID,
        mentor_id: strawberry.ID,
        program_id: strawberry.ID | None = None,
        message: str | None = None,
    ) -> MentorshipRequest:
        scope = info.context
        pair = requests_r.Pair(str(mentee_id), str(mentor_id))
        program = str(program_id) if program_id else None
        actor = await _actor(info)
        return _request(
            await requests_r.request_mentorship(
                scope.db, actor, pair, program, message, scope.programs
            )
        )

    @strawberry.mutation(
        description="Accept: the MENTORS tie begins (formal, in the program), and the "
        "mentee's other pending requests in the program are cancelled."
    )
    async def accept_request(self, info: Info, id: strawberry.ID) -> MentorshipRequest:
        return await _transition(info, str(id), "accept")

    @strawberry.mutation(description="Decline a pending request, with a reason if you like.")
    async def decline_request(
        self, info: Info, id: strawberry.ID, reason: str | None = None
    ) -> MentorshipRequest:
        return await _transition(info, str(id), "decline", reason)

    @strawberry.mutation(description="Cancel a pending request (the mentee's side).")
    async def cancel_request(self, info: Info, id: strawberry.ID) -> MentorshipRequest:
        return await _transition(info, str(id), "cancel")

    @strawberry.mutation(description="Complete an accepted mentorship: its tie ends today.")
    async def complete_mentorship(self, info: Info, id: strawberry.ID) -> MentorshipRequest:
        return await _transition(info, str(id), "complete")

    @strawberry.mutation(
        description="Turn chosen pairs (from proposeMatches, or your own) into accepted "
        "mentorships in the program: all of them, or none (CONFLICT naming the pair)."
    )
    async def accept_proposals(
        self, info: Info, program_id: strawberry.ID, pairs: list[MatchPairInput]
    ) -> list[MentorshipRequest]:
        scope = info.context
        chosen = [requests_r.Pair(str(p.mentee_id), str(p.mentor_id)) for p in pairs]
        rows = await requests_r.accept_proposals(scope.db, str(program_id), chosen, scope.programs)
        return value_of(list[MentorshipRequest], [request_value(r) for r in rows])


async def _transition(
    info: Info, request_id: str, action: str, reason: str | None = None
) -> MentorshipRequest:
    scope = info.context
    actor = await _actor(info)
    row = await requests_r.transition(scope.db, actor, request_id, action, scope.programs, reason)
    return _request(row)
