"""A ties.csv as columns (Apache Arrow), for the offline import of millions of ties.

Reading ten million ties row by row into ``TieRecord`` objects was most of a
million-person import (issue 15: 12.6 µs a row, and 6 GB of records). On the offline path
(an empty local graph) the ties only pass through: read, checked, scored and written to
neo4j-admin's files. ``read_good_ties`` does that in columns, and gives the same verdict
as the row-by-row readers (``graphdb.bulk.rows``) because it leaves every doubt to them:

- **It only accepts.** It never reports a problem. Anything it cannot prove good — a cell
  that does not read, a rule broken, a duplicate, a reference outside people.csv, CSV
  that needs quoting, a header other than the plain one — returns None, and the caller
  reads the file row by row, which reports every problem with its line as before.
- **Each column is checked by the parsers and rules the rows use.** Columns of few
  distinct texts (kind, strength, dates, functions, formal) are dictionary-encoded, and
  each distinct text goes through the very ``csv_format`` parser and model rule a row
  uses. The id columns (millions of distinct texts) are checked by the rule's own pattern
  (``graphdb.validation``'s external id) on the cells after trimming ASCII spaces; a cell
  with any other space at its edges fails the pattern, and so goes to the rows, which
  trim with Python's ``str.strip``.
- **Cross-row rules** (a tie to oneself, until before since, an id given twice, an
  identity repeated, references) are vector comparisons; derived ids (a row without an
  ``id``) come from ``graphdb.model.tie_id_for`` itself.

``TieColumns.from_records`` builds the same columns from records (the seed's), so the
offline path has one way to score and write ties whatever they came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphdb.bulk import csv_format as fmt
from graphdb.bulk.columns import GUARDED, ID_PATTERN, Columns, NotPlain, all_in, by_text, read_plain
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    DEFAULT_STRENGTH,
    SupportFunction,
    TieKind,
    TieRecord,
    tie_id_for,
)
from graphdb.validation import check_given, check_strength, distinct

KINDS: tuple[TieKind, ...] = tuple(TieKind)
FUNCTION_BITS: dict[SupportFunction, int] = {f: 1 << i for i, f in enumerate(SupportFunction)}

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("from_id", pa.string()),
        ("to_id", pa.string()),
        ("kind", pa.int8()),  # index in KINDS
        ("strength", pa.float64()),
        ("since", pa.date32()),
        ("until", pa.date32()),
        ("functions", pa.string()),  # as stored: "CAREER;PSYCHOSOCIAL", "" for none
        ("function_bits", pa.int8()),  # what the score counts: the list, or the kind's defaults
        ("formal", pa.bool_()),
        ("last_contact", pa.date32()),
    ]
)


def stored_functions(functions: Sequence[SupportFunction]) -> str:
    return fmt.join(tuple(functions), "functions")


def scored_bits(functions: Sequence[SupportFunction], kind: TieKind) -> int:
    """The functions a score counts for a tie (``bulk_scores``: the list, or when it is
    empty the kind's defaults), as bits of FUNCTION_BITS."""
    bits = 0
    for f in functions or DEFAULT_FUNCTIONS[kind]:
        bits |= FUNCTION_BITS[f]
    return bits


@dataclass(frozen=True, slots=True)
class TieColumns(Columns):
    """Valid ties as columns of SCHEMA, in the file's order."""

    @classmethod
    def from_records(cls, ties: Sequence[TieRecord]) -> TieColumns:
        kind_index = {k: i for i, k in enumerate(KINDS)}
        texts: dict[tuple[SupportFunction, ...], str] = {}
        bits: dict[tuple[tuple[SupportFunction, ...], TieKind], int] = {}

        def text(t: TieRecord) -> str:
            found = texts.get(t.functions)
            if found is None:
                found = texts[t.functions] = stored_functions(t.functions)
            return found

        def bit(t: TieRecord) -> int:
            key = (t.functions, t.kind)
            found = bits.get(key)
            if found is None:
                found = bits[key] = scored_bits(t.functions, t.kind)
            return found

        columns: dict[str, Any] = {
            "id": [t.id for t in ties],
            "from_id": [t.from_id for t in ties],
            "to_id": [t.to_id for t in ties],
            "kind": [kind_index[t.kind] for t in ties],
            "strength": [t.strength for t in ties],
            "since": [t.since for t in ties],
            "until": [t.until for t in ties],
            "functions": [text(t) for t in ties],
            "function_bits": [bit(t) for t in ties],
            "formal": [t.formal for t in ties],
            "last_contact": [t.last_contact for t in ties],
        }
        return cls(pa.table(columns, schema=SCHEMA))

    def records(self) -> list[TieRecord]:
        """The ties as records (for tests and small sets: a million records is slow)."""
        out: list[TieRecord] = []
        for row in self.table.to_pylist():
            kind = KINDS[row["kind"]]
            functions = tuple(SupportFunction(f) for f in fmt.split(row["functions"]))
            out.append(
                TieRecord(
                    row["id"],
                    row["from_id"],
                    row["to_id"],
                    kind,
                    row["strength"],
                    row["since"],
                    row["until"],
                    functions,
                    row["formal"],
                    row["last_contact"],
                )
            )
        return out


def read_good_ties(path: Path) -> TieColumns | None:
    """The ties of ``path`` (a §6 ties.csv) as columns when every row is good, but for the
    people they name (``only_people``); None otherwise, and then the rows must be read by
    ``graphdb.bulk.rows.read_ties``, which reports what is wrong. Most of its work is
    Arrow's, which lets go of the interpreter: the importer runs it in a thread while it
    reads the other files row by row."""
    try:
        return _read(path)
    except GUARDED:
        return None


def only_people(ties: TieColumns | None, people: pa.Array) -> TieColumns | None:
    """``ties`` when every person they name is in ``people``; else None (to the rows)."""
    if ties is None or all(all_in(ties.column(end), people) for end in ("from_id", "to_id")):
        return ties
    return None


def _read(path: Path) -> TieColumns:
    plain = read_plain(path, fmt.TIES)
    n, cells = plain.rows, plain.cells
    from_id, to_id = plain.ids("from_id"), plain.ids("to_id")
    given = pc.ascii_trim_whitespace(cells("id"))
    has_id = pc.not_equal(given, "")
    well_formed = pc.or_(pc.invert(has_id), pc.match_substring_regex(given, ID_PATTERN))
    if n and not pc.all(well_formed).as_py():
        raise NotPlain("id")
    if n and pc.any(pc.equal(from_id, to_id)).as_py():
        raise NotPlain("a tie to oneself")

    kind = by_text(cells("kind"), _kind, pa.int8())
    strength = by_text(cells("strength"), _strength, pa.float64())
    since = by_text(cells("since"), _date, pa.date32())
    until = by_text(cells("until"), _date, pa.date32())
    last_contact = by_text(cells("last_contact"), _date, pa.date32())
    formal = by_text(cells("formal"), _formal, pa.bool_())
    functions, function_bits = _functions(cells("functions"), kind)
    if n and pc.any(pc.less(until, since)).as_py():
        raise NotPlain("until before since")

    ids = _ids(given, has_id, from_id, to_id, kind, since)
    if len(pc.unique(ids)) != n:
        raise NotPlain("a tie id or identity given twice")
    table = pa.table(
        [
            ids,
            from_id,
            to_id,
            kind,
            strength,
            since,
            until,
            functions,
            function_bits,
            formal,
            last_contact,
        ],
        schema=SCHEMA,
    )
    return TieColumns(table.combine_chunks())


# Each distinct text of a column read by the row path's own parser and rule (stripped as
# ``Rows`` strips every cell). A text that does not read raises ValidationError.


def _kind(text: str) -> int:
    value = fmt.read_enum(text, TieKind, "kind", "tie kind") if text else None
    return KINDS.index(check_given(value, "kind", TieKind))


def _strength(text: str) -> float:
    return check_strength(fmt.read_strength(text)) if text else DEFAULT_STRENGTH


def _date(text: str) -> dt.date | None:
    return fmt.read_date(text, "date") if text else None


def _formal(text: str) -> bool:
    return fmt.read_bool(text, "formal") if text else False


def _functions(column: pa.ChunkedArray, kind: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Stored functions and the bits a score counts, from each distinct (text, kind)."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    texts = encoded.dictionary.to_pylist()
    kinds = kind.to_numpy(zero_copy_only=False).astype(np.int64)
    pair = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64) * len(KINDS) + kinds
    distinct_pairs, inverse = np.unique(pair, return_inverse=True)
    stored: list[str] = []
    bits: list[int] = []
    for key in distinct_pairs.tolist():
        text, tie_kind = texts[key // len(KINDS)].strip(), KINDS[key % len(KINDS)]
        read = DEFAULT_FUNCTIONS[tie_kind] if not text else distinct(fmt.read_functions(text))
        stored.append(stored_functions(read))
        bits.append(scored_bits(read, tie_kind))
    take = pa.array(inverse)
    return (
        pa.array(stored, pa.string()).take(take),
        pa.array(bits, pa.int8()).take(take),
    )


def _ids(
    given: pa.ChunkedArray,
    has_id: pa.ChunkedArray,
    from_id: pa.ChunkedArray,
    to_id: pa.ChunkedArray,
    kind: pa.Array,
    since: pa.Array,
) -> pa.Array:
    """The given id, or the one ``tie_id_for`` derives from the row's identity."""
    ids = given.combine_chunks() if isinstance(given, pa.ChunkedArray) else given
    missing = np.flatnonzero(~has_id.to_numpy(zero_copy_only=False))
    if len(missing) == 0:
        return ids
    at = pa.array(missing)
    derived = [
        tie_id_for(a, b, KINDS[k], s)
        for a, b, k, s in zip(
            from_id.take(at).to_pylist(),
            to_id.take(at).to_pylist(),
            kind.take(at).to_pylist(),
            since.take(at).to_pylist(),
            strict=True,
        )
    ]
    out = ids.to_numpy(zero_copy_only=False).astype(object)
    out[missing] = derived
    return pa.array(out, pa.string())
