"""``programAudience``: the people a program's criteria select who are not its mentees yet,
those who would benefit most first, each with a fit and reasons in words ("know your
audience", the seed document's first step).

Order and fit (docs/programs.md, "Audience"): thin support first, then no mentor yet in
the program's topics, then the lowest support score, then id — the four bands of
graphdb.programs.audience, each read from an index in that order. The fit says the same
in one number::

    fit = 0.50 × thin + 0.25 × no mentor yet in its topics + 0.24 × (1 − score / 100)

so it never rises down the list, and a thin person always comes before one who is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphdb.driver import Database, Row
from graphdb.errors import BadInput
from graphdb.programs import audience as store
from graphdb.programs.audience import BAND, BANDS
from graphdb.programs.records import AudienceRecord
from resolvers.pagination import Cursors, check_first
from resolvers.programs.programs import get_program
from resolvers.programs.words import join_and
from resolvers.records import audience_record, program_fields
from resolvers.support.profiles import support_profiles
from resolvers.support.score_table import refresh_scores
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings

W_THIN, W_UNMENTORED, W_NEED = 0.50, 0.25, 0.24

_ROLE_WORDS = {
    "STUDENT": "a student",
    "FACULTY": "faculty",
    "STAFF": "staff",
    "ALUM": "an alum",
    "EXTERNAL": "from outside the institution",
}


@dataclass(frozen=True, slots=True)
class AudienceFit:
    person_id: str
    fit: float
    reasons: list[str]
    cursor: str


@dataclass(frozen=True, slots=True)
class AudiencePage:
    edges: list[AudienceFit]
    has_next: bool
    # Counting the whole audience costs a pass over it: only when the client asks.
    total: int | None

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1].cursor if self.edges else None


def _after(cursors: Cursors, after: str | None) -> tuple[int, float, str] | None:
    if not after:
        return None
    raw = cursors.decode("programAudience", after, 3)
    if not (
        isinstance(raw[0], int) and isinstance(raw[1], int | float) and isinstance(raw[2], str)
    ):
        raise BadInput("after is not a cursor this connection returned", field="after")
    return raw[0], float(raw[1]), raw[2]


async def program_audience(
    db: Database,
    program_id: str,
    first: int,
    after: str | None,
    cursors: Cursors,
    *,
    with_total: bool = False,
    caseload_of: str | None = None,
    settings: SupportSettings = DEFAULT_SETTINGS,
) -> AudiencePage:
    """One page of the audience. ``caseload_of`` limits it to the people that advisor
    supports (the row scope of advisor tools)."""
    check_first(first)
    program = program_fields(await get_program(db, program_id, "programId"))
    audience = audience_record(program["audience"])
    topics: list[str] = list(program["topics"])
    key = _after(cursors, after)
    await refresh_scores(db, settings)  # the bands read stored scores: trust them first
    rows: list[tuple[int, Row]] = []
    for band in range(key[0] if key else 0, BANDS):
        if audience.thin_only and not BAND[band].thin:
            break
        page = await store.band_page(
            db,
            band,
            audience,
            program_id,
            topics,
            key[1:] if key and key[0] == band else None,
            first + 1 - len(rows),
            settings.thin_below,
            caseload_of,
        )
        rows += [(band, r) for r in page]
        if len(rows) > first:
            break
    shown = rows[:first]
    edges = await _fits(db, shown, audience, topics, cursors, settings)
    total = (
        await store.audience_total(db, audience, program_id, caseload_of) if with_total else None
    )
    return AudiencePage(edges, len(rows) > first, total)


async def _fits(
    db: Database,
    rows: list[tuple[int, Row]],
    audience: AudienceRecord,
    topics: list[str],
    cursors: Cursors,
    settings: SupportSettings,
) -> list[AudienceFit]:
    ids = [r["id"] for _, r in rows]
    wanted = list(dict.fromkeys([*audience.topics, *topics]))
    facts = await store.audience_facts(db, ids, wanted, topics, list(audience.group_ids))
    thin_ids = [r["id"] for band, r in rows if BAND[band].thin]
    profiles = await support_profiles(db, thin_ids, settings=settings)
    out: list[AudienceFit] = []
    for band, r in rows:
        f = facts[r["id"]]
        thin, mentored = BAND[band].thin, BAND[band].mentored
        need = 1.0 - min(max(float(r["score"]), 0.0), 100.0) / 100.0
        fit = W_THIN * thin + W_UNMENTORED * (not mentored) + W_NEED * need
        reasons = _criteria_words(f, audience)
        profile = profiles.get(r["id"])
        if thin:
            why = profile.reasons[0] if profile is not None and profile.reasons else "thin"
            reasons.append(f"thin support: {why}")
        if not mentored:
            reasons.append("no mentor yet" + (f" in {join_and(topics)}" if topics else ""))
        cursor = cursors.encode("programAudience", band, r["score"], r["id"])
        out.append(AudienceFit(r["id"], round(fit, 3), reasons, cursor))
    return out


_LEVEL_ONE = {
    "K12": "a K-12 student",
    "UNDERGRADUATE": "an undergraduate",
    "GRADUATE": "a graduate student",
    "PROFESSIONAL": "a professional",
}


def _criteria_words(f: Row, audience: AudienceRecord) -> list[str]:
    """Why the criteria select them, in the order the audience names them."""
    out: list[str] = []
    roles = [r for r in f.get("roles") or [] if r in {x.value for x in audience.roles}]
    if roles:
        out.append(join_and([_ROLE_WORDS.get(r, r.lower()) for r in roles]))
    if audience.levels and f.get("level"):
        level = str(f["level"])
        out.append(_LEVEL_ONE.get(level, level.lower()))
    if audience.departments and f.get("department"):
        out.append(f"in {f['department']}")
    if audience.class_years and f.get("classYear"):
        out.append(f"class of {f['classYear']}")
    if f.get("interests"):
        out.append(f"interested in {join_and(list(f['interests']))}")
    if f.get("groups"):
        out.append(f"in {join_and(list(f['groups']))}")
    return out
