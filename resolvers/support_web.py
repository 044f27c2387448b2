"""A person's support web for drawing: the neighbourhood within a few hops, bounded."""

from __future__ import annotations

from graphdb import support_web as store
from graphdb.driver import Database
from graphdb.errors import BadInput

MAX_DEPTH = 3
MAX_PEOPLE = 300
MAX_TIES = 1000


async def support_web(db: Database, person_id: str, depth: int) -> store.Web:
    """The people within ``depth`` hops (1-3) over active ties of any kind, the person first,
    and the active ties among them; at most MAX_PEOPLE people and MAX_TIES ties."""
    if not 1 <= depth <= MAX_DEPTH:
        raise BadInput(f"depth must be between 1 and {MAX_DEPTH}", field="depth")
    return await store.support_web(db, person_id, depth, MAX_PEOPLE, MAX_TIES)
