"""Ties: add, update and end, with every rule of SPEC §3 checked before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graphdb import ties as store
from graphdb.driver import Database, Row
from graphdb.errors import BadInput, Conflict, Forbidden, NotFound
from graphdb.model import TieKind
from resolvers.alerts import after_support_write
from resolvers.records import tie_fields, tie_record


async def find_tie(db: Database, tie_id: str) -> Row | None:
    """A tie by id, active or ended; None when there is none."""
    return await store.tie_by_id(db, tie_id)


async def get_tie(db: Database, tie_id: str) -> Row:
    found = await store.tie_by_id(db, tie_id)
    if found is None:
        raise NotFound(f"no tie with id {tie_id!r}", field="id")
    return found


async def add_tie(db: Database, fields: Mapping[str, Any], *, confirmed: bool = True) -> Row:
    """Add a tie. One an advisor adds from themself is unconfirmed: it counts as support
    at once, but grants them no access to the person until that person (or an admin)
    confirms it — a caseload cannot be self-granted (docs/security.md)."""
    tie = await store.create_tie(db, tie_record(fields), confirmed=confirmed)
    await after_support_write(db, [tie["supportedId"]])
    return tie


async def update_tie(db: Database, tie_id: str, patch: Mapping[str, Any]) -> Row:
    current = tie_fields(await get_tie(db, tie_id))
    merged = {**current, **patch, "id": tie_id}
    if "functions" in patch and patch["functions"] is None:
        merged["functions"] = current["functions"]
    tie = await store.save_tie(db, tie_record(merged))
    await after_support_write(db, [tie["supportedId"]])
    return tie


async def end_tie(db: Database, tie_id: str, until: dt.date | None = None) -> Row:
    """End a tie on ``until`` (today by default): from that day on it is no longer active."""
    current = tie_fields(await get_tie(db, tie_id))
    end = until or dt.date.today()
    if current["until"] is not None and current["until"] <= dt.date.today():
        raise Conflict(f"tie {tie_id!r} already ended on {current['until']}")
    if end > dt.date.today() + dt.timedelta(days=3650):
        raise BadInput(
            "until: an end date more than ten years ahead is not plausible", field="until"
        )
    tie = await store.save_tie(db, tie_record({**current, "until": end}))
    await after_support_write(db, [tie["supportedId"]])
    return tie


async def confirm_tie(db: Database, tie_id: str, viewer_id: str | None, admin: bool) -> Row:
    """Confirm a tie: only the person it supports, or an admin, may."""
    tie = await get_tie(db, tie_id)
    if not admin and viewer_id != tie["supportedId"]:
        raise Forbidden(
            "confirmTie: only the person a tie supports, or an admin, can confirm it", field="id"
        )
    if tie.get("confirmed"):
        return tie
    return await store.confirm_tie(db, tie_id, TieKind(tie["kind"]))
