"""Cypher for reading and writing people; every read is batched by a list of ids."""

from __future__ import annotations

from typing import LiteralString

from graphdb.bulk.writer import UPSERT_PEOPLE
from graphdb.cypher import (
    EXISTING_PEOPLE,
    PERSON_MAP,
    SUPPORT_TYPES,
    active,
    confirmed,
    people_filter,
)
from graphdb.driver import Database, Row, Runner, Tx
from graphdb.erase import is_buried
from graphdb.errors import Conflict, NotFound
from graphdb.model import PeopleFilter, PersonRecord
from graphdb.score_table import mark_stale, mark_supported_by_stale
from graphdb.selection import PersonSelection, RowScope, person_projection

PEOPLE_BY_ID: LiteralString = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN " + PERSON_MAP + " AS person"
)

CLAIM_ID: LiteralString = "CREATE (:Person {id: $id})"

# The page after a (sortName, id) cursor. A CASE, not an OR: the planner would split an OR
# into a union and lose the index order. ``p.sortName >= …`` lets it walk the sortName index.
_AFTER: LiteralString = (
    " AND p.sortName >= $afterName AND CASE WHEN p.sortName > $afterName THEN true"
    " WHEN p.sortName = $afterName THEN p.id > $afterId ELSE false END"
)


MATCHING: LiteralString = "UNWIND $ids AS pid MATCH (p:Person {id: pid}) WHERE "

# One record for the whole batch: the driver pays per record received (tens of
# microseconds each), which for a support web of 300 people was most of the request.
_BY_ID: LiteralString = "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN collect("


def _page_query(where: LiteralString, after: bool, projection: LiteralString) -> LiteralString:
    return (
        "CALL () { MATCH (p:Person) WHERE " + where + " RETURN count(p) AS total } "
        "CALL () { MATCH (p:Person) WHERE p.sortName >= '' AND "
        + where
        + (_AFTER if after else "")
        + " WITH p ORDER BY p.sortName, p.id LIMIT $limit"
        " RETURN collect({key: [p.sortName, p.id], person: " + projection + "}) AS page }"
        " RETURN total, page"
    )


async def people_with(
    db: Database, ids: list[str], sel: PersonSelection, rows: RowScope | None = None
) -> dict[str, Row]:
    """The people with these ids, each as ``sel`` asks, in one statement."""
    projection, params = person_projection(sel, viewer=rows is not None)
    if rows is not None:
        params |= rows.params()
    row = await db.read_one(_BY_ID + projection + ") AS people", {**params, "ids": ids})
    return {p["id"]: p for p in row["people"]} if row else {}


async def people_page(
    db: Database,
    flt: PeopleFilter,
    first: int,
    after: tuple[str, str] | None,
    sel: PersonSelection,
    rows: RowScope | None = None,
) -> tuple[int, list[tuple[tuple[str, str], Row]], bool]:
    """(total, [(cursor key, person)], has next) of one page by (lower-cased name, id)."""
    where, params = people_filter(flt)
    projection, nested = person_projection(sel, viewer=rows is not None)
    params |= nested | {"limit": first + 1}
    if rows is not None:
        params |= rows.params()
    if after:
        params["afterName"], params["afterId"] = after
    row = await db.read_one(_page_query(where, after is not None, projection), params)
    assert row is not None  # an aggregate always returns one row
    page = [((e["key"][0], e["key"][1]), e["person"]) for e in row["page"]]
    return row["total"], page[:first], len(page) > first


async def people_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    rows = await db.read(PEOPLE_BY_ID, {"ids": ids})
    return {r["person"]["id"]: r["person"] for r in rows}


async def existing_ids(runner: Runner, ids: list[str]) -> set[str]:
    """Which of these ids are people."""
    return {r["id"] for r in await runner.read(EXISTING_PEOPLE, {"ids": ids})}


async def matching(runner: Runner, ids: list[str], flt: PeopleFilter) -> set[str]:
    """Which of these people the filter selects."""
    where, params = people_filter(flt)
    rows = await runner.read(MATCHING + where + " RETURN p.id AS id", {**params, "ids": ids})
    return {r["id"] for r in rows}


async def create_person(db: Database, record: PersonRecord, tombstone: str) -> None:
    """Create a new person; CONFLICT if the id is taken, or was an erased person's
    (``tombstone`` is that id's tombstone key)."""

    async def work(tx: Tx) -> None:
        if await is_buried(tx, tombstone):
            raise Conflict(
                f"id {record.id!r} belonged to a person who was erased: choose another",
                field="id",
            )
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


CASELOAD: LiteralString = (
    "MATCH (:Person {id: $id})-[r:"
    + SUPPORT_TYPES
    + "]->(p:Person) WHERE "
    + active()
    + " AND "
    + confirmed()
    + " RETURN DISTINCT p.id AS id"
)


async def caseload_of(db: Database, person_id: str) -> list[str]:
    """The people someone actively supports through confirmed ties: whom they act for."""
    return [r["id"] for r in await db.read(CASELOAD, {"id": person_id})]


OPEN_DOOR: LiteralString = "MATCH (p:Person {id: $id}) RETURN coalesce(p.openDoor, false) AS open"


async def open_door(db: Database, person_id: str) -> bool:
    """Whether the person accepts new mentees (False for no such person)."""
    row = await db.read_one(OPEN_DOOR, {"id": person_id})
    return bool(row and row["open"])


COUNT_PEOPLE: LiteralString = "MATCH (p:Person) RETURN count(p) AS n"


async def count_people(runner: Runner) -> int:
    """How many people the graph holds (from the count store: free)."""
    rows = await runner.read(COUNT_PEOPLE)
    return int(rows[0]["n"]) if rows else 0
