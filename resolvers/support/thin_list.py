"""The thin-support list (SPEC §5): people with thin support, lowest score first, read
from the score table after re-scoring whoever it cannot vouch for."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from graphdb.driver import Database, Row
from graphdb.errors import BadInput
from graphdb.model import PeopleFilter, Role
from graphdb.selection import RowScope
from graphdb.thin_list import thin_page
from resolvers.pagination import Cursors, check_first
from resolvers.projection import Selected, person_selection
from resolvers.support.profile import SupportProfile
from resolvers.support.profiles import support_profiles
from resolvers.support.score_table import Refresh, refresh_scores
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings


@dataclass(frozen=True, slots=True)
class ThinEdge:
    person_id: str
    score: float
    cursor: str
    profile: SupportProfile | None
    person: Row | None = None  # as ``person`` asked, when it was


@dataclass(frozen=True, slots=True)
class ThinSupportConnection:
    edges: list[ThinEdge]
    total: int
    has_next: bool
    refreshed: int = 0  # how many people this call had to re-score first

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1].cursor if self.edges else None


# Scripts and tests that page without a request's key; the API always passes its own.
_LOCAL = Cursors("supportweb local cursors")


def _after(cursors: Cursors, after: str | None) -> tuple[float, str] | None:
    if not after:
        return None
    raw = cursors.decode("thinSupport", after, 2)
    if not isinstance(raw[0], int | float) or not isinstance(raw[1], str):
        raise BadInput("after is not a cursor this connection returned", field="after")
    return float(raw[0]), raw[1]


async def thin_support(
    db: Database,
    flt: PeopleFilter | None = None,
    first: int = 20,
    after: str | None = None,
    *,
    with_profiles: bool = True,
    supported_by: str | None = None,
    settings: SupportSettings = DEFAULT_SETTINGS,
    cursors: Cursors = _LOCAL,
    person: Selected | None = None,
    rows_for: RowScope | None = None,
) -> ThinSupportConnection:
    """People with thin support (students unless ``flt.roles`` says otherwise), lowest
    score first, then by id; Relay-style pages over (score, id) cursors, sealed with
    ``cursors`` (the request's). ``supported_by``
    keeps only the people that person actively supports (an advisor's view). ``person``
    (what a request selects of each person) brings them in the same statement, marked for
    ``rows_for``'s viewer; ``with_profiles`` False leaves profiles out (only the stored
    score is wanted)."""
    check_first(first)
    key = _after(cursors, after)
    who = (flt or PeopleFilter()).with_roles([Role.STUDENT])
    # One statement reads the page and whether the table can be trusted; only when it
    # cannot are the stale people re-scored and the page read again, on the leader.
    wanted = person_selection(person) if person is not None else None
    read = functools.partial(
        thin_page,
        db,
        who,
        key,
        first + 1,
        supported_by=supported_by,
        person=wanted,
        rows_for=rows_for,
    )
    page = await read(with_state=True)
    refreshed = Refresh(0, [])
    if page.state is not None and page.state.has_work:
        refreshed = await refresh_scores(db, settings)
        page = await read(leader=True)
    rows = page.rows[:first]
    profiles = (
        await support_profiles(db, [r["id"] for r in rows], settings=settings)
        if with_profiles and rows
        else {}
    )
    edges = [
        ThinEdge(
            r["id"],
            r["score"],
            cursors.encode("thinSupport", r["score"], r["id"]),
            profiles.get(r["id"]),
            r.get("person"),
        )
        for r in rows
    ]
    return ThinSupportConnection(edges, page.total, len(page.rows) > first, refreshed.rescored)
