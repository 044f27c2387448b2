"""The CSV importer (SPEC §6) against the real Neo4j: validation, atomicity, idempotency."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.importer import ImportRejected, import_dir
from graphdb.bulk.problems import MAX_PROBLEMS
from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.errors import BadInput
from graphdb.model import (
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
    tie_id_for,
)

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

NODES = "MATCH (n) WHERE NOT n:Migration RETURN count(n) AS n"
SNAPSHOT_NODES = "MATCH (n) WHERE NOT n:Migration RETURN labels(n) AS labels, properties(n) AS p"
SNAPSHOT_RELS = """
MATCH (a)-[r]->(b)
RETURN coalesce(a.id, a.name) AS a, type(r) AS type, properties(r) AS p, coalesce(b.id, b.name) AS b
"""


def _folder(
    root: Path,
    *,
    people: list[str] | None = None,
    groups: list[str] | None = None,
    memberships: list[str] | None = None,
    ties: list[str] | None = None,
) -> Path:
    """Write the given files (header line first); a file given as None is absent."""
    folder = root / "import"
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in (
        ("people.csv", people),
        ("groups.csv", groups),
        ("memberships.csv", memberships),
        ("ties.csv", ties),
    ):
        if lines is not None:
            (folder / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return folder


def _good(root: Path, **override: list[str] | None) -> Path:
    """The good folder, with any file replaced by `override`."""
    files: dict[str, list[str] | None] = {
        "people": [PEOPLE_HEADER, *PEOPLE_ROWS],
        "groups": [GROUPS_HEADER, *GROUPS_ROWS],
        "memberships": [MEMBERSHIPS_HEADER, *MEMBERSHIPS_ROWS],
        "ties": [TIES_HEADER, *TIES_ROWS],
    }
    files.update(override)
    return _folder(
        root,
        people=files["people"],
        groups=files["groups"],
        memberships=files["memberships"],
        ties=files["ties"],
    )


async def _node_count(db: Database) -> int:
    row = await db.read_one(NODES)
    assert row is not None
    return int(row["n"])


async def _rejected(db: Database, folder: Path) -> list[str]:
    """Import must fail and leave the graph as it was before (here: empty)."""
    with pytest.raises(ImportRejected) as info:
        await import_dir(db, folder)
    assert await _node_count(db) == 0
    return info.value.problems


async def _snapshot(db: Database) -> tuple[list[str], list[str]]:
    nodes = sorted(
        repr((sorted(r["labels"]), sorted(r["p"].items()))) for r in await db.read(SNAPSHOT_NODES)
    )
    rels = sorted(
        repr((r["a"], r["type"], sorted(r["p"].items()), r["b"]))
        for r in await db.read(SNAPSHOT_RELS)
    )
    return nodes, rels


# --- header and file-level problems ------------------------------------------------------


async def test_missing_required_column_is_reported(db: Database, tmp_path: Path) -> None:
    header = "id,name,department"
    problems = await _rejected(db, _good(tmp_path, people=[header, "s1,Ada,Engineering"]))
    # Only the header: the ties and memberships naming s1 and f1 are not also reported.
    assert problems == ["people.csv:1: missing required column 'roles' (required: id, name, roles)"]


async def test_unknown_column_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, groups=["id,name,kind,colour", "g1,Solar Car Team,TEAM,red"])
    )
    assert "groups.csv:1: unknown column 'colour' (allowed columns: id, name, kind)" in problems


async def test_column_named_twice_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(db, _good(tmp_path, groups=["id,name,kind,name", "g1,A,TEAM,B"]))
    assert "groups.csv:1: column 'name' appears twice in the header" in problems


async def test_file_without_header_row_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(db, _good(tmp_path, groups=["g1,Solar Car Team,TEAM"]))
    assert "groups.csv:1: the first line must be the header row naming the columns" in problems
    assert "groups.csv:1: missing required column 'id' (required: id, name, kind)" in problems
    assert all(p.startswith("groups.csv:1: ") for p in problems)


async def test_empty_file_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(db, _good(tmp_path, groups=[]))
    assert "groups.csv:1: the file is empty: a header row is required (id, name, kind)" in problems


async def test_wrong_column_count_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, groups=[GROUPS_HEADER, *GROUPS_ROWS, "g2,Chess Club"])
    )
    assert problems == ["groups.csv:3: expected 3 columns (as in the header), found 2"]


async def test_invalid_utf8_is_reported_at_its_line(db: Database, tmp_path: Path) -> None:
    folder = _good(tmp_path)
    with (folder / "groups.csv").open("ab") as handle:
        handle.write(b"g2,Caf\xe9 Club,CLUB\n")
    problems = await _rejected(db, folder)
    assert problems == ["groups.csv:3: not valid UTF-8 (bad byte at column 7)"]


async def test_folder_without_any_file_names_the_expected_files(
    db: Database, tmp_path: Path
) -> None:
    with pytest.raises(BadInput) as info:
        await import_dir(db, tmp_path)
    assert "people.csv, groups.csv, memberships.csv, ties.csv" in info.value.message


async def test_malformed_csv_is_reported_at_its_line(db: Database, tmp_path: Path) -> None:
    groups = [GROUPS_HEADER, *GROUPS_ROWS, 'g2,"Chess" Club,CLUB']
    problems = await _rejected(db, _good(tmp_path, groups=groups))
    assert len(problems) == 1
    assert problems[0].startswith("groups.csv:3: not valid CSV (")
    assert problems[0].endswith("); the rest of the file was not read")


async def test_missing_folder_is_bad_input(db: Database, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="is not a folder"):
        await import_dir(db, tmp_path / "nowhere")


# --- bad values --------------------------------------------------------------------------


async def test_bad_id_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "s 2,Bo,STUDENT,,,,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == [
        "people.csv:4: id 's 2' is not a valid id: use 1-64 letters, digits or . _ : -"
    ]


async def test_empty_name_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, groups=[GROUPS_HEADER, *GROUPS_ROWS, "g2,  ,CLUB"])
    )
    assert problems == ["groups.csv:3: name is empty"]


async def test_unknown_role_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,STUDENT;PROF,,,,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == [
        "people.csv:4: unknown role 'PROF' (allowed: STUDENT, FACULTY, STAFF, ALUM, EXTERNAL)"
    ]


async def test_empty_roles_are_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,,,,,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == [
        "people.csv:4: roles is empty: give at least one of STUDENT, FACULTY, STAFF, ALUM, EXTERNAL"
    ]


async def test_unknown_level_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,STUDENT,,,college,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == [
        "people.csv:4: unknown level 'college' "
        "(allowed: K12, UNDERGRADUATE, GRADUATE, PROFESSIONAL)"
    ]


async def test_unknown_serves_level_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,FACULTY,,,,,,,,K12;PHD,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == [
        "people.csv:4: unknown level in serves_levels 'PHD' "
        "(allowed: K12, UNDERGRADUATE, GRADUATE, PROFESSIONAL)"
    ]


async def test_unknown_group_kind_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, groups=[GROUPS_HEADER, *GROUPS_ROWS, "g2,Chess,SOCIETY"])
    )
    assert problems == [
        "groups.csv:3: unknown group kind 'SOCIETY' "
        "(allowed: TEAM, CLUB, DEPARTMENT, LAB, DORM, OFFICE, COMMUNITY, SCHOOL)"
    ]


async def test_unknown_tie_kind_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, ties=[TIES_HEADER, *TIES_ROWS, "f1,s1,LIKES,,,,,,"])
    )
    assert problems == [
        "ties.csv:3: unknown tie kind 'LIKES' (allowed: ADVISES, MENTORS, COACHES, TEACHES, "
        "TUTORS, PEER_SUPPORTS, SUPERVISES, KNOWS)"
    ]


async def test_unknown_function_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, ties=[TIES_HEADER, *TIES_ROWS, "f1,s1,MENTORS,,,,CAREER;SOCIAL,,"])
    )
    assert problems == [
        "ties.csv:3: unknown function 'SOCIAL' (allowed: ACADEMIC, CAREER, PSYCHOSOCIAL)"
    ]


async def test_bad_class_year_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,STUDENT,,2027.5,,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == ["people.csv:4: class_year '2027.5' is not a whole number"]


async def test_negative_capacity_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,FACULTY,,,,,,true,-1,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == ["people.csv:4: capacity -1 is below 0"]


async def test_bad_boolean_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,FACULTY,,,,,,yes,,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == ["people.csv:4: open_door 'yes' is not a boolean (use true or false)"]


async def test_bad_date_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, memberships=[MEMBERSHIPS_HEADER, "s1,g1,driver,2024-13-01"])
    )
    assert problems == [
        "memberships.csv:2: since '2024-13-01' is not an ISO 8601 date (use YYYY-MM-DD)"
    ]


async def test_bad_email_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "p3,Bo,STUDENT,,,,,,,,,bo at example.edu"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == ["people.csv:4: email 'bo at example.edu' is not an email address"]


async def test_strength_that_is_not_a_number_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, ties=[TIES_HEADER, *TIES_ROWS, "s1,f1,KNOWS,strong,,,,,"])
    )
    assert problems == ["ties.csv:3: strength 'strong' is not a number (use 0..1, e.g. 0.5)"]


async def test_strength_outside_range_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, ties=[TIES_HEADER, *TIES_ROWS, "s1,f1,KNOWS,1.5,,,,,"])
    )
    assert problems == ["ties.csv:3: strength 1.5 is outside 0..1"]


async def test_until_before_since_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, ties=[TIES_HEADER, "f1,s1,MENTORS,,2024-09-01,2024-01-31,,,"])
    )
    assert problems == ["ties.csv:2: until 2024-01-31 is before since 2024-09-01"]


async def test_self_tie_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(db, _good(tmp_path, ties=[TIES_HEADER, "f1,f1,MENTORS,,,,,,"]))
    assert problems == ["ties.csv:2: a person cannot have a tie to themself (f1)"]


# --- duplicates and references -----------------------------------------------------------


async def test_duplicate_person_id_is_reported(db: Database, tmp_path: Path) -> None:
    people = [PEOPLE_HEADER, *PEOPLE_ROWS, "s1,Ada Again,STUDENT,,,,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert problems == ["people.csv:4: duplicate person id 's1' (also on line 2)"]


async def test_duplicate_group_id_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await _rejected(
        db, _good(tmp_path, groups=[GROUPS_HEADER, *GROUPS_ROWS, "g1,Other,CLUB"])
    )
    assert problems == ["groups.csv:3: duplicate group id 'g1' (also on line 2)"]


async def test_duplicate_membership_is_reported(db: Database, tmp_path: Path) -> None:
    memberships = [MEMBERSHIPS_HEADER, *MEMBERSHIPS_ROWS, "s1,g1,captain,"]
    problems = await _rejected(db, _good(tmp_path, memberships=memberships))
    assert problems == ["memberships.csv:3: duplicate membership of 's1' in 'g1' (also on line 2)"]


async def test_duplicate_tie_identity_is_reported(db: Database, tmp_path: Path) -> None:
    ties = [TIES_HEADER, *TIES_ROWS, "f1,s1,ADVISES,0.2,2024-09-01,,,,"]
    problems = await _rejected(db, _good(tmp_path, ties=ties))
    assert problems == [
        "ties.csv:3: duplicate ADVISES tie from 'f1' to 's1' since 2024-09-01 (also on line 2); "
        "give each its own since or id"
    ]


async def test_duplicate_explicit_tie_id_is_reported(db: Database, tmp_path: Path) -> None:
    ties = ["id," + TIES_HEADER, "t1,f1,s1,ADVISES,,,,,,", "t1,s1,f1,KNOWS,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, ties=ties))
    assert problems == ["ties.csv:3: duplicate tie id 't1' (also on line 2)"]


async def test_same_ends_and_kind_with_other_since_are_two_ties(
    db: Database, tmp_path: Path
) -> None:
    ties = [TIES_HEADER, "f1,s1,ADVISES,,2023-09-01,2024-06-30,,,", *TIES_ROWS]
    report = await import_dir(db, _good(tmp_path, ties=ties))
    assert report.ties == 2
    row = await db.read_one("MATCH (:Person {id: 'f1'})-[r:ADVISES]->() RETURN count(r) AS n")
    assert row == {"n": 2}


async def test_reference_to_unknown_person_is_reported(db: Database, tmp_path: Path) -> None:
    ties = [TIES_HEADER, *TIES_ROWS, "x9,s1,MENTORS,,,,,,"]
    problems = await _rejected(db, _good(tmp_path, ties=ties))
    assert problems == ["ties.csv:3: from_id 'x9' is not a person in people.csv or in the graph"]


async def test_reference_to_unknown_group_is_reported(db: Database, tmp_path: Path) -> None:
    memberships = [MEMBERSHIPS_HEADER, *MEMBERSHIPS_ROWS, "f1,g9,,"]
    problems = await _rejected(db, _good(tmp_path, memberships=memberships))
    assert problems == [
        "memberships.csv:3: group_id 'g9' is not a group in groups.csv or in the graph"
    ]


async def test_reference_to_person_already_in_graph_is_accepted(
    db: Database, tmp_path: Path
) -> None:
    await import_dir(db, _folder(tmp_path / "first", people=[PEOPLE_HEADER, *PEOPLE_ROWS]))
    later = _folder(
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
    problems = await _rejected(db, _good(tmp_path, people=people))
    assert len(problems) == 1
    assert problems[0].startswith("people.csv:3: unknown role 'DEAN'")


async def test_explicit_tie_id_of_another_tie_in_graph_is_reported(
    db: Database, tmp_path: Path
) -> None:
    await import_dir(db, _good(tmp_path, ties=["id," + TIES_HEADER, "t1,f1,s1,ADVISES,,,,,,"]))
    before = await _snapshot(db)
    moved = _folder(tmp_path / "moved", ties=["id," + TIES_HEADER, "t1,s1,f1,ADVISES,,,,,,"])
    with pytest.raises(ImportRejected) as info:
        await import_dir(db, moved)
    assert info.value.problems == [
        "ties.csv:2: tie id 't1' is already used in the graph by the ADVISES tie from 'f1' "
        "to 's1'; a tie's people cannot change on import"
    ]
    assert await _snapshot(db) == before


# --- reporting ---------------------------------------------------------------------------


async def test_every_bad_row_and_every_problem_in_a_row_is_reported(
    db: Database, tmp_path: Path
) -> None:
    people = [PEOPLE_HEADER, "s 1,,STUDENT,,year,,,,maybe,,,", *PEOPLE_ROWS]
    groups = [GROUPS_HEADER, "g1,Team,BAND"]
    problems = await _rejected(db, _good(tmp_path, people=people, groups=groups))
    assert problems == [
        "people.csv:2: id 's 1' is not a valid id: use 1-64 letters, digits or . _ : -",
        "people.csv:2: name is empty",
        "people.csv:2: class_year 'year' is not a whole number",
        "people.csv:2: open_door 'maybe' is not a boolean (use true or false)",
        "groups.csv:2: unknown group kind 'BAND' "
        "(allowed: TEAM, CLUB, DEPARTMENT, LAB, DORM, OFFICE, COMMUNITY, SCHOOL)",
    ]


async def test_line_numbers_count_physical_lines(db: Database, tmp_path: Path) -> None:
    groups = [GROUPS_HEADER, '"g1","Solar', 'Car Team",TEAM', "", "g2,Chess,NONE"]
    problems = await _rejected(db, _good(tmp_path, groups=groups))
    assert problems == [
        "groups.csv:5: unknown group kind 'NONE' "
        "(allowed: TEAM, CLUB, DEPARTMENT, LAB, DORM, OFFICE, COMMUNITY, SCHOOL)"
    ]


async def test_problem_list_is_capped(db: Database, tmp_path: Path) -> None:
    rows = [f"g{i},Group {i},BAND" for i in range(MAX_PROBLEMS + 5)]
    problems = await _rejected(db, _good(tmp_path, groups=[GROUPS_HEADER, *rows]))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == "… and 5 more problem(s) not shown"
    assert problems[0].startswith("groups.csv:2: ")


# --- good imports ------------------------------------------------------------------------


async def test_good_import_reports_counts_per_file(db: Database, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    report = await import_dir(
        db, _good(tmp_path), progress=lambda what, done, total: seen.append((what, done, total))
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


async def test_bom_case_and_padding_are_tolerated(db: Database, tmp_path: Path) -> None:
    people = [" ID , Name ,Roles,open_door", " p1 , Bo ,student;Alum,TRUE"]
    folder = _folder(tmp_path, people=people)
    raw = (folder / "people.csv").read_bytes()
    (folder / "people.csv").write_bytes(b"\xef\xbb\xbf" + raw)
    await import_dir(db, folder)
    row = await db.read_one(
        "MATCH (p:Person {id: 'p1'}) RETURN p.name AS name, p.roles AS roles, p.openDoor AS door"
    )
    assert row == {"name": "Bo", "roles": ["STUDENT", "ALUM"], "door": True}


async def test_importing_the_same_folder_twice_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    folder = _good(tmp_path)
    await import_dir(db, folder)
    first = await _snapshot(db)
    await import_dir(db, folder)
    assert await _snapshot(db) == first
    assert (len(first[0]), len(first[1])) == (5, 6)  # 2 people, a group, 2 topics


async def test_empty_functions_take_the_kinds_defaults(db: Database, tmp_path: Path) -> None:
    ties = [
        TIES_HEADER,
        "f1,s1,MENTORS,,,,,,",
        "f1,s1,ADVISES,,,,,,",
        "s1,f1,KNOWS,,,,,,",
        "s1,f1,PEER_SUPPORTS,,,,academic,,",
    ]
    await import_dir(db, _good(tmp_path, ties=ties))
    rows = await db.read(
        "MATCH ()-[r]->() WHERE r.functions IS NOT NULL "
        "RETURN type(r) AS kind, r.functions AS functions, r.strength AS strength, "
        "r.formal AS formal ORDER BY kind"
    )
    assert rows == [
        {"kind": "ADVISES", "functions": ["ACADEMIC"], "strength": 0.5, "formal": False},
        {"kind": "KNOWS", "functions": [], "strength": 0.5, "formal": False},
        {
            "kind": "MENTORS",
            "functions": ["CAREER", "PSYCHOSOCIAL"],
            "strength": 0.5,
            "formal": False,
        },
        {"kind": "PEER_SUPPORTS", "functions": ["ACADEMIC"], "strength": 0.5, "formal": False},
    ]


async def test_tie_without_id_gets_the_identity_derived_id(db: Database, tmp_path: Path) -> None:
    await import_dir(db, _good(tmp_path))
    row = await db.read_one("MATCH ()-[r:ADVISES]->() RETURN r.id AS id")
    assert row == {"id": tie_id_for("f1", "s1", TieKind.ADVISES, dt.date(2024, 9, 1))}


async def test_topics_are_normalised(db: Database, tmp_path: Path) -> None:
    await import_dir(db, _good(tmp_path))
    rows = await db.read(
        "MATCH (p:Person {id: 's1'})-[:INTERESTED_IN]->(t:Topic) RETURN t.name AS name "
        "ORDER BY name"
    )
    assert rows == [{"name": "physics"}, {"name": "solar technology"}]
    row = await db.read_one(
        "MATCH (t:Topic {name: 'solar technology'}) RETURN COUNT { (t)<--() } AS n"
    )
    assert row == {"n": 2}  # Ada's interest and Prof Lee's expertise share the topic


def _dataset() -> Dataset:
    since = dt.date(2024, 9, 1)
    return Dataset(
        people=[
            PersonRecord(
                "s1",
                'Ada "Sunny" Student, Jr.',
                (Role.STUDENT, Role.ALUM),
                email="ada@x.edu",
                department="Engineering",
                class_year=2027,
                level=Level.UNDERGRADUATE,
                interests=("solar technology", "physics"),
            ),
            PersonRecord(
                "f1",
                "Prof Lee",
                (Role.FACULTY,),
                expertise=("solar technology",),
                open_door=True,
                capacity=3,
                serves_levels=(Level.UNDERGRADUATE, Level.GRADUATE),
            ),
            PersonRecord("e1", "Émile Outsider", (Role.EXTERNAL,), department="Line\nbreak"),
        ],
        groups=[GroupRecord("g1", "Solar Car Team", GroupKind.TEAM)],
        memberships=[
            MembershipRecord("s1", "g1", "driver", since),
            MembershipRecord("f1", "g1"),
        ],
        ties=[
            TieRecord(
                tie_id_for("f1", "s1", TieKind.ADVISES, since),
                "f1",
                "s1",
                TieKind.ADVISES,
                0.7,
                since,
                None,
                (SupportFunction.ACADEMIC,),
                False,
                dt.date(2025, 1, 15),
            ),
            TieRecord(
                "custom-1",
                "e1",
                "s1",
                TieKind.MENTORS,
                0.1 + 0.2,
                since,
                dt.date(2025, 6, 1),
                (SupportFunction.CAREER,),
                True,
            ),
            TieRecord("t:k", "s1", "e1", TieKind.KNOWS),
        ],
    )


async def test_round_trip_through_csv_gives_the_same_graph(db: Database, tmp_path: Path) -> None:
    dataset = _dataset()
    await write_dataset(db, dataset)
    direct = await _snapshot(db)
    await db.write("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")

    write_csv_dir(dataset, tmp_path / "out")
    report = await import_dir(db, tmp_path / "out")
    assert report.counts == {"people.csv": 3, "groups.csv": 1, "memberships.csv": 2, "ties.csv": 3}
    assert await _snapshot(db) == direct
    header = (tmp_path / "out" / "ties.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,from_id,to_id,kind,strength,since,until,functions,formal,last_contact"


def test_write_csv_dir_refuses_a_list_item_with_the_separator(tmp_path: Path) -> None:
    dataset = Dataset(people=[PersonRecord("p1", "Bo", (Role.STUDENT,), interests=("a;b",))])
    with pytest.raises(ValueError, match="list separator"):
        write_csv_dir(dataset, tmp_path)
