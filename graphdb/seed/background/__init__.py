"""The background population of the seed university: people in the proportions of a real
campus, their groups, and ties of every kind drawn with heavy-tailed activity weights.

It never picks a scenario person (graphdb.seed.scenarios adds those afterwards), so the
scenarios' promises hold whatever the background draws.
"""

from __future__ import annotations

from graphdb.seed.background.academic import add_advising, add_teaching, add_tutoring
from graphdb.seed.background.campus import Campus
from graphdb.seed.background.groups import add_groups
from graphdb.seed.background.guidance import add_coaching, add_mentoring, add_supervision
from graphdb.seed.background.peers import add_acquaintances, add_peer_support
from graphdb.seed.background.people import add_people
from graphdb.seed.builder import Builder

__all__ = ["Campus", "populate"]


def populate(b: Builder, size: int) -> Campus:
    """Add ``size`` background people, their groups and their ties to ``b``."""
    c = Campus(b, size)
    # The order is part of the output: every step draws from the one random generator.
    for step in (
        add_people,
        add_groups,
        add_advising,
        add_teaching,
        add_tutoring,
        add_peer_support,
        add_coaching,
        add_supervision,
        add_mentoring,
        add_acquaintances,
    ):
        step(c)
    return c
