"""Support profiles, the thin-support list, what-if and growing ties (SPEC §4–5)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from resolvers.alerts import after_support_write
from resolvers.support import growing, interactions, profiles, thin_list
from schema.context import Info
from schema.inputs import PersonFilter, people_filter
from schema.people import value_of
from schema.permissions import caseload_scope, within_caseload
from schema.selection import Sel, edge_nodes, planned
from schema.types import PageInfo, Person, SupportProfileType, SupportTie
from schema.values import PersonRef, page_info, profile_value, tie_value


@strawberry.type
class SupportAssessment:
    person: Person
    profile: SupportProfileType


@strawberry.type
class SupportAssessmentEdge:
    node: SupportAssessment
    cursor: str


@strawberry.type(description="Thin-support list, lowest score first (Relay connection).")
class SupportAssessmentConnection:
    edges: list[SupportAssessmentEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="An advising, teaching or coaching tie that looks like mentoring.")
class GrowingTie:
    tie: SupportTie
    months: int = strawberry.field(description="How long the tie has lasted.")
    interactions: int = strawberry.field(description="Logged in the last year.")
    contact_months: int = strawberry.field(description="Distinct months with logged contact.")
    reasons: list[str]


@strawberry.type(description="A logged contact between two people.")
class Interaction:
    id: strawberry.ID
    at: dt.date
    kind: str
    from_id: strawberry.ID
    to_id: strawberry.ID


@strawberry.type
class SupportQuery:
    @strawberry.field(
        description="A person's support profile; `without` gives it as if those people left."
    )
    async def support_profile(
        self, info: Info, person_id: strawberry.ID, without: list[strawberry.ID] | None = None
    ) -> SupportProfileType:
        profile = await profiles.support_profile(
            info.context.db, str(person_id), [str(w) for w in without or ()]
        )
        info.context.add_audit_subjects({str(person_id)})
        return value_of(SupportProfileType, profile_value(profile))

    @strawberry.field(
        description="People with thin support (students by default), lowest score first; "
        "at most 100 a page. An advisor sees only the people they support."
    )
    async def thin_support(
        self,
        info: Info,
        filter: PersonFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> SupportAssessmentConnection:
        scope = info.context
        flt = people_filter(filter) if filter else None
        supported_by = caseload_scope(info)

        async def fetch(sel: Sel | None) -> dict[str, Any]:
            node = edge_nodes(sel)
            person = node.one("person") if node is not None else None
            profile = node.one("profile") if node is not None else None
            # The stored score and thinness are on the page's rows already: compute the
            # profiles only when more of them is asked.
            stored_only = profile is None or profile.names() <= {"score", "thin", "__typename"}
            conn = await thin_list.thin_support(
                scope.db,
                flt,
                first,
                after,
                supported_by=supported_by,
                cursors=scope.cursors,
                with_profiles=not stored_only,
                person=person,
                rows_for=await scope.row_scope(),
            )
            scope.add_audit_subjects({e.person_id for e in conn.edges})
            return {
                "edges": [
                    {
                        "node": {
                            "person": e.person or PersonRef(e.person_id),
                            "profile": profile_value(e.profile)
                            if e.profile
                            else {"score": e.score, "thin": True},
                        },
                        "cursor": e.cursor,
                    }
                    for e in conn.edges
                ],
                "pageInfo": page_info(conn.has_next, conn.end_cursor),
                "totalCount": conn.total,
            }

        return planned(SupportAssessmentConnection, fetch)

    @strawberry.field(
        description="Who would become thin, or is thin and would lose a supporter, if this "
        "person left: the people they actively support who are thin now or would be "
        "without them, by id (advisors: only people they support themselves)."
    )
    async def exposed_if_leaves(self, info: Info, person_id: strawberry.ID) -> list[Person]:
        ids = await profiles.exposed_if_leaves(info.context.db, str(person_id))
        ids = await within_caseload(info, ids)
        info.context.add_audit_subjects({str(person_id), *ids})

        async def fetch(_: Sel | None) -> list[PersonRef]:
            return [PersonRef(i) for i in ids]

        return planned(list[Person], fetch)

    @strawberry.field(
        description="Advising, teaching and coaching ties with the pattern of mentoring, "
        "most regular first (first: 1-100), so staff can formalise them."
    )
    async def growing_ties(
        self, info: Info, filter: PersonFilter | None = None, first: int = 20
    ) -> list[GrowingTie]:
        found = await growing.growing_ties(
            info.context.db, people_filter(filter) if filter else None, first
        )
        rows = [
            {
                "tie": tie_value(g.tie),
                "months": g.months,
                "interactions": g.interactions,
                "contactMonths": g.contact_months,
                "reasons": list(g.reasons),
            }
            for g in found
        ]
        return value_of(list[GrowingTie], rows)


@strawberry.type
class SupportMutation:
    @strawberry.mutation(
        description="Record a contact between two people who share an active tie; it "
        "brings those ties' lastContact up to `at` (never back)."
    )
    async def log_interaction(
        self,
        info: Info,
        from_id: strawberry.ID,
        to_id: strawberry.ID,
        at: dt.date,
        kind: str = "MEETING",
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Your own id for it (1-64 of letters, digits, ._:-): sending the "
                "same interaction again returns it instead of logging it twice."
            ),
        ] = None,
    ) -> Interaction:
        done = await interactions.log_interaction(
            info.context.db, str(from_id), str(to_id), at, kind, str(id) if id else None
        )
        await after_support_write(info.context.db, [done.from_id, done.to_id])
        value = {
            "id": done.id,
            "at": done.at,
            "kind": done.kind,
            "fromId": done.from_id,
            "toId": done.to_id,
        }
        return value_of(Interaction, value)
