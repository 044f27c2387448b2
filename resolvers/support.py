"""Support profiles (SPEC §4), the thin-support list, what-if, growing ties, interactions.

Everything here is explainable arithmetic over the data ``graphdb.support`` fetches; the
formulas, weights and thresholds are written out in docs/support-score.md. The score uses
only the structure of a person's web of support (how many supporters, of which roles and
departments, how strong and how recent their ties are, which functions they cover and how
redundantly) and never the person's own demographic fields.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graphdb import support as store
from graphdb.driver import Database, Row, Tx
from graphdb.errors import BadInput, NotFound
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    DEFAULT_STRENGTH,
    ROLE_PRECEDENCE,
    PeopleFilter,
    Role,
    SupportFunction,
    TieKind,
    ValidationError,
    check_external_id,
)
from resolvers.pagination import check_first, decode_cursor, encode_cursor


class Typology(str, Enum):
    """Higgins & Kram's developmental network types, by range and tie strength."""

    NONE = "NONE"
    RECEPTIVE = "RECEPTIVE"  # low range, weak ties
    TRADITIONAL = "TRADITIONAL"  # low range, strong ties
    OPPORTUNISTIC = "OPPORTUNISTIC"  # high range, weak ties
    ENTREPRENEURIAL = "ENTREPRENEURIAL"  # high range, strong ties


FUNCTIONS: tuple[SupportFunction, ...] = tuple(SupportFunction)


@dataclass(frozen=True, slots=True)
class SupportSettings:
    """Every threshold and weight of the profile, with the documented defaults.

    Changing them changes stored scores: run ``rebuild_scores`` afterwards.
    """

    # Typology (Higgins & Kram): high range from this many role categories, strong ties
    # from this mean strength. ``strong`` is also where a tie earns full strength credit.
    range_high: int = 2
    strong: float = 0.6
    # Each structural component earns full credit at this target.
    size_target: int = 4
    range_target: int = 3
    department_target: int = 2
    # Recency bands over the days since the latest contact with a supporter.
    recent_days: int = 90
    fading_days: int = 180
    stale_days: int = 365
    fading_factor: float = 0.75
    stale_factor: float = 0.5
    dormant_factor: float = 0.25
    unknown_contact_factor: float = 0.75
    # Weights, in points out of 100.
    weight_size: float = 25.0
    weight_range: float = 15.0
    weight_departments: float = 5.0
    weight_ties: float = 25.0
    weight_functions: float = 20.0
    weight_redundancy: float = 10.0
    # Thin: one supporter or fewer, or a score below this.
    thin_below: float = 50.0
    # How many names a reason lists before "and N more".
    names_in_reason: int = 3

    def __post_init__(self) -> None:
        total = (
            self.weight_size
            + self.weight_range
            + self.weight_departments
            + self.weight_ties
            + self.weight_functions
            + self.weight_redundancy
        )
        if abs(total - 100.0) > 1e-9:
            raise ValueError(f"support score weights must add up to 100, not {total}")
        if not 0 < self.strong <= 1:
            raise ValueError("strong must be in (0, 1]")
        if not 0 <= self.recent_days < self.fading_days < self.stale_days:
            raise ValueError("recency bands must grow: recent < fading < stale days")
        if min(self.size_target, self.range_target, self.department_target) < 1:
            raise ValueError("component targets must be at least 1")


DEFAULT_SETTINGS = SupportSettings()


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


# ---------------------------------------------------------------------------------------
# The arithmetic: pure functions over fetched rows, so tests can check them exactly.


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


def _next_band_change(
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
    for j in nbrs:
        indirect = sum(1.0 / (n * degree[q]) for q in links[j])
        constraint += (1.0 / n + indirect) ** 2
    return effective, constraint


def _names(people: Sequence[Supporter], limit: int) -> str:
    names = [p.name for p in people[:limit]]
    more = len(people) - len(names)
    if more > 0:
        names.append(f"{more} more")
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


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


def _months(days: int) -> str:
    months = max(days // 30, 1)
    return f"{months} month" if months == 1 else f"{months} months"


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
    missing = [f for f in FUNCTIONS if not covering[f]]
    spof = [f for f in FUNCTIONS if len(covering[f]) == 1]
    redundant = [f for f in FUNCTIONS if len(covering[f]) >= 2]
    departments = {s.department for s in supporters}

    if n == 0:
        typology = Typology.NONE
    else:
        high = range_ >= settings.range_high
        strong = strength >= settings.strong
        typology = {
            (False, False): Typology.RECEPTIVE,
            (False, True): Typology.TRADITIONAL,
            (True, False): Typology.OPPORTUNISTIC,
            (True, True): Typology.ENTREPRENEURIAL,
        }[(high, strong)]

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
    components = {k: round(weights[k] * fractions[k], 2) for k in weights}
    score = round(sum(weights[k] * fractions[k] for k in weights), 1)
    thin = n <= 1 or score < settings.thin_below

    reasons = _reasons(
        supporters, covering, missing, spof, categories, departments, today, settings
    )

    by_kind: dict[TieKind, list[str]] = {}
    for s in supporters:
        for k in s.kinds:
            by_kind.setdefault(k, []).append(s.id)
    by_function = {f: [s.id for s in covering[f]] for f in covered}

    # The first day this score could change on its own: a tie ends, or a contact ages
    # into the next recency band. The thin list re-scores people on that day.
    changes: list[dt.date] = []
    for s in supporters:
        changes.extend(t["until"] for t in s.ties if t.get("until") is not None)
        band = _next_band_change(s.last_contact, today, settings)
        if band is not None:
            changes.append(band)

    effective, constraint = burt_measures(ego) if ego is not None else (0.0, 0.0)
    return SupportProfile(
        person_id=person_id,
        size=n,
        range=range_,
        strength=strength,
        functions_covered=covered,
        functions_missing=missing,
        single_points_of_failure=spof,
        effective_size=effective,
        constraint=constraint,
        typology=typology,
        score=score,
        thin=thin,
        reasons=reasons,
        supporters=supporters,
        by_kind=by_kind,
        by_function=by_function,
        ties=[dict(t) for s in supporters for t in s.ties],
        components=components,
        valid_until=min(changes) if changes else None,
        as_of=today,
    )


def _reasons(
    supporters: list[Supporter],
    covering: dict[SupportFunction, list[Supporter]],
    missing: list[SupportFunction],
    spof: list[SupportFunction],
    categories: set[Role],
    departments: set[str | None],
    today: dt.date,
    settings: SupportSettings,
) -> list[str]:
    """One plain-words reason per cause that cost points (see docs/support-score.md)."""
    n = len(supporters)
    limit = settings.names_in_reason
    reasons: list[str] = []
    if n == 0:
        reasons.append("no one supports you yet")
    elif n == 1:
        reasons.append(f"only one person supports you: {supporters[0].name}")
    elif n < settings.size_target:
        reasons.append(f"only {n} people support you")
    reasons.extend(_MISSING_WORDS[f] for f in missing)
    reasons.extend(f"{_SPOF_WORDS[f]}: {covering[f][0].name}" for f in spof)
    if n == 0:
        return reasons
    if len(categories) < settings.range_target:
        words = [_CATEGORY_WORDS[r] for r in ROLE_PRECEDENCE if r in categories]
        if words:
            reasons.append("your support comes only from " + " and ".join(words))
        else:
            reasons.append("none of your supporters has a recorded role")
    if len(departments) < settings.department_target:
        named = sorted(d for d in departments if d is not None)
        if not named:
            reasons.append("none of your supporters belongs to a department")
        elif len(departments) == 1:
            reasons.append(f"all your supporters come from one department ({named[0]})")
        else:  # only with a department target above 2
            outside = " and outside any department" if None in departments else ""
            reasons.append(
                f"your supporters come from only {len(departments)} departments"
                f" ({', '.join(named)}{outside})"
            )
    weak = [s for s in supporters if s.strength < settings.strong]
    if weak and len(weak) == n:
        reasons.append(f"all your ties are weak (strength below {settings.strong:g})")
    elif weak:
        reasons.append(f"weak ties (strength below {settings.strong:g}) with {_names(weak, limit)}")
    recent = [s for s in supporters if s.recency >= 1.0]
    known = [s for s in supporters if s.last_contact is not None]
    if not recent:
        if known:
            latest = max(s.last_contact for s in known if s.last_contact is not None)
            reasons.append(f"no contact with any supporter in {_months((today - latest).days)}")
        else:
            reasons.append("no contact with any supporter has been recorded")
    else:
        stale = sorted(
            (s for s in known if s.recency < 1.0),
            key=lambda s: s.last_contact or today,
        )
        if stale:
            reasons.append(
                f"no contact in the last {_months(settings.recent_days)} with "
                + _names(stale, limit)
            )
        unknown = [s for s in supporters if s.last_contact is None]
        if unknown:
            reasons.append("no contact recorded with " + _names(unknown, limit))
    return reasons


# ---------------------------------------------------------------------------------------
# Profiles


def _check_id(value: str, what: str) -> str:
    try:
        return check_external_id(value, what)
    except ValidationError as error:
        raise BadInput(str(error), field=what) from error


async def support_profiles(
    db: Database,
    person_ids: Sequence[str],
    without: Sequence[str] | None = None,
    settings: SupportSettings = DEFAULT_SETTINGS,
) -> dict[str, SupportProfile]:
    """Profiles of many people in one round trip (for DataLoaders and the thin list).

    Unknown ids are simply absent from the result; ``without`` as in ``support_profile``.
    """
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return {}
    gone = list(dict.fromkeys(without or ()))
    rows = await store.profile_data(db, ids, gone)
    return {r["id"]: assess(r["id"], r["ties"], r["ego"], r["today"], settings) for r in rows}


async def support_profile(
    db: Database,
    person_id: str,
    without: Sequence[str] | None = None,
    settings: SupportSettings = DEFAULT_SETTINGS,
) -> SupportProfile:
    """The SPEC §4 profile; ``without`` computes it as if those people had left (all their
    ties dropped, for the supporters and for the ego network alike)."""
    _check_id(person_id, "personId")
    gone = [_check_id(w, "without") for w in dict.fromkeys(without or ())]
    if person_id in gone:
        raise BadInput("without: a profile cannot leave out the person themself", field="without")
    if gone:
        known = await store.known_people(db, gone)
        unknown = [w for w in gone if w not in known]
        if unknown:
            raise NotFound(f"without: no person with id {unknown[0]!r}", field="without")
    found = await support_profiles(db, [person_id], gone, settings)
    if person_id not in found:
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    return found[person_id]


async def exposed_if_leaves(
    db: Database, person_id: str, settings: SupportSettings = DEFAULT_SETTINGS
) -> list[str]:
    """Students not thin now who would be thin if this person left, sorted by id."""
    _check_id(person_id, "personId")
    if not await store.known_people(db, [person_id]):
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    supported = await store.supported_by(db, person_id)
    if not supported:
        return []
    # One fetch serves both: the what-if drops this person's ties from the same rows.
    rows = await store.tie_data(db, supported)
    exposed: list[str] = []
    for r in rows:
        if Role.STUDENT.value not in (r["roles"] or []):
            continue
        now = assess(r["id"], r["ties"], None, r["today"], settings)
        if now.thin:
            continue
        remaining = [t for t in r["ties"] if t["supporter"]["id"] != person_id]
        if assess(r["id"], remaining, None, r["today"], settings).thin:
            exposed.append(r["id"])
    return sorted(exposed)


# ---------------------------------------------------------------------------------------
# The score table behind the thin-support list


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """A re-scored person whose stored score or thinness changed (what alerts are made of)."""

    person_id: str
    old_score: float | None
    new_score: float
    was_thin: bool | None
    thin: bool
    reasons: list[str]

    @property
    def thin_changed(self) -> bool:
        return self.was_thin is not None and self.was_thin != self.thin


_schema_ready: set[int] = set()
_refresh_locks: dict[int, asyncio.Lock] = {}
REFRESH_CHUNK = 2_000


async def _ensure_schema(db: Database) -> None:
    if id(db) not in _schema_ready:
        await store.ensure_schema(db)
        _schema_ready.add(id(db))


def _lock(db: Database) -> asyncio.Lock:
    lock = _refresh_locks.get(id(db))
    if lock is None:
        lock = _refresh_locks[id(db)] = asyncio.Lock()
    return lock


async def _rescore(
    db: Database, ids: Sequence[str], settings: SupportSettings
) -> list[ScoreChange]:
    changes: list[ScoreChange] = []
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = list(ids[start : start + REFRESH_CHUNK])

        async def work(tx: Tx, chunk: list[str] = chunk) -> list[ScoreChange]:
            rows = await store.lock_and_tie_data(tx, chunk)
            out: list[ScoreChange] = []
            stored: list[dict[str, Any]] = []
            for r in rows:
                p = assess(r["id"], r["ties"], None, r["today"], settings)
                stored.append(
                    {
                        "id": p.person_id,
                        "score": p.score,
                        "thin": p.thin,
                        "validUntil": p.valid_until,
                    }
                )
                if r["storedScore"] != p.score or r["storedThin"] != p.thin:
                    out.append(
                        ScoreChange(
                            p.person_id,
                            r["storedScore"],
                            p.score,
                            r["storedThin"],
                            p.thin,
                            p.reasons,
                        )
                    )
            await store.store_scores(tx, stored)
            return out

        changes.extend(await db.transaction(work, timeout=300))
    return changes


@dataclass(frozen=True, slots=True)
class Refresh:
    rescored: int
    changes: list[ScoreChange]


def _has_work(state: store.StaleState) -> bool:
    return bool(state.stale or state.expired or state.people > state.scored)


async def refresh_scores(
    db: Database,
    settings: SupportSettings = DEFAULT_SETTINGS,
    state: store.StaleState | None = None,
) -> Refresh:
    """Re-score everyone the table cannot vouch for: marked stale by a writer, past their
    validity date, or never scored (created by any writer since). Cheap when nothing is.

    ``state`` is a STALE_STATE just read; it is read again under the lock regardless."""
    await _ensure_schema(db)
    if state is not None and not _has_work(state):
        return Refresh(0, [])
    async with _lock(db):
        state = await store.stale_state(db)
        todo = dict.fromkeys(state.stale + state.expired)
        if state.people > state.scored:
            todo.update(dict.fromkeys(await store.unscored(db)))
        if not todo:
            return Refresh(0, [])
        return Refresh(len(todo), await _rescore(db, list(todo), settings))


async def rebuild_scores(db: Database, settings: SupportSettings = DEFAULT_SETTINGS) -> int:
    """Score everyone from scratch (after an import, or a change of settings)."""
    await _ensure_schema(db)
    ids = [r["id"] for r in await db.read("MATCH (p:Person) RETURN p.id AS id")]
    async with _lock(db):
        await _rescore(db, ids, settings)
    return len(ids)


async def drop_score_table(db: Database) -> None:
    """Forget every stored score (benchmarks of the cold path; tests)."""
    await store.drop_score_table(db)


async def support_changed(
    db: Database, person_ids: Sequence[str], settings: SupportSettings = DEFAULT_SETTINGS
) -> list[ScoreChange]:
    """After a write that changed these people's support: mark them and re-score them now.

    Writers should also call ``graphdb.support.mark_stale`` inside their own transaction,
    so that a crash between the write and this call still leaves them marked.
    """
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return []
    await _ensure_schema(db)
    await store.mark_stale(db, ids)
    async with _lock(db):
        return await _rescore(db, ids, settings)


def _filter_params(flt: PeopleFilter | None, default_roles: list[str] | None) -> dict[str, Any]:
    params: dict[str, Any] = dict.fromkeys(
        ("roles", "department", "classYear", "level", "groupId", "topic", "search")
    )
    params["roles"] = default_roles
    if flt is not None:
        params.update(flt.set_values())
    return params


@dataclass(frozen=True, slots=True)
class ThinEdge:
    person_id: str
    score: float
    cursor: str
    profile: SupportProfile | None


@dataclass(frozen=True, slots=True)
class ThinSupportConnection:
    edges: list[ThinEdge]
    total: int
    has_next: bool
    refreshed: int = 0  # how many people this call had to re-score first

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1].cursor if self.edges else None


async def thin_support(
    db: Database,
    flt: PeopleFilter | None = None,
    first: int = 20,
    after: str | None = None,
    *,
    with_profiles: bool = True,
    supported_by: str | None = None,
    settings: SupportSettings = DEFAULT_SETTINGS,
) -> ThinSupportConnection:
    """People with thin support (students unless ``flt.roles`` says otherwise), lowest
    score first, then by id; Relay-style pages over (score, id) cursors."""
    check_first(first)
    key: tuple[float, str] | None = None
    if after:
        raw = decode_cursor(after, 2)
        if not isinstance(raw[0], int | float) or not isinstance(raw[1], str):
            raise BadInput("after is not a cursor this connection returned", field="after")
        key = (float(raw[0]), raw[1])
    params = _filter_params(flt, [Role.STUDENT.value])
    roles = [Role(r) for r in params.pop("roles") or []]
    filters = {k: v for k, v in params.items() if v is not None}
    if supported_by is not None:
        filters["supportedBy"] = supported_by
    await _ensure_schema(db)
    # One statement reads the page and whether the table can be trusted; only when it
    # cannot are the stale people re-scored and the page read again, on the leader.
    total, rows, state = await store.thin_page(db, roles, filters, key, first + 1, with_state=True)
    refreshed = Refresh(0, [])
    if state is not None and _has_work(state):
        refreshed = await refresh_scores(db, settings)
        total, rows, _ = await store.thin_page(db, roles, filters, key, first + 1, leader=True)
    page = rows[:first]
    profiles = (
        await support_profiles(db, [r["id"] for r in page], settings=settings)
        if with_profiles and page
        else {}
    )
    edges = [
        ThinEdge(r["id"], r["score"], encode_cursor(r["score"], r["id"]), profiles.get(r["id"]))
        for r in page
    ]
    return ThinSupportConnection(edges, total, len(rows) > first, refreshed.rescored)


# ---------------------------------------------------------------------------------------
# Growing ties and logged interactions


@dataclass(frozen=True, slots=True)
class GrowingSettings:
    """The rule for "this advising/teaching/coaching tie looks like mentoring"."""

    min_months: int = 6  # the tie has lasted at least this long
    contact_within_days: int = 60  # and someone was in touch this recently
    min_strength: float = 0.6  # and it is at least this strong
    window_days: int = 365  # logged interactions are counted over this window,
    min_contact_months: int = 3  # and, when any are logged, fall in this many months


@dataclass(frozen=True, slots=True)
class GrowingTie:
    tie: Row
    supporter_id: str
    supported_id: str
    months: int  # how long the tie has lasted
    interactions: int  # logged in the window
    contact_months: int  # distinct calendar months with a logged interaction
    reasons: list[str]


async def growing_ties(
    db: Database,
    flt: PeopleFilter | None = None,
    first: int = 20,
    settings: GrowingSettings = GrowingSettings(),
) -> list[GrowingTie]:
    """ADVISES, TEACHES and COACHES ties with the pattern of mentoring, most regular first.

    A tie qualifies when it is active, not already paired with an active MENTORS tie
    between the same people, has lasted ``min_months``, has strength ``min_strength`` or
    more, and a lastContact within ``contact_within_days``. When interactions between the
    two are logged in the last ``window_days``, they must also spread over at least
    ``min_contact_months`` calendar months (regular contact, not one burst).
    """
    check_first(first)
    today = dt.date.today()
    params = _filter_params(flt, None)
    params.update(
        {
            "sinceBefore": _months_before(today, settings.min_months),
            "minStrength": settings.min_strength,
            "contactAfter": today - dt.timedelta(days=settings.contact_within_days),
            "interactionsAfter": today - dt.timedelta(days=settings.window_days),
        }
    )
    found: list[GrowingTie] = []
    for r in await store.growing_candidates(db, params):
        tie, contacts = r["tie"], sorted(r["contacts"])
        months = _months_between(tie["since"], r["today"])
        contact_months = len({(d.year, d.month) for d in contacts})
        if contacts and contact_months < settings.min_contact_months:
            continue
        strength = tie["strength"] if tie["strength"] is not None else DEFAULT_STRENGTH
        reasons = [
            f"{tie['kind'].lower().replace('_', ' ')} for {months} months",
            f"strength {float(strength):g}",
            f"last contact {tie['lastContact'].isoformat()}",
        ]
        if contacts:
            reasons.append(f"{len(contacts)} logged interactions over {contact_months} months")
        found.append(
            GrowingTie(
                tie,
                tie["supporterId"],
                tie["supportedId"],
                months,
                len(contacts),
                contact_months,
                reasons,
            )
        )
    found.sort(
        key=lambda g: (-g.contact_months, -float(g.tie["strength"] or 0), -g.months, g.tie["id"])
    )
    return found[:first]


def _months_before(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    # The same day of the month, or the month's last day when it is shorter.
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


_INTERACTION_KIND = re.compile(r"[A-Za-z0-9 _\-]{1,40}")


@dataclass(frozen=True, slots=True)
class Interaction:
    id: str
    from_id: str
    to_id: str
    at: dt.date
    kind: str
    ties_updated: list[str] = field(default_factory=list)


async def log_interaction(
    db: Database, from_id: str, to_id: str, at: dt.date, kind: str
) -> Interaction:
    """Record that two people were in touch on ``at`` and bring the lastContact of every
    active tie between them (either direction, any kind) up to that date.

    NotFound when a person does not exist; BadInput when they have no active tie, when
    ``at`` is in the future, or when ``kind`` is not a short label (e.g. MEETING, EMAIL).
    """
    _check_id(from_id, "fromId")
    _check_id(to_id, "toId")
    if from_id == to_id:
        raise BadInput("an interaction needs two different people", field="toId")
    label = " ".join(kind.split()).upper().replace(" ", "_")
    if not _INTERACTION_KIND.fullmatch(label):
        raise BadInput(
            "kind: use 1-40 letters, digits, spaces, _ or - (e.g. MEETING, EMAIL, CALL)",
            field="kind",
        )
    interaction_id = "i:" + uuid.uuid4().hex

    async def work(tx: Tx) -> Interaction:
        check = await store.interaction_check(tx, from_id, to_id)
        if not check["fromExists"]:
            raise NotFound(f"no person with id {from_id!r}", field="fromId")
        if not check["toExists"]:
            raise NotFound(f"no person with id {to_id!r}", field="toId")
        if at > check["today"]:
            raise BadInput(f"at: {at} is in the future", field="at")
        if not check["ties"]:
            raise BadInput(
                f"{from_id!r} and {to_id!r} have no active tie: add one before logging contact",
                field="toId",
            )
        created = await store.interaction_create(tx, interaction_id, from_id, to_id, at, label)
        # lastContact feeds both people's scores (whoever is the supported end).
        await store.mark_stale(tx, [from_id, to_id])
        return Interaction(interaction_id, from_id, to_id, at, label, sorted(created["ties"]))

    return await db.transaction(work)
