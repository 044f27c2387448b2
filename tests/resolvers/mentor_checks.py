"""How the mentor tests hold an answer against the oracle (tests/oracles/mentor_score.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from resolvers.mentors import IntroductionPath, MentorMatch, MentorNeed
from tests.oracles import mentor_score as oracle

PART_NAMES = ["distance", "warmth", "topicFit", "headroom", "sharedGroups", "levelFit"]
CLOSE = 1e-9


def oracle_need(need: MentorNeed | None) -> oracle.Need | None:
    if need is None:
        return None
    return oracle.Need(
        topics=list(need.topics or ()),
        roles=[str(r.value) for r in need.roles or ()],
        require_available=need.require_available is not False,
    )


def agreed_score(got: float, want: oracle.Match) -> float:
    """The score both agree on: the oracle's half-up rounding of its unrounded total, unless
    that total is within float error of a half-cent, where either neighbour is right."""
    cents = want.total * 100
    if abs(cents - math.floor(cents) - 0.5) < CLOSE * 100:
        assert got in (math.floor(cents) / 100, math.ceil(cents) / 100), (got, want)
        return got
    assert got == want.score, (want.mentor, got, want.score, want.total)
    return got


def assert_match(got: MentorMatch, want: oracle.Match) -> None:
    assert (got.mentor_id, got.hops, got.path) == (want.mentor, want.hops, want.path)
    assert [t.id for t in got.ties] == want.ties
    assert [p.name for p in got.score_parts] == PART_NAMES
    for part in got.score_parts:
        assert part.value == close_to(want.parts[part.name]), (want.mentor, part)
        assert part.points == close_to(want.points[part.name]), (want.mentor, part)
    agreed_score(got.score, want)


def assert_ranking(got: Sequence[MentorMatch], want: Sequence[oracle.Match]) -> None:
    """The same mentors, each with the oracle's hops, path, ties, parts and score, in the
    documented order."""
    by_id = {w.mentor: w for w in want}
    assert sorted(m.mentor_id for m in got) == sorted(by_id)
    agreed = {m.mentor_id: agreed_score(m.score, by_id[m.mentor_id]) for m in got}
    for m in got:
        assert_match(m, by_id[m.mentor_id])
    order = sorted(want, key=lambda w: (-agreed[w.mentor], w.hops, w.mentor))
    assert [m.mentor_id for m in got] == [w.mentor for w in order]


def assert_chains(got: Sequence[IntroductionPath], want: Sequence[oracle.Chain]) -> None:
    assert [(c.path, [t.id for t in c.ties]) for c in got] == [(w.path, w.ties) for w in want]
    for c, w in zip(got, want, strict=True):
        assert c.hops == len(w.ties)
        assert c.strength == close_to(w.strength)


def close_to(value: float) -> object:
    return pytest.approx(value, rel=CLOSE, abs=CLOSE)
