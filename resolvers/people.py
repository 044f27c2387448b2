"""People: lookups, the filtered directory, and create/update."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphdb import people as store
from graphdb.driver import Database, Row
from graphdb.errors import NotFound
from graphdb.model import PeopleFilter
from graphdb.profiles import supported_by
from graphdb.selection import PersonSelection
from resolvers.alerts import after_support_write
from resolvers.audit import tombstone_key
from resolvers.pagination import check_first
from resolvers.projection import Selected, person_selection
from resolvers.records import person_fields, person_record
from resolvers.scope import RequestScope


@dataclass(frozen=True, slots=True)
class PersonEdge:
    row: Row
    cursor: str


@dataclass(frozen=True, slots=True)
class PeopleConnection:
    edges: list[PersonEdge]
    total: int
    has_next: bool

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1].cursor if self.edges else None


async def people_by_ids(
    scope: RequestScope, ids: list[str], sel: PersonSelection
) -> dict[str, Row]:
    """These people as ``sel`` asks (see ``projection.person_selection``), each marked for
    the access policy, in one statement."""
    if not ids:
        return {}
    return await store.people_with(scope.db, list(dict.fromkeys(ids)), sel, await scope.row_scope())


async def directory(
    scope: RequestScope, flt: PeopleFilter, first: int, after: str | None, wanted: Selected | None
) -> PeopleConnection:
    """A page of the directory by name, each person as ``wanted`` selects."""
    check_first(first)
    sel = person_selection(wanted)
    key = scope.cursors.decode("people", after, 2) if after else None
    total, page, more = await store.people_page(
        scope.db,
        flt,
        first,
        (str(key[0]), str(key[1])) if key else None,
        sel,
        await scope.row_scope(),
    )
    edges = [PersonEdge(row, scope.cursors.encode("people", *k)) for k, row in page]
    return PeopleConnection(edges=edges, total=total, has_next=more)


async def get_person(db: Database, person_id: str) -> Row:
    found = await store.people_by_ids(db, [person_id])
    if person_id not in found:
        raise NotFound(f"no person with id {person_id!r}", field="id")
    return found[person_id]


async def create_person(db: Database, fields: Mapping[str, Any], key: str) -> Row:
    """Create a person (``key``: the pseudonym key, to recognise an erased person's id)."""
    record = person_record(fields)
    await store.create_person(db, record, tombstone_key(key, record.id))
    return await get_person(db, record.id)


async def update_person(db: Database, person_id: str, patch: Mapping[str, Any]) -> Row:
    current = person_fields(await get_person(db, person_id))
    record = person_record({**current, **patch, "id": person_id})
    await store.replace_person(db, record)
    await after_support_write(db, [person_id, *await supported_by(db, person_id)])
    return await get_person(db, person_id)


async def open_door(db: Database, person_id: str) -> bool:
    """Whether the person accepts new mentees (False for no such person)."""
    return await store.open_door(db, person_id)
