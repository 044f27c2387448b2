"""Which fact each field of the schema reveals (the rows of docs/security.md's table).

Object fields map to a ``Fact`` of ``resolvers.disclosure``; the shaper asks the viewer's
``Disclosure`` about that fact for every row it returns. ``WITHIN`` marks a field that
reveals nothing beyond what the field leading to its object already revealed (an edge's
cursor, a tie's strength under a list of ties the viewer may see). Root fields have their
entry rules in schema/permissions.py. A field missing from both is refused, and a test
fails, so no field ships without a rule.
"""

from __future__ import annotations

from typing import Any, Final

from resolvers.disclosure import Fact
from resolvers.mentors.suitability import available


class _Within:
    """Covered by the field that reached this object."""

    def __repr__(self) -> str:
        return "WITHIN"


WITHIN: Final = _Within()
Rule = Fact | _Within

C, W = Fact.CARD, WITHIN

FIELD_FACTS: dict[str, dict[str, Rule]] = {
    "Person": {
        "id": C,
        "name": Fact.NAME,
        "email": Fact.CONTACT,
        "roles": C,
        "department": C,
        "classYear": Fact.DETAILS,
        "level": Fact.DETAILS,
        "interests": Fact.DETAILS,
        "expertise": C,
        "servesLevels": C,
        "openDoor": C,
        "capacity": C,
        "load": C,
        "available": C,
        "supporters": Fact.TIES,
        "supporting": Fact.TIES,
        "groups": Fact.DETAILS,
        "supportProfile": Fact.ASSESSMENT,
        "supportWeb": Fact.TIES,
    },
    "SupportProfile": {
        **dict.fromkeys(
            (
                "size",
                "range",
                "strength",
                "functionsCovered",
                "functionsMissing",
                "singlePointsOfFailure",
                "effectiveSize",
                "constraint",
                "typology",
                "score",
                "thin",
                "supporters",
                "scoreParts",
                "asOf",
            ),
            W,
        ),
        "reasons": Fact.REASONS,
    },
    "Supporter": dict.fromkeys(("kinds", "functions", "strength", "lastContact", "person"), W),
    "ScoreComponent": dict.fromkeys(("name", "points"), W),
    "SupportAssessment": dict.fromkeys(("person", "profile"), W),
    "SupportAssessmentEdge": dict.fromkeys(("node", "cursor"), W),
    "SupportAssessmentConnection": dict.fromkeys(("edges", "pageInfo", "totalCount"), W),
    "GrowingTie": dict.fromkeys(("tie", "months", "interactions", "contactMonths", "reasons"), W),
    "Interaction": dict.fromkeys(("id", "at", "kind", "fromId", "toId"), W),
    "SupportAlert": {
        **dict.fromkeys(("at", "oldScore", "newScore", "wasThin", "thin", "person"), W),
        "reasons": Fact.REASONS,
    },
    "MentorMatch": dict.fromkeys(
        ("score", "hops", "ties", "reasons", "scoreParts", "mentor", "path"), W
    ),
    "ScorePart": dict.fromkeys(("name", "value", "weight", "points", "detail"), W),
    "Introduction": dict.fromkeys(("hops", "strength", "ties", "reasons", "path"), W),
    "SupportWeb": dict.fromkeys(("people", "ties", "truncated"), W),
    "SupportTie": dict.fromkeys(
        (
            "id",
            "kind",
            "supporter",
            "supported",
            "since",
            "until",
            "strength",
            "functions",
            "formal",
            "lastContact",
            "confirmed",
        ),
        W,
    ),
    "Group": {**dict.fromkeys(("id", "name", "kind"), C), "members": Fact.DIRECTORY},
    "Membership": dict.fromkeys(("role", "since", "group"), W),
    "AuditEvent": dict.fromkeys(
        ("id", "at", "actor", "roles", "action", "subjects", "subject", "allowed"), W
    ),
    "AuditEdge": dict.fromkeys(("node", "cursor"), W),
    "AuditConnection": dict.fromkeys(("edges", "hasNextPage", "endCursor", "totalCount"), W),
    "Erasure": dict.fromkeys(
        ("pseudonym", "tiesRemoved", "membershipsRemoved", "auditEventsPseudonymised"), W
    ),
    "Program": {
        **dict.fromkeys(
            (
                "id",
                "name",
                "description",
                "host",
                "status",
                "topics",
                "startsOn",
                "endsOn",
                "defaultCapacity",
                "audience",
            ),
            W,
        ),
        "mentors": Fact.PROGRAMS,
        # Who is a mentee is personal: rows limited to the viewer and their caseload too.
        "mentees": Fact.MENTORING,
    },
    "Audience": dict.fromkeys(
        ("roles", "levels", "departments", "classYears", "topics", "groupIds", "thinOnly"), W
    ),
    "Enrolment": dict.fromkeys(("person", "program", "side", "capacity", "load", "since"), W),
    "AudienceFit": {**dict.fromkeys(("person", "fit"), W), "reasons": Fact.REASONS},
    "MentorshipRequest": dict.fromkeys(
        (
            "id",
            "mentee",
            "mentor",
            "program",
            "status",
            "message",
            "createdAt",
            "expiresAt",
            "decidedAt",
            "reason",
            "tie",
        ),
        W,
    ),
    "MatchProposal": dict.fromkeys(("mentee", "mentor", "score", "reasons"), W),
    **{
        f"{kind}Edge": dict.fromkeys(("node", "cursor"), W)
        for kind in ("Program", "AudienceFit", "MentorshipRequest")
    },
    **{
        f"{kind}Connection": dict.fromkeys(("edges", "pageInfo", "totalCount"), W)
        for kind in ("Program", "AudienceFit", "MentorshipRequest")
    },
    "PageInfo": dict.fromkeys(("hasNextPage", "endCursor"), W),
    "PersonEdge": dict.fromkeys(("node", "cursor"), W),
    "PersonConnection": dict.fromkeys(("edges", "pageInfo", "totalCount"), W),
}

# Facts whose disclosure makes the person a subject of the request's audit event.
SUBJECT_FACTS: frozenset[Fact] = frozenset(
    {Fact.CONTACT, Fact.DETAILS, Fact.TIES, Fact.ASSESSMENT, Fact.REASONS, Fact.PATHS}
)


def computed_value(type_name: str, field: str, row: dict[str, Any]) -> Any:
    """Fields computed from others of the same row rather than fetched."""
    if type_name == "Person" and field == "available":
        return available(bool(row.get("openDoor")), row.get("capacity"), int(row.get("load") or 0))
    raise KeyError(f"{type_name}.{field} was not fetched by the request's plan")
