"""Support profiles read from the graph: one, many, as if some people had left, and who is
exposed if someone leaves (SPEC §4–5). Always computed live, never from the score table."""

from __future__ import annotations

from collections.abc import Sequence

from graphdb import profiles as store
from graphdb.driver import Database
from graphdb.errors import BadInput, NotFound
from graphdb.people import existing_ids
from graphdb.validation import ValidationError, check_external_id
from resolvers.support.profile import SupportProfile, assess
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings


def check_id(value: str, what: str) -> str:
    """An external id (SPEC §3), or BadInput naming the argument ``what``."""
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

    Unknown or malformed ids are simply absent from the result (a batch serves many
    callers; ``support_profile`` is the one that says what was wrong); ``without`` as in
    ``support_profile``.
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
    ties dropped, for the supporters and for the ego network alike).

    BadInput for a malformed id or for leaving out the person themself; NotFound for an
    id that is no person (a typo in ``without`` would otherwise give a silently unchanged
    profile)."""
    check_id(person_id, "personId")
    gone = [check_id(w, "without") for w in dict.fromkeys(without or ())]
    if person_id in gone:
        raise BadInput("without: a profile cannot leave out the person themself", field="without")
    if gone:
        known = await existing_ids(db, gone)
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
    """SPEC §5: who would become thin, or is thin and would lose a supporter, if this
    person left — every person they actively support who is thin now or would be thin
    without them, sorted by id (docs/support-score.md §3, "Readings")."""
    check_id(person_id, "personId")
    if not await existing_ids(db, [person_id]):
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    supported = await store.supported_by(db, person_id)
    if not supported:
        return []
    # One fetch serves both: the what-if drops this person's ties from the same rows.
    exposed: list[str] = []
    for r in await store.tie_data(db, supported):
        remaining = [t for t in r["ties"] if t["supporter"]["id"] != person_id]
        if any(
            assess(r["id"], ties, None, r["today"], settings).thin
            for ties in (r["ties"], remaining)
        ):
            exposed.append(r["id"])
    return sorted(exposed)
