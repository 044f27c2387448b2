"""Reading a §6 file as Apache Arrow columns, for the offline import of millions of rows.

The column readers (``tie_columns``, ``membership_columns``) only ever *accept* a file:
anything they cannot prove good whole raises ``NotPlain`` (or one of ``GUARDED``), and the
importer reads that file row by row (``graphdb.bulk.rows``), which reports every problem
with its line as always. What they share is here:

- ``read_plain``: a file with a plain header (one line, no quotes, known names, each once:
  ``Rows._header`` decides) and no lone carriage return, read by Arrow's CSV reader with
  every cell a string and no quoting (a quote stays text, which no checked column lets
  through, so a file that needs quoting goes to the rows, whose csv module reads quotes as
  SPEC §6 says);
- ``ids``: an id column trimmed of ASCII spaces and checked by the id rule's pattern (a
  cell with any other space at its edge fails it, and goes to the rows, which trim with
  ``str.strip``);
- ``by_text``: a column of few distinct texts, each text stripped and read once by the
  very parser and rule a row uses.
"""

from __future__ import annotations

import csv
import mmap
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from graphdb.bulk.csv_files import Rows
from graphdb.bulk.problems import Problems
from graphdb.validation import ValidationError

ID_PATTERN = r"^[A-Za-z0-9._:\-]{1,64}$"
"""``graphdb.validation._EXTERNAL_ID`` anchored for Arrow's RE2 (a test holds the two equal)."""

_LONE_CR = re.compile(rb"\r(?!\n)")


@dataclass(frozen=True, slots=True)
class Columns:
    """Valid rows of one file as an Arrow table, in the file's order."""

    table: pa.Table

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def column(self, name: str) -> pa.ChunkedArray:
        return self.table.column(name)


class NotPlain(Exception):
    """The file needs the row-by-row readers (which will say what, if anything, is wrong)."""


GUARDED = (NotPlain, pa.ArrowException, ValidationError, UnicodeDecodeError, csv.Error)
"""What a column reader's caller takes as "read this file row by row"."""


class Plain:
    """A file's cells as strings, by §6 column name; a column the file lacks reads as
    empty cells, as it does to the rows."""

    def __init__(self, table: pa.Table, names: list[str]) -> None:
        self.table = table
        self.names = names
        self.rows = int(table.num_rows)

    def cells(self, name: str) -> pa.ChunkedArray:
        if name in self.names:
            return self.table.column(name)
        return pa.chunked_array([pa.repeat("", self.rows)], pa.string())

    def text(self, name: str) -> pa.ChunkedArray:
        """A free-text column, with no quote in any cell: the csv module reads a cell that
        starts with one as quoted, where Arrow (reading without quoting) would keep it."""
        cells = self.cells(name)
        if self.rows and pc.any(pc.match_substring(cells, '"')).as_py():
            raise NotPlain(name)
        return cells

    def ids(self, name: str) -> pa.ChunkedArray:
        """An id column, every cell a valid id (else ``NotPlain``). A blank line (or one of
        commas only), which the rows skip, has empty ids: it goes to them."""
        trimmed = pc.ascii_trim_whitespace(self.cells(name))
        if self.rows and not pc.all(pc.match_substring_regex(trimmed, ID_PATTERN)).as_py():
            raise NotPlain(name)
        return trimmed


def read_plain(path: Path, file: str) -> Plain:
    names = _header(path, file)
    if not _line_ends_plain(path):
        raise NotPlain("line ends")
    table = pcsv.read_csv(
        path,
        read_options=pcsv.ReadOptions(skip_rows=1, column_names=names, block_size=1 << 24),
        parse_options=pcsv.ParseOptions(quote_char=False, newlines_in_values=False),
        convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    return Plain(table, names)


def by_text(column: pa.ChunkedArray, parse: Callable[[str], Any], type_: pa.DataType) -> pa.Array:
    """``parse(cell.strip())`` for every cell, each distinct text parsed once."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    values = pa.array([parse(t.strip()) for t in encoded.dictionary.to_pylist()], type_)
    return values.take(encoded.indices)


def _header(path: Path, file: str) -> list[str]:
    """The file's columns in its order, by their §6 names: only a plain header (one line,
    no quotes, every name known and once; ``Rows`` reports any other)."""
    with path.open("rb") as handle:
        first = handle.readline()
    text = first.decode("utf-8-sig")
    if '"' in text or not text.endswith("\n"):
        raise NotPlain("header")
    names = next(csv.reader([text]))
    found = Problems()
    columns = Rows(path, file, found)._header(names)
    if columns is None or found.total:
        raise NotPlain("header")
    by_index = {index: name for name, index in columns.items()}
    return [by_index[i] for i in range(len(names))]


def _line_ends_plain(path: Path) -> bool:
    """Every carriage return ends a line (CRLF): a lone one would split a row for Arrow
    where the csv module refuses it."""
    with path.open("rb") as handle:
        if handle.seek(0, 2) == 0:
            return True
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data.find(b"\r") < 0:
                return True
            return _LONE_CR.search(data) is None


def all_in(column: pa.ChunkedArray, known: pa.Array) -> bool:
    """Every value of ``column`` is one of ``known``."""
    return bool(pc.all(pc.is_in(column, value_set=known)).as_py() in (True, None))
