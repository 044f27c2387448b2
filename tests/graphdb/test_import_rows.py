"""Row by row (graphdb.bulk.rows): each cell that does not read and each rule of the model
a row breaks is reported as file:line: reason; good rows become the records the graph gets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphdb.bulk.importer import import_dir
from graphdb.driver import Database
from graphdb.model import TieKind, tie_id_for
from tests.graphdb.import_folder import (
    GROUPS_HEADER,
    GROUPS_ROWS,
    MEMBERSHIPS_HEADER,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    TIES_HEADER,
    TIES_ROWS,
    Case,
    assert_reported,
    good_folder,
    rejected,
)

PEOPLE = [PEOPLE_HEADER, *PEOPLE_ROWS]
GROUPS = [GROUPS_HEADER, *GROUPS_ROWS]
TIES = [TIES_HEADER, *TIES_ROWS]
LEVELS = "(allowed: K12, UNDERGRADUATE, GRADUATE, PROFESSIONAL)"

# One bad row in an otherwise good folder: (file, its lines, every problem reported).
BAD_ROWS: dict[str, Case] = {
    "bad id": (
        "people",
        [*PEOPLE, "s 2,Bo,STUDENT,,,,,,,,,"],
        ["people.csv:4: id 's 2' is not a valid id: use 1-64 letters, digits or . _ : -"],
    ),
    "empty name": ("groups", [*GROUPS, "g2,  ,CLUB"], ["groups.csv:3: name is empty"]),
    "unknown role": (
        "people",
        [*PEOPLE, "p3,Bo,STUDENT;PROF,,,,,,,,,"],
        ["people.csv:4: unknown role 'PROF' (allowed: STUDENT, FACULTY, STAFF, ALUM, EXTERNAL)"],
    ),
    "empty roles": (
        "people",
        [*PEOPLE, "p3,Bo,,,,,,,,,,"],
        [
            "people.csv:4: roles is empty: give at least one of "
            "STUDENT, FACULTY, STAFF, ALUM, EXTERNAL"
        ],
    ),
    "unknown level": (
        "people",
        [*PEOPLE, "p3,Bo,STUDENT,,,college,,,,,,"],
        [f"people.csv:4: unknown level 'college' {LEVELS}"],
    ),
    "unknown serves level": (
        "people",
        [*PEOPLE, "p3,Bo,FACULTY,,,,,,,,K12;PHD,"],
        [f"people.csv:4: unknown level in serves_levels 'PHD' {LEVELS}"],
    ),
    "unknown group kind": (
        "groups",
        [*GROUPS, "g2,Chess,SOCIETY"],
        [
            "groups.csv:3: unknown group kind 'SOCIETY' "
            "(allowed: TEAM, CLUB, DEPARTMENT, LAB, DORM, OFFICE, COMMUNITY, SCHOOL)"
        ],
    ),
    "unknown tie kind": (
        "ties",
        [*TIES, "f1,s1,LIKES,,,,,,"],
        [
            "ties.csv:3: unknown tie kind 'LIKES' (allowed: ADVISES, MENTORS, COACHES, TEACHES, "
            "TUTORS, PEER_SUPPORTS, SUPERVISES, KNOWS)"
        ],
    ),
    "unknown function": (
        "ties",
        [*TIES, "f1,s1,MENTORS,,,,CAREER;SOCIAL,,"],
        ["ties.csv:3: unknown function 'SOCIAL' (allowed: ACADEMIC, CAREER, PSYCHOSOCIAL)"],
    ),
    "class year not a whole number": (
        "people",
        [*PEOPLE, "p3,Bo,STUDENT,,2027.5,,,,,,,"],
        ["people.csv:4: class_year '2027.5' is not a whole number"],
    ),
    "negative capacity": (
        "people",
        [*PEOPLE, "p3,Bo,FACULTY,,,,,,true,-1,,"],
        ["people.csv:4: capacity -1 is below 0"],
    ),
    "bad boolean": (
        "people",
        [*PEOPLE, "p3,Bo,FACULTY,,,,,,yes,,,"],
        ["people.csv:4: open_door 'yes' is not a boolean (use true or false)"],
    ),
    "bad date": (
        "memberships",
        [MEMBERSHIPS_HEADER, "s1,g1,driver,2024-13-01"],
        ["memberships.csv:2: since '2024-13-01' is not an ISO 8601 date (use YYYY-MM-DD)"],
    ),
    "bad email": (
        "people",
        [*PEOPLE, "p3,Bo,STUDENT,,,,,,,,,bo at example.edu"],
        ["people.csv:4: email 'bo at example.edu' is not an email address"],
    ),
    "strength not a number": (
        "ties",
        [*TIES, "s1,f1,KNOWS,strong,,,,,"],
        ["ties.csv:3: strength 'strong' is not a number (use 0..1, e.g. 0.5)"],
    ),
    "strength outside range": (
        "ties",
        [*TIES, "s1,f1,KNOWS,1.5,,,,,"],
        ["ties.csv:3: strength 1.5 is outside 0..1"],
    ),
    "until before since": (
        "ties",
        [TIES_HEADER, "f1,s1,MENTORS,,2024-09-01,2024-01-31,,,"],
        ["ties.csv:2: until 2024-01-31 is before since 2024-09-01"],
    ),
    "self tie": (
        "ties",
        [TIES_HEADER, "f1,f1,MENTORS,,,,,,"],
        ["ties.csv:2: a person cannot have a tie to themself (f1)"],
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
async def test_a_bad_row_is_reported_at_its_line(db: Database, tmp_path: Path, case: str) -> None:
    await assert_reported(db, tmp_path, BAD_ROWS[case])


async def test_every_bad_row_and_every_problem_in_a_row_is_reported(
    db: Database, tmp_path: Path
) -> None:
    people = [PEOPLE_HEADER, "s 1,,STUDENT,,year,,,,maybe,,,", *PEOPLE_ROWS]
    groups = [GROUPS_HEADER, "g1,Team,BAND"]
    problems = await rejected(db, good_folder(tmp_path, people=people, groups=groups))
    assert problems == [
        "people.csv:2: id 's 1' is not a valid id: use 1-64 letters, digits or . _ : -",
        "people.csv:2: name is empty",
        "people.csv:2: class_year 'year' is not a whole number",
        "people.csv:2: open_door 'maybe' is not a boolean (use true or false)",
        "groups.csv:2: unknown group kind 'BAND' "
        "(allowed: TEAM, CLUB, DEPARTMENT, LAB, DORM, OFFICE, COMMUNITY, SCHOOL)",
    ]


async def test_empty_functions_take_the_kinds_defaults(db: Database, tmp_path: Path) -> None:
    ties = [
        TIES_HEADER,
        "f1,s1,MENTORS,,,,,,",
        "f1,s1,ADVISES,,,,,,",
        "s1,f1,KNOWS,,,,,,",
        "s1,f1,PEER_SUPPORTS,,,,academic,,",
    ]
    await import_dir(db, good_folder(tmp_path, ties=ties))
    rows = await db.read(
        "MATCH ()-[r]->() WHERE r.functions IS NOT NULL OR type(r) = 'KNOWS' "
        "RETURN type(r) AS kind, r.functions AS functions, r.strength AS strength, "
        "r.formal AS formal ORDER BY kind"
    )
    assert rows == [
        {"kind": "ADVISES", "functions": ["ACADEMIC"], "strength": 0.5, "formal": False},
        # No functions: an empty list is stored as no property (what the offline importer
        # can write too; every reader takes it as empty).
        {"kind": "KNOWS", "functions": None, "strength": 0.5, "formal": False},
        {
            "kind": "MENTORS",
            "functions": ["CAREER", "PSYCHOSOCIAL"],
            "strength": 0.5,
            "formal": False,
        },
        {"kind": "PEER_SUPPORTS", "functions": ["ACADEMIC"], "strength": 0.5, "formal": False},
    ]


async def test_tie_without_id_gets_the_identity_derived_id(db: Database, tmp_path: Path) -> None:
    await import_dir(db, good_folder(tmp_path))
    row = await db.read_one("MATCH ()-[r:ADVISES]->() RETURN r.id AS id")
    assert row == {"id": tie_id_for("f1", "s1", TieKind.ADVISES, dt.date(2024, 9, 1))}


async def test_topics_are_normalised(db: Database, tmp_path: Path) -> None:
    await import_dir(db, good_folder(tmp_path))
    rows = await db.read(
        "MATCH (p:Person {id: 's1'})-[:INTERESTED_IN]->(t:Topic) RETURN t.name AS name "
        "ORDER BY name"
    )
    assert rows == [{"name": "physics"}, {"name": "solar technology"}]
    row = await db.read_one(
        "MATCH (t:Topic {name: 'solar technology'}) RETURN COUNT { (t)<--() } AS n"
    )
    assert row == {"n": 2}  # Ada's interest and Prof Lee's expertise share the topic
