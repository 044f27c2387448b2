"""The validated CSV importer behind ``supportweb import DIR`` (SPEC §6).

Import is all-or-nothing at the level of validation: every row of every file is checked
before anything is written, every problem is collected as ``file:line: reason`` (the
physical line in the file; the header is line 1), and a single problem rejects the whole
import with ``ImportRejected``. Only a clean folder becomes a ``Dataset`` for
``graphdb.bulk.writer.write_dataset``, the one batched upsert path, which makes a re-import
of the same folder a no-op.

Memory is kept proportional to the records themselves (the 1,000,000-tie benchmark):
rows are streamed with the ``csv`` module, equal id strings, dates and function lists
are shared between records, and line numbers are kept in compact arrays.

``write_csv_dir`` writes a ``Dataset`` back out in exactly this format, so a seeded
university can be exported and re-imported, and benchmarks can build an import folder.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import re
import time
from array import array
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, LiteralString, TypeVar

from graphdb.bulk.writer import Progress, write_dataset
from graphdb.driver import Database
from graphdb.errors import BadInput
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    DEFAULT_STRENGTH,
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
    ValidationError,
    check_external_id,
    check_name,
    check_strength,
    check_tie,
    normalise_topics,
    tie_id_for,
)

E = TypeVar("E", bound=Enum)

PEOPLE = "people.csv"
GROUPS = "groups.csv"
MEMBERSHIPS = "memberships.csv"
TIES = "ties.csv"
FILES: tuple[str, ...] = (PEOPLE, GROUPS, MEMBERSHIPS, TIES)

# SPEC §6 columns, in the order write_csv_dir writes them. Ties may carry an `id`.
COLUMNS: dict[str, tuple[str, ...]] = {
    PEOPLE: (
        "id",
        "name",
        "roles",
        "department",
        "class_year",
        "level",
        "interests",
        "expertise",
        "open_door",
        "capacity",
        "serves_levels",
        "email",
    ),
    GROUPS: ("id", "name", "kind"),
    MEMBERSHIPS: ("person_id", "group_id", "role", "since"),
    TIES: (
        "id",
        "from_id",
        "to_id",
        "kind",
        "strength",
        "since",
        "until",
        "functions",
        "formal",
        "last_contact",
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    PEOPLE: ("id", "name", "roles"),
    GROUPS: ("id", "name", "kind"),
    MEMBERSHIPS: ("person_id", "group_id"),
    TIES: ("from_id", "to_id", "kind"),
}

MAX_PROBLEMS = 1_000
"""Problems kept for the report; the rest are counted ("… and N more")."""

LIST_SEPARATOR = ";"
MAX_EMAIL_LENGTH = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_LOOKUP_BATCH = 50_000

# Ids referenced from memberships.csv and ties.csv that are not defined in the files
# themselves are looked up in the graph in one read.
FIND_EXISTING: LiteralString = """
CALL () { UNWIND $personIds AS id MATCH (p:Person {id: id}) RETURN collect(p.id) AS people }
CALL () { UNWIND $groupIds AS id MATCH (g:Group {id: id}) RETURN collect(g.id) AS groups }
RETURN people, groups
"""


def _tie_count(kind: LiteralString) -> LiteralString:
    return "MATCH ()-[r:" + kind + "]->() RETURN count(r) AS n"


def _tie_lookup(kind: LiteralString) -> LiteralString:
    # Returns only the ties whose people differ from the row's: a re-import of a million
    # unchanged ties sends nothing back.
    return (
        "UNWIND $rows AS row MATCH (a:Person)-[r:" + kind + " {id: row.id}]->(b:Person) "
        "WHERE a.id <> row.fromId OR b.id <> row.toId "
        "RETURN row.i AS i, a.id AS fromId, b.id AS toId"
    )


# Relationship types are fixed per statement: a type never comes from input text.
_TIE_TYPES: dict[TieKind, LiteralString] = {
    TieKind.ADVISES: "ADVISES",
    TieKind.MENTORS: "MENTORS",
    TieKind.COACHES: "COACHES",
    TieKind.TEACHES: "TEACHES",
    TieKind.TUTORS: "TUTORS",
    TieKind.PEER_SUPPORTS: "PEER_SUPPORTS",
    TieKind.SUPERVISES: "SUPERVISES",
    TieKind.KNOWS: "KNOWS",
}
COUNT_TIES: dict[TieKind, LiteralString] = {k: _tie_count(t) for k, t in _TIE_TYPES.items()}
LOOKUP_TIES: dict[TieKind, LiteralString] = {k: _tie_lookup(t) for k, t in _TIE_TYPES.items()}


class ImportRejected(BadInput):
    """The folder has bad rows; nothing was written. ``problems`` lists ``file:line: reason``."""

    def __init__(self, problems: list[str], *, total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        header = f"import rejected, nothing was written: {self.total} problem(s)"
        super().__init__("\n".join([header, *self.problems]))


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import wrote: rows per file found, and how long it took."""

    folder: Path
    counts: dict[str, int]
    elapsed_s: float
    transactions: int = 0

    @property
    def people(self) -> int:
        return self.counts.get(PEOPLE, 0)

    @property
    def groups(self) -> int:
        return self.counts.get(GROUPS, 0)

    @property
    def memberships(self) -> int:
        return self.counts.get(MEMBERSHIPS, 0)

    @property
    def ties(self) -> int:
        return self.counts.get(TIES, 0)

    def __str__(self) -> str:
        parts = ", ".join(f"{n} from {name}" for name, n in self.counts.items())
        return f"imported {parts or 'nothing'} in {self.elapsed_s:.1f} s"


class _Problems:
    """Collects ``file:line: reason``; keeps the first MAX_PROBLEMS and counts the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.kept: list[tuple[int, int, int, str]] = []
        self.total = 0

    def add(self, file: str, line: int, reason: str) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            # Sorted later by file, then line, then the order found (a row's own order).
            self.kept.append((FILES.index(file), line, self.total, f"{file}:{line}: {reason}"))

    def render(self) -> list[str]:
        out = [text for *_, text in sorted(self.kept)]
        if self.total > len(self.kept):
            out.append(f"… and {self.total - len(self.kept)} more problem(s) not shown")
        return out


class _Refs:
    """References to ids that are not defined in the files, to be checked against the graph.

    Compact (arrays, not tuples) because a ties.csv imported on its own against people
    already in the graph makes two of these per tie.
    """

    COLUMNS: tuple[tuple[str, str], ...] = (
        (MEMBERSHIPS, "person_id"),
        (MEMBERSHIPS, "group_id"),
        (TIES, "from_id"),
        (TIES, "to_id"),
    )

    def __init__(self) -> None:
        self.lines = array("I")
        self.columns = bytearray()
        self.ids: list[str] = []

    def add(self, column: int, line: int, id_: str) -> None:
        self.lines.append(line)
        self.columns.append(column)
        self.ids.append(id_)

    def wanted(self, column_is_group: bool) -> list[str]:
        return sorted(
            {i for c, i in zip(self.columns, self.ids, strict=True) if (c == 1) == column_is_group}
        )


@dataclass(slots=True)
class _State:
    problems: _Problems = field(default_factory=_Problems)
    dataset: Dataset = field(default_factory=Dataset)
    counts: dict[str, int] = field(default_factory=dict)
    # Ids defined in people.csv / groups.csv (rows with a valid id, even if bad otherwise,
    # so that one bad person row does not also make every tie to them a problem).
    people: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    # One str object per distinct id, shared by every record that names it.
    canon: dict[str, str] = field(default_factory=dict)
    refs: _Refs = field(default_factory=_Refs)
    # Files whose rows could not be read at all (bad header, empty file).
    unreadable: set[str] = field(default_factory=set)
    # Lines of dataset.ties, and which of them carry an explicit id (checked against the graph).
    tie_lines: array[int] = field(default_factory=lambda: array("I"))
    tie_explicit: bytearray = field(default_factory=bytearray)


# ---------------------------------------------------------------------------------------
# Cell parsers: each returns the value, or appends a reason to `bad` and returns None.


def _allowed(enum: type[Enum]) -> str:
    return ", ".join(str(m.value) for m in enum)


def _enum(enum: type[E], text: str, what: str, bad: list[str]) -> E | None:
    try:
        return enum(text.upper())
    except ValueError:
        bad.append(f"unknown {what} {text!r} (allowed: {_allowed(enum)})")
        return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _enum_list(enum: type[E], text: str, what: str, bad: list[str]) -> tuple[E, ...] | None:
    values: dict[E, None] = {}
    ok = True
    for part in _split(text):
        value = _enum(enum, part, what, bad)
        if value is None:
            ok = False
        else:
            values[value] = None
    return tuple(values) if ok else None


@functools.lru_cache(maxsize=4096)
def _functions(text: str) -> tuple[tuple[SupportFunction, ...] | None, tuple[str, ...]]:
    # Cached: a million ties share a handful of function lists.
    bad: list[str] = []
    return _enum_list(SupportFunction, text, "function", bad), tuple(bad)


@functools.lru_cache(maxsize=65_536)
def _float(text: str) -> float:
    # Cached so that ties with the same strength share one float object.
    return float(text)


@functools.lru_cache(maxsize=65_536)
def _iso_date(text: str) -> dt.date:
    # Cached so that ties with the same date share one date object.
    return dt.date.fromisoformat(text)


def _date(text: str, what: str, bad: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return _iso_date(text)
    except ValueError:
        bad.append(f"{what} {text!r} is not an ISO 8601 date (use YYYY-MM-DD)")
        return None


def _bool(text: str, what: str, bad: list[str]) -> bool | None:
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    bad.append(f"{what} {text!r} is not a boolean (use true or false)")
    return None


def _int(text: str, what: str, bad: list[str], *, minimum: int | None = None) -> int | None:
    if not _INTEGER.fullmatch(text):
        bad.append(f"{what} {text!r} is not a whole number")
        return None
    value = int(text)
    if minimum is not None and value < minimum:
        bad.append(f"{what} {value} is below {minimum}")
        return None
    return value


def _id(text: str, what: str, bad: list[str]) -> str | None:
    if not text:
        bad.append(f"{what} is empty")
        return None
    try:
        return check_external_id(text, what)
    except ValidationError as error:
        bad.append(str(error))
        return None


def _text(text: str, what: str, bad: list[str]) -> str | None:
    """An optional free-text cell: empty is not set; otherwise length-checked."""
    if not text:
        return None
    try:
        return check_name(text, what)
    except ValidationError as error:
        bad.append(str(error))
        return None


def _required_enum(enum: type[E], text: str, column: str, what: str, bad: list[str]) -> E | None:
    if not text:
        bad.append(f"{column} is empty (allowed: {_allowed(enum)})")
        return None
    return _enum(enum, text, what, bad)


# ---------------------------------------------------------------------------------------
# Reading a file: physical lines, header, rows.


def _lines(path: Path, file: str, problems: _Problems) -> Generator[str, None, None]:
    """The file's lines as text, one per physical line, so csv's line_num is the file's.

    Decoding line by line (rather than the whole stream) lets a bad byte be reported at
    its own line, and the rest of the file still be checked.
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                reason = f"not valid UTF-8 (bad byte at column {error.start + 1})"
                problems.add(file, number, reason)
                yield raw.decode("utf-8", errors="replace")


def _header(file: str, header: list[str], problems: _Problems) -> dict[str, int] | None:
    """Column name → index, or None when the rows cannot be read (a required column is
    missing or a column is named twice). Unknown columns are problems but the rows are
    still checked, so that all problems show at once."""
    allowed = COLUMNS[file]
    names = [h.strip().lower() for h in header]
    columns: dict[str, int] = {}
    readable = True
    for index, name in enumerate(names):
        if not name:
            problems.add(file, 1, f"column {index + 1} of the header has no name")
        elif name in columns:
            problems.add(file, 1, f"column {name!r} appears twice in the header")
            readable = False
        elif name not in allowed:
            problems.add(
                file, 1, f"unknown column {name!r} (allowed columns: {', '.join(allowed)})"
            )
        else:
            columns[name] = index
    missing = [c for c in REQUIRED[file] if c not in columns]
    for name in missing:
        problems.add(
            file, 1, f"missing required column {name!r} (required: {', '.join(REQUIRED[file])})"
        )
    if missing and not columns:
        problems.add(file, 1, "the first line must be the header row naming the columns")
    return columns if readable and not missing else None


def _rows(path: Path, file: str, state: _State) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each data row, cells trimmed and padded to all known columns.

    The yielded list is indexed by COLUMNS[file] positions, whatever the file's own order;
    a column the file lacks reads as an empty cell (not set).
    """
    problems = state.problems
    state.unreadable.add(file)  # until the header has been read
    lines = _lines(path, file, problems)
    reader = csv.reader(lines, strict=True)
    try:
        try:
            header = next(reader)
        except StopIteration:
            problems.add(
                file, 1, f"the file is empty: a header row is required ({', '.join(COLUMNS[file])})"
            )
            return
        except csv.Error as error:
            problems.add(file, 1, f"the header is not valid CSV ({error})")
            return
        columns = _header(file, header, problems)
        if columns is None:
            return
        state.unreadable.discard(file)
        width = len(header)
        # For each known column, where the file has it (or -1).
        order = [columns.get(name, -1) for name in COLUMNS[file]]
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
            if not any(cell.strip() for cell in row):
                continue  # blank line (or only commas): no data
            if len(row) != width:
                problems.add(
                    file, line, f"expected {width} columns (as in the header), found {len(row)}"
                )
                continue
            yield line, [row[i].strip() if i >= 0 else "" for i in order]
    finally:
        lines.close()


# ---------------------------------------------------------------------------------------
# One function per file: check every row, keep the good records.


def _claim(
    state: _State, seen: dict[str, int], id_: str | None, line: int, what: str, bad: list[str]
) -> str | None:
    """Register an id defined on ``line``; a second definition in the file is a problem."""
    if id_ is None:
        return None
    id_ = state.canon.setdefault(id_, id_)
    if id_ in seen:
        bad.append(f"duplicate {what} id {id_!r} (also on line {seen[id_]})")
    else:
        seen[id_] = line
    return id_


def _read_people(path: Path, state: _State) -> None:
    problems, seen = state.problems, state.people
    count = 0
    for line, cells in _rows(path, PEOPLE, state):
        (
            id_text,
            name_text,
            roles_text,
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
        bad: list[str] = []
        person_id = _claim(state, seen, _id(id_text, "id", bad), line, "person", bad)
        name = _text(name_text, "name", bad)
        if not name_text:
            bad.append("name is empty")
        roles = _enum_list(Role, roles_text, "role", bad)
        if roles == ():
            bad.append(f"roles is empty: give at least one of {_allowed(Role)}")
        dept = _text(department, "department", bad)
        year = _int(class_year, "class_year", bad) if class_year else None
        lvl = _enum(Level, level, "level", bad) if level else None
        topics: dict[str, tuple[str, ...]] = {}
        for what, text in (("interests", interests), ("expertise", expertise)):
            try:
                topics[what] = tuple(normalise_topics(_split(text), what))
            except ValidationError as error:
                bad.append(str(error))
        door = _bool(open_door, "open_door", bad) if open_door else False
        cap = _int(capacity, "capacity", bad, minimum=0) if capacity else None
        serves = _enum_list(Level, serves_levels, "level in serves_levels", bad)
        mail: str | None = None
        if email:
            if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(email):
                bad.append(f"email {email!r} is not an email address")
            else:
                mail = email
        if bad:
            for reason in bad:
                problems.add(PEOPLE, line, reason)
            continue
        assert person_id is not None and name is not None and roles is not None
        assert door is not None and serves is not None
        state.dataset.people.append(
            PersonRecord(
                id=person_id,
                name=name,
                roles=roles,
                email=mail,
                department=dept,
                class_year=year,
                level=lvl,
                interests=topics["interests"],
                expertise=topics["expertise"],
                open_door=door,
                capacity=cap,
                serves_levels=serves,
            )
        )
        count += 1
    state.counts[PEOPLE] = count


def _read_groups(path: Path, state: _State) -> None:
    problems, seen = state.problems, state.groups
    count = 0
    for line, (id_text, name_text, kind_text) in _rows(path, GROUPS, state):
        bad: list[str] = []
        group_id = _claim(state, seen, _id(id_text, "id", bad), line, "group", bad)
        name = _text(name_text, "name", bad)
        if not name_text:
            bad.append("name is empty")
        kind = _required_enum(GroupKind, kind_text, "kind", "group kind", bad)
        if bad:
            for reason in bad:
                problems.add(GROUPS, line, reason)
            continue
        assert group_id is not None and name is not None and kind is not None
        state.dataset.groups.append(GroupRecord(group_id, name, kind))
        count += 1
    state.counts[GROUPS] = count


def _reference(state: _State, column: int, line: int, value: str | None) -> str | None:
    """Share the id's string, and remember it for the graph when the files lack it."""
    if value is None:
        return None
    value = state.canon.setdefault(value, value)
    defined = state.groups if column == 1 else state.people
    if value not in defined:
        state.refs.add(column, line, value)
    return value


def _read_memberships(path: Path, state: _State) -> None:
    problems = state.problems
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for line, (person_text, group_text, role_text, since_text) in _rows(path, MEMBERSHIPS, state):
        bad: list[str] = []
        person_id = _reference(state, 0, line, _id(person_text, "person_id", bad))
        group_id = _reference(state, 1, line, _id(group_text, "group_id", bad))
        if person_id is not None and group_id is not None:
            key = (person_id, group_id)
            if key in seen:
                bad.append(
                    f"duplicate membership of {person_id!r} in {group_id!r} "
                    f"(also on line {seen[key]})"
                )
            else:
                seen[key] = line
        role = _text(role_text, "role", bad)
        since = _date(since_text, "since", bad)
        if bad:
            for reason in bad:
                problems.add(MEMBERSHIPS, line, reason)
            continue
        assert person_id is not None and group_id is not None
        state.dataset.memberships.append(MembershipRecord(person_id, group_id, role, since))
        count += 1
    state.counts[MEMBERSHIPS] = count


def _read_ties(path: Path, state: _State) -> None:
    problems = state.problems
    seen: dict[str, int] = {}  # tie id (explicit or derived) → line
    count = 0
    for line, cells in _rows(path, TIES, state):
        (
            id_text,
            from_text,
            to_text,
            kind_text,
            strength_text,
            since_text,
            until_text,
            functions_text,
            formal_text,
            last_contact_text,
        ) = cells
        bad: list[str] = []
        explicit = _id(id_text, "id", bad) if id_text else None
        from_id = _reference(state, 2, line, _id(from_text, "from_id", bad))
        to_id = _reference(state, 3, line, _id(to_text, "to_id", bad))
        kind = _required_enum(TieKind, kind_text, "kind", "tie kind", bad)
        strength: float | None = DEFAULT_STRENGTH
        if strength_text:
            try:
                strength = check_strength(_float(strength_text))
            except ValidationError as error:
                strength = None
                bad.append(str(error))
            except ValueError:
                strength = None
                bad.append(f"strength {strength_text!r} is not a number (use 0..1, e.g. 0.5)")
        since = _date(since_text, "since", bad)
        until = _date(until_text, "until", bad)
        functions: tuple[SupportFunction, ...] | None = None
        if functions_text:
            functions, reasons = _functions(functions_text)
            bad.extend(reasons)
        elif kind is not None:
            functions = DEFAULT_FUNCTIONS[kind]
        formal = _bool(formal_text, "formal", bad) if formal_text else False
        last_contact = _date(last_contact_text, "last_contact", bad)
        if from_id is not None and to_id is not None:
            # Compare since and until only when both read; a bad date is reported already.
            bad_dates = bool(since_text and since is None) or bool(until_text and until is None)
            try:
                if bad_dates:
                    check_tie(from_id, to_id, None, None)
                else:
                    check_tie(from_id, to_id, since, until)
            except ValidationError as error:
                bad.append(str(error))
        tie_id: str | None = None
        if explicit is not None:
            tie_id = explicit
        elif (
            from_id is not None
            and to_id is not None
            and kind is not None
            and not (since_text and since is None)
        ):
            tie_id = tie_id_for(from_id, to_id, kind, since)
        if tie_id is not None:
            if tie_id in seen:
                if explicit is not None:
                    bad.append(f"duplicate tie id {tie_id!r} (also on line {seen[tie_id]})")
                else:
                    assert kind is not None
                    when = f"since {since}" if since else "with no since"
                    bad.append(
                        f"duplicate {kind.value} tie from {from_id!r} to {to_id!r} {when} "
                        f"(also on line {seen[tie_id]}); give each its own since or id"
                    )
            else:
                seen[tie_id] = line
        if bad:
            for reason in bad:
                problems.add(TIES, line, reason)
            continue
        assert tie_id is not None and from_id is not None and to_id is not None
        assert kind is not None and strength is not None and functions is not None
        assert formal is not None
        state.dataset.ties.append(
            TieRecord(
                id=tie_id,
                from_id=from_id,
                to_id=to_id,
                kind=kind,
                strength=strength,
                since=since,
                until=until,
                functions=functions,
                formal=formal,
                last_contact=last_contact,
            )
        )
        state.tie_lines.append(line)
        state.tie_explicit.append(explicit is not None)
        count += 1
    state.counts[TIES] = count


_READERS = {
    PEOPLE: _read_people,
    GROUPS: _read_groups,
    MEMBERSHIPS: _read_memberships,
    TIES: _read_ties,
}


# ---------------------------------------------------------------------------------------
# Checks against the graph.


async def _check_references(db: Database, state: _State) -> None:
    """Every id named in memberships/ties must be in the files or already in the graph."""
    refs = state.refs
    if not refs.ids:
        return
    row = await db.read_one(
        FIND_EXISTING, {"personIds": refs.wanted(False), "groupIds": refs.wanted(True)}
    )
    assert row is not None
    people, groups = set(row["people"]), set(row["groups"])
    # When people.csv or groups.csv could not be read, its header problem rejects the
    # import already; every reference to its ids would only bury that one line.
    people_unknown = PEOPLE in state.unreadable
    groups_unknown = GROUPS in state.unreadable
    for line, column, id_ in zip(refs.lines, refs.columns, refs.ids, strict=True):
        file, name = _Refs.COLUMNS[column]
        if column == 1:
            if groups_unknown:
                continue
            if id_ not in groups:
                reason = f"{name} {id_!r} is not a group in {GROUPS} or in the graph"
                state.problems.add(file, line, reason)
        elif not people_unknown and id_ not in people:
            reason = f"{name} {id_!r} is not a person in {PEOPLE} or in the graph"
            state.problems.add(file, line, reason)


async def _check_tie_ids(db: Database, state: _State) -> None:
    """A tie's explicit id may not already name a tie of the same kind between other
    people: the writer upserts on (people, kind, id), so it could not move that tie and
    would hit the id constraint in the middle of the write.

    Only the kind's own index is searched (one seek per tie, and only mismatches come
    back). Searching all eight for every id would cost eight times as much on a re-import
    of a million ties, to catch a rarer mistake: an id reused for a tie of another kind,
    which never fails the write but leaves two ties of different kinds with one id.
    """
    by_kind: dict[TieKind, list[int]] = {}
    for index, tie in enumerate(state.dataset.ties):
        if state.tie_explicit[index]:
            by_kind.setdefault(tie.kind, []).append(index)
    ties = state.dataset.ties
    for kind, indexes in by_kind.items():
        counted = await db.read_one(COUNT_TIES[kind])
        if not counted or not counted["n"]:
            continue  # no tie of this kind in the graph: nothing to collide with
        for start in range(0, len(indexes), _LOOKUP_BATCH):
            rows = [
                {"i": i, "id": ties[i].id, "fromId": ties[i].from_id, "toId": ties[i].to_id}
                for i in indexes[start : start + _LOOKUP_BATCH]
            ]
            for found in await db.read(LOOKUP_TIES[kind], {"rows": rows}, timeout=600):
                tie = ties[found["i"]]
                state.problems.add(
                    TIES,
                    state.tie_lines[found["i"]],
                    f"tie id {tie.id!r} is already used in the graph by the {kind.value} tie "
                    f"from {found['fromId']!r} to {found['toId']!r}; a tie's people cannot "
                    "change on import",
                )


# ---------------------------------------------------------------------------------------
# The public entry points.


async def import_dir(
    db: Database, folder: Path, *, progress: Progress | None = None
) -> ImportReport:
    """Validate the §6 files in ``folder`` and, if every row is good, upsert them.

    Raises ``ImportRejected`` (listing ``file:line: reason`` for every bad row) without
    writing anything, or ``BadInput`` when the folder holds none of the files.
    ``progress`` is passed to ``write_dataset`` and called after each written batch.
    """
    started = time.perf_counter()
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInput(f"{folder} is not a folder; give the folder that holds {', '.join(FILES)}")
    present = [name for name in FILES if (folder / name).is_file()]
    if not present:
        raise BadInput(
            f"{folder} holds none of the import files; expected one or more of {', '.join(FILES)}"
        )
    state = _State()
    # Dependency order: people and groups first, so references can be resolved in memory.
    for name in present:
        try:
            _READERS[name](folder / name, state)
        except OSError as error:
            raise BadInput(f"cannot read {folder / name}: {error.strerror or error}") from error
    await _check_references(db, state)
    await _check_tie_ids(db, state)
    if state.problems.total:
        raise ImportRejected(state.problems.render(), total=state.problems.total)
    # The bookkeeping is no longer needed; free it before the writer builds its batches.
    dataset = state.dataset
    state.canon.clear()
    state.people.clear()
    state.groups.clear()
    state.refs = _Refs()
    stats = await write_dataset(db, dataset, progress=progress)
    return ImportReport(
        folder=folder,
        counts=dict(state.counts),
        elapsed_s=time.perf_counter() - started,
        transactions=stats.transactions,
    )


def _join(values: tuple[Any, ...], what: str) -> str:
    texts = [v.value if isinstance(v, Enum) else str(v) for v in values]
    for text in texts:
        if LIST_SEPARATOR in text:
            raise ValidationError(
                f"{what}: {text!r} contains {LIST_SEPARATOR!r}, the list separator"
            )
    return LIST_SEPARATOR.join(texts)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    return str(value)


def _tie_functions(tie: TieRecord) -> str:
    if not tie.functions and DEFAULT_FUNCTIONS[tie.kind]:
        # An empty cell reads back as the kind's defaults, so this tie would change.
        raise ValidationError(
            f"tie {tie.id!r}: a {tie.kind.value} tie with no functions cannot be written "
            "(an empty functions cell means the kind's defaults)"
        )
    return _join(tie.functions, "functions")


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
                _join(p.roles, "roles"),
                _cell(p.department),
                _cell(p.class_year),
                _cell(p.level),
                _join(p.interests, "interests"),
                _join(p.expertise, "expertise"),
                _cell(p.open_door),
                _cell(p.capacity),
                _join(p.serves_levels, "serves_levels"),
                _cell(p.email),
            ]
            for p in dataset.people
        ),
    )
    write(GROUPS, ([g.id, g.name, _cell(g.kind)] for g in dataset.groups))
    write(
        MEMBERSHIPS,
        ([m.person_id, m.group_id, _cell(m.role), _cell(m.since)] for m in dataset.memberships),
    )
    write(
        TIES,
        (
            [
                t.id,
                t.from_id,
                t.to_id,
                _cell(t.kind),
                _cell(t.strength),
                _cell(t.since),
                _cell(t.until),
                _tie_functions(t),
                _cell(t.formal),
                _cell(t.last_contact),
            ]
            for t in dataset.ties
        ),
    )
