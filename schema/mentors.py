"""Root fields for the path to a suitable mentor (SPEC §4–5, issue 3)."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers import mentors as mentors_r
from schema.context import Info
from schema.enums import Role
from schema.people import value_of
from schema.permissions import check_introduction_target
from schema.types import Person, SupportTie
from schema.values import PersonRef, tie_value


@strawberry.input(description="What the student needs; every part is optional.")
class MentorNeed:
    topics: list[str] | None = strawberry.field(
        default=None, description="Topics the mentor's expertise should cover (any, if none)."
    )
    roles: list[Role] | None = strawberry.field(
        default=None, description="Roles the mentor may have (any, if none)."
    )
    require_available: bool = strawberry.field(
        default=True, description="Only open-door mentors with a free place."
    )


@strawberry.type(description="One named term of a match's score; the points add up to it.")
class ScorePart:
    name: str
    value: float = strawberry.field(description="The term's measure, 0..1 (hops for distance).")
    weight: float
    points: float
    detail: str


def _tie(t: mentors_r.PathTie) -> dict[str, Any]:
    return tie_value(
        {
            "id": t.id,
            "kind": t.kind,
            "since": t.since,
            "until": t.until,
            "strength": t.strength,
            "functions": list(t.functions),
            "formal": t.formal,
            "lastContact": t.last_contact,
            "supporterId": t.supporter_id,
            "supportedId": t.supported_id,
        }
    )


def _known(person_id: str, name: str) -> PersonRef:
    # The search returns each person's name: a path drawn with names needs no second trip.
    return PersonRef(person_id, {"id": person_id, "name": name})


def _parts(parts: list[mentors_r.ScorePart]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "value": p.value,
            "weight": p.weight,
            "points": p.points,
            "detail": p.detail,
        }
        for p in parts
    ]


@strawberry.type(description="A suitable mentor and the warmest shortest introduction path.")
class MentorMatch:
    score: float = strawberry.field(description="0..100; the order of the list follows it.")
    hops: int
    ties: list[SupportTie] = strawberry.field(description="The hops ties along the path.")
    reasons: list[str]
    score_parts: list[ScorePart]
    mentor: Person
    path: list[Person] = strawberry.field(
        description="From the student to the mentor, both included: hops + 1."
    )


@strawberry.type(description="A chain of active ties between two people.")
class Introduction:
    hops: int
    strength: float = strawberry.field(description="Strength x recency along the chain, 0..1.")
    ties: list[SupportTie]
    reasons: list[str]
    path: list[Person] = strawberry.field(
        description="From the first person to the second, both included."
    )


@strawberry.type
class MentorQuery:
    @strawberry.field(
        description="Suitable mentors within maxHops (1-4) of the person, best first "
        "(first: 1-50), each with a shortest introduction path. Unknown topics match no "
        "one; the response's extensions.hints say so."
    )
    async def mentor_paths(
        self,
        info: Info,
        person_id: strawberry.ID,
        need: MentorNeed | None = None,
        max_hops: int = 3,
        first: int = 10,
    ) -> list[MentorMatch]:
        domain_need = (
            mentors_r.MentorNeed(
                topics=need.topics, roles=need.roles, require_available=need.require_available
            )
            if need
            else None
        )
        result = await mentors_r.mentor_paths(
            info.context.db, str(person_id), domain_need, max_hops, first
        )
        if result.hint:
            info.context.hints.append(result.hint)
        info.context.add_audit_subjects(
            {str(person_id), *(pid for m in result.matches for pid in m.path)}
        )
        matches = [
            {
                "score": m.score,
                "hops": m.hops,
                "ties": [_tie(t) for t in m.ties],
                "reasons": list(m.reasons),
                "scoreParts": _parts(m.score_parts),
                "mentor": _known(m.mentor_id, m.mentor_name),
                "path": [_known(pid, name) for pid, name in zip(m.path, m.path_names, strict=True)],
            }
            for m in result.matches
        ]
        return value_of(list[MentorMatch], matches)

    @strawberry.field(
        description="How two people are connected: the strongest of the shortest chains of "
        "active ties between them (maxHops 1-4, first 1-50)."
    )
    async def introductions(
        self,
        info: Info,
        from_id: strawberry.ID,
        to_id: strawberry.ID,
        max_hops: int = 3,
        first: int = 5,
    ) -> list[Introduction]:
        await check_introduction_target(info.context, str(to_id))
        found = await mentors_r.introductions(
            info.context.db, str(from_id), str(to_id), max_hops, first
        )
        info.context.add_audit_subjects({pid for i in found for pid in i.path})
        chains = [
            {
                "hops": i.hops,
                "strength": i.strength,
                "ties": [_tie(t) for t in i.ties],
                "reasons": list(i.reasons),
                "path": [_known(pid, name) for pid, name in zip(i.path, i.path_names, strict=True)],
            }
            for i in found
        ]
        return value_of(list[Introduction], chains)
