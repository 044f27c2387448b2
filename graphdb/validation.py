"""The rules a value must keep to enter the graph (SPEC §3), each written once.

``graphdb.model``'s record constructors (``PersonRecord.of`` and the like) say which of
these rules apply to a record and run them all; nothing else decides what is valid. They
live in ``graphdb``, the lowest layer, so that both writers can call them: the CSV importer
(``graphdb.bulk``) and the GraphQL mutations (``resolvers.records``).

A broken rule raises ``ValidationError``, which names the field the way records and CSV
columns do; each writer reports it in its own words (``people.csv:4: …`` on import, the
GraphQL field name on the API) around the same reason.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

MAX_NAME_LENGTH = 200
MAX_TOPICS = 50
MAX_TOPIC_LENGTH = 80
MIN_CLASS_YEAR = 1900
MAX_CLASS_YEAR = 2200
MAX_CAPACITY = 1000
MAX_EMAIL_LENGTH = 254
MAX_MEMBERSHIP_ROLE_LENGTH = 80

_EXTERNAL_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


class ValidationError(ValueError):
    """A value that breaks a rule.

    ``field`` names the value as records and CSV columns do (``class_year``) and ``reason``
    says what is wrong with it. Most reasons read after the field's name (``class_year`` +
    ``1800 is below 1900``); ``worded`` puts a caller's own name for the field there
    (GraphQL's ``classYear``), so every route gives the same reason.
    """

    def __init__(self, reason: str, field: str | None = None, *, names_field: bool = True) -> None:
        self.reason = reason
        self.field = field
        self.names_field = names_field and field is not None
        super().__init__(self.worded(field))

    def worded(self, name: str | None) -> str:
        return f"{name} {self.reason}" if self.names_field and name else self.reason


class InvalidRecord(ValidationError):
    """Every rule one record breaks (``errors``, in the order checked), so that a caller can
    report them all at once rather than one per attempt."""

    def __init__(self, errors: Sequence[ValidationError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(map(str, errors)), errors[0].field, names_field=False)


class Checks:
    """Runs rules and keeps each one that fails; ``done`` refuses the record for all of them."""

    def __init__(self) -> None:
        self.failed: list[ValidationError] = []

    def __call__(self, rule: Callable[..., T], *args: Any) -> T | None:
        try:
            return rule(*args)
        except InvalidRecord as errors:
            self.failed.extend(errors.errors)
            return None
        except ValidationError as error:
            self.failed.append(error)
            return None

    def done(self) -> None:
        if self.failed:
            raise InvalidRecord(self.failed)


Check = Callable[..., Any]
"""How a record's constructor runs each rule: ``check(rule, *args)``, the rule's value."""


def checked(run: Callable[[Check], T]) -> T:
    """``run(check)``, which runs a record's rules through ``check``: first straight through
    (``operator.call``: a rule that breaks stops it), and only when one broke, again
    through ``Checks``, which runs every rule and raises ``InvalidRecord`` with each one
    broken. Most records break none, and the straight run skips ``Checks``' work per rule
    (a tenth of a million-tie import's checks, bench/bench_validation.py)."""
    try:
        return run(operator.call)
    except ValidationError:
        pass
    check = Checks()
    value = run(check)
    check.done()
    return value


def allowed(enum: type[Enum]) -> str:
    """The values of an enum, for a message that lists them."""
    return ", ".join(str(m.value) for m in enum)


def is_external_id(value: str) -> bool:
    return _EXTERNAL_ID.fullmatch(value) is not None


def check_external_id(value: str, what: str = "id") -> str:
    """SPEC §3: the caller's own id, 1-64 letters, digits or ``._:-``."""
    if not value:
        raise ValidationError("is empty", what)
    if _EXTERNAL_ID.fullmatch(value) is None:  # is_external_id, one call less per id imported
        reason = f"{value!r} is not a valid id: use 1-64 letters, digits or . _ : -"
        raise ValidationError(reason, what)
    return value


def check_name(value: str, what: str = "name", limit: int = MAX_NAME_LENGTH) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError("is empty", what)
    if len(cleaned) > limit:
        raise ValidationError(f"is over {limit} characters", what)
    return cleaned


def check_text(value: str | None, what: str, limit: int = MAX_NAME_LENGTH) -> str | None:
    """Optional free text (a department, a membership's role): trimmed; empty is not set."""
    return check_name(value, what, limit) if value and value.strip() else None


def normalise_topic(name: str) -> str:
    """Topics compare after trimming and lower-casing (SPEC §3); inner spaces collapse."""
    return " ".join(name.split()).lower()


def normalise_topics(names: Iterable[str], what: str) -> list[str]:
    seen: dict[str, None] = {}
    for raw in names:
        topic = normalise_topic(raw)
        if not topic:
            continue
        if len(topic) > MAX_TOPIC_LENGTH:
            reason = f"has a topic over {MAX_TOPIC_LENGTH} characters ({raw[:30]!r}…)"
            raise ValidationError(reason, what)
        seen[topic] = None
    if len(seen) > MAX_TOPICS:
        raise ValidationError(f"has {len(seen)} topics; at most {MAX_TOPICS} are allowed", what)
    return list(seen)


def _between(value: int, what: str, low: int, high: int) -> int:
    if value < low:
        raise ValidationError(f"{value} is below {low}", what)
    if value > high:
        raise ValidationError(f"{value} is above {high}", what)
    return value


def check_class_year(value: int | None) -> int | None:
    return None if value is None else _between(value, "class_year", MIN_CLASS_YEAR, MAX_CLASS_YEAR)


def check_capacity(value: int | None, what: str = "capacity") -> int | None:
    """Active mentees a person takes at most; none is no cap (SPEC §3)."""
    return None if value is None else _between(value, what, 0, MAX_CAPACITY)


def check_membership_role(value: str | None) -> str | None:
    """What a member is in the group (free text, e.g. "captain")."""
    return check_text(value, "role", MAX_MEMBERSHIP_ROLE_LENGTH)


def check_email(value: str | None) -> str | None:
    """Optional: one ``@`` with text and no spaces either side, at most 254 characters."""
    email = (value or "").strip()
    if not email:
        return None
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValidationError(f"is over {MAX_EMAIL_LENGTH} characters", "email")
    if not _EMAIL.fullmatch(email):
        raise ValidationError(f"{email!r} is not an email address", "email")
    return email


def check_strength(value: float) -> float:
    if not (0.0 <= value <= 1.0) or value != value:  # NaN fails both comparisons
        raise ValidationError(f"{value} is outside 0..1", "strength")
    return float(value)


def distinct(values: Iterable[E]) -> tuple[E, ...]:
    """The values in order without repeats. A tuple that has none is returned as it is, so
    records that share one (a million imported ties' functions) go on sharing it."""
    if isinstance(values, tuple) and len(values) < 2:
        return values  # nothing to repeat (most ties name one function): no copy to compare
    kept = tuple(dict.fromkeys(values))
    return values if isinstance(values, tuple) and kept == values else kept


def check_some(values: Iterable[E], what: str, enum: type[E]) -> tuple[E, ...]:
    """A list that needs at least one value (a person's roles), without repeats."""
    kept = distinct(values)
    if not kept:
        raise ValidationError(f"is empty: give at least one of {allowed(enum)}", what)
    return kept


def check_given(value: E | None, what: str, enum: type[E]) -> E:
    """A value that must be set (a group's or a tie's kind)."""
    if value is None:
        raise ValidationError(f"is empty (allowed: {allowed(enum)})", what)
    return value


def check_tie(
    from_id: str,
    to_id: str,
    since: dt.date | None,
    until: dt.date | None,
) -> None:
    """Rules on a tie that span its fields."""
    if from_id == to_id:
        reason = f"a person cannot have a tie to themself ({from_id})"
        raise ValidationError(reason, "to_id", names_field=False)
    if since is not None and until is not None and until < since:
        raise ValidationError(f"{until} is before since {since}", "until")


# Mentoring programs and requests (docs/programs.md).
MAX_DESCRIPTION_LENGTH = 2000
MAX_MESSAGE_LENGTH = 1000
MAX_AUDIENCE_VALUES = 50


def check_long_text(value: str | None, what: str, limit: int) -> str | None:
    """Optional free text over several lines (a description, a message): trimmed, at most
    ``limit`` characters; empty is not set."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > limit:
        raise ValidationError(f"is over {limit} characters", what)
    return text


def check_texts(values: Iterable[str], what: str) -> list[str]:
    """A list of short texts (an audience's departments): each trimmed, no repeats."""
    kept = [t for t in dict.fromkeys(check_text(v, what) for v in values) if t is not None]
    if len(kept) > MAX_AUDIENCE_VALUES:
        raise ValidationError(f"has {len(kept)} values; at most {MAX_AUDIENCE_VALUES}", what)
    return kept


def check_ids(values: Iterable[str], what: str) -> list[str]:
    """A list of the caller's ids (an audience's groups), each valid, no repeats."""
    kept = [check_external_id(v, what) for v in dict.fromkeys(values)]
    if len(kept) > MAX_AUDIENCE_VALUES:
        raise ValidationError(f"has {len(kept)} ids; at most {MAX_AUDIENCE_VALUES}", what)
    return kept


def check_class_years(values: Iterable[int], what: str) -> list[int]:
    return [_between(v, what, MIN_CLASS_YEAR, MAX_CLASS_YEAR) for v in dict.fromkeys(values)]


def check_period(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    """A program's dates, when both are set, are in order."""
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ValidationError(f"{ends_on} is before starts_on {starts_on}", "ends_on")
