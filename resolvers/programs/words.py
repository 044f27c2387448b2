"""The sentences of programs and requests: every refusal says why, every reason in words.

The graph decides a refusal and names it with a code (graphdb.programs.requests); this
module turns the code and the facts read with it into the sentence a user reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graphdb.errors import Conflict
from graphdb.programs.records import RequestStatus

# Words the mentor paths already say; one spelling for both.
from resolvers.mentors.words import group_reasons, join_and, levels_words

__all__ = ["group_reasons", "join_and", "levels_words"]

MATCHED = "the mentee was matched with another mentor in this program"
CLOSED = "the program closed"
MENTEE_LEFT = "the mentee left the program"
MENTOR_LEFT = "the mentor left the program"
PROPOSED = "matched by the program's coordinators"


def expired(ttl_days: int) -> str:
    return f"no answer within {ttl_days} days"


def by(done: str, role: str) -> str:
    """The reason a request was declined or cancelled without one given."""
    return f"{done} by {role}"


_WAS: dict[RequestStatus, str] = {
    RequestStatus.PENDING: "is still pending",
    RequestStatus.ACCEPTED: "was accepted",
    RequestStatus.DECLINED: "was declined",
    RequestStatus.CANCELLED: "was cancelled",
    RequestStatus.EXPIRED: "has expired",
    RequestStatus.COMPLETED: "is completed",
}


def _day(value: Any) -> str:
    return f" on {value.date().isoformat()}" if isinstance(value, dt.datetime) else ""


def wrong_status(status: str, decided: Any, done: str) -> Conflict:
    """An illegal transition (accepting a declined request, completing a pending one);
    ``done`` is what was asked: "accepted", "declined", "cancelled" or "completed"."""
    now = RequestStatus(status)
    when = "" if now is RequestStatus.PENDING else _day(decided)
    needed = (
        "only an accepted mentorship can be completed"
        if done == "completed"
        else f"only a pending request can be {done}"
    )
    return Conflict(f"this request {_WAS[now]}{when}: {needed}", field="id")


def _levels(levels: list[str]) -> str:
    return join_and([levels_words(lv) for lv in levels])


def refusal(code: str, f: Mapping[str, Any], max_pending: int) -> Conflict:
    """The CONFLICT for a rule of SPEC §8 the graph found broken, in words."""
    mentee, mentor, program = f.get("mentee"), f.get("mentor"), f.get("program")
    status = str(f.get("programStatus") or "").lower()
    level = levels_words(str(f["level"])) if f.get("level") else "others"
    words = {
        "PROGRAM_NOT_OPEN": f"{program} is {status}: only an open program takes requests",
        "MENTEE_NOT_ENROLLED": f"{mentee} is not enrolled as a mentee in {program}",
        "MENTOR_NOT_ENROLLED": f"{mentor} is not enrolled as a mentor in {program}",
        "ALREADY_MENTORED": f"{mentor} already mentors {mentee}",
        "ALREADY_MATCHED": f"{mentee} already has a mentor in {program} ({f.get('matchedWith')})",
        "ALREADY_ASKED": f"{mentee} already has a pending request to {mentor}",
        "TOO_MANY_PENDING": (
            f"{mentee} already has {f.get('pending')} pending requests, the most allowed "
            f"({max_pending}): wait for an answer or cancel one"
        ),
        "LEVEL": (
            f"{mentor} mentors {_levels(list(f.get('servesLevels') or []))} only, and "
            f"{mentee} is one of the {level}"
        ),
        "DOOR_CLOSED": f"{mentor} is not taking new mentees (their door is closed)",
        "MENTOR_FULL": (
            f"{mentor} has no free mentoring place: {f.get('load')} of {f.get('capacity')} taken"
        ),
        "PROGRAM_FULL": (
            f"{mentor} has no free place in {program}: "
            f"{f.get('programLoad')} of {f.get('programCap')} taken"
        ),
    }
    return Conflict(words.get(code, f"refused ({code})"))
