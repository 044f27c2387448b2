"""Turn user input (GraphQL inputs, already typed) into validated graph records.

Every rule lives in ``graphdb.model``; this module only names the field that broke one,
so an error reads "capacity: must be 0 or more" rather than a bare ValueError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graphdb.errors import BadInput
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    DEFAULT_STRENGTH,
    GroupKind,
    GroupRecord,
    Level,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
    ValidationError,
    check_external_id,
    check_name,
    check_strength,
    check_tie,
    normalise_topics,
    tie_id_for,
)

MAX_CLASS_YEAR = 2200
MAX_CAPACITY = 1000
MAX_EMAIL = 254


def checked(name: str, fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except ValidationError as error:
        raise BadInput(f"{name}: {error}", field=name) from error


def optional_text(value: str | None, name: str, limit: int = 200) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise BadInput(f"{name}: over {limit} characters", field=name)
    return cleaned or None


def person_record(fields: Mapping[str, Any]) -> PersonRecord:
    """Build a person from a complete set of fields (snake_case, as in PersonRecord)."""
    roles = tuple(dict.fromkeys(Role(r) for r in fields.get("roles") or ()))
    if not roles:
        raise BadInput("roles: a person needs at least one role", field="roles")
    class_year = fields.get("class_year")
    if class_year is not None and not 1900 <= class_year <= MAX_CLASS_YEAR:
        raise BadInput(f"classYear: {class_year} is not a plausible year", field="classYear")
    capacity = fields.get("capacity")
    if capacity is not None and not 0 <= capacity <= MAX_CAPACITY:
        raise BadInput(f"capacity: must be between 0 and {MAX_CAPACITY}", field="capacity")
    email = optional_text(fields.get("email"), "email", MAX_EMAIL)
    if email is not None and ("@" not in email or " " in email):
        raise BadInput(f"email: {email!r} is not an email address", field="email")
    level = fields.get("level")
    return PersonRecord(
        id=checked("id", check_external_id, fields["id"]),
        name=checked("name", check_name, fields.get("name") or ""),
        roles=roles,
        email=email,
        department=optional_text(fields.get("department"), "department"),
        class_year=class_year,
        level=Level(level) if level else None,
        interests=tuple(
            checked("interests", normalise_topics, fields.get("interests") or [], "interests")
        ),
        expertise=tuple(
            checked("expertise", normalise_topics, fields.get("expertise") or [], "expertise")
        ),
        open_door=bool(fields.get("open_door", False)),
        capacity=capacity,
        serves_levels=tuple(dict.fromkeys(Level(v) for v in fields.get("serves_levels") or ())),
    )


def person_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The snake_case fields of a stored person (as read by graphdb.people)."""
    return {
        "id": row["id"],
        "name": row["name"],
        "roles": row.get("roles") or [],
        "email": row.get("email"),
        "department": row.get("department"),
        "class_year": row.get("classYear"),
        "level": row.get("level"),
        "interests": row.get("interests") or [],
        "expertise": row.get("expertise") or [],
        "open_door": bool(row.get("openDoor")),
        "capacity": row.get("capacity"),
        "serves_levels": row.get("servesLevels") or [],
    }


def group_record(fields: Mapping[str, Any]) -> GroupRecord:
    return GroupRecord(
        id=checked("id", check_external_id, fields["id"]),
        name=checked("name", check_name, fields.get("name") or ""),
        kind=GroupKind(fields["kind"]),
    )


def tie_record(fields: Mapping[str, Any]) -> TieRecord:
    """Build a tie from complete fields; functions None means the kind's defaults."""
    kind = TieKind(fields["kind"])
    from_id = checked("supporterId", check_external_id, fields["from_id"])
    to_id = checked("supportedId", check_external_id, fields["to_id"])
    since: dt.date | None = fields.get("since")
    until: dt.date | None = fields.get("until")
    checked("until", check_tie, from_id, to_id, since, until)
    strength = fields.get("strength")
    functions = fields.get("functions")
    tie_id = fields.get("id") or tie_id_for(from_id, to_id, kind, since)
    return TieRecord(
        id=checked("id", check_external_id, tie_id),
        from_id=from_id,
        to_id=to_id,
        kind=kind,
        strength=checked(
            "strength", check_strength, DEFAULT_STRENGTH if strength is None else strength
        ),
        since=since,
        until=until,
        functions=(
            DEFAULT_FUNCTIONS[kind]
            if functions is None
            else tuple(dict.fromkeys(SupportFunction(f) for f in functions))
        ),
        formal=bool(fields.get("formal", False)),
        last_contact=fields.get("last_contact"),
    )


def tie_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a stored tie (as read by graphdb.ties)."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "from_id": row["supporterId"],
        "to_id": row["supportedId"],
        "strength": row.get("strength"),
        "since": row.get("since"),
        "until": row.get("until"),
        "functions": row.get("functions") or [],
        "formal": bool(row.get("formal")),
        "last_contact": row.get("lastContact"),
    }
