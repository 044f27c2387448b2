"""memberships.csv as columns (graphdb/bulk/membership_columns.py) against the row-by-row
reader: accepted only when the rows find nothing wrong, and then with the rows' records;
anything else is read by the rows as before. No graph is needed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graphdb.bulk.csv_format import MEMBERSHIPS
from graphdb.bulk.importer import Checked
from graphdb.bulk.membership_columns import MembershipColumns
from tests.graphdb import column_folders as folders
from tests.graphdb.test_import_fast_path import _spoil


@pytest.fixture(scope="module")
def university(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return folders.university(tmp_path_factory.mktemp("membership-columns"), seed=6)


def _write(folder: Path, lines: list[str]) -> None:
    (folder / MEMBERSHIPS).write_text("".join(lines), encoding="utf-8")


def _same(columns: Checked, rows: Checked) -> None:
    assert columns.memberships is not None
    assert rows.problems.total == 0 and len(rows.dataset.memberships) > 300
    assert columns.dataset.memberships == []
    expected = MembershipColumns.from_records(rows.dataset.memberships)
    assert columns.memberships.table.equals(expected.table)
    assert columns.memberships.records() == rows.dataset.memberships
    assert columns.counts == rows.counts


def _unusual(lines: list[str]) -> list[str]:
    """Columns reordered and renamed in other cases, cells padded, roles with inner and
    outer spaces, a blank line."""
    out = [" Group_ID ,since,PERSON_ID,role\r\n"]
    for n, line in enumerate(lines[1:]):
        person, group, role, since = line.rstrip("\n").split(",")
        role = f"  {role}  lead " if role and n % 4 == 0 else role
        out.append(f"{group} ,\t{since},  {person},{role}\r\n")
        if n == 7:
            out.append("\r\n")
    return out


@pytest.mark.parametrize("change", [None, _unusual], ids=["plain", "unusual"])
def test_good_files_are_read_as_columns_with_the_rows_records(
    university: Path, tmp_path: Path, change: object
) -> None:
    folder = folders.copy(university, tmp_path)
    if change is not None:
        _write(folder, change(folders.lines(folder, MEMBERSHIPS)))  # type: ignore[operator]
    _same(*folders.both(folder))


@pytest.mark.parametrize(
    "line",
    [
        'p-000001,g-dept-x,"captain, vice",2024-01-01\n',  # good, but quoted: to the rows
        'p-000001,g-dept-x,"captain\n',  # an unclosed quote
        "p-000001,g-dept-x,captain,2024-13-01\n",  # no such date
        "p-000001,g-nowhere,captain,\n",  # a group outside groups.csv
        "nobody,g-dept-x,,\n",  # a person outside people.csv
        f"p-000001,g-dept-x,{'r' * 81},\n",  # a role too long
        "p 1,g-dept-x,,\n",  # a bad id
        "p-000001,g-dept-x,,,\n",  # a cell too many
    ],
)
def test_anything_else_is_read_by_the_rows_as_before(
    university: Path, tmp_path: Path, line: str
) -> None:
    folder = folders.copy(university, tmp_path)
    group = next(g for g in folders.lines(folder, MEMBERSHIPS)[1:] if "g-dept" in g).split(",")[1]
    _write(folder, [*folders.lines(folder, MEMBERSHIPS), line.replace("g-dept-x", group)])
    columns, rows = folders.both(folder)
    assert columns.memberships is None
    assert columns.problems.render() == rows.problems.render()
    assert columns.dataset.memberships == rows.dataset.memberships


def test_a_membership_given_twice_goes_to_the_rows(university: Path, tmp_path: Path) -> None:
    folder = folders.copy(university, tmp_path)
    lines = folders.lines(folder, MEMBERSHIPS)
    _write(folder, [*lines, lines[3]])
    columns, rows = folders.both(folder)
    assert columns.memberships is None
    assert "duplicate membership" in "\n".join(rows.problems.render())
    assert columns.problems.render() == rows.problems.render()


@pytest.mark.parametrize("seed", range(8))
def test_spoiled_folders_give_the_same_problems_and_records(
    university: Path, tmp_path: Path, seed: int
) -> None:
    folder = folders.copy(university, tmp_path)
    _spoil(folder, seed + 100, drop_tie_ids=False)
    columns, rows = folders.both(folder)
    assert columns.problems.render() == rows.problems.render()
    if columns.memberships is not None:
        _same(columns, rows)
    else:
        assert columns.dataset.memberships == rows.dataset.memberships


def test_a_role_that_starts_with_a_quote_goes_to_the_rows(university: Path, tmp_path: Path) -> None:
    folder = folders.copy(university, tmp_path)
    lines = folders.lines(folder, MEMBERSHIPS)
    person, group, _, since = lines[1].rstrip("\n").split(",")
    rnd = random.Random(1)
    role = rnd.choice(['"co"-lead', '"lead'])
    _write(folder, [lines[0], f"{person},{group},{role},{since}\n", *lines[2:]])
    columns, rows = folders.both(folder)
    assert columns.memberships is None
    assert columns.problems.render() == rows.problems.render()
    assert columns.dataset.memberships == rows.dataset.memberships
