"""The GraphQL object types of SPEC §5: people, ties, groups, memberships, profiles.

These classes declare the schema; they are never instantiated. Every object of a response
is built by the request's plan (schema/selection.py) from plain values, so a field here holds
no logic: fields with arguments have a resolver only because Strawberry declares
arguments through one, and it is never called (``_planned`` says so if it ever were).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

import strawberry

from schema.enums import GroupKind, Level, Role, SupportFunction, TieKind, Typology


def _planned() -> NoReturn:
    raise RuntimeError("this field is resolved by the request's plan, not by a resolver")


@strawberry.type(description="A group people belong to: a team, club, department, lab, school…")
class Group:
    id: strawberry.ID
    name: str
    kind: GroupKind

    @strawberry.field(description="Members, by name (at most 500).")
    def members(self, first: int = 100) -> list[Person]:
        _planned()


@strawberry.type(description="A person's membership of a group.")
class Membership:
    role: str | None
    since: dt.date | None
    group: Group


@strawberry.type(
    description="A directed tie from a supporter to the person supported; KNOWS is an "
    "acquaintance that can carry an introduction but is not support."
)
class SupportTie:
    id: strawberry.ID
    kind: TieKind
    since: dt.date | None
    until: dt.date | None
    strength: float
    functions: list[SupportFunction]
    formal: bool
    last_contact: dt.date | None
    supporter: Person
    supported: Person
    confirmed: bool = strawberry.field(
        description="Confirmed by the person supported or an admin; an unconfirmed tie "
        "counts as support but grants its supporter no access to the person's record."
    )


@strawberry.type(description="Someone in the web of support.")
class Person:
    id: strawberry.ID
    name: str
    email: str | None
    roles: list[Role]
    department: str | None
    class_year: int | None
    level: Level | None
    interests: list[str]
    expertise: list[str]
    serves_levels: list[Level]
    open_door: bool = strawberry.field(description="Accepts new mentees.")
    capacity: int | None = strawberry.field(description="Cap on active mentees; null = no cap.")
    load: int = strawberry.field(description="Active MENTORS ties from this person.")
    available: bool = strawberry.field(
        description="Open door and (no capacity or load below capacity)."
    )

    @strawberry.field(description="Active ties towards this person, strongest first.")
    def supporters(self, kinds: list[TieKind] | None = None, first: int = 100) -> list[SupportTie]:
        _planned()

    @strawberry.field(description="Active ties from this person, strongest first.")
    def supporting(self, kinds: list[TieKind] | None = None, first: int = 100) -> list[SupportTie]:
        _planned()

    @strawberry.field(description="The groups this person belongs to.")
    def groups(self) -> list[Membership]:
        _planned()

    @strawberry.field(description="This person's support profile (SPEC §4).")
    def support_profile(self) -> SupportProfileType:
        _planned()

    @strawberry.field(
        description="The people within `depth` hops (1-3) over active ties of any kind, "
        "and the active ties among them, for drawing; at most 300 people and 1000 ties."
    )
    def support_web(self, depth: int = 1) -> SupportWeb:
        _planned()


@strawberry.type(description="One supporter of the person, over all their active ties.")
class Supporter:
    kinds: list[TieKind]
    functions: list[SupportFunction]
    strength: float = strawberry.field(description="Their strongest active support tie.")
    last_contact: dt.date | None
    person: Person


@strawberry.type(description="Points earned by one part of the support score.")
class ScoreComponent:
    name: str
    points: float


@strawberry.type(name="SupportProfile", description="The structure of a person's support.")
class SupportProfileType:
    size: int = strawberry.field(description="Distinct supporters (active support ties in).")
    range: int = strawberry.field(description="Distinct role categories among supporters.")
    strength: float = strawberry.field(
        description="Mean over supporters of each one's strongest active tie."
    )
    functions_covered: list[SupportFunction]
    functions_missing: list[SupportFunction]
    single_points_of_failure: list[SupportFunction] = strawberry.field(
        description="Functions exactly one supporter covers."
    )
    effective_size: float = strawberry.field(description="Burt's effective size.")
    constraint: float = strawberry.field(description="Burt's constraint.")
    typology: Typology
    score: float = strawberry.field(description="0-100: see docs/support-score.md.")
    thin: bool
    reasons: list[str] = strawberry.field(description="Every reason the score is lowered.")
    supporters: list[Supporter]
    score_parts: list[ScoreComponent]
    as_of: dt.date


@strawberry.type(description="A person's neighbourhood: people and the ties among them.")
class SupportWeb:
    people: list[Person] = strawberry.field(description="The person first, then by distance.")
    ties: list[SupportTie]
    truncated: bool = strawberry.field(description="True when a size bound cut it short.")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class PersonEdge:
    node: Person
    cursor: str


@strawberry.type(description="A page of people (Relay connection).")
class PersonConnection:
    edges: list[PersonEdge]
    page_info: PageInfo
    total_count: int


def unset_to_dict(obj: Any) -> dict[str, Any]:
    """The fields a client actually sent in an input object (UNSET ones left out)."""
    return {
        k: v for k, v in vars(obj).items() if v is not strawberry.UNSET and not k.startswith("_")
    }
