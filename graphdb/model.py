"""The graph model of SPEC §3: enums, validated records, and the rules every writer shares.

Everything that decides what a valid person, group, membership or tie is lives here, so
that the CSV importer, the seed generator and the GraphQL mutations cannot disagree.
Labels and relationship types reach Cypher only through these enums.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


class Role(str, Enum):
    STUDENT = "STUDENT"
    FACULTY = "FACULTY"
    STAFF = "STAFF"
    ALUM = "ALUM"
    EXTERNAL = "EXTERNAL"


# SPEC §4 Range: a supporter counts once, by its first role in this order.
ROLE_PRECEDENCE: tuple[Role, ...] = (
    Role.FACULTY,
    Role.STAFF,
    Role.ALUM,
    Role.STUDENT,
    Role.EXTERNAL,
)


class Level(str, Enum):
    K12 = "K12"
    UNDERGRADUATE = "UNDERGRADUATE"
    GRADUATE = "GRADUATE"
    PROFESSIONAL = "PROFESSIONAL"


class GroupKind(str, Enum):
    TEAM = "TEAM"
    CLUB = "CLUB"
    DEPARTMENT = "DEPARTMENT"
    LAB = "LAB"
    DORM = "DORM"
    OFFICE = "OFFICE"
    COMMUNITY = "COMMUNITY"
    SCHOOL = "SCHOOL"


class TieKind(str, Enum):
    ADVISES = "ADVISES"
    MENTORS = "MENTORS"
    COACHES = "COACHES"
    TEACHES = "TEACHES"
    TUTORS = "TUTORS"
    PEER_SUPPORTS = "PEER_SUPPORTS"
    SUPERVISES = "SUPERVISES"
    KNOWS = "KNOWS"


SUPPORT_KINDS: tuple[TieKind, ...] = tuple(k for k in TieKind if k is not TieKind.KNOWS)


class SupportFunction(str, Enum):
    ACADEMIC = "ACADEMIC"
    CAREER = "CAREER"
    PSYCHOSOCIAL = "PSYCHOSOCIAL"


DEFAULT_FUNCTIONS: dict[TieKind, tuple[SupportFunction, ...]] = {
    TieKind.ADVISES: (SupportFunction.ACADEMIC,),
    TieKind.TEACHES: (SupportFunction.ACADEMIC,),
    TieKind.TUTORS: (SupportFunction.ACADEMIC,),
    TieKind.MENTORS: (SupportFunction.CAREER, SupportFunction.PSYCHOSOCIAL),
    TieKind.COACHES: (SupportFunction.PSYCHOSOCIAL,),
    TieKind.PEER_SUPPORTS: (SupportFunction.PSYCHOSOCIAL,),
    TieKind.SUPERVISES: (SupportFunction.CAREER, SupportFunction.ACADEMIC),
    TieKind.KNOWS: (),
}

DEFAULT_STRENGTH = 0.5
MAX_NAME_LENGTH = 200
MAX_TOPICS = 50
MAX_TOPIC_LENGTH = 80

_EXTERNAL_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")


class ValidationError(ValueError):
    """A value that breaks a rule of the model; the message says which rule."""


def check_external_id(value: str, what: str = "id") -> str:
    if not _EXTERNAL_ID.fullmatch(value):
        raise ValidationError(
            f"{what} {value!r} is not a valid id: use 1-64 letters, digits or . _ : -"
        )
    return value


def normalise_topic(name: str) -> str:
    """Topics compare after trimming and lower-casing (SPEC §3); inner spaces collapse."""
    return " ".join(name.split()).lower()


def normalise_topics(names: list[str] | tuple[str, ...], what: str) -> list[str]:
    seen: dict[str, None] = {}
    for raw in names:
        topic = normalise_topic(raw)
        if not topic:
            continue
        if len(topic) > MAX_TOPIC_LENGTH:
            raise ValidationError(
                f"{what}: topic {raw[:30]!r}… is over {MAX_TOPIC_LENGTH} characters"
            )
        seen[topic] = None
    if len(seen) > MAX_TOPICS:
        raise ValidationError(f"{what}: at most {MAX_TOPICS} topics, got {len(seen)}")
    return list(seen)


def check_strength(value: float) -> float:
    if not (0.0 <= value <= 1.0) or value != value:  # NaN fails both comparisons
        raise ValidationError(f"strength {value} is outside 0..1")
    return float(value)


def check_name(value: str, what: str = "name") -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(f"{what} is empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(f"{what} is over {MAX_NAME_LENGTH} characters")
    return cleaned


def tie_id_for(from_id: str, to_id: str, kind: TieKind, since: dt.date | None) -> str:
    """A tie's id when the caller gives none: stable in its SPEC §6 identity, so re-importing
    the same (from, to, kind, since) finds the same tie."""
    key = f"{from_id}\x1f{to_id}\x1f{kind.value}\x1f{since.isoformat() if since else ''}"
    return "t:" + hashlib.sha256(key.encode()).hexdigest()[:24]


def is_active(until: dt.date | None, today: dt.date) -> bool:
    """A tie is active while `until` is empty or in the future; a tie ending today has ended."""
    return until is None or until > today


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    name: str
    roles: tuple[Role, ...]
    email: str | None = None
    department: str | None = None
    class_year: int | None = None
    level: Level | None = None
    interests: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    open_door: bool = False
    capacity: int | None = None
    serves_levels: tuple[Level, ...] = ()

    def to_params(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "roles": [r.value for r in self.roles],
            "department": self.department,
            "classYear": self.class_year,
            "level": self.level.value if self.level else None,
            "interests": list(self.interests),
            "expertise": list(self.expertise),
            "openDoor": self.open_door,
            "capacity": self.capacity,
            "servesLevels": [lv.value for lv in self.serves_levels],
        }


@dataclass(frozen=True, slots=True)
class GroupRecord:
    id: str
    name: str
    kind: GroupKind

    def to_params(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "kind": self.kind.value}


@dataclass(frozen=True, slots=True)
class MembershipRecord:
    person_id: str
    group_id: str
    role: str | None = None
    since: dt.date | None = None

    def to_params(self) -> dict[str, object]:
        return {
            "personId": self.person_id,
            "groupId": self.group_id,
            "role": self.role,
            "since": self.since,
        }


@dataclass(frozen=True, slots=True)
class TieRecord:
    id: str
    from_id: str
    to_id: str
    kind: TieKind
    strength: float = DEFAULT_STRENGTH
    since: dt.date | None = None
    until: dt.date | None = None
    functions: tuple[SupportFunction, ...] = ()
    formal: bool = False
    last_contact: dt.date | None = None

    def to_params(self) -> dict[str, object]:
        return {
            "id": self.id,
            "fromId": self.from_id,
            "toId": self.to_id,
            "strength": self.strength,
            "since": self.since,
            "until": self.until,
            "functions": [f.value for f in self.functions],
            "formal": self.formal,
            "lastContact": self.last_contact,
        }


def check_tie(
    from_id: str,
    to_id: str,
    since: dt.date | None,
    until: dt.date | None,
) -> None:
    """Rules on a tie that span its fields."""
    if from_id == to_id:
        raise ValidationError(f"a person cannot have a tie to themself ({from_id})")
    if since is not None and until is not None and until < since:
        raise ValidationError(f"until {until} is before since {since}")


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    """Who a list is about (``PersonFilter`` of SPEC §5): every filter given must hold.

    Build it with ``PeopleFilter.of``, which normalises the values the way they are
    stored (topics as SPEC §3 says, names lower-cased for search), so every list that
    takes a filter reads it the same way.
    """

    roles: tuple[Role, ...] = ()
    department: str | None = None
    class_year: int | None = None
    level: Level | None = None
    group_id: str | None = None
    topic: str | None = None
    search: str | None = None

    @classmethod
    def of(
        cls,
        *,
        roles: Iterable[Role | str] | None = None,
        department: str | None = None,
        class_year: int | None = None,
        level: Level | str | None = None,
        group_id: str | None = None,
        topic: str | None = None,
        search: str | None = None,
    ) -> PeopleFilter:
        return cls(
            roles=tuple(dict.fromkeys(Role(r) for r in roles or ())),
            department=department,
            class_year=class_year,
            level=Level(level) if level else None,
            group_id=group_id or None,
            topic=(normalise_topic(topic) or None) if topic is not None else None,
            search=(search.strip().lower() or None) if search is not None else None,
        )

    def with_roles(self, roles: Iterable[Role]) -> PeopleFilter:
        """The same filter, with these roles when it names none (a list's default)."""
        return self if self.roles else replace(self, roles=tuple(roles))

    def set_values(self) -> dict[str, object]:
        """The filters that are set, by their GraphQL names, with stored values."""
        values: dict[str, object] = {
            "roles": [r.value for r in self.roles] or None,
            "department": self.department,
            "classYear": self.class_year,
            "level": self.level.value if self.level else None,
            "groupId": self.group_id,
            "topic": self.topic,
            "search": self.search,
        }
        return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which audit events to list; every filter given must hold."""

    actor: str | None = None
    subject: str | None = None
    action: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass(slots=True)
class Dataset:
    """Validated records ready for the batched writer, in dependency order."""

    people: list[PersonRecord] = field(default_factory=list)
    groups: list[GroupRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)
    ties: list[TieRecord] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "people": len(self.people),
            "groups": len(self.groups),
            "memberships": len(self.memberships),
            "ties": len(self.ties),
        }


@dataclass(frozen=True, slots=True)
class Web:
    """A person's support web (graphdb.support_web): ids and tie rows, ready to draw."""

    centre: str
    people: list[str]  # ids, the centre first, then by distance
    ties: list[dict[str, Any]]
    truncated: bool
