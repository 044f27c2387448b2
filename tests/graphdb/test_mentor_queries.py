"""The mentor capability's query texts: one per hop count the resolvers accept."""

from __future__ import annotations

from graphdb.mentors.introductions import INTRODUCTIONS
from graphdb.mentors.paths import MAX_HOPS, MENTOR_PATHS, MIN_HOPS


def test_every_accepted_hop_count_has_its_queries() -> None:
    hops = range(MIN_HOPS, MAX_HOPS + 1)
    assert set(MENTOR_PATHS) == {(h, named) for h in hops for named in (False, True)}
    assert set(INTRODUCTIONS) == set(hops)
    for h, query in INTRODUCTIONS.items():
        assert "{1," + str(h) + "}" in query
