"""The reads behind `supportweb export --format csv|graphml|parquet|json`: people and their
active ties in pages, each page ONE record of parallel lists (the driver's cost is per
record, so a record per tie would take minutes for a million; see graphdb/research.py).

Pages are ranges of ids in id order (``id_pages``), so a caller holds one page at a time:
people first, then ties (the graph formats want every node before the edges that name
it). Values come back as stored; dates as ISO text.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, LiteralString

from graphdb.cypher import TIE_TYPE, active, load
from graphdb.driver import Database
from graphdb.model import TieKind
from graphdb.research import EVERY_ID, pages

PEOPLE_COLUMNS = (
    "id",
    "name",
    "email",
    "roles",
    "department",
    "classYear",
    "level",
    "interests",
    "expertise",
    "servesLevels",
    "openDoor",
    "capacity",
    "load",
    "supportScore",
    "supportThin",
)
TIE_COLUMNS = (
    "id",
    "source",
    "target",
    "kind",
    "strength",
    "since",
    "until",
    "functions",
    "formal",
    "lastContact",
)


def _each(expression: LiteralString, name: LiteralString) -> LiteralString:
    return "[p IN page | " + expression + "] AS " + name


PEOPLE_PAGE: LiteralString = (
    "MATCH (p:Person) WHERE p.id >= $low AND p.id <= $high WITH p ORDER BY p.id "
    "WITH collect(p) AS page RETURN "
    + _each("p.id", "id")
    + ", "
    + _each("p.name", "name")
    + ", "
    + _each("p.email", "email")
    + ", "
    + _each("p.roles", "roles")
    + ", "
    + _each("p.department", "department")
    + ", "
    + _each("p.classYear", "classYear")
    + ", "
    + _each("p.level", "level")
    + ", "
    + _each("[(p)-[:INTERESTED_IN]->(t:Topic) | t.name]", "interests")
    + ", "
    + _each("[(p)-[:EXPERT_IN]->(t:Topic) | t.name]", "expertise")
    + ", "
    + _each("p.servesLevels", "servesLevels")
    + ", "
    + _each("p.openDoor", "openDoor")
    + ", "
    + _each("p.capacity", "capacity")
    + ", "
    + _each(load("p"), "load")
    + ", "
    + _each("p.supportScore", "supportScore")
    + ", "
    + _each("p.supportThin", "supportThin")
)


def _tie_page(types: LiteralString) -> LiteralString:
    # ``collect`` drops nulls: every collected value is made non-null, '' or -1 for unset.
    return (
        "MATCH (a:Person) WHERE a.id >= $low AND a.id <= $high "
        "MATCH (a)-[r:" + types + "]->(b:Person) WHERE " + active() + " "
        "RETURN collect(r.id) AS id, collect(a.id) AS source, collect(b.id) AS target, "
        "collect(type(r)) AS kind, collect(coalesce(r.strength, -1.0)) AS strength, "
        "collect(coalesce(toString(r.since), '')) AS since, "
        "collect(coalesce(toString(r.until), '')) AS until, "
        "collect(coalesce(r.functions, [])) AS functions, "
        "collect(coalesce(r.formal, false)) AS formal, "
        "collect(coalesce(toString(r.lastContact), '')) AS lastContact"
    )


TIE_PAGE: dict[frozenset[TieKind], LiteralString] = {}


def tie_page(kinds: frozenset[TieKind]) -> LiteralString:
    """The statement for ties of these kinds (types from the enum, never from input)."""
    if kinds not in TIE_PAGE:
        types: LiteralString = ""
        for kind, rel_type in TIE_TYPE.items():
            if kind in kinds:
                types = types + ("|" if types else "") + rel_type
        TIE_PAGE[kinds] = _tie_page(types)
    return TIE_PAGE[kinds]


async def id_pages(db: Database) -> list[tuple[str, str]]:
    """The projection's pages (``graphdb.research.pages``): cut by people and relationships."""
    row = (await db.read(EVERY_ID, timeout=300))[0]
    return pages(row["ids"], row["degrees"])


def _rows(columns: dict[str, list[Any]], names: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        dict(zip(names, values, strict=True))
        for values in zip(*(columns[n] for n in names), strict=True)
    ]


async def people(db: Database, pages: list[tuple[str, str]]) -> AsyncIterator[list[dict[str, Any]]]:
    for low, high in pages:
        row = (await db.read(PEOPLE_PAGE, {"low": low, "high": high}, timeout=300))[0]
        yield _rows(row, PEOPLE_COLUMNS)


async def ties(
    db: Database, pages: list[tuple[str, str]], kinds: frozenset[TieKind]
) -> AsyncIterator[list[dict[str, Any]]]:
    query = tie_page(kinds)
    for low, high in pages:
        row = (await db.read(query, {"low": low, "high": high}, timeout=300))[0]
        yield _rows(row, TIE_COLUMNS)
