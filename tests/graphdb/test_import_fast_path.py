"""The fast path of the import's checks (issue 15) finds exactly what the row-by-row path
finds: the same problems in the same order, the same records, the same ledger for the
graph's checks, on folders with faults of many kinds in every file. No graph is needed:
``read_files`` is the part of ``read_folder`` before the graph is asked."""

from __future__ import annotations

import csv
import gc
import io
import random
from pathlib import Path
from typing import Any

import pytest

from graphdb.bulk import csv_files, rows
from graphdb.bulk.crosscheck import Ledger
from graphdb.bulk.csv_files import Rows, write_csv_dir
from graphdb.bulk.csv_format import FILES, GROUPS, MEMBERSHIPS, PEOPLE, TIES
from graphdb.bulk.importer import GC_THRESHOLDS, Checked, read_files
from graphdb.bulk.problems import Problems
from graphdb.model import Dataset, Level, PersonRecord, Role, TieKind, TieRecord
from graphdb.seed import generate
from graphdb.validation import InvalidRecord, checked

# Cells that do not read, or break a rule, or are good in an unusual way.
ODD_CELLS = [
    *["", " ", "x y", "p-000001", "p-000002", "p-999999", "g-none", "a" * 65, "a" * 64, "é"],
    *["STUDENT", "student", "PROF", "STUDENT;PROF;BAD", "STUDENT;;ALUM", ";", "STUDENT;STUDENT"],
    *["advises", "KNOWS", "MENTORS", "TEAM", "club", "bad", "0.5", " 0.5 ", "1.5", "-0.1"],
    *["nan", "inf", "1e-1", "abc", "0", "1", "+1", "-1", "2024-01-01", "2024-02-30", "2024-1-1"],
    *["1999-12-31", "2030-01-01", "true", "False", "yes", "ACADEMIC", "academic;career"],
    *["ACADEMIC;ACADEMIC", "FUN", "1899", "2200", "2201", "1001", "UNDERGRADUATE", "k12"],
    *["college", "a@b", "nobody", "x" * 201, " Solar  Tech ; PHYSICS ;", "y" * 81, "t:dup"],
]


def _spoil(folder: Path, seed: int, *, drop_tie_ids: bool) -> None:
    """Replace cells of about one row in twenty with odd ones, repeat some rows (duplicate
    ids, memberships and ties), add short and blank rows; ties.csv without its id column
    when ``drop_tie_ids`` (ties then compare by their identity)."""
    rnd = random.Random(seed)
    for name in FILES:
        table = list(csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
        if name == TIES and drop_tie_ids:
            table = [row[1:] for row in table]
        out = [table[0]]
        for row in table[1:]:
            draw = rnd.random()
            if draw < 0.05:
                row = list(row)
                for _ in range(rnd.randint(1, 3)):
                    row[rnd.randrange(len(row))] = rnd.choice(ODD_CELLS)
            elif draw < 0.06:
                row = rnd.choice(table[1:])
            elif draw < 0.065:
                row = rnd.choice([[], row[:-1], [*row, "extra"]])
            out.append(row)
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(out)


def _row_by_row(folder: Path) -> Checked:
    """What ``read_files`` found before the fast path: every row read by ``_Row``."""
    problems, ledger, dataset = Problems(), Ledger(), Dataset()
    one_row = {
        PEOPLE: rows._person_row,
        MEMBERSHIPS: rows._membership_row,
        TIES: rows._tie_row,
    }
    for name in FILES:
        file_rows = Rows(folder / name, name, problems)
        if name == GROUPS:
            rows.read_groups(file_rows, ledger, problems, dataset)
        else:
            for line, cells in file_rows:
                one_row[name](ledger, problems, dataset, line, cells)
        if not file_rows.readable:
            ledger.unreadable.add(name)
    counts = {name: dataset.counts()[name.removesuffix(".csv")] for name in FILES}
    return Checked(dataset, counts, ledger, problems)


def _found(checked: Checked) -> dict[str, Any]:
    ledger = checked.ledger
    return {
        "problems": checked.problems.render(),
        "total": checked.problems.total,
        "dataset": checked.dataset,
        "counts": checked.counts,
        "defined": ledger.defined,
        "references": (list(ledger.ref_lines), bytes(ledger.ref_columns), ledger.ref_ids),
        "unreadable": ledger.unreadable,
        "kept ties": (list(ledger.tie_lines), bytes(ledger.tie_explicit)),
    }


@pytest.fixture(scope="module")
def university(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("university")
    write_csv_dir(generate(300, 7), folder)
    return folder


@pytest.mark.parametrize(("seed", "drop_tie_ids"), [(1, False), (2, True), (3, False)])
def test_the_fast_path_finds_what_the_row_by_row_path_finds(
    university: Path, tmp_path: Path, seed: int, drop_tie_ids: bool
) -> None:
    for name in FILES:
        (tmp_path / name).write_bytes((university / name).read_bytes())
    _spoil(tmp_path, seed, drop_tie_ids=drop_tie_ids)
    fast, slow = _found(read_files(tmp_path)), _found(_row_by_row(tmp_path))
    assert fast["total"] > 20
    assert {p.split(":")[0] for p in fast["problems"]} >= {PEOPLE, MEMBERSHIPS, TIES}
    assert fast == slow


def test_a_good_folder_reads_the_same_on_both_paths(university: Path) -> None:
    fast = read_files(university)
    assert fast.problems.total == 0
    assert _found(fast) == _found(_row_by_row(university))
    # Equal ids stay one string object, shared by every record that names them.
    people = {p.id: p.id for p in fast.dataset.people}
    assert all(people[t.from_id] is t.from_id for t in fast.dataset.ties)


def test_lines_read_in_blocks_are_numbered_as_read_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte-order mark, bad bytes, CRLF and a quoted cell over two lines, in a file read
    in blocks of every size from a few bytes up: the same rows, lines and problems."""
    lines = [
        b"\xef\xbb\xbfid,name,kind\r\n",
        b"g1,Solar Car Team,TEAM\r\n",
        b'g2,"Two\nlines",CLUB\n',
        b"g3,Bad \xff byte,LAB\n",
        b"\n",
        b"g4,Fine,DORM\n",
        b"g5,Also \xfe\xfe bad,OFFICE",
    ]
    (tmp_path / GROUPS).write_bytes(b"".join(lines))

    def read() -> tuple[list[tuple[int, list[str]]], list[str]]:
        problems = Problems()
        found = [(line, list(cells)) for line, cells in Rows(tmp_path / GROUPS, GROUPS, problems)]
        return found, problems.render()

    whole = read()
    assert [line for line, _ in whole[0]] == [2, 3, 5, 7, 8]
    assert whole[1] == [
        "groups.csv:5: not valid UTF-8 (bad byte at column 8)",
        "groups.csv:8: not valid UTF-8 (bad byte at column 9)",
    ]
    for size in (1, 2, 5, 13, 40):
        monkeypatch.setattr(csv_files, "_BLOCK_BYTES", size)
        assert read() == whole, size


def test_reading_puts_the_garbage_collector_back_as_it_was(university: Path) -> None:
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    read_files(university)
    assert gc.get_threshold() == before


def test_a_record_that_breaks_no_rule_is_built_without_collecting() -> None:
    calls: list[str] = []

    def run(check: Any) -> int:
        calls.append(type(check).__name__)
        return int(check(int, "7"))

    assert checked(run) == 7 and calls == ["builtin_function_or_method"]


def test_every_rule_a_record_breaks_is_still_reported() -> None:
    with pytest.raises(InvalidRecord) as person:
        PersonRecord.of(id="a b", name=" ", roles=(), class_year=1800, email="x", level=Level.K12)
    assert [str(e) for e in person.value.errors] == [
        "id 'a b' is not a valid id: use 1-64 letters, digits or . _ : -",
        "name is empty",
        "roles is empty: give at least one of STUDENT, FACULTY, STAFF, ALUM, EXTERNAL",
        "class_year 1800 is below 1900",
        "email 'x' is not an email address",
    ]
    with pytest.raises(InvalidRecord) as tie:
        TieRecord.of(from_id="p1", to_id="p1", kind=None, strength=2.0)
    assert [str(e) for e in tie.value.errors] == [
        "kind is empty (allowed: ADVISES, MENTORS, COACHES, TEACHES, TUTORS, PEER_SUPPORTS, "
        "SUPERVISES, KNOWS)",
        "strength 2.0 is outside 0..1",
        "a person cannot have a tie to themself (p1)",
    ]
    assert PersonRecord.of(id="p1", name="Ada", roles=(Role.STUDENT,)).roles == (Role.STUDENT,)
    assert TieRecord.of(from_id="p1", to_id="p2", kind=TieKind.KNOWS).functions == ()
