"""The words of a support profile: one plain reason per cause that cost points.

The table of causes and their wording is docs/support-score.md §3 ("Reasons"); an advisor
reads these, so they name people and functions rather than components and numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from graphdb.model import ROLE_PRECEDENCE, Role, SupportFunction
from resolvers.support.settings import SupportSettings


class SupporterFacts(Protocol):
    """What the wording needs of a supporter (``profile.Supporter`` has it)."""

    @property
    def name(self) -> str: ...
    @property
    def strength(self) -> float: ...
    @property
    def recency(self) -> float: ...
    @property
    def last_contact(self) -> dt.date | None: ...


_CATEGORY_WORDS: dict[Role, str] = {
    Role.FACULTY: "faculty",
    Role.STAFF: "staff",
    Role.ALUM: "alumni",
    Role.STUDENT: "students",
    Role.EXTERNAL: "people outside the institution",
}

_SPOF_WORDS: dict[SupportFunction, str] = {
    SupportFunction.ACADEMIC: "only one person supports you academically",
    SupportFunction.CAREER: "only one person supports your career",
    SupportFunction.PSYCHOSOCIAL: "only one person gives you psychosocial (personal) support",
}

_MISSING_WORDS: dict[SupportFunction, str] = {
    SupportFunction.ACADEMIC: "no academic support",
    SupportFunction.CAREER: "no career support",
    SupportFunction.PSYCHOSOCIAL: "no psychosocial (personal) support",
}


def _names(people: Sequence[SupporterFacts], limit: int) -> str:
    names = [p.name for p in people[:limit]]
    more = len(people) - len(names)
    if more > 0:
        names.append(f"{more} more")
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _months(days: int) -> str:
    months = max(days // 30, 1)
    return f"{months} month" if months == 1 else f"{months} months"


def reasons(
    supporters: Sequence[SupporterFacts],
    covering: Mapping[SupportFunction, Sequence[SupporterFacts]],
    categories: set[Role],
    departments: set[str | None],
    today: dt.date,
    settings: SupportSettings,
) -> list[str]:
    """The reasons, in the documented order. ``supporters`` come in the order advisors read
    them (strongest first); ``covering`` lists who covers each function."""
    n = len(supporters)
    limit = settings.names_in_reason
    out: list[str] = []
    if n == 0:
        out.append("no one supports you yet")
    elif n == 1:
        out.append(f"only one person supports you: {supporters[0].name}")
    elif n < settings.size_target:
        out.append(f"only {n} people support you")
    out.extend(_MISSING_WORDS[f] for f in SupportFunction if not covering[f])
    out.extend(
        f"{_SPOF_WORDS[f]}: {covering[f][0].name}" for f in SupportFunction if len(covering[f]) == 1
    )
    if n == 0:
        return out
    out.extend(_range(categories, settings))
    out.extend(_departments(departments, settings))
    weak = [s for s in supporters if s.strength < settings.strong]
    if weak and len(weak) == n:
        out.append(f"all your ties are weak (strength below {settings.strong:g})")
    elif weak:
        out.append(f"weak ties (strength below {settings.strong:g}) with {_names(weak, limit)}")
    out.extend(_contact(supporters, today, settings))
    return out


def _range(categories: set[Role], settings: SupportSettings) -> list[str]:
    if len(categories) >= settings.range_target:
        return []
    words = [_CATEGORY_WORDS[r] for r in ROLE_PRECEDENCE if r in categories]
    if not words:
        return ["none of your supporters has a recorded role"]
    return ["your support comes only from " + " and ".join(words)]


def _departments(departments: set[str | None], settings: SupportSettings) -> list[str]:
    if len(departments) >= settings.department_target:
        return []
    named = sorted(d for d in departments if d is not None)
    if not named:
        return ["none of your supporters belongs to a department"]
    if len(departments) == 1:
        return [f"all your supporters come from one department ({named[0]})"]
    # Only reachable with a department target above 2.
    outside = " and outside any department" if None in departments else ""
    return [
        f"your supporters come from only {len(departments)} departments"
        f" ({', '.join(named)}{outside})"
    ]


def _contact(
    supporters: Sequence[SupporterFacts], today: dt.date, settings: SupportSettings
) -> list[str]:
    limit = settings.names_in_reason
    known = [s for s in supporters if s.last_contact is not None]
    if not any(s.recency >= 1.0 for s in supporters):
        # Nobody recent: one reason says it all, whoever has a recorded contact or not.
        dates = [s.last_contact for s in known if s.last_contact is not None]
        if dates:
            return [f"no contact with any supporter in {_months((today - max(dates)).days)}"]
        return ["no contact with any supporter has been recorded"]
    out: list[str] = []
    # Longest without contact first.
    stale = sorted((s for s in known if s.recency < 1.0), key=lambda s: s.last_contact or today)
    if stale:
        out.append(
            f"no contact in the last {_months(settings.recent_days)} with {_names(stale, limit)}"
        )
    unknown = [s for s in supporters if s.last_contact is None]
    if unknown:
        out.append("no contact recorded with " + _names(unknown, limit))
    return out
