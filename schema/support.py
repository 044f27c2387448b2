"""Support profiles, the thin-support list, what-if and growing ties (SPEC §4–5, issue 4)."""

from __future__ import annotations

import datetime as dt

import strawberry

from graphdb.errors import NotFound
from resolvers.alerts import after_support_write
from resolvers.support import growing, interactions, profiles, thin_list
from resolvers.support.profile import SupportProfile, Typology
from schema.context import Info
from schema.enums import SupportFunction, TieKind
from schema.inputs import PersonFilter
from schema.people import people_filter
from schema.types import PageInfo, Person, SupportTie

strawberry.enum(
    Typology,
    description="Higgins & Kram's developmental network types, by range and tie strength.",
)


@strawberry.type(description="One supporter of the person, over all their active ties.")
class Supporter:
    kinds: list[TieKind]
    functions: list[SupportFunction]
    strength: float = strawberry.field(description="Their strongest active support tie.")
    last_contact: dt.date | None
    person_id: strawberry.Private[str]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        row = await info.context.loaders.person.load(self.person_id)
        if row is None:
            raise NotFound(f"no person with id {self.person_id!r}")
        return Person.from_row(row)


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

    @classmethod
    def from_profile(cls, p: SupportProfile) -> SupportProfileType:
        return cls(
            size=p.size,
            range=p.range,
            strength=p.strength,
            functions_covered=list(p.functions_covered),
            functions_missing=list(p.functions_missing),
            single_points_of_failure=list(p.single_points_of_failure),
            effective_size=p.effective_size,
            constraint=p.constraint,
            typology=p.typology,
            score=p.score,
            thin=p.thin,
            reasons=list(p.reasons),
            supporters=[
                Supporter(
                    kinds=list(s.kinds),
                    functions=list(s.functions),
                    strength=s.strength,
                    last_contact=s.last_contact,
                    person_id=s.id,
                )
                for s in p.supporters
            ],
            score_parts=[ScoreComponent(name=k, points=v) for k, v in p.components.items()],
            as_of=p.as_of,
        )


@strawberry.type
class SupportAssessment:
    profile: SupportProfileType
    person_id: strawberry.Private[str]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        row = await info.context.loaders.person.load(self.person_id)
        if row is None:
            raise NotFound(f"no person with id {self.person_id!r}")
        return Person.from_row(row)


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


async def _profile(info: Info, person_id: str) -> SupportProfileType:
    profile = await info.context.loaders.profile.load(person_id)
    if profile is None:
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    return SupportProfileType.from_profile(profile)


@strawberry.type
class SupportQuery:
    @strawberry.field(
        description="A person's support profile; `without` gives it as if those people left."
    )
    async def support_profile(
        self, info: Info, person_id: strawberry.ID, without: list[strawberry.ID] | None = None
    ) -> SupportProfileType:
        if without:
            p = await profiles.support_profile(
                info.context.db, str(person_id), [str(w) for w in without]
            )
            return SupportProfileType.from_profile(p)
        return await _profile(info, str(person_id))

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
        conn = await thin_list.thin_support(
            info.context.db,
            people_filter(filter) if filter else None,
            first,
            after,
            supported_by=info.context.scope_to_supported(),
        )
        edges = []
        for e in conn.edges:
            assert e.profile is not None  # thin_support returns profiles by default
            info.context.loaders.profile.prime(e.person_id, e.profile)
            edges.append(
                SupportAssessmentEdge(
                    node=SupportAssessment(
                        profile=SupportProfileType.from_profile(e.profile), person_id=e.person_id
                    ),
                    cursor=e.cursor,
                )
            )
        return SupportAssessmentConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=conn.has_next, end_cursor=conn.end_cursor),
            total_count=conn.total,
        )

    @strawberry.field(
        description="Who would become thin, or is thin and would lose a supporter, if this "
        "person left: the people they actively support who are thin now or would be "
        "without them, by id."
    )
    async def exposed_if_leaves(self, info: Info, person_id: strawberry.ID) -> list[Person]:
        ids = await profiles.exposed_if_leaves(info.context.db, str(person_id))
        rows = await info.context.loaders.person.load_many(ids)
        return [Person.from_row(r) for r in rows if r is not None]

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
        return [
            GrowingTie(
                tie=SupportTie.from_row(g.tie),
                months=g.months,
                interactions=g.interactions,
                contact_months=g.contact_months,
                reasons=list(g.reasons),
            )
            for g in found
        ]


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
    ) -> Interaction:
        done = await interactions.log_interaction(
            info.context.db, str(from_id), str(to_id), at, kind
        )
        await after_support_write(info.context.db, [done.from_id, done.to_id])
        return Interaction(
            id=strawberry.ID(done.id),
            at=done.at,
            kind=done.kind,
            from_id=strawberry.ID(done.from_id),
            to_id=strawberry.ID(done.to_id),
        )
