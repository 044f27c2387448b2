"""Plan the support capability's statements once at startup (``supportweb.app``), as the
mentor capability does (``resolvers.mentors.warm_up``): Neo4j plans a statement the first
time it sees its text, 100-900 ms each on a cold server, and caches the plan per server.
Measured on 100,000 people with the query caches cleared: the first thin-support page of
a fresh server took 860 ms, of which the profiles statement's plan alone was ~150 ms."""

from __future__ import annotations

from graphdb.driver import Database
from graphdb.model import PeopleFilter, Role
from graphdb.people import people_with
from graphdb.selection import PersonSelection, RowScope
from graphdb.thin_list import thin_page
from resolvers.support.profiles import support_profiles
from resolvers.support.thin_list import thin_support

# A card as the API is most often asked for it (id and name); other selections are other
# statements, planned on their first use.
_CARD = PersonSelection(frozenset({"id", "name"}))
_NOBODY = "~warm-up"


async def warm_up(db: Database) -> None:
    """The thin list's first page as a script asks it (re-scoring whoever the table cannot
    vouch for, so the first user does not wait for that either), then as the API asks it,
    for a viewer with and without per-row marks; and the profiles and cards statements
    for lists of 1, 10 and 100 ids. Neo4j keys a cached plan by the size bucket of a list
    parameter too (1, up to 10, up to 100, …: measured, a plan made for 20 ids served 50
    but not 5), and planning the profiles statement costs ~140 ms. The ids name no one:
    each statement is planned whole and stops at its first MATCH."""
    await thin_support(db, first=1, with_profiles=False)
    students = PeopleFilter().with_roles([Role.STUDENT])
    for rows_for in (None, RowScope(_NOBODY, ())):
        # The same text is planned once for both modes: the read after a re-score (on the
        # leader, in a write transaction) needs no warming of its own, and a write here
        # would bump the graph's version at every start.
        await thin_page(db, students, None, 2, person=_CARD, rows_for=rows_for, with_state=True)
        await thin_page(db, students, None, 2, person=_CARD, rows_for=rows_for)
    for size in (1, 10, 100):
        nobody = [f"{_NOBODY}-{i}" for i in range(size)]
        await support_profiles(db, nobody)
        for rows_for in (None, RowScope(_NOBODY, ())):
            await people_with(db, nobody, _CARD, rows_for)  # the cards beside the profiles
