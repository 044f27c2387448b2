"""Root fields for people, groups, ties and memberships (the directory and its writes)."""

from __future__ import annotations

import datetime as dt

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
from schema.types import (
    Group,
    Membership,
    PageInfo,
    Person,
    PersonConnection,
    PersonEdge,
    SupportTie,
    unset_to_dict,
)


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="One person, or null when no one has that id.")
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        row = await info.context.loaders.person.load(str(id))
        return Person.from_row(row) if row else None

    @strawberry.field(description="People matching the filter, by name; at most 100 a page.")
    async def people(
        self,
        info: Info,
        filter: PersonFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> PersonConnection:
        conn = await people_r.people(info.context.db, people_filter(filter), first, after)
        info.context.loaders.prime_people([e.row for e in conn.edges])
        return PersonConnection(
            edges=[PersonEdge(node=Person.from_row(e.row), cursor=e.cursor) for e in conn.edges],
            page_info=PageInfo(has_next_page=conn.has_next, end_cursor=conn.end_cursor),
            total_count=conn.total,
        )

    @strawberry.field(description="One group, or null.")
    async def group(self, info: Info, id: strawberry.ID) -> Group | None:
        row = await info.context.loaders.group.load(str(id))
        return Group.from_row(row) if row else None

    @strawberry.field(description="One tie by id, active or ended, or null.")
    async def tie(self, info: Info, id: strawberry.ID) -> SupportTie | None:
        row = await ties_r.find_tie(info.context.db, str(id))
        return SupportTie.from_row(row) if row else None


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="Add a person; CONFLICT if the id is taken.")
    async def create_person(self, info: Info, input: PersonInput) -> Person:
        return Person.from_row(await people_r.create_person(info.context.db, vars(input)))

    @strawberry.mutation(description="Change some of a person's fields.")
    async def update_person(self, info: Info, id: strawberry.ID, patch: PersonPatch) -> Person:
        row = await people_r.update_person(info.context.db, str(id), unset_to_dict(patch))
        return Person.from_row(row)

    @strawberry.mutation(description="Add a group; CONFLICT if the id is taken.")
    async def create_group(self, info: Info, input: GroupInput) -> Group:
        return Group.from_row(await groups_r.create_group(info.context.db, vars(input)))

    @strawberry.mutation
    async def update_group(self, info: Info, id: strawberry.ID, patch: GroupPatch) -> Group:
        row = await groups_r.update_group(info.context.db, str(id), unset_to_dict(patch))
        return Group.from_row(row)

    @strawberry.mutation(description="Add a tie between two people.")
    async def add_tie(self, info: Info, input: TieInput) -> SupportTie:
        fields = vars(input) | {"from_id": input.supporter_id, "to_id": input.supported_id}
        return SupportTie.from_row(await ties_r.add_tie(info.context.db, fields))

    @strawberry.mutation(description="Change a tie's strength, dates, functions or formality.")
    async def update_tie(self, info: Info, id: strawberry.ID, patch: TiePatch) -> SupportTie:
        row = await ties_r.update_tie(info.context.db, str(id), unset_to_dict(patch))
        return SupportTie.from_row(row)

    @strawberry.mutation(description="End a tie on a date (today by default); it stays on record.")
    async def end_tie(
        self, info: Info, id: strawberry.ID, until: dt.date | None = None
    ) -> SupportTie:
        return SupportTie.from_row(await ties_r.end_tie(info.context.db, str(id), until))

    @strawberry.mutation(description="Add a person to a group; CONFLICT if already a member.")
    async def add_membership(self, info: Info, input: MembershipInput) -> Membership:
        db = info.context.db
        await groups_r.add_membership(
            db, str(input.person_id), str(input.group_id), input.role, input.since
        )
        rows = await info.context.loaders.memberships.load(str(input.person_id))
        row = next(r for r in rows if r["group"]["id"] == str(input.group_id))
        return Membership.from_row(row)

    @strawberry.mutation(description="Remove a person from a group.")
    async def end_membership(
        self, info: Info, person_id: strawberry.ID, group_id: strawberry.ID
    ) -> bool:
        await groups_r.end_membership(info.context.db, str(person_id), str(group_id))
        return True
