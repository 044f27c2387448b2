"""The GraphQL types and inputs of SPEC §8: programs, audiences, enrolments, requests,
proposals. Declarations only, never instantiated (schema/types.py says why)."""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

import strawberry

from schema.enums import Level, ProgramSide, ProgramStatus, RequestStatus, Role
from schema.types import Group, PageInfo, Person, SupportTie, _planned


@strawberry.type(description="Who a program is for: a person fits when every criterion holds.")
class Audience:
    roles: list[Role]
    levels: list[Level]
    departments: list[str]
    class_years: list[int]
    topics: list[str] = strawberry.field(description="Interests, any of which fits.")
    group_ids: list[strawberry.ID]
    thin_only: bool = strawberry.field(description="Only people with thin support.")


@strawberry.type(description="A mentoring program a group or office runs.")
class Program:
    id: strawberry.ID
    name: str
    description: str | None
    host: Group | None
    status: ProgramStatus
    topics: list[str]
    starts_on: dt.date | None
    ends_on: dt.date | None
    default_capacity: int | None = strawberry.field(
        description="Places a mentor offers in the program unless their enrolment says."
    )
    audience: Audience

    @strawberry.field(description="Enrolled mentors, by name (first: 1-500).")
    def mentors(self, first: int = 100) -> list[Enrolment]:
        _planned()

    @strawberry.field(
        description="Enrolled mentees, by name (first: 1-500); those who are not admins see "
        "themselves and the people they support."
    )
    def mentees(self, first: int = 100) -> list[Enrolment]:
        _planned()


@strawberry.type(description="A person's enrolment in a program, on one side.")
class Enrolment:
    person: Person
    program: Program
    side: ProgramSide
    capacity: int | None = strawberry.field(
        description="A mentor's places in the program: their own, else the program's "
        "default; null for no program cap (and for mentees)."
    )
    load: int = strawberry.field(
        description="Active mentorships of the program: a mentor's mentees, a mentee's mentors."
    )
    since: dt.date


@strawberry.type(description="Someone a program's audience selects, and why.")
class AudienceFit:
    person: Person
    fit: float = strawberry.field(description="0..1: thin support, no mentor yet, need.")
    reasons: list[str]


@strawberry.type(description="A request for a mentorship, and what became of it.")
class MentorshipRequest:
    id: strawberry.ID
    mentee: Person
    mentor: Person
    program: Program | None
    status: RequestStatus
    message: str | None
    created_at: dt.datetime
    expires_at: dt.datetime = strawberry.field(
        description="A request still pending then is EXPIRED."
    )
    decided_at: dt.datetime | None
    reason: str | None
    tie: SupportTie | None = strawberry.field(description="The MENTORS tie, once accepted.")


@strawberry.type(description="A proposed pair; the proposals together score the most.")
class MatchProposal:
    mentee: Person
    mentor: Person
    score: float = strawberry.field(
        description="The pair's score less the cost of the mentor's place it takes."
    )
    reasons: list[str]


T = TypeVar("T")


@strawberry.type
class Edge(Generic[T]):
    """An item of a list and its cursor: ``Edge[Program]`` is ``ProgramEdge``."""

    node: T
    cursor: str


@strawberry.type(description="A page of a list (Relay connection), in the list's order.")
class Connection(Generic[T]):
    """``Connection[Program]`` is ``ProgramConnection`` in the schema."""

    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


@strawberry.input(description="Who a program is for; every criterion is optional.")
class AudienceInput:
    roles: list[Role] | None = None
    levels: list[Level] | None = None
    departments: list[str] | None = None
    class_years: list[int] | None = None
    topics: list[str] | None = None
    group_ids: list[strawberry.ID] | None = None
    thin_only: bool = False


@strawberry.input
class ProgramInput:
    id: strawberry.ID = strawberry.field(description="Your own id: 1-64 of letters, digits, ._:-")
    name: str
    description: str | None = None
    host_group_id: strawberry.ID | None = None
    topics: list[str] = strawberry.field(default_factory=list)
    audience: AudienceInput | None = None
    status: ProgramStatus = ProgramStatus.DRAFT
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    default_capacity: int | None = None


@strawberry.input(description="Fields to change; `audience`, when sent, replaces it whole.")
class ProgramPatch:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    host_group_id: strawberry.ID | None = strawberry.UNSET
    topics: list[str] | None = strawberry.UNSET
    audience: AudienceInput | None = strawberry.UNSET
    status: ProgramStatus | None = strawberry.UNSET
    starts_on: dt.date | None = strawberry.UNSET
    ends_on: dt.date | None = strawberry.UNSET
    default_capacity: int | None = strawberry.UNSET


@strawberry.input
class MatchPairInput:
    mentee_id: strawberry.ID
    mentor_id: strawberry.ID
