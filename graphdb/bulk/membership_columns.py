"""A memberships.csv as columns (Apache Arrow), for the offline import: two and a quarter
million memberships at a million people, read, checked and written to neo4j-admin's files
without a ``MembershipRecord`` each. Like ``tie_columns`` it only accepts: a file it
cannot prove good whole (``graphdb.bulk.columns``) is read row by row, which reports its
problems as always.

- ``person_id``, ``group_id``: the id rule's pattern; every person in people.csv and every
  group in groups.csv (``only_known``), each pair once.
- ``role``, ``since``: each distinct text read once by the rule and parser a row uses
  (``check_membership_role``, ``read_date``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphdb.bulk import csv_format as fmt
from graphdb.bulk.columns import GUARDED, Columns, NotPlain, all_in, by_text, read_plain
from graphdb.model import MembershipRecord
from graphdb.validation import check_membership_role

SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("group_id", pa.string()),
        ("role", pa.string()),
        ("since", pa.date32()),
    ]
)


@dataclass(frozen=True, slots=True)
class MembershipColumns(Columns):
    """Valid memberships as columns of SCHEMA, in the file's order."""

    @classmethod
    def from_records(cls, memberships: Sequence[MembershipRecord]) -> MembershipColumns:
        columns = {
            "person_id": [m.person_id for m in memberships],
            "group_id": [m.group_id for m in memberships],
            "role": [m.role for m in memberships],
            "since": [m.since for m in memberships],
        }
        return cls(pa.table(columns, schema=SCHEMA))

    def records(self) -> list[MembershipRecord]:
        """The memberships as records (for tests and small sets)."""
        return [MembershipRecord(**row) for row in self.table.to_pylist()]


def read_good_memberships(path: Path) -> MembershipColumns | None:
    """The memberships of ``path`` as columns when every row is good, but for whom they
    name (``only_known``); None otherwise (read it row by row)."""
    try:
        return _read(path)
    except GUARDED:
        return None


def only_known(
    memberships: MembershipColumns | None, people: pa.Array, groups: pa.Array
) -> MembershipColumns | None:
    """``memberships`` when each names a person of ``people`` and a group of ``groups``."""
    if memberships is None:
        return None
    if all_in(memberships.column("person_id"), people) and all_in(
        memberships.column("group_id"), groups
    ):
        return memberships
    return None


def _role(text: str) -> str | None:
    return check_membership_role(text or None)


def _since(text: str) -> dt.date | None:
    return fmt.read_date(text, "since") if text else None


def _read(path: Path) -> MembershipColumns:
    plain = read_plain(path, fmt.MEMBERSHIPS)
    person, group = plain.ids("person_id"), plain.ids("group_id")
    # Each (person, group) once: pairs of dictionary codes, counted.
    codes = [pc.dictionary_encode(c).combine_chunks() for c in (person, group)]
    pairs = codes[0].indices.to_numpy().astype(np.int64) * max(1, len(codes[1].dictionary))
    pairs += codes[1].indices.to_numpy().astype(np.int64)
    if len(np.unique(pairs)) != plain.rows:
        raise NotPlain("a membership given twice")
    table = pa.table(
        [
            person,
            group,
            by_text(plain.text("role"), _role, pa.string()),
            by_text(plain.cells("since"), _since, pa.date32()),
        ],
        schema=SCHEMA,
    )
    return MembershipColumns(table.combine_chunks())
