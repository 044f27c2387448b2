"""Domain results as the plain values the shaper reads: dicts keyed by GraphQL field name,
with ``PersonRef`` wherever a result names a person the response may need more of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphdb.model import Web
from resolvers.support.profile import SupportProfile


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person known by id; schema/lazy.py fetches what the selection asks of them —
    unless ``known`` (fields a result already carries, such as a path's names) covers it."""

    id: str
    known: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ProgramRef:
    """A program known by id; schema/lazy.py fetches it, and its lists if asked."""

    id: str


def tie_value(row: Mapping[str, Any]) -> dict[str, Any]:
    """A tie row (graphdb.cypher.TIE_MAP's keys) with its two ends as people."""
    value = dict(row)
    # Their ids are known: a tie drawn between ids needs no fetch of either end.
    supporter, supported = row["supporterId"], row["supportedId"]
    value.setdefault("supporter", PersonRef(supporter, {"id": supporter}))
    value.setdefault("supported", PersonRef(supported, {"id": supported}))
    value["functions"] = row.get("functions") or []  # an empty list is stored as none
    value["formal"] = bool(row.get("formal"))
    return value


def profile_value(p: SupportProfile) -> dict[str, Any]:
    return {
        "size": p.size,
        "range": p.range,
        "strength": p.strength,
        "functionsCovered": list(p.functions_covered),
        "functionsMissing": list(p.functions_missing),
        "singlePointsOfFailure": list(p.single_points_of_failure),
        "effectiveSize": p.effective_size,
        "constraint": p.constraint,
        "typology": p.typology,
        "score": p.score,
        "thin": p.thin,
        "reasons": list(p.reasons),
        "supporters": [
            {
                "kinds": list(s.kinds),
                "functions": list(s.functions),
                "strength": s.strength,
                "lastContact": s.last_contact,
                "person": PersonRef(s.id),
            }
            for s in p.supporters
        ],
        "scoreParts": [{"name": k, "points": v} for k, v in p.components.items()],
        "asOf": p.as_of,
    }


def web_value(web: Web) -> dict[str, Any]:
    return {
        "people": [PersonRef(pid) for pid in web.people],
        "ties": [tie_value(t) for t in web.ties],
        "truncated": web.truncated,
    }


def page_info(has_next: bool, end_cursor: str | None) -> dict[str, Any]:
    return {"hasNextPage": has_next, "endCursor": end_cursor}


def enrolment_value(row: Mapping[str, Any]) -> dict[str, Any]:
    """An enrolment row (resolvers.programs.programs) with its person and program."""
    return {
        "person": PersonRef(row["personId"]),
        "program": ProgramRef(row["programId"]),
        "side": row["side"],
        "capacity": row.get("capacity"),
        "load": row.get("load") or 0,
        "since": row["since"],
    }


def request_value(row: Mapping[str, Any]) -> dict[str, Any]:
    """A request row (graphdb.programs.requests.REQUEST_MAP) with its people and program."""
    value = {k: row.get(k) for k in ("id", "status", "message", "reason", "createdAt")}
    value |= {"expiresAt": row["expiresAt"], "decidedAt": row.get("decidedAt")}
    value["mentee"] = PersonRef(row["menteeId"])
    value["mentor"] = PersonRef(row["mentorId"])
    value["program"] = ProgramRef(row["programId"]) if row.get("programId") else None
    value["tie"] = tie_value(row["tie"]) if row.get("tie") else None
    return value
