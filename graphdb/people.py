"""Cypher for reading and writing people; every read is batched by a list of ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from graphdb.driver import Database, Row, Tx
from graphdb.errors import NotFound
from graphdb.model import PersonRecord
from graphdb.support import mark_stale, mark_supported_by_stale
from graphdb.writer import UPSERT_PEOPLE

ACTIVE: LiteralString = "(r.until IS NULL OR r.until > date())"

PERSON_MAP: LiteralString = """p {
  .id, .name, .email, .roles, .department, .classYear, .level, .openDoor, .capacity,
  .servesLevels,
  interests: COLLECT { MATCH (p)-[:INTERESTED_IN]->(t:Topic) RETURN t.name ORDER BY t.name },
  expertise: COLLECT { MATCH (p)-[:EXPERT_IN]->(t:Topic) RETURN t.name ORDER BY t.name },
  load: COUNT { MATCH (p)-[r:MENTORS]->(:Person) WHERE r.until IS NULL OR r.until > date() }
}"""

PEOPLE_BY_ID: LiteralString = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN " + PERSON_MAP + " AS person"
)

# Each filter is off when its parameter is null, so one plan serves every combination.
_FILTER: LiteralString = """
WHERE ($roles IS NULL OR any(role IN p.roles WHERE role IN $roles))
  AND ($department IS NULL OR p.department = $department)
  AND ($classYear IS NULL OR p.classYear = $classYear)
  AND ($level IS NULL OR p.level = $level)
  AND ($groupId IS NULL OR EXISTS { MATCH (p)-[:MEMBER_OF]->(:Group {id: $groupId}) })
  AND ($topic IS NULL OR EXISTS { MATCH (p)-[:INTERESTED_IN|EXPERT_IN]->(:Topic {name: $topic}) })
  AND ($search IS NULL OR p.sortName CONTAINS $search)
"""

LIST_PEOPLE: LiteralString = (
    "CALL () { MATCH (p:Person) "
    + _FILTER
    + " RETURN count(p) AS total } "
    + "CALL () { MATCH (p:Person) "
    + _FILTER
    + " AND ($afterName IS NULL OR p.sortName > $afterName"
    + " OR (p.sortName = $afterName AND p.id > $afterId))"
    + " WITH p ORDER BY p.sortName, p.id LIMIT $limit"
    + " RETURN collect("
    + PERSON_MAP
    + ") AS page } RETURN total, page"
)

# The unfiltered directory, the common case: the count comes from the count store and the
# order from the sortName index (the catch-all filter above hides both from the planner).
LIST_ALL_PEOPLE: LiteralString = (
    "CALL () { MATCH (p:Person) RETURN count(p) AS total } "
    "CALL () { MATCH (p:Person) WHERE p.sortName >= coalesce($afterName, '') "
    " AND ($afterName IS NULL OR p.sortName > $afterName"
    " OR (p.sortName = $afterName AND p.id > $afterId))"
    " WITH p ORDER BY p.sortName, p.id LIMIT $limit"
    " RETURN collect(" + PERSON_MAP + ") AS page } RETURN total, page"
)

EXISTING_IDS: LiteralString = "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN p.id AS id"

CLAIM_ID: LiteralString = "CREATE (:Person {id: $id})"


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    roles: list[str] | None = None
    department: str | None = None
    class_year: int | None = None
    level: str | None = None
    group_id: str | None = None
    topic: str | None = None
    search: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "roles": self.roles or None,
            "department": self.department,
            "classYear": self.class_year,
            "level": self.level,
            "groupId": self.group_id,
            "topic": self.topic,
            "search": self.search.lower() if self.search else None,
        }


@dataclass(frozen=True, slots=True)
class PeoplePage:
    total: int
    rows: list[Row]
    has_next: bool


async def people_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    rows = await db.read(PEOPLE_BY_ID, {"ids": ids})
    return {r["person"]["id"]: r["person"] for r in rows}


async def list_people(
    db: Database, flt: PeopleFilter, first: int, after: tuple[str, str] | None
) -> PeoplePage:
    params = flt.params()
    params["afterName"], params["afterId"] = after if after else (None, None)
    params["limit"] = first + 1
    unfiltered = all(v is None for k, v in params.items() if k in flt.params())
    row = await db.read_one(LIST_ALL_PEOPLE if unfiltered else LIST_PEOPLE, params)
    assert row is not None  # an aggregate always returns one row
    page: list[Row] = row["page"]
    return PeoplePage(total=row["total"], rows=page[:first], has_next=len(page) > first)


async def existing_ids(db: Database | Tx, ids: list[str]) -> set[str]:
    rows = await (
        db.read(EXISTING_IDS, {"ids": ids})
        if isinstance(db, Database)
        else db.run(EXISTING_IDS, {"ids": ids})
    )
    return {r["id"] for r in rows}


async def create_person(db: Database, record: PersonRecord) -> None:
    async def work(tx: Tx) -> None:
        # CREATE first so the uniqueness constraint, not a racy read, rejects a taken id.
        await tx.run(CLAIM_ID, {"id": record.id})
        await tx.run(UPSERT_PEOPLE, {"rows": [record.to_params()]})

    await db.transaction(work)


async def replace_person(db: Database, record: PersonRecord) -> None:
    async def work(tx: Tx) -> None:
        if not await existing_ids(tx, [record.id]):
            raise NotFound(f"no person with id {record.id!r}")
        await tx.run(UPSERT_PEOPLE, {"rows": [record.to_params()]})
        # Their roles and department count in the profiles of the people they support.
        await mark_supported_by_stale(tx, [record.id])
        await mark_stale(tx, [record.id])

    await db.transaction(work)
