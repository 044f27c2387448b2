"""The import run (graphdb.bulk.importer) against the real Neo4j: the folder, all-or-nothing,
the capped problem list, counts and progress, and idempotency."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphdb.bulk.importer import import_dir
from graphdb.bulk.problems import MAX_PROBLEMS
from graphdb.driver import Database
from graphdb.errors import BadInput
from tests.graphdb.import_folder import (
    GROUPS_HEADER,
    good_folder,
    rejected,
    snapshot,
)


async def test_folder_without_any_file_names_the_expected_files(
    db: Database, tmp_path: Path
) -> None:
    with pytest.raises(BadInput) as info:
        await import_dir(db, tmp_path)
    assert "people.csv, groups.csv, memberships.csv, ties.csv" in info.value.message


async def test_missing_folder_is_bad_input(db: Database, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="is not a folder"):
        await import_dir(db, tmp_path / "nowhere")


async def test_problem_list_is_capped(db: Database, tmp_path: Path) -> None:
    rows = [f"g{i},Group {i},BAND" for i in range(MAX_PROBLEMS + 5)]
    problems = await rejected(db, good_folder(tmp_path, groups=[GROUPS_HEADER, *rows]))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == "… and 5 more problem(s) not shown"
    assert problems[0].startswith("groups.csv:2: ")


async def test_good_import_reports_counts_per_file(db: Database, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    report = await import_dir(
        db,
        good_folder(tmp_path),
        progress=lambda what, done, total: seen.append((what, done, total)),
    )
    assert report.counts == {"people.csv": 2, "groups.csv": 1, "memberships.csv": 1, "ties.csv": 1}
    assert (report.people, report.groups, report.memberships, report.ties) == (2, 1, 1, 1)
    assert report.elapsed_s > 0
    assert seen[-1] == ("ties", 5, 5)
    row = await db.read_one(
        "CALL () { MATCH (p:Person) RETURN count(p) AS people } "
        "CALL () { MATCH (t:Topic) RETURN count(t) AS topics } "
        "CALL () { MATCH ()-[m:MEMBER_OF]->() RETURN count(m) AS memberships } "
        "RETURN people, topics, memberships"
    )
    assert row == {"people": 2, "topics": 2, "memberships": 1}
    person = await db.read_one(
        "MATCH (p:Person:Faculty {id: 'f1'}) RETURN p.openDoor AS door, p.capacity AS cap, "
        "p.servesLevels AS serves, p.email AS email, p.classYear AS year"
    )
    assert person == {
        "door": True,
        "cap": 3,
        "serves": ["UNDERGRADUATE", "GRADUATE"],
        "email": "lee@example.edu",
        "year": None,
    }


async def test_importing_the_same_folder_twice_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    folder = good_folder(tmp_path)
    await import_dir(db, folder)
    first = await snapshot(db)
    await import_dir(db, folder)
    assert await snapshot(db) == first
    assert (len(first[0]), len(first[1])) == (5, 6)  # 2 people, a group, 2 topics
