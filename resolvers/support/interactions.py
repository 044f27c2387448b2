"""Logged interactions: two people were in touch, and their ties' lastContact follows
(docs/support-score.md §6)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from graphdb.driver import Database, Tx
from graphdb.errors import BadInput, Conflict, NotFound
from graphdb.interactions import interaction_by_id, interaction_check, interaction_create
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
    db: Database,
    from_id: str,
    to_id: str,
    at: dt.date,
    kind: str,
    interaction_id: str | None = None,
) -> Interaction:
    """Record that two people were in touch on ``at`` and bring the lastContact of every
    active tie between them (either direction, any kind) up to that date.

    NotFound when a person does not exist; BadInput when they have no active tie, when
    ``at`` is after the database's today, or when ``kind`` is not a short label (e.g.
    MEETING, EMAIL).

    ``interaction_id``, the client's own id for it, makes a retry safe: sent again (the
    answer was lost), the interaction already logged under it is returned and nothing is
    written twice; CONFLICT when that id holds another interaction. Without it a fresh id
    is drawn — before the transaction, so the driver's own retries of the transaction
    write the same one.
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
    if interaction_id is not None:
        check_id(interaction_id, "id")
    new_id = interaction_id or "i:" + uuid.uuid4().hex

    async def work(tx: Tx) -> Interaction:
        if interaction_id is not None and (logged := await interaction_by_id(tx, new_id)):
            if (logged["fromId"], logged["toId"], logged["at"], logged["kind"]) != (
                from_id,
                to_id,
                at,
                label,
            ):
                raise Conflict(f"interaction {new_id!r} was logged with other details", field="id")
            return Interaction(new_id, from_id, to_id, at, label)
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
        created = await interaction_create(tx, new_id, from_id, to_id, at, label)
        # lastContact feeds both people's scores (whoever is the supported end).
        await mark_stale(tx, [from_id, to_id])
        return Interaction(new_id, from_id, to_id, at, label, sorted(created["ties"]))

    return await db.transaction(work)
