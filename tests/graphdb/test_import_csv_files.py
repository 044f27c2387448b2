"""Reading and writing the §6 files (graphdb.bulk.csv_files): headers, encodings, CSV
syntax and physical line numbers, and write_csv_dir's folder reading back as the same graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.importer import import_dir
from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
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
from tests.graphdb.import_folder import (
    GROUPS_HEADER,
    GROUPS_ROWS,
    good_folder,
    rejected,
    snapshot,
    write_folder,
)


async def test_missing_required_column_is_reported(db: Database, tmp_path: Path) -> None:
    header = "id,name,department"
    problems = await rejected(db, good_folder(tmp_path, people=[header, "s1,Ada,Engineering"]))
    # Only the header: the ties and memberships naming s1 and f1 are not also reported.
    assert problems == ["people.csv:1: missing required column 'roles' (required: id, name, roles)"]


async def test_unknown_column_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await rejected(
        db, good_folder(tmp_path, groups=["id,name,kind,colour", "g1,Solar Car Team,TEAM,red"])
    )
    assert problems == ["groups.csv:1: unknown column 'colour' (allowed columns: id, name, kind)"]


async def test_column_named_twice_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await rejected(
        db, good_folder(tmp_path, groups=["id,name,kind,name", "g1,A,TEAM,B"])
    )
    assert problems == ["groups.csv:1: column 'name' appears twice in the header"]


async def test_file_without_header_row_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await rejected(db, good_folder(tmp_path, groups=["g1,Solar Car Team,TEAM"]))
    # The data row is read as a header: every cell an unknown column, every required one
    # missing; the memberships naming g1 are not also reported.
    allowed = "(allowed columns: id, name, kind)"
    assert problems == [
        f"groups.csv:1: unknown column 'g1' {allowed}",
        f"groups.csv:1: unknown column 'solar car team' {allowed}",
        f"groups.csv:1: unknown column 'team' {allowed}",
        "groups.csv:1: missing required column 'id' (required: id, name, kind)",
        "groups.csv:1: missing required column 'name' (required: id, name, kind)",
        "groups.csv:1: missing required column 'kind' (required: id, name, kind)",
        "groups.csv:1: the first line must be the header row naming the columns",
    ]


async def test_empty_file_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await rejected(db, good_folder(tmp_path, groups=[]))
    assert problems == [
        "groups.csv:1: the file is empty: a header row is required (id, name, kind)"
    ]


async def test_wrong_column_count_is_reported(db: Database, tmp_path: Path) -> None:
    problems = await rejected(
        db, good_folder(tmp_path, groups=[GROUPS_HEADER, *GROUPS_ROWS, "g2,Chess Club"])
    )
    assert problems == ["groups.csv:3: expected 3 columns (as in the header), found 2"]


async def test_invalid_utf8_is_reported_at_its_line(db: Database, tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    with (folder / "groups.csv").open("ab") as handle:
        handle.write(b"g2,Caf\xe9 Club,CLUB\n")
    problems = await rejected(db, folder)
    assert problems == ["groups.csv:3: not valid UTF-8 (bad byte at column 7)"]


async def test_malformed_csv_is_reported_at_its_line(db: Database, tmp_path: Path) -> None:
    groups = [GROUPS_HEADER, *GROUPS_ROWS, 'g2,"Chess" Club,CLUB']
    problems = await rejected(db, good_folder(tmp_path, groups=groups))
    assert len(problems) == 1
    assert problems[0].startswith("groups.csv:3: not valid CSV (")
    assert problems[0].endswith("); the rest of the file was not read")


async def test_line_numbers_count_physical_lines(db: Database, tmp_path: Path) -> None:
    groups = [GROUPS_HEADER, '"g1","Solar', 'Car Team",TEAM', "", "g2,Chess,NONE"]
    problems = await rejected(db, good_folder(tmp_path, groups=groups))
    assert problems == [
        "groups.csv:5: unknown group kind 'NONE' "
        "(allowed: TEAM, CLUB, DEPARTMENT, LAB, DORM, OFFICE, COMMUNITY, SCHOOL)"
    ]


async def test_bom_case_and_padding_are_tolerated(db: Database, tmp_path: Path) -> None:
    people = [" ID , Name ,Roles,open_door", " p1 , Bo ,student;Alum,TRUE"]
    folder = write_folder(tmp_path, people=people)
    raw = (folder / "people.csv").read_bytes()
    (folder / "people.csv").write_bytes(b"\xef\xbb\xbf" + raw)
    await import_dir(db, folder)
    row = await db.read_one(
        "MATCH (p:Person {id: 'p1'}) RETURN p.name AS name, p.roles AS roles, p.openDoor AS door"
    )
    assert row == {"name": "Bo", "roles": ["STUDENT", "ALUM"], "door": True}


def dataset_of_every_kind() -> Dataset:
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
    dataset = dataset_of_every_kind()
    await write_dataset(db, dataset)
    direct = await snapshot(db)
    await db.write("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")

    write_csv_dir(dataset, tmp_path / "out")
    report = await import_dir(db, tmp_path / "out")
    assert report.counts == {"people.csv": 3, "groups.csv": 1, "memberships.csv": 2, "ties.csv": 3}
    assert await snapshot(db) == direct
    header = (tmp_path / "out" / "ties.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,from_id,to_id,kind,strength,since,until,functions,formal,last_contact"


def test_write_csv_dir_refuses_a_list_item_with_the_separator(tmp_path: Path) -> None:
    dataset = Dataset(people=[PersonRecord("p1", "Bo", (Role.STUDENT,), interests=("a;b",))])
    with pytest.raises(ValueError, match="list separator"):
        write_csv_dir(dataset, tmp_path)
