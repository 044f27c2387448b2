"""The §6 files on disk: the data rows out of one file, and a whole ``Dataset`` into a folder.

Reading streams the file with the ``csv`` module and numbers rows by their physical line
(the header is line 1), so that every problem can say where it is. ``write_csv_dir``
writes exactly the format the importer reads, so a seeded university can be exported and
re-imported, and benchmarks can build an import folder.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Generator, Iterator, Sequence
from operator import itemgetter
from pathlib import Path

from graphdb.bulk.csv_format import (
    COLUMNS,
    GROUPS,
    MEMBERSHIPS,
    PEOPLE,
    REQUIRED,
    TIES,
    cell,
    join,
    tie_functions,
)
from graphdb.bulk.problems import Problems
from graphdb.model import Dataset

_BLOCK_BYTES = 1 << 20  # read and decoded at once; a line is never split between two


class Rows:
    """The data rows of one file as ``(line, cells)``: cells trimmed, and placed in the
    order of ``COLUMNS[file]`` whatever the file's own order (a column the file lacks reads
    as an empty cell, not set). A row with the wrong number of cells is a problem, and so
    is a bad header; ``readable`` turns true once the header allows the rows to be read."""

    def __init__(self, path: Path, file: str, problems: Problems) -> None:
        self.path = path
        self.file = file
        self.problems = problems
        self.readable = False

    def __iter__(self) -> Iterator[tuple[int, Sequence[str]]]:
        file, problems = self.file, self.problems
        lines = self._lines()
        reader = csv.reader(itertools.chain.from_iterable(lines), strict=True)
        try:
            try:
                header = next(reader)
            except StopIteration:
                reason = f"the file is empty: a header row is required ({', '.join(COLUMNS[file])})"
                problems.add(file, 1, reason)
                return
            except csv.Error as error:
                problems.add(file, 1, f"the header is not valid CSV ({error})")
                return
            columns = self._header(header)
            if columns is None:
                return
            self.readable = True
            width = len(header)
            # For each known column, where the file has it (or -1).
            order = [columns.get(name, -1) for name in COLUMNS[file]]
            # A file with just the known columns in their order (as write_csv_dir writes
            # them) needs no reordering; otherwise one C call per row picks the cells.
            pick = None if order == list(range(width)) else itemgetter(*order)
            previous = reader.line_num
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    reason = f"not valid CSV ({error}); the rest of the file was not read"
                    problems.add(file, previous + 1, reason)
                    return
                line = previous + 1  # a quoted cell may span lines; the row starts here
                previous = reader.line_num
                cells = list(map(str.strip, row))
                if not any(cells):
                    continue  # blank line (or only commas): no data
                if len(row) != width:
                    reason = f"expected {width} columns (as in the header), found {len(row)}"
                    problems.add(file, line, reason)
                    continue
                if pick is None:
                    yield line, cells
                else:
                    cells.append("")  # what a column the file lacks (index -1) reads as
                    yield line, pick(cells)
        finally:
            lines.close()

    def _lines(self) -> Generator[Iterator[str], None, None]:
        """The file's lines as text, one per physical line, so csv's line_num is the file's:
        iterators over blocks of whole lines (``__iter__`` chains them).

        A block is decoded at once, and its lines split on "\\n" only, as iterating the
        binary file would split them. A block with a bad byte is decoded line by line
        instead, so that the bad byte is reported at its own line and the rest of the
        file still checked. (A "\\n" byte is never part of a multi-byte UTF-8 character,
        so a block decodes exactly when each of its lines does.)
        """
        number = 0  # lines before the block
        with self.path.open("rb") as handle:
            while block := handle.read(_BLOCK_BYTES):
                if not block.endswith(b"\n"):
                    block += handle.readline()  # the block's last line, whole
                if number == 0 and block.startswith(codecs.BOM_UTF8):
                    block = block[len(codecs.BOM_UTF8) :]
                try:
                    yield io.StringIO(block.decode("utf-8"), newline="\n")
                except UnicodeDecodeError:
                    yield self._decode_lines(block, number)
                number += block.count(b"\n")

    def _decode_lines(self, block: bytes, before: int) -> Iterator[str]:
        for number, raw in enumerate(io.BytesIO(block), start=before + 1):
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                reason = f"not valid UTF-8 (bad byte at column {error.start + 1})"
                self.problems.add(self.file, number, reason)
                yield raw.decode("utf-8", errors="replace")

    def _header(self, header: list[str]) -> dict[str, int] | None:
        """Column name → index, or None when the rows cannot be read (a required column is
        missing or a column is named twice). Unknown columns are problems but the rows are
        still checked, so that all problems show at once."""
        file, problems = self.file, self.problems
        allowed = COLUMNS[file]
        columns: dict[str, int] = {}
        readable = True
        for index, name in enumerate(h.strip().lower() for h in header):
            if not name:
                problems.add(file, 1, f"column {index + 1} of the header has no name")
            elif name in columns:
                problems.add(file, 1, f"column {name!r} appears twice in the header")
                readable = False
            elif name not in allowed:
                reason = f"unknown column {name!r} (allowed columns: {', '.join(allowed)})"
                problems.add(file, 1, reason)
            else:
                columns[name] = index
        required = REQUIRED[file]
        missing = [c for c in required if c not in columns]
        for name in missing:
            reason = f"missing required column {name!r} (required: {', '.join(required)})"
            problems.add(file, 1, reason)
        if missing and not columns:
            problems.add(file, 1, "the first line must be the header row naming the columns")
        return columns if readable and not missing else None


def write_csv_dir(dataset: Dataset, folder: Path) -> None:
    """Write ``dataset`` as the four §6 files (every column; ties with their ``id``), so
    ``import_dir(folder)`` reads back the same records."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, rows: Iterator[list[str]]) -> None:
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(COLUMNS[name])
            out.writerows(rows)

    write(
        PEOPLE,
        (
            [
                p.id,
                p.name,
                join(p.roles, "roles"),
                cell(p.department),
                cell(p.class_year),
                cell(p.level),
                join(p.interests, "interests"),
                join(p.expertise, "expertise"),
                cell(p.open_door),
                cell(p.capacity),
                join(p.serves_levels, "serves_levels"),
                cell(p.email),
            ]
            for p in dataset.people
        ),
    )
    write(GROUPS, ([g.id, g.name, cell(g.kind)] for g in dataset.groups))
    write(
        MEMBERSHIPS,
        ([m.person_id, m.group_id, cell(m.role), cell(m.since)] for m in dataset.memberships),
    )
    write(
        TIES,
        (
            [
                t.id,
                t.from_id,
                t.to_id,
                cell(t.kind),
                cell(t.strength),
                cell(t.since),
                cell(t.until),
                tie_functions(t),
                cell(t.formal),
                cell(t.last_contact),
            ]
            for t in dataset.ties
        ),
    )
