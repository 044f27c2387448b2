"""introductions (resolvers.mentors.chains) against an enumeration of the chains
(tests/oracles/mentor_score.py): every simple path of active ties up to maxHops, the
warmest tie between each two people, strength as the product documented, strongest first.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import Dataset, TieKind
from resolvers.mentors import introductions
from tests.oracles import mentor_score as oracle
from tests.resolvers.mentor_checks import assert_chains
from tests.resolvers.mentor_data import person, random_dataset, solar_team, student, tie
from tests.resolvers.support_data import db_today

# For each generated graph: its pairs within four active ties of each other whose chains
# all fit in the pool, and how many chains the twelve sampled give (from the oracle).
GENERATED = {21: (278, 37), 22: (325, 44)}


@pytest.mark.parametrize("seed", sorted(GENERATED))
async def test_generated_graphs_match_the_enumeration(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    await write_dataset(db, random_dataset(rng, await db_today(db), n=30, n_ties=60))
    g = await oracle.snapshot(db)
    people = sorted(p for p in g.people if p.startswith("p"))
    pairs = [
        (a, b)
        for a in people
        for b in people
        if a < b and oracle.pool_is_whole(g, a, b, 4) and oracle.introductions(g, a, b, 4, 1)
    ]
    chains = 0
    for a, b in rng.sample(pairs, 12):
        want = oracle.introductions(g, a, b, 4, 5)
        assert_chains(await introductions(db, a, b, 4, 5), want)
        chains += len(want)
    assert (len(pairs), chains) == GENERATED[seed]


async def test_the_solar_team_chains(db: Database) -> None:
    """The 3-hop chain through friends, then a weaker 4-hop one through Lee. The second tie
    between Ada and Hal makes no extra chain, and the warmer one is used."""
    await write_dataset(db, solar_team())
    found = await introductions(db, "ada", "poe", 4, 5)
    assert_chains(found, oracle.introductions(await oracle.snapshot(db), "ada", "poe", 4, 5))
    assert [(c.path, [t.id for t in c.ties]) for c in found] == [
        (["ada", "hal", "kim", "poe"], ["t2", "t3", "t4"]),
        (["ada", "lee", "hal", "kim", "poe"], ["t1", "m1", "t3", "t4"]),
    ]
    # No contact anywhere (recency 1/2): 0.4 x 0.4 x 0.25, and 0.35 x 0.25 x 0.4 x 0.25.
    assert [c.strength for c in found] == [pytest.approx(0.04), pytest.approx(0.00875)]
    assert [c.reasons for c in found] == [
        ["Student ada knows Student hal, who knows Name kim, who knows Name poe"],
        [
            "Student ada is taught by Name lee, who mentors Student hal, who knows Name kim, "
            "who knows Name poe"
        ],
    ]
    assert await introductions(db, "ada", "poe", 2, 5) == []


async def test_a_longer_chain_of_warm_ties_outranks_a_cold_short_one(db: Database) -> None:
    today = await db_today(db)
    await write_dataset(
        db,
        Dataset(
            people=[student("a"), student("b"), student("c"), student("d"), person("hub")],
            ties=[
                tie("cold", "a", "b", strength=0.1),  # 0.1 x 1/2
                tie("w1", "a", "c", TieKind.TUTORS, strength=1.0, contact=today),
                tie("w2", "c", "b", strength=1.0, contact=today),
                tie("w3", "a", "d", strength=1.0, contact=today),
                tie("w4", "d", "b", strength=1.0, contact=today + dt.timedelta(days=9)),
            ],
        ),
    )
    found = await introductions(db, "a", "b", 3, 5)
    # Two chains of strength 1 (a contact dated ahead counts as today): the tie ids decide.
    assert [[t.id for t in c.ties] for c in found] == [["w1", "w2"], ["w3", "w4"], ["cold"]]
    assert [c.strength for c in found] == [1.0, 1.0, pytest.approx(0.05)]
    assert [c.hops for c in found] == [2, 2, 1]
    assert found[0].reasons == ["Student a tutors Student c, who knows Student b"]
    assert [c.path for c in await introductions(db, "a", "b", 3, 1)] == [["a", "c", "b"]]
