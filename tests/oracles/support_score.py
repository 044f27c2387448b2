"""A literal reading of docs/support-score.md (and SPEC §3–4): the profile figures, the
support score, thinness, the typology, the reasons, the validity date, the thin list and
exposedIfLeaves — written from the document, not from the code under test.

It owns every rule it checks: which ties are active, which kinds are support, the kinds'
default functions, the role order, the recency bands, the weights and the wording. Its
arithmetic is exact (fractions, strengths read as the decimals they were written as), and
it reads the graph with its own Cypher and today's date from the database (``date()``,
the day the database decides activity by), never from Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from graphdb.driver import Database
from tests.oracles.stored import Tie, read_ties, read_today

# SPEC §3: support ties are every kind but KNOWS; an empty `functions` means the kind's.
DEFAULT_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "ADVISES": ("ACADEMIC",),
    "TEACHES": ("ACADEMIC",),
    "TUTORS": ("ACADEMIC",),
    "MENTORS": ("CAREER", "PSYCHOSOCIAL"),
    "COACHES": ("PSYCHOSOCIAL",),
    "PEER_SUPPORTS": ("PSYCHOSOCIAL",),
    "SUPERVISES": ("CAREER", "ACADEMIC"),
}
FUNCTIONS = ("ACADEMIC", "CAREER", "PSYCHOSOCIAL")
ROLE_ORDER = ("FACULTY", "STAFF", "ALUM", "STUDENT", "EXTERNAL")  # SPEC §4, Range
UNSET_STRENGTH = Fraction(1, 2)

# docs/support-score.md §3.
WEIGHTS = {"size": 25, "range": 15, "departments": 5, "ties": 25, "functions": 20, "redundancy": 10}
STRONG = Fraction(6, 10)
CATEGORY_WORDS = {
    "FACULTY": "faculty",
    "STAFF": "staff",
    "ALUM": "alumni",
    "STUDENT": "students",
    "EXTERNAL": "people outside the institution",
}
MISSING = {
    "ACADEMIC": "no academic support",
    "CAREER": "no career support",
    "PSYCHOSOCIAL": "no psychosocial (personal) support",
}
ONE_PERSON = {
    "ACADEMIC": "only one person supports you academically",
    "CAREER": "only one person supports your career",
    "PSYCHOSOCIAL": "only one person gives you psychosocial (personal) support",
}


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: tuple[str, ...]
    department: str | None


@dataclass(frozen=True)
class Graph:
    people: dict[str, Person]
    ties: list[Tie]
    today: dt.date


async def snapshot(db: Database) -> Graph:
    """The graph as stored, read with this oracle's own queries."""
    people = await db.read(
        "MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.roles AS roles, "
        "p.department AS department"
    )
    return Graph(
        {p["id"]: Person(p["id"], p["name"], tuple(p["roles"]), p["department"]) for p in people},
        await read_ties(db),
        await read_today(db),
    )


@dataclass(frozen=True)
class Expected:
    size: int
    range: int
    strength: Fraction
    covered: list[str]
    missing: list[str]
    spof: list[str]
    typology: str
    points: dict[str, Fraction]  # unrounded, per component
    score: float
    thin: bool
    reasons: list[str]
    valid_until: dt.date | None

    def parts(self) -> dict[str, float]:
        """The points as shown (to two decimals)."""
        return {k: float(round(v, 2)) for k, v in self.points.items()}


@dataclass
class _Supporter:
    person: Person
    strength: Fraction  # the strongest of their support ties to s
    last: dt.date | None  # the latest lastContact over those ties
    functions: set[str]
    untils: list[dt.date]


def _active_support(t: Tie, today: dt.date) -> bool:
    return t.kind in DEFAULT_FUNCTIONS and (t.until is None or t.until > today)


def _support_ties_towards(graph: Graph, pid: str, without: Collection[str]) -> list[Tie]:
    return [
        t
        for t in graph.ties
        if t.to == pid and _active_support(t, graph.today) and t.frm not in without
    ]


def _strength(t: Tie) -> Fraction:
    return UNSET_STRENGTH if t.strength is None else Fraction(str(t.strength))


def _recency(last: dt.date | None, today: dt.date) -> Fraction:
    if last is None:
        return Fraction(3, 4)
    days = (today - last).days
    if days <= 90:
        return Fraction(1)
    if days <= 180:
        return Fraction(3, 4)
    if days <= 365:
        return Fraction(1, 2)
    return Fraction(1, 4)


def _names(people: Sequence[_Supporter]) -> str:
    """Up to three names, then "and N more"; "and" before the last."""
    names = [s.person.name for s in people[:3]]
    if len(people) > 3:
        names.append(f"{len(people) - 3} more")
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def expected(graph: Graph, pid: str, without: Collection[str] = ()) -> Expected:
    """The documented profile of ``pid``, as if the people in ``without`` had left."""
    today = graph.today
    by_supporter: dict[str, _Supporter] = {}
    for t in _support_ties_towards(graph, pid, without):
        s = by_supporter.setdefault(
            t.frm, _Supporter(graph.people[t.frm], Fraction(-1), None, set(), [])
        )
        s.strength = max(s.strength, _strength(t))
        if t.last_contact is not None and (s.last is None or t.last_contact > s.last):
            s.last = t.last_contact
        s.functions |= set(t.functions or DEFAULT_FUNCTIONS[t.kind])
        if t.until is not None:
            s.untils.append(t.until)
    # Names are listed strongest first, then by name (docs: "Reasons").
    supporters = sorted(
        by_supporter.values(), key=lambda s: (-s.strength, s.person.name.lower(), s.person.id)
    )
    n = len(supporters)
    categories = {next((r for r in ROLE_ORDER if r in s.person.roles), None) for s in supporters}
    categories.discard(None)
    departments = {s.person.department for s in supporters}
    covering = {f: [s for s in supporters if f in s.functions] for f in FUNCTIONS}
    covered = [f for f in FUNCTIONS if covering[f]]
    strength = sum((s.strength for s in supporters), Fraction(0)) / n if n else Fraction(0)

    def quality(s: _Supporter) -> Fraction:
        return min(s.strength / STRONG, Fraction(1)) * _recency(s.last, today)

    fractions = {
        "size": Fraction(min(n, 4), 4),
        "range": Fraction(min(len(categories), 3), 3),
        "departments": Fraction(min(len(departments), 2), 2),
        "ties": sum((quality(s) for s in supporters), Fraction(0)) / n if n else Fraction(0),
        "functions": Fraction(len(covered), 3),
        "redundancy": Fraction(sum(len(covering[f]) >= 2 for f in FUNCTIONS), 3),
    }
    points = {k: WEIGHTS[k] * fractions[k] for k in WEIGHTS}
    score = float(round(sum(points.values(), Fraction(0)), 1))
    if n == 0:
        typology = "NONE"
    else:
        high, strong = len(categories) >= 2, strength >= STRONG
        typology = {
            (False, False): "RECEPTIVE",
            (False, True): "TRADITIONAL",
            (True, False): "OPPORTUNISTIC",
            (True, True): "ENTREPRENEURIAL",
        }[(high, strong)]

    changes: list[dt.date] = []
    for s in supporters:
        changes += s.untils
        if s.last is not None:
            bound = next((b for b in (90, 180, 365) if (today - s.last).days <= b), None)
            if bound is not None:
                changes.append(s.last + dt.timedelta(days=bound + 1))

    return Expected(
        size=n,
        range=len(categories),
        strength=strength,
        covered=covered,
        missing=[f for f in FUNCTIONS if not covering[f]],
        spof=[f for f in FUNCTIONS if len(covering[f]) == 1],
        typology=typology,
        points=points,
        score=score,
        thin=n <= 1 or score < 50,
        reasons=_reasons(supporters, covering, categories, departments, today),
        valid_until=min(changes) if changes else None,
    )


def _reasons(
    supporters: list[_Supporter],
    covering: dict[str, list[_Supporter]],
    categories: set[Any],
    departments: set[str | None],
    today: dt.date,
) -> list[str]:
    n = len(supporters)
    out: list[str] = []
    if n == 0:
        out.append("no one supports you yet")
    elif n == 1:
        out.append(f"only one person supports you: {supporters[0].person.name}")
    elif n <= 3:
        out.append(f"only {n} people support you")
    out += [MISSING[f] for f in FUNCTIONS if not covering[f]]
    out += [
        f"{ONE_PERSON[f]}: {covering[f][0].person.name}" for f in FUNCTIONS if len(covering[f]) == 1
    ]
    if n == 0:
        return out  # the other components are zero for the same reason
    if len(categories) < 3:
        words = [CATEGORY_WORDS[r] for r in ROLE_ORDER if r in categories]
        out.append("your support comes only from " + " and ".join(words))
    if len(departments) == 1:
        (only,) = departments
        out.append(
            "none of your supporters belongs to a department"
            if only is None
            else f"all your supporters come from one department ({only})"
        )
    weak = [s for s in supporters if s.strength < STRONG]
    if weak and len(weak) == n:
        out.append("all your ties are weak (strength below 0.6)")
    elif weak:
        out.append("weak ties (strength below 0.6) with " + _names(weak))
    recent = [s for s in supporters if s.last is not None and (today - s.last).days <= 90]
    recorded = [s for s in supporters if s.last is not None]
    if not recent and recorded:
        latest = max(s.last for s in recorded if s.last is not None)
        out.append(f"no contact with any supporter in {(today - latest).days // 30} months")
    elif not recent:
        out.append("no contact with any supporter has been recorded")
    else:
        # Longest out of touch first.
        stale = sorted((s for s in recorded if s not in recent), key=lambda s: s.last or today)
        if stale:
            out.append("no contact in the last 3 months with " + _names(stale))
        unknown = [s for s in supporters if s.last is None]
        if unknown:
            out.append("no contact recorded with " + _names(unknown))
    return out


def thin_list(graph: Graph, roles: Collection[str] = ("STUDENT",)) -> list[str]:
    """SPEC §5: the thin people with any of these roles, lowest score first, then by id."""
    thin = [
        (e.score, pid)
        for pid, p in graph.people.items()
        if set(p.roles) & set(roles) and (e := expected(graph, pid)).thin
    ]
    return [pid for _, pid in sorted(thin)]


def exposed_if_leaves(graph: Graph, leaver: str) -> list[str]:
    """docs/support-score.md's reading of SPEC §5: everyone the leaver actively supports
    who is thin now or would be thin without them, by id."""
    supported = {t.to for t in graph.ties if t.frm == leaver and _active_support(t, graph.today)}
    return sorted(
        pid
        for pid in supported
        if expected(graph, pid).thin or expected(graph, pid, without=[leaver]).thin
    )
