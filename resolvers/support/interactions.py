"""Logged interactions: two people were in touch, and their ties' lastContact follows
(docs/support-score.md §6)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from graphdb.driver import Database, Tx
from graphdb.errors import BadInput, NotFound
from graphdb.interactions import interaction_check, interaction_create
from graphdb.score_table import mark_stale
from resolvers.support.profiles import check_id

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
    ``at`` is after the database's today, or when ``kind`` is not a short label (e.g.
    MEETING, EMAIL).
    """
    check_id(from_id, "fromId")
    check_id(to_id, "toId")
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
        check = await interaction_check(tx, from_id, to_id)
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
        created = await interaction_create(tx, interaction_id, from_id, to_id, at, label)
        # lastContact feeds both people's scores (whoever is the supported end).
        await mark_stale(tx, [from_id, to_id])
        return Interaction(interaction_id, from_id, to_id, at, label, sorted(created["ties"]))

    return await db.transaction(work)
