"""The CSV format of SPEC §6: the four files, their columns, and how one cell reads and writes.

A cell parser turns text into a value or raises ``ValidationError`` naming the column; it
says only whether the text *reads* (a whole number, a date, a known role). Whether the
value is allowed (class year 1900-2200, strength 0..1) is a rule of the model, checked when
the record is built (``graphdb.model``), the same for every writer.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from enum import Enum
from typing import Any, TypeVar

from graphdb.model import DEFAULT_FUNCTIONS, SupportFunction, TieRecord
from graphdb.validation import InvalidRecord, ValidationError, allowed

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

LIST_SEPARATOR = ";"
_INTEGER = re.compile(r"[+-]?[0-9]+")


# ---------------------------------------------------------------------------------------
# Reading a cell. An empty cell is "not set"; callers pass only filled cells to these.


def split(text: str) -> list[str]:
    """A list cell's items, trimmed; empty items are dropped."""
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def read_enum(text: str, enum: type[E], column: str, what: str) -> E:
    """One of the enum's values, in any case; ``what`` names a value in the message."""
    try:
        return enum(text.upper())
    except ValueError:
        reason = f"unknown {what} {text!r} (allowed: {allowed(enum)})"
        raise ValidationError(reason, column, names_field=False) from None


def read_enum_list(text: str, enum: type[E], column: str, what: str) -> tuple[E, ...]:
    """Every item of a list cell, each one of the enum's values; each unknown one is a fault."""
    values: list[E] = []
    unknown: list[ValidationError] = []
    for part in split(text):
        try:
            values.append(read_enum(part, enum, column, what))
        except ValidationError as error:
            unknown.append(error)
    if unknown:
        raise InvalidRecord(unknown)
    return tuple(values)


@functools.lru_cache(maxsize=4096)
def read_functions(text: str) -> tuple[SupportFunction, ...]:
    # Cached: a million ties share a handful of function lists, and so one tuple each.
    return read_enum_list(text, SupportFunction, "functions", "function")


@functools.lru_cache(maxsize=65_536)
def _float(text: str) -> float:
    # Cached so that ties with the same strength share one float object.
    return float(text)


def read_strength(text: str) -> float:
    try:
        return _float(text)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a number (use 0..1, e.g. 0.5)", "strength"
        ) from None


@functools.lru_cache(maxsize=65_536)
def _iso_date(text: str) -> dt.date:
    # Cached so that ties with the same date share one date object.
    return dt.date.fromisoformat(text)


def read_date(text: str, column: str) -> dt.date:
    try:
        return _iso_date(text)
    except ValueError:
        reason = f"{text!r} is not an ISO 8601 date (use YYYY-MM-DD)"
        raise ValidationError(reason, column) from None


def read_bool(text: str, column: str) -> bool:
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ValidationError(f"{text!r} is not a boolean (use true or false)", column)


def read_int(text: str, column: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValidationError(f"{text!r} is not a whole number", column)
    return int(text)


# ---------------------------------------------------------------------------------------
# Writing a cell, so that reading it gives the same value back.


def join(values: tuple[Any, ...], what: str) -> str:
    texts = [v.value if isinstance(v, Enum) else str(v) for v in values]
    for text in texts:
        if LIST_SEPARATOR in text:
            raise ValidationError(
                f"{what}: {text!r} contains {LIST_SEPARATOR!r}, the list separator"
            )
    return LIST_SEPARATOR.join(texts)


def cell(value: object) -> str:
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


def tie_functions(tie: TieRecord) -> str:
    if not tie.functions and DEFAULT_FUNCTIONS[tie.kind]:
        # An empty cell reads back as the kind's defaults, so this tie would change.
        raise ValidationError(
            f"tie {tie.id!r}: a {tie.kind.value} tie with no functions cannot be written "
            "(an empty functions cell means the kind's defaults)"
        )
    return join(tie.functions, "functions")
