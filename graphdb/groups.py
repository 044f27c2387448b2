"""Cypher for groups and memberships."""

from __future__ import annotations

from typing import LiteralString

from graphdb.bulk.writer import UPSERT_GROUPS, UPSERT_MEMBERSHIPS
from graphdb.driver import Database, Row, Tx
from graphdb.errors import Conflict, NotFound
from graphdb.model import GroupRecord, MembershipRecord

GROUP_MAP: LiteralString = "g {.id, .name, .kind}"

GROUPS_BY_ID: LiteralString = (
    "UNWIND $ids AS gid MATCH (g:Group {id: gid}) RETURN " + GROUP_MAP + " AS grp"
)

# ``$visible`` null: every member; else only those (a viewer who may learn the groups of
# only some people learns of no one else's membership from the member list either).
MEMBERS_OF: LiteralString = """
MATCH (g:Group {id: $groupId})
RETURN COLLECT {
  MATCH (p:Person)-[:MEMBER_OF]->(g) WHERE $visible IS NULL OR p.id IN $visible
  RETURN p.id ORDER BY p.sortName, p.id LIMIT $first
} AS ids
"""

CLAIM_GROUP: LiteralString = "CREATE (:Group {id: $id})"

MEMBERSHIP: LiteralString = """
MATCH (p:Person {id: $personId}), (g:Group {id: $groupId})
OPTIONAL MATCH (p)-[m:MEMBER_OF]->(g)
RETURN count(m) AS n
"""

END_MEMBERSHIP: LiteralString = """
MATCH (:Person {id: $personId})-[m:MEMBER_OF]->(:Group {id: $groupId})
DELETE m
RETURN count(*) AS n
"""

ENDPOINTS: LiteralString = """
OPTIONAL MATCH (p:Person {id: $personId})
OPTIONAL MATCH (g:Group {id: $groupId})
RETURN p IS NOT NULL AS person, g IS NOT NULL AS grp
"""


async def groups_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    rows = await db.read(GROUPS_BY_ID, {"ids": ids})
    return {r["grp"]["id"]: r["grp"] for r in rows}


async def member_ids(
    db: Database, group_id: str, first: int, visible: list[str] | None = None
) -> list[str]:
    params = {"groupId": group_id, "first": first, "visible": visible}
    row = await db.read_one(MEMBERS_OF, params)
    return list(row["ids"]) if row else []


async def create_group(db: Database, group: GroupRecord) -> None:
    async def work(tx: Tx) -> None:
        await tx.run(CLAIM_GROUP, {"id": group.id})
        await tx.run(UPSERT_GROUPS, {"rows": [group.to_params()]})

    await db.transaction(work)


async def replace_group(db: Database, group: GroupRecord) -> None:
    async def work(tx: Tx) -> None:
        if not await tx.run(GROUPS_BY_ID, {"ids": [group.id]}):
            raise NotFound(f"no group with id {group.id!r}")
        await tx.run(UPSERT_GROUPS, {"rows": [group.to_params()]})

    await db.transaction(work)


async def _check_endpoints(tx: Tx, person_id: str, group_id: str) -> None:
    found = (await tx.run(ENDPOINTS, {"personId": person_id, "groupId": group_id}))[0]
    if not found["person"]:
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    if not found["grp"]:
        raise NotFound(f"no group with id {group_id!r}", field="groupId")


async def add_membership(db: Database, membership: MembershipRecord) -> None:
    params = membership.to_params()

    async def work(tx: Tx) -> None:
        await _check_endpoints(tx, membership.person_id, membership.group_id)
        if (await tx.run(MEMBERSHIP, params))[0]["n"]:
            raise Conflict(
                f"{membership.person_id!r} is already a member of {membership.group_id!r}"
            )
        await tx.run(UPSERT_MEMBERSHIPS, {"rows": [params]})

    await db.transaction(work)


async def end_membership(db: Database, person_id: str, group_id: str) -> None:
    params = {"personId": person_id, "groupId": group_id}

    async def work(tx: Tx) -> None:
        await _check_endpoints(tx, person_id, group_id)
        if not (await tx.run(END_MEMBERSHIP, params))[0]["n"]:
            raise NotFound(f"{person_id!r} is not a member of {group_id!r}")

    await db.transaction(work)
