"""Checks across rows, files and the graph (graphdb.bulk.crosscheck): ids defined twice,
references to people and groups that neither the files nor the graph hold, tie ids the graph
already gives to other people."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphdb.bulk.importer import ImportRejected, import_dir
from graphdb.driver import Database
from tests.graphdb.import_folder import (
    GROUPS_HEADER,
    GROUPS_ROWS,
    MEMBERSHIPS_HEADER,
    MEMBERSHIPS_ROWS,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    TIES_HEADER,
    TIES_ROWS,
    Case,
    assert_reported,
    good_folder,
    rejected,
    snapshot,
    write_folder,
)

# A folder that clashes with itself, by one file: (file, its lines, every problem reported).
CLASHES: dict[str, Case] = {
    "person id twice": (
        "people",
        [PEOPLE_HEADER, *PEOPLE_ROWS, "s1,Ada Again,STUDENT,,,,,,,,,"],
        ["people.csv:4: duplicate person id 's1' (also on line 2)"],
    ),
    "group id twice": (
        "groups",
        [GROUPS_HEADER, *GROUPS_ROWS, "g1,Other,CLUB"],
        ["groups.csv:3: duplicate group id 'g1' (also on line 2)"],
    ),
    "membership twice": (
        "memberships",
        [MEMBERSHIPS_HEADER, *MEMBERSHIPS_ROWS, "s1,g1,captain,"],
        ["memberships.csv:3: duplicate membership of 's1' in 'g1' (also on line 2)"],
    ),
    "tie identity twice": (
        "ties",
        [TIES_HEADER, *TIES_ROWS, "f1,s1,ADVISES,0.2,2024-09-01,,,,"],
        [
            "ties.csv:3: duplicate ADVISES tie from 'f1' to 's1' since 2024-09-01 "
            "(also on line 2); give each its own since or id"
        ],
    ),
    "tie id twice": (
        "ties",
        ["id," + TIES_HEADER, "t1,f1,s1,ADVISES,,,,,,", "t1,s1,f1,KNOWS,,,,,,"],
        ["ties.csv:3: duplicate tie id 't1' (also on line 2)"],
    ),
    "unknown person": (
        "ties",
        [TIES_HEADER, *TIES_ROWS, "x9,s1,MENTORS,,,,,,"],
        ["ties.csv:3: from_id 'x9' is not a person in people.csv or in the graph"],
    ),
    "unknown group": (
        "memberships",
        [MEMBERSHIPS_HEADER, *MEMBERSHIPS_ROWS, "f1,g9,,"],
        ["memberships.csv:3: group_id 'g9' is not a group in groups.csv or in the graph"],
    ),
}


@pytest.mark.parametrize("case", CLASHES)
async def test_a_clash_is_reported_at_its_line(db: Database, tmp_path: Path, case: str) -> None:
    await assert_reported(db, tmp_path, CLASHES[case])


async def test_same_ends_and_kind_with_other_since_are_two_ties(
    db: Database, tmp_path: Path
) -> None:
    ties = [TIES_HEADER, "f1,s1,ADVISES,,2023-09-01,2024-06-30,,,", *TIES_ROWS]
    report = await import_dir(db, good_folder(tmp_path, ties=ties))
    assert report.ties == 2
    row = await db.read_one("MATCH (:Person {id: 'f1'})-[r:ADVISES]->() RETURN count(r) AS n")
    assert row == {"n": 2}


async def test_reference_to_person_already_in_graph_is_accepted(
    db: Database, tmp_path: Path
) -> None:
    await import_dir(db, write_folder(tmp_path / "first", people=[PEOPLE_HEADER, *PEOPLE_ROWS]))
    later = write_folder(
        tmp_path / "later",
        groups=[GROUPS_HEADER, *GROUPS_ROWS],
        memberships=[MEMBERSHIPS_HEADER, *MEMBERSHIPS_ROWS],
        ties=[TIES_HEADER, *TIES_ROWS],
    )
    report = await import_dir(db, later)
    assert report.counts == {"groups.csv": 1, "memberships.csv": 1, "ties.csv": 1}
    row = await db.read_one(
        "MATCH (f:Person {id: 'f1'})-[:ADVISES]->(s:Person {id: 's1'})-[:MEMBER_OF]->(g:Group) "
        "RETURN g.id AS g"
    )
    assert row == {"g": "g1"}


async def test_bad_person_row_does_not_also_fail_its_ties(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, PEOPLE_ROWS[0], PEOPLE_ROWS[1].replace("FACULTY", "DEAN")]
    problems = await rejected(db, good_folder(tmp_path, people=people))
    assert len(problems) == 1
    assert problems[0].startswith("people.csv:3: unknown role 'DEAN'")
    assert problems == [
        "people.csv:3: unknown role 'DEAN' (allowed: STUDENT, FACULTY, STAFF, ALUM, EXTERNAL)"
    ]


async def test_explicit_tie_id_of_another_tie_in_graph_is_reported(
    db: Database, tmp_path: Path
) -> None:
    await import_dir(
        db, good_folder(tmp_path, ties=["id," + TIES_HEADER, "t1,f1,s1,ADVISES,,,,,,"])
    )
    before = await snapshot(db)
    moved = write_folder(tmp_path / "moved", ties=["id," + TIES_HEADER, "t1,s1,f1,ADVISES,,,,,,"])
    with pytest.raises(ImportRejected) as info:
        await import_dir(db, moved)
    assert info.value.problems == [
        "ties.csv:2: tie id 't1' is already used in the graph by the ADVISES tie from 'f1' "
        "to 's1'; a tie's people cannot change on import"
    ]
    assert await snapshot(db) == before


async def test_an_erased_persons_id_is_not_imported_again(db: Database, tmp_path: Path) -> None:
    from graphdb.erase import BURY
    from resolvers.audit import tombstone_key

    key = "a-pseudonym-key-for-this-test-0123456789"
    await db.write(BURY, {"tombstone": tombstone_key(key, "s1")})
    folder = write_folder(tmp_path, people=[PEOPLE_HEADER, *PEOPLE_ROWS])
    with pytest.raises(ImportRejected) as refused:
        await import_dir(db, folder, tombstone=lambda pid: tombstone_key(key, pid))
    assert refused.value.problems == [
        "people.csv:2: id 's1' belonged to a person who was erased: use another"
    ]
    assert await db.read("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 0}]
