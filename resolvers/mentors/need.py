"""What a caller may ask of the mentor capability, checked: the need (SPEC §5
``MentorNeed``), the bounds of ``maxHops`` and ``first``, and the ids. Every failure is a
``BadInput`` naming the argument (docs/mentor-paths.md, "Validation")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphdb.errors import BadInput
from graphdb.mentors.paths import MAX_HOPS, MIN_HOPS
from graphdb.model import Role
from graphdb.validation import ValidationError, check_external_id, normalise_topics

MAX_FIRST = 50
DEFAULT_MAX_HOPS = 3
DEFAULT_FIRST = 10
DEFAULT_INTRODUCTIONS = 5


@dataclass(frozen=True, slots=True)
class MentorNeed:
    """What the student needs a mentor for (SPEC §5 ``MentorNeed``). Empty = any."""

    topics: Sequence[str] | None = None
    roles: Sequence[Role] | None = None
    # None (an explicit GraphQL null) means the default: required.
    require_available: bool | None = True


@dataclass(frozen=True, slots=True)
class Need:
    """A checked need: normalised topics and role values, none meaning any."""

    topics: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    require_available: bool = True

    def params(self) -> dict[str, object]:
        """The ``$need`` map of the queries. One map, not three parameters: Neo4j plans a
        query again for each new size of a list parameter (1-3 s for these), but not for
        lists inside a map."""
        return {
            "topics": list(self.topics),
            "roles": list(self.roles),
            "requireAvailable": self.require_available,
        }


def read_need(need: MentorNeed | None) -> Need:
    if need is None:
        return Need()
    return Need(_topics(need), _roles(need), need.require_available is not False)


def _topics(need: MentorNeed) -> tuple[str, ...]:
    if not need.topics:
        return ()
    raw = [need.topics] if isinstance(need.topics, str) else list(need.topics)
    try:
        return tuple(normalise_topics(raw, "need.topics"))
    except ValidationError as error:
        raise BadInput(str(error), field="need.topics") from error


def _roles(need: MentorNeed) -> tuple[str, ...]:
    roles: dict[str, None] = {}
    for role in need.roles or ():
        try:
            roles[Role(role).value] = None
        except ValueError as error:
            raise BadInput(f"need.roles: {role!r} is not a role", field="need.roles") from error
    return tuple(roles)


def check_bounds(max_hops: int, first: int, max_first: int = MAX_FIRST) -> None:
    if isinstance(max_hops, bool) or not isinstance(max_hops, int):
        raise BadInput(
            f"maxHops must be a whole number from {MIN_HOPS} to {MAX_HOPS}", field="maxHops"
        )
    if not MIN_HOPS <= max_hops <= MAX_HOPS:
        raise BadInput(
            f"maxHops must be from {MIN_HOPS} to {MAX_HOPS}, got {max_hops}", field="maxHops"
        )
    if isinstance(first, bool) or not isinstance(first, int):
        raise BadInput(f"first must be a whole number from 1 to {max_first}", field="first")
    if not 1 <= first <= max_first:
        raise BadInput(f"first must be from 1 to {max_first}, got {first}", field="first")


def check_id(value: str, what: str) -> str:
    try:
        return check_external_id(value, what)
    except ValidationError as error:
        raise BadInput(str(error), field=what) from error
