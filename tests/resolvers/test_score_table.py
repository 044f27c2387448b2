"""The score table (resolvers.support.score_table) against the real Neo4j: what it stores
is the documented score of everyone (tests/oracles/support_score.py), writes re-score at
once, and refreshes running side by side end with the same table."""

from __future__ import annotations

import asyncio
import random

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Neo4jConfig
from graphdb.model import Dataset, TieKind
from resolvers.support.score_table import (
    drop_score_table,
    rebuild_scores,
    refresh_scores,
    support_changed,
)
from resolvers.support.settings import SupportSettings
from resolvers.support.thin_list import thin_support
from tests.oracles import support_score as oracle
from tests.resolvers.support_data import db_today, generated, person, tie, well_supported

STORED = (
    "MATCH (p:Person) RETURN p.id AS id, p.supportScore AS score, p.supportThin AS thin, "
    "p.supportValidUntil AS validUntil, p:SupportScored AS scored, p:SupportStale AS stale, "
    "p:ThinSupport AS thinLabel, p:ThinStudent AS thinStudent ORDER BY id"
)


async def assert_table_is_documented(db: Database, thin_below: float = 50) -> None:
    graph = await oracle.snapshot(db)
    for row in await db.read(STORED):
        want = oracle.expected(graph, row["id"])
        thin = want.size <= 1 or want.score < thin_below
        student = "STUDENT" in graph.people[row["id"]].roles
        assert row == {
            "id": row["id"],
            "score": want.score,
            "thin": thin,
            "validUntil": want.valid_until,
            "scored": True,
            "stale": False,
            "thinLabel": thin,
            "thinStudent": thin and student,
        }


async def test_rebuild_stores_everyone_s_documented_score(db: Database) -> None:
    ds = generated(random.Random(21), await db_today(db), people=40, ties=120)
    await write_dataset(db, ds)
    assert await rebuild_scores(db) == 40
    await assert_table_is_documented(db)
    # Other settings, other thinness: the table follows them.
    assert await rebuild_scores(db, SupportSettings(thin_below=95)) == 40
    await assert_table_is_documented(db, thin_below=95)


async def test_a_dropped_table_is_rebuilt_by_the_next_page(db: Database) -> None:
    ds = generated(random.Random(22), await db_today(db), people=25, ties=70)
    await write_dataset(db, ds)
    await rebuild_scores(db)
    await drop_score_table(db)
    row = await db.read_one(
        "MATCH (p:Person) WHERE p:SupportScored OR p:ThinSupport OR p:ThinStudent "
        "OR p.supportScore IS NOT NULL RETURN count(p) AS n"
    )
    assert row == {"n": 0}
    assert (await thin_support(db, with_profiles=False)).refreshed == 25
    await assert_table_is_documented(db)


async def test_support_changed_rescores_at_once_and_reports_the_changes(db: Database) -> None:
    today = await db_today(db)
    supporters, kinds = well_supported()
    ds = Dataset(
        people=[*supporters, person("ok"), person("lonely"), person("mid")],
        ties=[tie(s, t, k, contact=today) for s, k in kinds for t in ("ok", "mid")],
    )
    await write_dataset(db, ds)
    await rebuild_scores(db)
    more = [tie(s, "lonely", k, contact=today) for s, k in kinds]
    await write_dataset(db, Dataset(ties=[*more, tie("f1", "mid", TieKind.TUTORS, strength=0.9)]))
    await db.write("MATCH (:Person {id: 'al1'})-[r]->(:Person {id: 'mid'}) SET r.strength = 0.3")

    changes = await support_changed(db, ["mid", "lonely", "ok", "lonely"])
    # By id; "ok" did not change. Mid's Alex Alum now earns half: 25·3.5/4 → 96.875.
    assert [(c.person_id, c.old_score, c.new_score, c.was_thin, c.thin) for c in changes] == [
        ("lonely", 0.0, 100.0, True, False),
        ("mid", 100.0, 96.9, False, False),
    ]
    assert [c.thin_changed for c in changes] == [True, False]
    assert changes[1].reasons == ["weak ties (strength below 0.6) with Alex Alum"]
    assert await support_changed(db, []) == []
    await assert_table_is_documented(db)


async def test_refreshes_side_by_side_end_with_the_same_table(
    db: Database, neo4j_config: Neo4jConfig
) -> None:
    ds = generated(random.Random(23), await db_today(db), people=300, ties=900)
    await write_dataset(db, ds)
    await rebuild_scores(db)
    await db.write("MATCH (p:Person) SET p:SupportStale")
    # A second Database stands for another server process, with its own lock.
    other = Database(neo4j_config)
    try:
        done = await asyncio.gather(
            refresh_scores(db), refresh_scores(other), refresh_scores(db), refresh_scores(other)
        )
    finally:
        await other.close()
    # Whoever came first re-scored everyone; the others found little or nothing left.
    assert max(r.rescored for r in done) == 300
    assert all(r.changes == [] for r in done)  # the graph did not change: neither do scores
    await assert_table_is_documented(db)
