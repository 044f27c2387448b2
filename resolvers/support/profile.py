"""The arithmetic of a support profile (SPEC §4): pure functions over fetched rows, so
tests can check them exactly. The formulas are docs/support-score.md §1–3.

The score uses only the structure of a person's web of support (how many supporters, of
which roles and departments, how strong and how recent their ties are, which functions
they cover and how redundantly) and never the person's own demographic fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum
from typing import Any

from graphdb.driver import Row
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    DEFAULT_STRENGTH,
    ROLE_PRECEDENCE,
    Role,
    SupportFunction,
    TieKind,
)
from resolvers.support.reasons import reasons
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings


class Typology(str, Enum):
    """Higgins & Kram's developmental network types, by range and tie strength."""

    NONE = "NONE"
    RECEPTIVE = "RECEPTIVE"  # low range, weak ties
    TRADITIONAL = "TRADITIONAL"  # low range, strong ties
    OPPORTUNISTIC = "OPPORTUNISTIC"  # high range, weak ties
    ENTREPRENEURIAL = "ENTREPRENEURIAL"  # high range, strong ties


FUNCTIONS: tuple[SupportFunction, ...] = tuple(SupportFunction)


@dataclass(frozen=True, slots=True)
class Supporter:
    """One supporter of the person, summarised over all their active support ties."""

    id: str
    name: str
    roles: tuple[str, ...]
    department: str | None
    category: Role | None  # first role in SPEC §4's order: what range counts
    strength: float  # their strongest active support tie
    last_contact: dt.date | None  # the latest contact on any of their ties
    recency: float  # the recency factor of last_contact (see the docs)
    kinds: tuple[TieKind, ...]
    functions: tuple[SupportFunction, ...]
    ties: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class SupportProfile:
    person_id: str
    size: int
    range: int
    strength: float  # mean over supporters of each one's strongest active support tie
    functions_covered: list[SupportFunction]
    functions_missing: list[SupportFunction]
    single_points_of_failure: list[SupportFunction]
    effective_size: float
    constraint: float
    typology: Typology
    score: float
    thin: bool
    reasons: list[str]
    supporters: list[Supporter]
    by_kind: dict[TieKind, list[str]]  # supporter ids per tie kind
    by_function: dict[SupportFunction, list[str]]  # supporter ids per function
    ties: list[Row]  # the active incoming support ties, as graphdb.ties rows
    components: dict[str, float]  # points earned per score component (they sum to score)
    valid_until: dt.date | None  # first day the score could change without a write
    as_of: dt.date


def role_category(roles: Iterable[str]) -> Role | None:
    present = set(roles)
    for role in ROLE_PRECEDENCE:
        if role.value in present:
            return role
    return None


def tie_functions(tie: Mapping[str, Any]) -> tuple[SupportFunction, ...]:
    """A tie's functions; an unset or empty list means the kind's defaults (as on import)."""
    stored = tie.get("functions") or []
    if stored:
        return tuple(SupportFunction(f) for f in stored)
    return DEFAULT_FUNCTIONS[TieKind(tie["kind"])]


def recency_factor(last: dt.date | None, today: dt.date, settings: SupportSettings) -> float:
    if last is None:
        return settings.unknown_contact_factor
    age = (today - last).days
    if age <= settings.recent_days:
        return 1.0
    if age <= settings.fading_days:
        return settings.fading_factor
    if age <= settings.stale_days:
        return settings.stale_factor
    return settings.dormant_factor


def next_band_change(
    last: dt.date | None, today: dt.date, settings: SupportSettings
) -> dt.date | None:
    if last is None:
        return None
    age = (today - last).days
    for bound in (settings.recent_days, settings.fading_days, settings.stale_days):
        if age <= bound:
            return last + dt.timedelta(days=bound + 1)
    return None


def burt_measures(ego: Sequence[Mapping[str, Any]]) -> tuple[float, float]:
    """(effective size, constraint) as networkx computes them on an undirected, unweighted
    graph; 0 and 0 for a person with no ties (networkx says nan there, SPEC §4 says 0).

    effective size = n - 2t/n; constraint = sum over neighbours j of
    (1/n + sum over q in N(s) ∩ N(j) of 1/(n·deg(q)))², deg over the whole support graph.
    """
    n = len(ego)
    if n == 0:
        return 0.0, 0.0
    nbrs = {e["id"] for e in ego}
    links = {e["id"]: (set(e["links"]) & nbrs) - {e["id"]} for e in ego}
    degree = {e["id"]: int(e["degree"]) for e in ego}
    t = sum(len(v) for v in links.values()) / 2
    effective = n - 2 * t / n
    constraint = 0.0
    # Summed in id order, so the same graph gives the same bits whatever order it came in.
    for j in sorted(nbrs):
        indirect = sum(1.0 / (n * degree[q]) for q in sorted(links[j]))
        constraint += (1.0 / n + indirect) ** 2
    return effective, constraint


def rounded(value: float, places: int) -> float:
    """``value`` to ``places`` decimals, halves to even, as if the sum were exact: the
    float noise of adding thirds (90.00000000000001) must not decide which way a half
    goes, so that the same figures always give the same score."""
    exact = Decimal(repr(value)).quantize(Decimal("1e-9"))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))


def _supporters(
    tie_rows: Sequence[Mapping[str, Any]], today: dt.date, settings: SupportSettings
) -> list[Supporter]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    people: dict[str, Mapping[str, Any]] = {}
    for row in tie_rows:
        who = row["supporter"]
        grouped.setdefault(who["id"], []).append(row["tie"])
        people[who["id"]] = who
    result: list[Supporter] = []
    for sid, ties in grouped.items():
        who = people[sid]
        roles = tuple(who.get("roles") or ())
        contacts = [t["lastContact"] for t in ties if t.get("lastContact") is not None]
        last = max(contacts) if contacts else None
        functions = {f for t in ties for f in tie_functions(t)}
        result.append(
            Supporter(
                id=sid,
                name=who.get("name") or sid,
                roles=roles,
                department=who.get("department"),
                category=role_category(roles),
                strength=max(
                    float(t["strength"]) if t.get("strength") is not None else DEFAULT_STRENGTH
                    for t in ties
                ),
                last_contact=last,
                recency=recency_factor(last, today, settings),
                kinds=tuple(sorted({TieKind(t["kind"]) for t in ties}, key=list(TieKind).index)),
                functions=tuple(f for f in FUNCTIONS if f in functions),
                ties=tuple(dict(t) for t in sorted(ties, key=lambda t: str(t["id"]))),
            )
        )
    # Strongest first, then by name: the order advisors read them in.
    result.sort(key=lambda s: (-s.strength, s.name.lower(), s.id))
    return result


def typology(n: int, range_: int, strength: float, settings: SupportSettings) -> Typology:
    """Higgins & Kram's type of a web of ``n`` supporters (docs/support-score.md §2)."""
    if n == 0:
        return Typology.NONE
    high = range_ >= settings.range_high
    strong = strength >= settings.strong
    return {
        (False, False): Typology.RECEPTIVE,
        (False, True): Typology.TRADITIONAL,
        (True, False): Typology.OPPORTUNISTIC,
        (True, True): Typology.ENTREPRENEURIAL,
    }[(high, strong)]


def _valid_until(
    supporters: Sequence[Supporter], today: dt.date, settings: SupportSettings
) -> dt.date | None:
    """The first day this score could change on its own: a tie ends, or a contact ages
    into the next recency band. The thin list re-scores people on that day."""
    changes: list[dt.date] = []
    for s in supporters:
        changes.extend(t["until"] for t in s.ties if t.get("until") is not None)
        band = next_band_change(s.last_contact, today, settings)
        if band is not None:
            changes.append(band)
    return min(changes) if changes else None


def assess(
    person_id: str,
    tie_rows: Sequence[Mapping[str, Any]],
    ego: Sequence[Mapping[str, Any]] | None,
    today: dt.date,
    settings: SupportSettings = DEFAULT_SETTINGS,
) -> SupportProfile:
    """The profile of one person from their incoming active support ties (and ego network;
    None skips Burt's measures, which the score does not use)."""
    supporters = _supporters(tie_rows, today, settings)
    n = len(supporters)
    categories = {s.category for s in supporters if s.category is not None}
    range_ = len(categories)
    strength = sum(s.strength for s in supporters) / n if n else 0.0

    covering: dict[SupportFunction, list[Supporter]] = {f: [] for f in FUNCTIONS}
    for s in supporters:
        for f in s.functions:
            covering[f].append(s)
    covered = [f for f in FUNCTIONS if covering[f]]
    redundant = [f for f in FUNCTIONS if len(covering[f]) >= 2]
    departments = {s.department for s in supporters}

    quality = [min(s.strength / settings.strong, 1.0) * s.recency for s in supporters]
    fractions = {
        "size": min(n, settings.size_target) / settings.size_target,
        "range": min(range_, settings.range_target) / settings.range_target,
        "departments": (
            min(len(departments), settings.department_target) / settings.department_target
            if n
            else 0.0
        ),
        "ties": sum(quality) / n if n else 0.0,
        "functions": len(covered) / len(FUNCTIONS),
        "redundancy": len(redundant) / len(FUNCTIONS),
    }
    weights = {
        "size": settings.weight_size,
        "range": settings.weight_range,
        "departments": settings.weight_departments,
        "ties": settings.weight_ties,
        "functions": settings.weight_functions,
        "redundancy": settings.weight_redundancy,
    }
    score = rounded(sum(weights[k] * fractions[k] for k in weights), 1)

    by_kind: dict[TieKind, list[str]] = {}
    for s in supporters:
        for k in s.kinds:
            by_kind.setdefault(k, []).append(s.id)

    effective, constraint = burt_measures(ego) if ego is not None else (0.0, 0.0)
    return SupportProfile(
        person_id=person_id,
        size=n,
        range=range_,
        strength=strength,
        functions_covered=covered,
        functions_missing=[f for f in FUNCTIONS if not covering[f]],
        single_points_of_failure=[f for f in FUNCTIONS if len(covering[f]) == 1],
        effective_size=effective,
        constraint=constraint,
        typology=typology(n, range_, strength, settings),
        score=score,
        thin=n <= 1 or score < settings.thin_below,
        reasons=reasons(supporters, covering, categories, departments, today, settings),
        supporters=supporters,
        by_kind=by_kind,
        by_function={f: [s.id for s in covering[f]] for f in covered},
        ties=[dict(t) for s in supporters for t in s.ties],
        components={k: rounded(weights[k] * fractions[k], 2) for k in weights},
        valid_until=_valid_until(supporters, today, settings),
        as_of=today,
    )
