"""ties.csv as columns (graphdb/bulk/tie_columns.py) against the row-by-row readers: the
columns accept a file only when the rows find nothing wrong in it, and then hold exactly
the ties the rows read; anything else goes to the rows, which report it as always. No
graph is needed."""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from graphdb.bulk.columns import ID_PATTERN
from graphdb.bulk.csv_format import TIES
from graphdb.bulk.importer import Checked
from graphdb.bulk.tie_columns import TieColumns, only_people, read_good_ties
from graphdb.validation import is_external_id
from tests.graphdb import column_folders as folders
from tests.graphdb.test_import_fast_path import ODD_CELLS, _spoil


@pytest.fixture(scope="module")
def university(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return folders.university(tmp_path_factory.mktemp("tie-columns"), seed=5)


def _rewrite_ties(folder: Path, change: object) -> None:
    """Rewrite ties.csv through ``change(table) -> table`` (lists of cells, header first)."""
    path = folder / TIES
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = change(table)  # type: ignore[operator]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(out)


def _same_ties(columns: Checked, rows: Checked) -> None:
    """The columns hold what the rows read (and the rows found nothing wrong)."""
    assert columns.ties is not None
    assert rows.problems.total == 0
    assert columns.dataset.ties == []
    assert columns.ties.table.equals(TieColumns.from_records(rows.dataset.ties).table)
    assert columns.counts == rows.counts
    assert columns.ties.records() == rows.dataset.ties


def _no_ids(table: list[list[str]]) -> list[list[str]]:
    return [row[1:] for row in table]


def _unusual(table: list[list[str]]) -> list[list[str]]:
    """Good in unusual ways: columns in another order, names in other cases and with spaces,
    kinds and functions in lower case, cells padded with spaces, empty functions (the
    kind's defaults), an optional column left out, a blank line."""
    header = table[0]
    order = [header.index(c) for c in ("to_id", "kind", "from_id", "id", "strength", "since")]
    order += [header.index(c) for c in ("functions", "last_contact", "until")]
    out = [[" " + header[i].upper() + " " for i in order]]
    for n, row in enumerate(table[1:]):
        cells = [row[i] for i in order]
        cells[1] = cells[1].lower()
        cells[6] = "" if n % 3 == 0 else f"  {cells[6].lower()} ;"
        out.append([f" {c}\t" if n % 2 else c for c in cells])
        if n == 10:
            out.append([])
    return out


@pytest.mark.parametrize("change", [None, _no_ids, _unusual], ids=["plain", "no-ids", "unusual"])
def test_good_files_are_read_as_columns_with_the_rows_records(
    university: Path, tmp_path: Path, change: object
) -> None:
    folder = folders.copy(university, tmp_path)
    if change is not None:
        _rewrite_ties(folder, change)
    _same_ties(*folders.both(folder))


def test_crlf_line_ends_and_a_byte_order_mark_are_read_as_columns(
    university: Path, tmp_path: Path
) -> None:
    folder = folders.copy(university, tmp_path)
    text = (folder / TIES).read_bytes().replace(b"\n", b"\r\n")
    (folder / TIES).write_bytes(b"\xef\xbb\xbf" + text)
    _same_ties(*folders.both(folder))


@pytest.mark.parametrize(
    "spoil",
    [
        # Good to the rows, but not plain enough for the columns: the rows read them.
        lambda ls: [ls[0], *(re.sub(r"(p-\d+)", r'"\1"', line) for line in ls[1:])],
        lambda ls: [ls[0], ls[1].replace(",", ",\u00a0", 1), *ls[2:]],
        lambda ls: ['"id",' + ls[0].split(",", 1)[1], *ls[1:]],
        lambda ls: [*ls[:5], "," * 9 + "\n", *ls[5:]],
    ],
    ids=["quoted-cells", "non-ascii-space", "quoted-header", "a-line-of-commas"],
)
def test_files_the_columns_cannot_prove_good_are_read_by_the_rows(
    university: Path, tmp_path: Path, spoil: object
) -> None:
    folder = folders.copy(university, tmp_path)
    (folder / TIES).write_text("".join(spoil(folders.lines(folder, TIES))), encoding="utf-8")  # type: ignore[operator]
    columns, rows = folders.both(folder)
    assert rows.problems.total == 0 and len(rows.dataset.ties) >= 2_000
    assert columns.ties is None  # read by the rows
    assert columns.dataset.ties == rows.dataset.ties
    people = pa.array([p.id for p in rows.dataset.people])
    assert only_people(read_good_ties(folder / TIES), people) is None


@pytest.mark.parametrize(
    "line",
    [
        "t:x,p-000001,p-000001,ADVISES,,,,,,\n",  # a tie to oneself
        "t:x,p-000001,p-000002,ADVISES,,2025-01-02,2025-01-01,,,\n",  # until before since
        "t:x,p-000001,nobody,ADVISES,,,,,,\n",  # not in people.csv
        "t:x,p-000001,p-000002,FRIENDS,,,,,,\n",  # an unknown kind
        "t:x,p-000001,p-000002,ADVISES,1.5,,,,,\n",  # strength outside 0..1
        "t:x,p-000001,p-000002,ADVISES,,,,FUN,,\n",  # an unknown function
        "t:x,p-000001,p-000002,ADVISES,,,,,,2024-02-30\n",  # no such date
        "t:x,p-000001,p-000002,ADVISES,,,,,maybe,\n",  # not a boolean
        "t:x,p-000001,p-000002,,,,,,,\n",  # no kind
        "t:x,p-000001,p-000002,ADVISES,,,,,\n",  # a cell short
        "t x,p-000001,p-000002,ADVISES,,,,,,\n",  # a bad id
        "t:x,p-000001,p-000002,ADVISES\r,,,,,,\n",  # a lone carriage return
    ],
)
def test_a_bad_row_is_reported_by_the_rows_as_before(
    university: Path, tmp_path: Path, line: str
) -> None:
    folder = folders.copy(university, tmp_path)
    with (folder / TIES).open("a", encoding="utf-8", newline="") as handle:
        handle.write(line)
    columns, rows = folders.both(folder)
    assert rows.problems.total >= 1 or line.startswith("t:x,p-000001,nobody")
    assert columns.ties is None
    assert columns.problems.render() == rows.problems.render()
    assert columns.dataset.ties == rows.dataset.ties


def test_a_bad_byte_goes_to_the_rows_which_name_its_line(university: Path, tmp_path: Path) -> None:
    folder = folders.copy(university, tmp_path)
    with (folder / TIES).open("ab") as handle:
        handle.write(b"t:x,p-000001,p-000002,ADVISES,,,,,,\xff\n")
    columns, rows = folders.both(folder)
    assert columns.ties is None
    assert "not valid UTF-8" in "\n".join(rows.problems.render())
    assert columns.problems.render() == rows.problems.render()


def test_a_header_alone_is_no_ties(university: Path, tmp_path: Path) -> None:
    folder = folders.copy(university, tmp_path)
    (folder / TIES).write_text(folders.lines(folder, TIES)[0], encoding="utf-8")
    columns, rows = folders.both(folder)
    assert columns.ties is not None and len(columns.ties) == 0
    assert rows.dataset.ties == [] and columns.counts == rows.counts


def test_an_id_given_twice_or_an_identity_repeated_goes_to_the_rows(
    university: Path, tmp_path: Path
) -> None:
    folder = folders.copy(university, tmp_path)
    lines = folders.lines(folder, TIES)
    (folder / TIES).write_text("".join([*lines, lines[5]]), encoding="utf-8")
    columns, rows = folders.both(folder)
    assert columns.ties is None and "duplicate tie id" in "\n".join(rows.problems.render())
    assert columns.problems.render() == rows.problems.render()
    # Without ids, ties compare by (from, to, kind, since): a repeat is a duplicate too.
    _rewrite_ties(folder, _no_ids)
    columns, rows = folders.both(folder)
    assert columns.ties is None and "duplicate ADVISES tie" in "\n".join(rows.problems.render())


@pytest.mark.parametrize("seed", range(12))
def test_spoiled_folders_give_the_same_problems_and_records(
    university: Path, tmp_path: Path, seed: int
) -> None:
    """Random faults (tests/graphdb/test_import_fast_path.py's): whatever the columns
    accept, the rows accept too, with the same ties; everything else reads as before."""
    folder = folders.copy(university, tmp_path)
    _spoil(folder, seed, drop_tie_ids=seed % 2 == 1)
    columns, rows = folders.both(folder)
    assert columns.problems.render() == rows.problems.render()
    if columns.ties is not None:
        _same_ties(columns, rows)
    else:
        assert columns.dataset == rows.dataset


@pytest.mark.parametrize("seed", range(8))
def test_one_odd_cell_in_ties_is_judged_as_the_rows_judge_it(
    university: Path, tmp_path: Path, seed: int
) -> None:
    """One tie cell replaced by an odd one (good or bad): accepted by the columns only
    when the rows find the file good, and then with the same ties."""
    rnd = random.Random(seed)
    folder = folders.copy(university, tmp_path)
    for _ in range(6):

        def change(table: list[list[str]]) -> list[list[str]]:
            row = rnd.randrange(1, len(table))
            table[row][rnd.randrange(len(table[row]))] = rnd.choice(ODD_CELLS)
            return table

        folders.copy(university, folder)
        _rewrite_ties(folder, change)
        columns, rows = folders.both(folder)
        assert columns.problems.render() == rows.problems.render()
        if columns.ties is not None:
            _same_ties(columns, rows)
        else:
            assert columns.dataset.ties == rows.dataset.ties


def test_the_id_pattern_is_the_validation_rule() -> None:
    texts = ["a", "A-1", "x" * 64, "x" * 65, "", "a b", "é", "a/b", "t:1._-", "a\n", "\na", "1$"]
    matched = pc.match_substring_regex(pa.array(texts), ID_PATTERN).to_pylist()
    assert matched == [is_external_id(t) for t in texts]
