"""mentorPaths (resolvers.mentors.paths) against the oracle of docs/mentor-paths.md
(tests/oracles/mentor_score.py): who, how far, along which path, with which parts and
score, in which order; on generated graphs, small hand-made ones and the seed university.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import Dataset, TieKind
from resolvers.mentors import MAX_FIRST, MentorNeed, mentor_paths
from tests.oracles import mentor_score as oracle
from tests.resolvers.mentor_checks import assert_ranking, oracle_need
from tests.resolvers.mentor_data import (
    person,
    random_dataset,
    random_need,
    solar_team,
    student,
    tie,
)
from tests.resolvers.support_data import db_today

# How many matches each generated graph yields over its four students (from the oracle),
# so the comparison below can never pass on empty answers.
RANDOM_MATCHES = {0: 13, 1: 34, 2: 12, 3: 30, 4: 6, 5: 15}


@pytest.mark.parametrize("seed", sorted(RANDOM_MATCHES))
async def test_generated_graphs_match_the_oracle(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    await write_dataset(db, random_dataset(rng, await db_today(db)))
    g = await oracle.snapshot(db)
    found = 0
    for pid in rng.sample(sorted(p for p in g.people if p.startswith("p")), 4):
        need = random_need(rng)
        max_hops = rng.randint(1, 4)
        want = oracle.mentor_paths(g, pid, oracle_need(need), max_hops)
        assert len(want) < MAX_FIRST  # so the answer is the whole ranking
        got = await mentor_paths(db, pid, need, max_hops, MAX_FIRST)
        assert_ranking(got.matches, want)
        assert got.unknown_topics == oracle.unknown_topics(g, oracle_need(need))
        found += len(want)
    assert found == RANDOM_MATCHES[seed]


@pytest.mark.parametrize("seed", [11, 12])
async def test_a_short_list_is_the_head_of_the_whole_ranking(db: Database, seed: int) -> None:
    """A small ``first`` stops the search early; it must not change who comes first."""
    rng = random.Random(seed)
    await write_dataset(db, random_dataset(rng, await db_today(db), n=40, n_ties=110))
    g = await oracle.snapshot(db)
    need = MentorNeed(require_available=False)
    rankings = {p: oracle.mentor_paths(g, p, oracle_need(need), 4) for p in g.people}
    many = sorted(p for p, want in rankings.items() if len(want) > 7)
    assert len(many) >= 4
    for pid in rng.sample(many, 4):
        want = rankings[pid]
        for k in (1, 3, 7):
            head = await mentor_paths(db, pid, need, 4, k)
            assert_ranking(head.matches, want[:k])


async def test_ended_ties_carry_no_path(db: Database) -> None:
    ended = await db_today(db) - dt.timedelta(days=3)
    await write_dataset(
        db,
        Dataset(
            people=[student(), student("a"), student("b"), person("m")],
            ties=[
                tie("old", "m", "stu", TieKind.ADVISES, until=ended),  # would be 1 hop
                tie("t1", "stu", "a"),
                tie("t2", "b", "a", TieKind.PEER_SUPPORTS),
                tie("t3", "m", "b", TieKind.TEACHES),
            ],
        ),
    )
    assert (await mentor_paths(db, "stu", None, 2, 10)).matches == []
    (match,) = (await mentor_paths(db, "stu", None, 3, 10)).matches
    assert (match.mentor_id, match.hops, match.path) == ("m", 3, ["stu", "a", "b", "m"])
    assert [t.id for t in match.ties] == ["t1", "t2", "t3"]
    assert match.reasons == [
        "you know Student a, who gets peer support from Student b, who is taught by Name m",
        "open to new mentees, no cap",
    ]
    assert_ranking([match], oracle.mentor_paths(await oracle.snapshot(db), "stu", None, 3))


async def test_unknown_topics_return_no_one_with_a_hint(db: Database) -> None:
    await write_dataset(db, Dataset(people=[student(), person("m")], ties=[tie("t", "stu", "m")]))
    result = await mentor_paths(db, "stu", MentorNeed(topics=["Underwater Basket Weaving"]))
    assert result.matches == []
    assert result.unknown_topics == ["underwater basket weaving"]
    assert result.hint == (
        "no one has 'underwater basket weaving' as a topic, so no mentor can match: "
        "check the spelling, or ask without topics"
    )
    mixed = await mentor_paths(db, "stu", MentorNeed(topics=["solar technology", "nope"]))
    assert [m.mentor_id for m in mixed.matches] == ["m"]
    assert mixed.unknown_topics == ["nope"]
    assert mixed.hint == "unknown topic nope matched no one"
    nobody = await mentor_paths(db, "m", None, 2, 5)
    assert (nobody.matches, nobody.hint) == ([], "no suitable mentor within 2 hops")


async def test_closer_always_ranks_first_and_warm_ties_beat_hubs(db: Database) -> None:
    """Two mentors two hops away: one through a strong friend, one through a hub whose
    ties are weak. The friend's path ranks first; the direct tie ranks above both."""
    await write_dataset(
        db,
        Dataset(
            people=[
                student(),
                student("friend"),
                person("hub", open_door=False),
                person("viafriend"),
                person("viahub"),
                person("direct", expertise=("poetry",)),
                *[student(f"fan{i}") for i in range(120)],
            ],
            ties=[
                tie("d", "stu", "direct", strength=0.1),
                tie("f1", "stu", "friend", strength=0.9),
                tie("f2", "friend", "viafriend", strength=0.9),
                tie("h1", "hub", "stu", TieKind.TEACHES, strength=0.6),
                tie("h2", "hub", "viahub", TieKind.KNOWS, strength=0.6),
                *[tie(f"fan{i}", "hub", f"fan{i}", TieKind.TEACHES) for i in range(120)],
            ],
        ),
    )
    result = await mentor_paths(db, "stu", None, 2, 10)
    assert_ranking(result.matches, oracle.mentor_paths(await oracle.snapshot(db), "stu", None, 2))
    direct, viafriend, viahub = result.matches
    assert [m.mentor_id for m in result.matches] == ["direct", "viafriend", "viahub"]
    # No contact recorded: recency 1/2 on every tie; the hub has 122 ties.
    assert viafriend.score_parts[1].value == pytest.approx(math.sqrt(0.45 * 0.45))
    assert viahub.score_parts[1].value == pytest.approx(math.sqrt(0.3 * 0.3 * (100 / 122) ** 0.25))
    assert viahub.reasons[-1] == (
        "goes through Name hub, who has 122 ties: introductions through very connected "
        "people often stall"
    )
    assert direct.reasons[-1] == "weak link between you and Name direct (strength 0.10)"


async def test_the_seed_solar_scenario_matches_the_oracle(db: Database) -> None:
    """The demo university (``supportweb seed``): the solar-car promise of docs/seed.md, and
    the oracle's answer on the whole seeded graph."""
    from graphdb import seed

    await write_dataset(db, seed.generate(people=seed.MIN_PEOPLE, seed=7))
    need = MentorNeed(topics=["Solar Technology"])
    want = oracle.mentor_paths(await oracle.snapshot(db), "p-solar-student", oracle_need(need), 3)
    result = await mentor_paths(db, "p-solar-student", need, 3, MAX_FIRST)
    assert_ranking(result.matches, want[:MAX_FIRST])
    hops = {m.mentor_id: m.hops for m in result.matches}
    assert (hops["p-solar-captain"], hops["p-solar-advisor"], hops["p-solar-alum"]) == (2, 2, 3)
    assert "p-solar-engineer" not in hops
    captain = next(m for m in result.matches if m.mentor_id == "p-solar-captain")
    assert "expert in solar technology" in captain.reasons
    assert not any(r.startswith("both") for r in captain.reasons)  # she is not on the team


async def test_the_solar_team_finds_its_experts(db: Database) -> None:
    await write_dataset(db, solar_team())
    need = MentorNeed(topics=["Solar Technology"])
    result = await mentor_paths(db, "ada", need, max_hops=3, first=10)
    assert_ranking(
        result.matches, oracle.mentor_paths(await oracle.snapshot(db), "ada", oracle_need(need), 3)
    )
    assert [(m.mentor_id, m.hops) for m in result.matches] == [("lee", 1), ("kim", 2)]
    lee, kim = result.matches
    assert lee.reasons == [
        "teaches you",
        "expert in solar technology",
        "2 of 3 mentoring places free",
    ]
    assert kim.path_names == ["Student ada", "Student hal", "Name kim"]
    assert [t.id for t in kim.ties] == ["t2", "t3"]  # of Ada and Hal's two ties, the warmer
    assert kim.reasons == [
        "you know Student hal, who knows Name kim",
        "expert in solar technology",
        "both on the Solar Car Team",
        "2 of 2 mentoring places free",
    ]
    assert (result.hint, result.unknown_topics) == (None, [])
