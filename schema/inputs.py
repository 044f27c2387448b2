"""GraphQL input types. Patches distinguish "not sent" (unchanged) from null (cleared)."""

from __future__ import annotations

import datetime as dt

import strawberry

from graphdb.model import PeopleFilter
from schema.enums import GroupKind, Level, Role, SupportFunction, TieKind


@strawberry.input(description="Every filter is optional; all given ones must hold.")
class PersonFilter:
    roles: list[Role] | None = None
    department: str | None = None
    class_year: int | None = None
    level: Level | None = None
    group_id: strawberry.ID | None = None
    topic: str | None = None
    search: str | None = strawberry.field(default=None, description="Part of the name.")
    program_id: strawberry.ID | None = strawberry.field(
        default=None, description="Enrolled in this program, as a mentor or a mentee."
    )


def people_filter(flt: PersonFilter | None) -> PeopleFilter:
    """The domain's filter for a GraphQL PersonFilter (None: no filter)."""
    if flt is None:
        return PeopleFilter()
    return PeopleFilter.of(
        roles=flt.roles,
        department=flt.department,
        class_year=flt.class_year,
        level=flt.level,
        group_id=str(flt.group_id) if flt.group_id else None,
        topic=flt.topic,
        search=flt.search,
        program_id=str(flt.program_id) if flt.program_id else None,
    )


@strawberry.input
class PersonInput:
    id: strawberry.ID = strawberry.field(description="Your own id: 1-64 of letters, digits, ._:-")
    name: str
    roles: list[Role]
    email: str | None = None
    department: str | None = None
    class_year: int | None = None
    level: Level | None = None
    interests: list[str] = strawberry.field(default_factory=list)
    expertise: list[str] = strawberry.field(default_factory=list)
    open_door: bool = False
    capacity: int | None = None
    serves_levels: list[Level] = strawberry.field(default_factory=list)


@strawberry.input(description="Fields to change; a field left out keeps its value.")
class PersonPatch:
    name: str | None = strawberry.UNSET
    roles: list[Role] | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    department: str | None = strawberry.UNSET
    class_year: int | None = strawberry.UNSET
    level: Level | None = strawberry.UNSET
    interests: list[str] | None = strawberry.UNSET
    expertise: list[str] | None = strawberry.UNSET
    open_door: bool | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET
    serves_levels: list[Level] | None = strawberry.UNSET


@strawberry.input
class GroupInput:
    id: strawberry.ID
    name: str
    kind: GroupKind


@strawberry.input
class GroupPatch:
    name: str | None = strawberry.UNSET
    kind: GroupKind | None = strawberry.UNSET


@strawberry.input(
    description="A new tie; without an id, one is derived from (supporter, supported, kind, since)."
)
class TieInput:
    kind: TieKind
    supporter_id: strawberry.ID
    supported_id: strawberry.ID
    id: strawberry.ID | None = None
    strength: float | None = strawberry.field(default=None, description="0..1, default 0.5")
    since: dt.date | None = None
    until: dt.date | None = None
    functions: list[SupportFunction] | None = strawberry.field(
        default=None, description="Default: the kind's functions (SPEC §3)."
    )
    formal: bool = False
    last_contact: dt.date | None = None


@strawberry.input
class TiePatch:
    strength: float | None = strawberry.UNSET
    since: dt.date | None = strawberry.UNSET
    until: dt.date | None = strawberry.UNSET
    functions: list[SupportFunction] | None = strawberry.UNSET
    formal: bool | None = strawberry.UNSET
    last_contact: dt.date | None = strawberry.UNSET


@strawberry.input
class MembershipInput:
    person_id: strawberry.ID
    group_id: strawberry.ID
    role: str | None = None
    since: dt.date | None = None
