"""Root fields for people, groups, ties and memberships (the directory and its writes).

Each returns a plan (schema/selection.py): the value it knows — a page of people fetched with
the selection's projection, or just the id of what a write touched — and the request's
plan fetches the rest in batches.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import strawberry

from resolvers import groups as groups_r
from resolvers import people as people_r
from resolvers import ties as ties_r
from schema.context import Info
from schema.inputs import (
    GroupInput,
    GroupPatch,
    MembershipInput,
    PersonFilter,
    PersonInput,
    PersonPatch,
    TieInput,
    TiePatch,
    people_filter,
)
from schema.selection import Sel, edge_nodes, planned
from schema.types import Group, Membership, Person, PersonConnection, SupportTie, unset_to_dict
from schema.values import PersonRef, page_info, tie_value

T = TypeVar("T")


def person_ref(person_id: str) -> Person:
    """A root result that is one person: the plan fetches what the selection asks."""

    async def fetch(_: Sel | None) -> PersonRef:
        return PersonRef(person_id)

    return planned(Person, fetch)


def value_of(kind: type[T], value: Any) -> T:
    """A root result already in hand (a tie, a group, a membership row)."""

    async def fetch(_: Sel | None) -> Any:
        return value

    return planned(kind, fetch)


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="One person, or null when no one has that id.")
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        return person_ref(str(id))

    @strawberry.field(description="People matching the filter, by name; at most 100 a page.")
    async def people(
        self,
        info: Info,
        filter: PersonFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> PersonConnection:
        scope, flt = info.context, people_filter(filter)

        async def fetch(sel: Sel | None) -> dict[str, Any]:
            conn = await people_r.directory(scope, flt, first, after, edge_nodes(sel))
            return {
                "edges": [{"node": e.row, "cursor": e.cursor} for e in conn.edges],
                "pageInfo": page_info(conn.has_next, conn.end_cursor),
                "totalCount": conn.total,
            }

        return planned(PersonConnection, fetch)

    @strawberry.field(description="One group, or null.")
    async def group(self, info: Info, id: strawberry.ID) -> Group | None:
        return value_of(Group, await groups_r.find_group(info.context.db, str(id)))

    @strawberry.field(description="One tie by id, active or ended, or null.")
    async def tie(self, info: Info, id: strawberry.ID) -> SupportTie | None:
        row = await ties_r.find_tie(info.context.db, str(id))
        return value_of(SupportTie, tie_value(row) if row else None)


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="Add a person; CONFLICT if the id is taken.")
    async def create_person(self, info: Info, input: PersonInput) -> Person:
        scope = info.context
        row = await people_r.create_person(scope.db, vars(input), scope.audit_key())
        return person_ref(row["id"])

    @strawberry.mutation(description="Change some of a person's fields.")
    async def update_person(self, info: Info, id: strawberry.ID, patch: PersonPatch) -> Person:
        await people_r.update_person(info.context.db, str(id), unset_to_dict(patch))
        return person_ref(str(id))

    @strawberry.mutation(description="Add a group; CONFLICT if the id is taken.")
    async def create_group(self, info: Info, input: GroupInput) -> Group:
        return value_of(Group, await groups_r.create_group(info.context.db, vars(input)))

    @strawberry.mutation
    async def update_group(self, info: Info, id: strawberry.ID, patch: GroupPatch) -> Group:
        row = await groups_r.update_group(info.context.db, str(id), unset_to_dict(patch))
        return value_of(Group, row)

    @strawberry.mutation(description="Add a tie between two people.")
    async def add_tie(self, info: Info, input: TieInput) -> SupportTie:
        fields = vars(input) | {"from_id": input.supporter_id, "to_id": input.supported_id}
        viewer = info.context.viewer
        admin = viewer is not None and viewer.admin
        row = await ties_r.add_tie(info.context.db, fields, confirmed=admin)
        return value_of(SupportTie, tie_value(row))

    @strawberry.mutation(
        description="Confirm a tie to yourself (admins: any tie). An advisor's own tie gives "
        "them access to the person's record only once confirmed."
    )
    async def confirm_tie(self, info: Info, id: strawberry.ID) -> SupportTie:
        viewer = info.context.viewer
        row = await ties_r.confirm_tie(
            info.context.db,
            str(id),
            viewer.sub if viewer else None,
            viewer is not None and viewer.admin,
        )
        return value_of(SupportTie, tie_value(row))

    @strawberry.mutation(description="Change a tie's strength, dates, functions or formality.")
    async def update_tie(self, info: Info, id: strawberry.ID, patch: TiePatch) -> SupportTie:
        row = await ties_r.update_tie(info.context.db, str(id), unset_to_dict(patch))
        return value_of(SupportTie, tie_value(row))

    @strawberry.mutation(description="End a tie on a date (today by default); it stays on record.")
    async def end_tie(
        self, info: Info, id: strawberry.ID, until: dt.date | None = None
    ) -> SupportTie:
        row = await ties_r.end_tie(info.context.db, str(id), until)
        return value_of(SupportTie, tie_value(row))

    @strawberry.mutation(description="Add a person to a group; CONFLICT if already a member.")
    async def add_membership(self, info: Info, input: MembershipInput) -> Membership:
        row = await groups_r.add_membership(
            info.context.db, str(input.person_id), str(input.group_id), input.role, input.since
        )
        return value_of(Membership, row)

    @strawberry.mutation(description="Remove a person from a group.")
    async def end_membership(
        self, info: Info, person_id: strawberry.ID, group_id: strawberry.ID
    ) -> bool:
        await groups_r.end_membership(info.context.db, str(person_id), str(group_id))
        return True
