"""The GraphQL object types of SPEC §5: people, ties, groups and memberships.

Each type maps a stored record explicitly (``from_row``); anything a nested field needs is
fetched through the request's DataLoaders, never by a query per parent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from graphdb.errors import NotFound
from graphdb.model import TieKind as TieKindModel
from resolvers import groups as groups_r
from resolvers import support as support_r
from resolvers import support_web as support_web_r
from resolvers.pagination import check_first
from schema.context import Info
from schema.enums import GroupKind, Level, Role, SupportFunction, TieKind, Typology

Row = dict[str, Any]

ALL_KINDS: tuple[str, ...] = tuple(k.value for k in TieKindModel)
MAX_TIES = 500


def _kinds(kinds: list[TieKindModel] | None) -> tuple[str, ...]:
    return tuple(sorted({k.value for k in kinds})) if kinds else ALL_KINDS


@strawberry.type(description="A group people belong to: a team, club, department, lab, school…")
class Group:
    id: strawberry.ID
    name: str
    kind: GroupKind

    @classmethod
    def from_row(cls, row: Row) -> Group:
        return cls(id=strawberry.ID(row["id"]), name=row["name"], kind=GroupKind(row["kind"]))

    @strawberry.field(description="Members, by name (at most 500).")
    async def members(self, info: Info, first: int = 100) -> list[Person]:
        ids = await groups_r.members(info.context.db, str(self.id), first)
        rows = await info.context.loaders.person.load_many(ids)
        return [Person.from_row(r) for r in rows if r is not None]


@strawberry.type(description="A person's membership of a group.")
class Membership:
    role: str | None
    since: dt.date | None
    group: Group

    @classmethod
    def from_row(cls, row: Row) -> Membership:
        return cls(role=row.get("role"), since=row.get("since"), group=Group.from_row(row["group"]))


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
    supporter_id: strawberry.Private[str]
    supported_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row) -> SupportTie:
        return cls(
            id=strawberry.ID(row["id"]),
            kind=TieKind(row["kind"]),
            since=row.get("since"),
            until=row.get("until"),
            strength=float(row["strength"]),
            functions=[SupportFunction(f) for f in row.get("functions") or []],
            formal=bool(row.get("formal")),
            last_contact=row.get("lastContact"),
            supporter_id=row["supporterId"],
            supported_id=row["supportedId"],
        )

    @strawberry.field
    async def supporter(self, info: Info) -> Person:
        return await _person(info, self.supporter_id)

    @strawberry.field
    async def supported(self, info: Info) -> Person:
        return await _person(info, self.supported_id)


async def _person(info: Info, person_id: str) -> Person:
    row = await info.context.loaders.person.load(person_id)
    if row is None:
        raise NotFound(f"no person with id {person_id!r}")
    return Person.from_row(row)


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

    @classmethod
    def from_row(cls, row: Row) -> Person:
        return cls(
            id=strawberry.ID(row["id"]),
            name=row["name"],
            email=row.get("email"),
            roles=[Role(r) for r in row.get("roles") or []],
            department=row.get("department"),
            class_year=row.get("classYear"),
            level=Level(row["level"]) if row.get("level") else None,
            interests=list(row.get("interests") or []),
            expertise=list(row.get("expertise") or []),
            serves_levels=[Level(v) for v in row.get("servesLevels") or []],
            open_door=bool(row.get("openDoor")),
            capacity=row.get("capacity"),
            load=int(row.get("load") or 0),
        )

    @strawberry.field(description="Open door and (no capacity or load below capacity).")
    def available(self) -> bool:
        return self.open_door and (self.capacity is None or self.load < self.capacity)

    @strawberry.field(description="Active ties towards this person, strongest first.")
    async def supporters(
        self, info: Info, kinds: list[TieKind] | None = None, first: int = 100
    ) -> list[SupportTie]:
        check_first(first, maximum=MAX_TIES)
        rows = await info.context.loaders.supporters.load((str(self.id), _kinds(kinds), first))
        return [SupportTie.from_row(r) for r in rows]

    @strawberry.field(description="Active ties from this person, strongest first.")
    async def supporting(
        self, info: Info, kinds: list[TieKind] | None = None, first: int = 100
    ) -> list[SupportTie]:
        check_first(first, maximum=MAX_TIES)
        rows = await info.context.loaders.supporting.load((str(self.id), _kinds(kinds), first))
        return [SupportTie.from_row(r) for r in rows]

    @strawberry.field(description="The groups this person belongs to.")
    async def groups(self, info: Info) -> list[Membership]:
        rows = await info.context.loaders.memberships.load(str(self.id))
        return [Membership.from_row(r) for r in rows]

    @strawberry.field(description="This person's support profile (SPEC §4).")
    async def support_profile(self, info: Info) -> SupportProfileType:
        profile = await info.context.loaders.profile.load(str(self.id))
        if profile is None:
            raise NotFound(f"no person with id {self.id!r}")
        return SupportProfileType.from_profile(profile)

    @strawberry.field(
        description="The people within `depth` hops (1-3) over active ties of any kind, "
        "and the active ties among them, for drawing; at most 300 people and 1000 ties."
    )
    async def support_web(self, info: Info, depth: int = 1) -> SupportWeb:
        web = await support_web_r.support_web(info.context.db, str(self.id), depth)
        rows = await info.context.loaders.person.load_many(web.people)
        return SupportWeb(
            people=[Person.from_row(r) for r in rows if r is not None],
            ties=[SupportTie.from_row(t) for t in web.ties],
            truncated=web.truncated,
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
    def from_profile(cls, p: support_r.SupportProfile) -> SupportProfileType:
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
