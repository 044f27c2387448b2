"""Map GraphQL input (already typed) onto the graph's records.

No rule lives here. Each is written once in ``graphdb.validation`` and applied by the
records' ``of`` constructors in ``graphdb.model``, the same for the API and the CSV
importer. This module maps the fields, and turns a broken rule into ``BadInput`` that
names the field as GraphQL does ("classYear 1800 is below 1900"), with the reason the
importer gives for the same value ("people.csv:4: class_year 1800 is below 1900").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from graphdb.errors import BadInput
from graphdb.model import (
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
)
from graphdb.programs.records import AudienceRecord, ProgramRecord, ProgramStatus
from graphdb.validation import InvalidRecord, ValidationError

P = ParamSpec("P")
R = TypeVar("R")

# The record fields GraphQL spells otherwise; the rest have the same name in both.
GRAPHQL_NAMES: dict[str, str] = {
    "class_year": "classYear",
    "open_door": "openDoor",
    "serves_levels": "servesLevels",
    "person_id": "personId",
    "group_id": "groupId",
    "from_id": "supporterId",
    "to_id": "supportedId",
    "last_contact": "lastContact",
    "host_group_id": "hostGroupId",
    "starts_on": "startsOn",
    "ends_on": "endsOn",
    "default_capacity": "defaultCapacity",
    "audience.class_years": "audience.classYears",
    "audience.group_ids": "audience.groupIds",
}


def bad_input(error: ValidationError) -> BadInput:
    """Every broken rule, each worded with its GraphQL field; ``field`` is the first one's."""
    errors = error.errors if isinstance(error, InvalidRecord) else (error,)
    names = [GRAPHQL_NAMES.get(e.field, e.field) if e.field else None for e in errors]
    message = "; ".join(e.worded(name) for e, name in zip(errors, names, strict=True))
    return BadInput(message, field=names[0])


def _built(make: Callable[P, R], *args: P.args, **fields: P.kwargs) -> R:
    try:
        return make(*args, **fields)
    except ValidationError as error:
        raise bad_input(error) from error


def person_record(fields: Mapping[str, Any]) -> PersonRecord:
    """Build a person from a complete set of fields (snake_case, as in PersonRecord)."""
    level = fields.get("level")
    return _built(
        PersonRecord.of,
        id=fields["id"],
        name=fields.get("name") or "",
        roles=[Role(r) for r in fields.get("roles") or ()],
        email=fields.get("email"),
        department=fields.get("department"),
        class_year=fields.get("class_year"),
        level=Level(level) if level else None,
        interests=fields.get("interests") or (),
        expertise=fields.get("expertise") or (),
        open_door=bool(fields.get("open_door", False)),
        capacity=fields.get("capacity"),
        serves_levels=[Level(v) for v in fields.get("serves_levels") or ()],
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
    kind = fields.get("kind")
    return _built(
        GroupRecord.of,
        id=fields["id"],
        name=fields.get("name") or "",
        kind=GroupKind(kind) if kind else None,
    )


def membership_record(
    person_id: str, group_id: str, role: str | None, since: dt.date | None
) -> MembershipRecord:
    return _built(
        MembershipRecord.of, person_id=person_id, group_id=group_id, role=role, since=since
    )


def tie_record(fields: Mapping[str, Any]) -> TieRecord:
    """Build a tie from complete fields; functions None means the kind's defaults."""
    functions = fields.get("functions")
    return _built(
        TieRecord.of,
        id=fields.get("id") or None,
        from_id=fields["from_id"],
        to_id=fields["to_id"],
        kind=TieKind(fields["kind"]),
        strength=fields.get("strength"),
        since=fields.get("since"),
        until=fields.get("until"),
        functions=None if functions is None else [SupportFunction(f) for f in functions],
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


def audience_record(fields: Mapping[str, Any] | None) -> AudienceRecord:
    """An audience from its fields (snake_case, as in AudienceRecord); None: everyone."""
    if not fields:
        return AudienceRecord()
    return _built(
        AudienceRecord.of,
        roles=[Role(r) for r in fields.get("roles") or ()],
        levels=[Level(v) for v in fields.get("levels") or ()],
        departments=fields.get("departments") or (),
        class_years=fields.get("class_years") or (),
        topics=fields.get("topics") or (),
        group_ids=[str(g) for g in fields.get("group_ids") or ()],
        thin_only=bool(fields.get("thin_only")),
    )


def program_record(fields: Mapping[str, Any]) -> ProgramRecord:
    """Build a program from a complete set of fields (snake_case, as in ProgramRecord)."""
    status = fields.get("status")
    host = fields.get("host_group_id")
    return _built(
        ProgramRecord.of,
        id=str(fields["id"]),
        name=fields.get("name") or "",
        status=ProgramStatus(status) if status else ProgramStatus.DRAFT,
        description=fields.get("description"),
        host_group_id=str(host) if host else None,
        topics=fields.get("topics") or (),
        audience=audience_record(fields.get("audience")),
        starts_on=fields.get("starts_on"),
        ends_on=fields.get("ends_on"),
        default_capacity=fields.get("default_capacity"),
    )


def program_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The snake_case fields of a stored program (as read by graphdb.programs.store)."""
    audience = row.get("audience") or {}
    host = row.get("host")
    return {
        "id": row["id"],
        "name": row["name"],
        "status": row.get("status"),
        "description": row.get("description"),
        "host_group_id": host["id"] if host else None,
        "topics": row.get("topics") or [],
        "audience": {
            "roles": audience.get("roles") or [],
            "levels": audience.get("levels") or [],
            "departments": audience.get("departments") or [],
            "class_years": audience.get("classYears") or [],
            "topics": audience.get("topics") or [],
            "group_ids": audience.get("groupIds") or [],
            "thin_only": bool(audience.get("thinOnly")),
        },
        "starts_on": row.get("startsOn"),
        "ends_on": row.get("endsOn"),
        "default_capacity": row.get("defaultCapacity"),
    }
