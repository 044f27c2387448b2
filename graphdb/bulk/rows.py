"""One reader per §6 file: each row's cells become a record of ``graphdb.model``, or problems.

Row by row, a row is read in two steps. The cells are parsed (``csv_format``: does the
text read as a number, a date, a known role?), then the record is built by its ``of``
constructor, which applies every rule of the model, the same rules the API applies. Every
fault of a row is reported, in the order of the file's columns; a cell that does not read
is reported once, by the parser, not again by the rule on the value it would have had.

The ledger (``crosscheck``) sees every id a row defines or names, even when the row is bad
otherwise, so that one bad person row does not also turn every tie to them into a problem.

Most rows are good, and the readers of the large files (people, memberships, ties) try
each row on a fast path first (issue 15: the checks were most of a million-person
import): each cell is looked up in what that text of the column read as (``_Parsed``),
the record is built by the same ``of`` constructor, and the ledger is told what the
row-by-row path would tell it about a good row. A row that does not pass whole — a cell
that does not read, a rule it breaks — is read again row by row (``_Row``), which reports
it; so every problem, and its order, comes from that one path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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

_PARSED_LIMIT = 65_536  # distinct texts remembered per column, like csv_format's caches


class _Parsed(dict[str, Any]):
    """What a column's cells read as, by text, each text parsed once by its ``csv_format``
    parser (an empty cell is not set: None). Most cells of a large file repeat (kinds,
    dates, strengths), so a dict look-up replaces the parser's calls; equal cells share
    one value, as the parsers' own caches have them do. A text that does not read is not
    remembered: the parser's ``ValidationError`` is raised again each time."""

    def __init__(self, parse: Callable[[str], object]) -> None:
        super().__init__({"": None})
        self.parse = parse

    def __missing__(self, text: str) -> object:
        value = self.parse(text)
        if len(self) < _PARSED_LIMIT:
            self[text] = value
        return value


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
    role_lists = _Parsed(lambda text: fmt.read_enum_list(text, Role, "roles", "role"))
    levels = _Parsed(lambda text: fmt.read_enum(text, Level, "level", "level"))
    level_lists = _Parsed(
        lambda text: fmt.read_enum_list(text, Level, "serves_levels", "level in serves_levels")
    )
    years = _Parsed(lambda text: fmt.read_int(text, "class_year"))
    capacities = _Parsed(lambda text: fmt.read_int(text, "capacity"))
    booleans = _Parsed(lambda text: fmt.read_bool(text, "open_door"))
    share, kept = ledger.shared.setdefault, out.people
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
        try:
            person = PersonRecord.of(
                id=share(person_id, person_id),
                name=name,
                roles=role_lists[roles] or (),
                email=email or None,
                department=department or None,
                class_year=years[class_year],
                level=levels[level],
                interests=fmt.split(interests),
                expertise=fmt.split(expertise),
                open_door=booleans[open_door] or False,
                capacity=capacities[capacity],
                serves_levels=level_lists[serves_levels] or (),
            )
        except ValidationError:  # a cell that does not read, or a rule the person breaks
            _person_row(ledger, problems, out, line, cells)
            continue
        fault = ledger.define(fmt.PEOPLE, person.id, line)
        if fault is None:
            kept.append(person)
        else:
            problems.add(fmt.PEOPLE, line, str(fault))


def _person_row(
    ledger: Ledger, problems: Problems, out: Dataset, line: int, cells: Sequence[str]
) -> None:
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
    dates = _Parsed(lambda text: fmt.read_date(text, "since"))
    share, kept = ledger.shared.setdefault, out.memberships
    for line, cells in rows:
        person_id, group_id, role, since = cells
        try:
            membership = MembershipRecord.of(
                person_id=share(person_id, person_id),
                group_id=share(group_id, group_id),
                role=role or None,
                since=dates[since],
            )
        except ValidationError:  # a cell that does not read, or a rule it breaks
            _membership_row(ledger, problems, out, line, cells)
            continue
        person_id, group_id = membership.person_id, membership.group_id
        ledger.refer_both(0, line, person_id, group_id)
        fault = ledger.membership(person_id, group_id, line)
        if fault is None:
            kept.append(membership)
        else:
            problems.add(fmt.MEMBERSHIPS, line, str(fault))


def _membership_row(
    ledger: Ledger, problems: Problems, out: Dataset, line: int, cells: Sequence[str]
) -> None:
    person_id, group_id, role, since = cells
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
    kinds = _Parsed(lambda text: fmt.read_enum(text, TieKind, "kind", "tie kind"))
    strengths = _Parsed(fmt.read_strength)
    dates = _Parsed(lambda text: fmt.read_date(text, "since"))
    function_lists = _Parsed(fmt.read_functions)
    booleans = _Parsed(lambda text: fmt.read_bool(text, "formal"))
    share, kept = ledger.shared.setdefault, out.ties
    for line, cells in rows:
        tie_id, from_id, to_id, kind, strength, since, until, functions, formal, last = cells
        try:
            tie = TieRecord.of(
                id=tie_id or None,
                from_id=share(from_id, from_id),
                to_id=share(to_id, to_id),
                kind=kinds[kind],
                strength=strengths[strength],
                since=dates[since],
                until=dates[until],
                functions=function_lists[functions],
                formal=booleans[formal] or False,
                last_contact=dates[last],
            )
        except ValidationError:  # a cell that does not read, or a rule the tie breaks
            _tie_row(ledger, problems, out, line, cells)
            continue
        # What _tie_row does with a good row: both ends valid, an identity to compare.
        ledger.refer_both(2, line, tie.from_id, tie.to_id)
        if tie_id:
            fault = ledger.tie_id(tie_id, line)
        else:
            fault = ledger.tie_identity(tie.from_id, tie.to_id, tie.kind, tie.since, line, tie.id)
        if fault is None:
            ledger.keep_tie(line, bool(tie_id))
            kept.append(tie)
        else:
            problems.add(fmt.TIES, line, str(fault))


def _tie_row(
    ledger: Ledger, problems: Problems, out: Dataset, line: int, cells: Sequence[str]
) -> None:
    """A tie row cell by cell, reporting every fault (a row the fast path did not keep)."""
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
