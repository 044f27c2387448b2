"""A person's support web for drawing: the neighbourhood within a few hops, bounded, and
only through ties the viewer may see."""

from __future__ import annotations

from graphdb import support_web as store
from graphdb.errors import BadInput
from graphdb.model import Web
from resolvers.disclosure import Fact
from resolvers.scope import RequestScope

MAX_DEPTH = 3
MAX_PEOPLE = 300
MAX_TIES = 1000


async def support_web(scope: RequestScope, person_id: str, depth: int) -> Web:
    """The people within ``depth`` hops (1-3) over active ties of any kind, the person first,
    and the active ties among them; at most MAX_PEOPLE people and MAX_TIES ties. A viewer
    who may see ties only about the people they act for walks only ties touching them."""
    if not 1 <= depth <= MAX_DEPTH:
        raise BadInput(f"depth must be between 1 and {MAX_DEPTH}", field="depth")
    visible = await scope.visible(Fact.TIES)
    return await store.support_web(scope.db, person_id, depth, MAX_PEOPLE, MAX_TIES, visible)
