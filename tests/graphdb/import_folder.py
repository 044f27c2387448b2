"""An import folder for the importer's tests: a good one of each §6 file, helpers to write
a folder with some files replaced, and to read back what the graph holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphdb.bulk.importer import ImportRejected, import_dir
from graphdb.driver import Database

PEOPLE_HEADER = (
    "id,name,roles,department,class_year,level,interests,expertise,open_door,capacity,"
    "serves_levels,email"
)
PEOPLE_ROWS = [
    "s1,Ada Student,STUDENT,Engineering,2027,UNDERGRADUATE,  Solar Technology ;Physics,,false,,,"
    "ada@example.edu",
    "f1,Prof Lee,FACULTY,Engineering,,,,solar technology;physics,true,3,UNDERGRADUATE;GRADUATE,"
    "lee@example.edu",
]
GROUPS_HEADER = "id,name,kind"
GROUPS_ROWS = ["g1,Solar Car Team,TEAM"]
MEMBERSHIPS_HEADER = "person_id,group_id,role,since"
MEMBERSHIPS_ROWS = ["s1,g1,driver,2024-09-01"]
TIES_HEADER = "from_id,to_id,kind,strength,since,until,functions,formal,last_contact"
TIES_ROWS = ["f1,s1,ADVISES,0.7,2024-09-01,,,false,2025-01-15"]

NODES = "MATCH (n) WHERE NOT (n:Migration OR n:GraphVersion) RETURN count(n) AS n"
SNAPSHOT_NODES = (
    "MATCH (n) WHERE NOT (n:Migration OR n:GraphVersion) "
    "RETURN labels(n) AS labels, properties(n) AS p"
)
SNAPSHOT_RELS = """
MATCH (a)-[r]->(b)
RETURN coalesce(a.id, a.name) AS a, type(r) AS type, properties(r) AS p, coalesce(b.id, b.name) AS b
"""


def write_folder(
    root: Path,
    *,
    people: list[str] | None = None,
    groups: list[str] | None = None,
    memberships: list[str] | None = None,
    ties: list[str] | None = None,
) -> Path:
    """Write the given files (header line first); a file given as None is absent."""
    where = root / "import"
    where.mkdir(parents=True, exist_ok=True)
    for name, lines in (
        ("people.csv", people),
        ("groups.csv", groups),
        ("memberships.csv", memberships),
        ("ties.csv", ties),
    ):
        if lines is not None:
            (where / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return where


def good_folder(root: Path, **override: list[str] | None) -> Path:
    """The good folder, with any file replaced by `override`."""
    files: dict[str, list[str] | None] = {
        "people": [PEOPLE_HEADER, *PEOPLE_ROWS],
        "groups": [GROUPS_HEADER, *GROUPS_ROWS],
        "memberships": [MEMBERSHIPS_HEADER, *MEMBERSHIPS_ROWS],
        "ties": [TIES_HEADER, *TIES_ROWS],
    }
    files.update(override)
    return write_folder(
        root,
        people=files["people"],
        groups=files["groups"],
        memberships=files["memberships"],
        ties=files["ties"],
    )


async def node_count(db: Database) -> int:
    row = await db.read_one(NODES)
    assert row is not None
    return int(row["n"])


async def rejected(db: Database, where: Path) -> list[str]:
    """Import must fail and leave the graph as it was before (here: empty)."""
    with pytest.raises(ImportRejected) as info:
        await import_dir(db, where)
    assert await node_count(db) == 0
    return info.value.problems


Case = tuple[str, list[str], list[str]]
"""A folder that is good but for one file: that file, its lines, every problem reported."""


async def assert_reported(db: Database, root: Path, case: Case) -> None:
    file, lines, expected = case
    assert await rejected(db, good_folder(root, **{file: lines})) == expected


async def snapshot(db: Database) -> tuple[list[str], list[str]]:
    nodes = sorted(
        repr((sorted(r["labels"]), sorted(r["p"].items()))) for r in await db.read(SNAPSHOT_NODES)
    )
    rels = sorted(
        repr((r["a"], r["type"], sorted(r["p"].items()), r["b"]))
        for r in await db.read(SNAPSHOT_RELS)
    )
    return nodes, rels
