"""What the oracles read of the stored graph, with their own Cypher: the ties between
people, and today as the database has it (the day it decides activity by)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graphdb.driver import Database


@dataclass(frozen=True)
class Tie:
    id: str
    frm: str
    to: str
    kind: str
    strength: float | None
    functions: tuple[str, ...]
    last_contact: dt.date | None
    until: dt.date | None


async def read_ties(db: Database) -> list[Tie]:
    """Every relationship from one person to another: those are the ties (SPEC §3)."""
    rows = await db.read(
        "MATCH (a:Person)-[r]->(b:Person) RETURN r.id AS id, a.id AS frm, b.id AS to, "
        "type(r) AS kind, r.strength AS strength, r.functions AS functions, "
        "r.lastContact AS lastContact, r.until AS until"
    )
    return [
        Tie(
            t["id"],
            t["frm"],
            t["to"],
            t["kind"],
            t["strength"],
            tuple(t["functions"] or ()),
            t["lastContact"],
            t["until"],
        )
        for t in rows
    ]


async def read_today(db: Database) -> dt.date:
    today: dt.date = (await db.read("RETURN date() AS today"))[0]["today"]
    return today
