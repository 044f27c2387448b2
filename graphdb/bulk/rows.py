"""One reader per §6 file: each row's cells become a record of ``graphdb.model``, or problems.

A row is read in two steps. The cells are parsed (``csv_format``: does the text read as a
number, a date, a known role?), then the record is built by its ``of`` constructor, which
applies every rule of the model, the same rules the API applies. Every fault of a row is
reported, in the order of the file's columns; a cell that does not read is reported once,
by the parser, not again by the rule on the value it would have had.

The ledger (``crosscheck``) sees every id a row defines or names, even when the row is bad
otherwise, so that one bad person row does not also turn every tie to them into a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from graphdb.bulk import csv_format as fmt
from graphdb.bulk.crosscheck import Ledger
from graphdb.bulk.csv_files import Rows
from graphdb.bulk.problems import Problems
from graphdb.model import (
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    TieKind,
    TieRecord,
    tie_id_for,
)
from graphdb.validation import Checks, InvalidRecord, ValidationError, is_external_id

R = TypeVar("R")
T = TypeVar("T")


class _Row:
    """The faults of one row: cells that do not read, rules its record breaks, clashes."""

    def __init__(self, file: str, line: int) -> None:
        self.file = file
        self.line = line
        self.cells = Checks()
        self.faults: list[ValidationError] = []

    def read(self, parse: Callable[..., T], text: str, *args: Any) -> T | None:
        """``parse(text, *args)`` for a filled cell; None for an empty one or a fault."""
        return self.cells(parse, text, *args) if text else None

    def build(self, make: Callable[..., R], **values: Any) -> R | None:
        """The record, or None when the row has any fault."""
        self.faults.extend(self.cells.failed)
        unread = {fault.field for fault in self.cells.failed}
        try:
            record = make(**values)
        except InvalidRecord as invalid:
            self.faults.extend(e for e in invalid.errors if e.field not in unread)
            return None
        return None if self.faults else record

    def clash(self, fault: ValidationError | None) -> None:
        if fault is not None:
            self.faults.append(fault)

    def keep(self, problems: Problems, record: R | None, into: list[R]) -> None:
        """Report the row's faults in column order; keep its record when it has none."""
        if not self.faults:
            if record is not None:
                into.append(record)
            return
        columns = fmt.COLUMNS[self.file]

        def position(fault: ValidationError) -> int:
            return columns.index(fault.field) if fault.field in columns else len(columns)

        for fault in sorted(self.faults, key=position):
            problems.add(self.file, self.line, str(fault))


def read_people(rows: Rows, ledger: Ledger, problems: Problems, out: Dataset) -> None:
    for line, cells in rows:
        (
            person_id,
            name,
            roles,
            department,
            class_year,
            level,
            interests,
            expertise,
            open_door,
            capacity,
            serves_levels,
            email,
        ) = cells
        row = _Row(fmt.PEOPLE, line)
        person = row.build(
            PersonRecord.of,
            id=ledger.share(person_id),
            name=name,
            roles=row.read(fmt.read_enum_list, roles, Role, "roles", "role") or (),
            email=email or None,
            department=department or None,
            class_year=row.read(fmt.read_int, class_year, "class_year"),
            level=row.read(fmt.read_enum, level, Level, "level", "level"),
            interests=fmt.split(interests),
            expertise=fmt.split(expertise),
            open_door=row.read(fmt.read_bool, open_door, "open_door") or False,
            capacity=row.read(fmt.read_int, capacity, "capacity"),
            serves_levels=row.read(
                fmt.read_enum_list, serves_levels, Level, "serves_levels", "level in serves_levels"
            )
            or (),
        )
        if is_external_id(person_id):
            row.clash(ledger.define(fmt.PEOPLE, ledger.share(person_id), line))
        row.keep(problems, person, out.people)


def read_groups(rows: Rows, ledger: Ledger, problems: Problems, out: Dataset) -> None:
    for line, (group_id, name, kind) in rows:
        row = _Row(fmt.GROUPS, line)
        group = row.build(
            GroupRecord.of,
            id=ledger.share(group_id),
            name=name,
            kind=row.read(fmt.read_enum, kind, GroupKind, "kind", "group kind"),
        )
        if is_external_id(group_id):
            row.clash(ledger.define(fmt.GROUPS, ledger.share(group_id), line))
        row.keep(problems, group, out.groups)


def _refer(ledger: Ledger, references: Iterable[tuple[int, str]], line: int) -> bool:
    """Note each valid id the row names; True when all of them are valid."""
    valid = True
    for reference, id_ in references:
        if is_external_id(id_):
            ledger.refer(reference, line, ledger.share(id_))
        else:
            valid = False
    return valid


def read_memberships(rows: Rows, ledger: Ledger, problems: Problems, out: Dataset) -> None:
    for line, (person_id, group_id, role, since) in rows:
        row = _Row(fmt.MEMBERSHIPS, line)
        membership = row.build(
            MembershipRecord.of,
            person_id=ledger.share(person_id),
            group_id=ledger.share(group_id),
            role=role or None,
            since=row.read(fmt.read_date, since, "since"),
        )
        if _refer(ledger, ((0, person_id), (1, group_id)), line):
            row.clash(ledger.membership(ledger.share(person_id), ledger.share(group_id), line))
        row.keep(problems, membership, out.memberships)


def read_ties(rows: Rows, ledger: Ledger, problems: Problems, out: Dataset) -> None:
    for line, cells in rows:
        (
            tie_id,
            from_id,
            to_id,
            kind_text,
            strength,
            since_text,
            until,
            functions,
            formal,
            last_contact,
        ) = cells
        row = _Row(fmt.TIES, line)
        kind = row.read(fmt.read_enum, kind_text, TieKind, "kind", "tie kind")
        since = row.read(fmt.read_date, since_text, "since")
        tie = row.build(
            TieRecord.of,
            id=tie_id or None,
            from_id=ledger.share(from_id),
            to_id=ledger.share(to_id),
            kind=kind,
            strength=row.read(fmt.read_strength, strength),
            since=since,
            until=row.read(fmt.read_date, until, "until"),
            functions=row.read(fmt.read_functions, functions),
            formal=row.read(fmt.read_bool, formal, "formal") or False,
            last_contact=row.read(fmt.read_date, last_contact, "last_contact"),
        )
        ends = _refer(ledger, ((2, from_id), (3, to_id)), line)
        # A tie is the same as another when its id is, given or derived from its identity
        # (SPEC §6); a row whose identity does not read cannot be compared.
        if tie_id:
            if is_external_id(tie_id):
                row.clash(ledger.tie_id(tie_id, line))
        elif ends and kind is not None and (since is not None or not since_text):
            a, b = ledger.share(from_id), ledger.share(to_id)
            derived = tie.id if tie is not None else tie_id_for(a, b, kind, since)
            row.clash(ledger.tie_identity(a, b, kind, since, line, derived))
        if tie is not None and not row.faults:
            ledger.keep_tie(line, bool(tie_id))
        row.keep(problems, tie, out.ties)
