"""The records of SPEC §8: a program, its audience, and the enums of programs and requests.

As in ``graphdb.model``, each record's ``of`` constructor names the rules of
``graphdb.validation`` it keeps and reports every one broken at once (``InvalidRecord``);
the plain constructor takes values known to be valid (read back, or written by the seed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from graphdb import validation as rules
from graphdb.model import Level, Role
from graphdb.validation import Checks, distinct


class ProgramStatus(str, Enum):
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class ProgramSide(str, Enum):
    MENTOR = "MENTOR"
    MENTEE = "MENTEE"


class RequestStatus(str, Enum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    COMPLETED = "COMPLETED"


# Where a program may go from each status. An open program never goes back to draft: people
# enrolled and asked for mentors in it. A closed one may open again (the next cohort).
NEXT_STATUS: dict[ProgramStatus, frozenset[ProgramStatus]] = {
    ProgramStatus.DRAFT: frozenset({ProgramStatus.OPEN, ProgramStatus.CLOSED}),
    ProgramStatus.OPEN: frozenset({ProgramStatus.CLOSED}),
    ProgramStatus.CLOSED: frozenset({ProgramStatus.OPEN}),
}


@dataclass(frozen=True, slots=True)
class AudienceRecord:
    """Who a program is for: a person fits when every criterion given holds (SPEC §8)."""

    roles: tuple[Role, ...] = ()
    levels: tuple[Level, ...] = ()
    departments: tuple[str, ...] = ()
    class_years: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()
    group_ids: tuple[str, ...] = ()
    thin_only: bool = False

    @classmethod
    def of(
        cls,
        *,
        roles: Iterable[Role] = (),
        levels: Iterable[Level] = (),
        departments: Iterable[str] = (),
        class_years: Iterable[int] = (),
        topics: Iterable[str] = (),
        group_ids: Iterable[str] = (),
        thin_only: bool = False,
    ) -> AudienceRecord:
        check = Checks()
        audience = cls(
            roles=distinct(roles),
            levels=distinct(levels),
            departments=tuple(check(rules.check_texts, departments, "audience.departments") or ()),
            class_years=tuple(
                check(rules.check_class_years, class_years, "audience.class_years") or ()
            ),
            topics=tuple(check(rules.normalise_topics, topics, "audience.topics") or ()),
            group_ids=tuple(check(rules.check_ids, group_ids, "audience.group_ids") or ()),
            thin_only=bool(thin_only),
        )
        check.done()
        return audience

    @property
    def empty(self) -> bool:
        """No criterion at all: everyone fits."""
        return not (
            self.roles
            or self.levels
            or self.departments
            or self.class_years
            or self.topics
            or self.group_ids
            or self.thin_only
        )

    def to_params(self) -> dict[str, object]:
        return {
            "audienceRoles": [r.value for r in self.roles],
            "audienceLevels": [lv.value for lv in self.levels],
            "audienceDepartments": list(self.departments),
            "audienceClassYears": list(self.class_years),
            "audienceTopics": list(self.topics),
            "audienceGroupIds": list(self.group_ids),
            "audienceThinOnly": self.thin_only,
        }


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    id: str
    name: str
    status: ProgramStatus = ProgramStatus.DRAFT
    description: str | None = None
    host_group_id: str | None = None
    topics: tuple[str, ...] = ()
    audience: AudienceRecord = field(default_factory=AudienceRecord)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    default_capacity: int | None = None

    @classmethod
    def of(
        cls,
        *,
        id: str,
        name: str,
        status: ProgramStatus = ProgramStatus.DRAFT,
        description: str | None = None,
        host_group_id: str | None = None,
        topics: Iterable[str] = (),
        audience: AudienceRecord | None = None,
        starts_on: dt.date | None = None,
        ends_on: dt.date | None = None,
        default_capacity: int | None = None,
    ) -> ProgramRecord:
        """A program, once every rule holds; the audience is checked by its own ``of``."""
        check = Checks()
        program = cls(
            id=check(rules.check_external_id, id, "id") or id,
            name=check(rules.check_name, name) or name,
            status=status,
            description=check(
                rules.check_long_text, description, "description", rules.MAX_DESCRIPTION_LENGTH
            ),
            host_group_id=(
                check(rules.check_external_id, host_group_id, "host_group_id")
                if host_group_id
                else None
            ),
            topics=tuple(check(rules.normalise_topics, topics, "topics") or ()),
            audience=audience or AudienceRecord(),
            starts_on=starts_on,
            ends_on=ends_on,
            default_capacity=check(rules.check_capacity, default_capacity, "default_capacity"),
        )
        check(rules.check_period, starts_on, ends_on)
        check.done()
        return program

    def to_params(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status.value,
            "description": self.description,
            "hostGroupId": self.host_group_id,
            "topics": list(self.topics),
            "startsOn": self.starts_on,
            "endsOn": self.ends_on,
            "defaultCapacity": self.default_capacity,
            **self.audience.to_params(),
        }


@dataclass(frozen=True, slots=True)
class EnrolmentRecord:
    """A person on one side of a program, as the seed writes it (the API enrols through
    graphdb.programs.store)."""

    person_id: str
    program_id: str
    side: ProgramSide
    since: dt.date
    capacity: int | None = None

    def to_params(self) -> dict[str, object]:
        return {
            "personId": self.person_id,
            "programId": self.program_id,
            "since": self.since,
            "capacity": self.capacity,
        }


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A mentorship request as the seed writes it; an accepted (or completed) one names
    the MENTORS tie it began (``tie_id``), which is then linked to its program."""

    id: str
    mentee_id: str
    mentor_id: str
    program_id: str | None
    status: RequestStatus
    created_at: dt.datetime
    expires_at: dt.datetime
    decided_at: dt.datetime | None = None
    message: str | None = None
    reason: str | None = None
    tie_id: str | None = None

    def to_params(self) -> dict[str, object]:
        return {
            "id": self.id,
            "menteeId": self.mentee_id,
            "mentorId": self.mentor_id,
            "programId": self.program_id,
            "status": self.status.value,
            "createdAt": self.created_at,
            "expiresAt": self.expires_at,
            "decidedAt": self.decided_at,
            "message": self.message,
            "reason": self.reason,
            "tieId": self.tie_id,
        }


@dataclass(slots=True)
class ProgramData:
    """Programs with their enrolments and requests, ready for graphdb.programs.bulk."""

    programs: list[ProgramRecord] = field(default_factory=list)
    enrolments: list[EnrolmentRecord] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "programs": len(self.programs),
            "enrolments": len(self.enrolments),
            "requests": len(self.requests),
        }
