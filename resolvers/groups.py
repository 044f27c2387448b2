"""Groups and memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graphdb import groups as store
from graphdb.driver import Database, Row
from graphdb.errors import NotFound
from resolvers.disclosure import Fact
from resolvers.pagination import check_first
from resolvers.records import group_record, membership_record
from resolvers.scope import RequestScope

MAX_MEMBERS = 500


async def find_group(db: Database, group_id: str) -> Row | None:
    """A group by id; None when there is none."""
    return (await store.groups_by_ids(db, [group_id])).get(group_id)


async def get_group(db: Database, group_id: str) -> Row:
    found = await store.groups_by_ids(db, [group_id])
    if group_id not in found:
        raise NotFound(f"no group with id {group_id!r}", field="id")
    return found[group_id]


async def members(scope: RequestScope, group_id: str, first: int) -> list[str]:
    """The ids of a group's members, by name; at most ``first`` (1-500). Membership is a
    detail of each member (resolvers.disclosure): a viewer who may learn details only of
    themself and their caseload sees only those members."""
    check_first(first, maximum=MAX_MEMBERS)
    found = await store.member_ids(scope.db, group_id, first, await scope.visible(Fact.DETAILS))
    scope.add_audit_subjects(set(found))
    return found


async def create_group(db: Database, fields: Mapping[str, Any]) -> Row:
    record = group_record(fields)
    await store.create_group(db, record)
    return await get_group(db, record.id)


async def update_group(db: Database, group_id: str, patch: Mapping[str, Any]) -> Row:
    current = await get_group(db, group_id)
    record = group_record({**current, **{k: v for k, v in patch.items() if v is not None}})
    await store.replace_group(db, record)
    return await get_group(db, group_id)


async def add_membership(
    db: Database, person_id: str, group_id: str, role: str | None, since: dt.date | None
) -> Row:
    """Add the membership; returns it as read back ({role, since, group})."""
    record = membership_record(person_id, group_id, role, since)
    await store.add_membership(db, record)
    return {"role": record.role, "since": record.since, "group": await get_group(db, group_id)}


async def end_membership(db: Database, person_id: str, group_id: str) -> None:
    await store.end_membership(db, person_id, group_id)
