"""The score table's queries (graphdb.score_table) against the real Neo4j: what writers
mark, what the state reports, what storing a score labels, and dropping it all."""

from __future__ import annotations

import datetime as dt

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Tx
from graphdb.model import Dataset, PersonRecord, Role, TieKind, TieRecord
from graphdb.score_table import (
    StaleState,
    drop_score_table,
    everyone,
    mark_stale,
    mark_supported_by_stale,
    stale_state,
    store_scores,
    unscored,
)

LABELS = (
    "MATCH (p:Person) RETURN p.id AS id, p:SupportStale AS stale, p:SupportScored AS scored, "
    "p:ThinSupport AS thin, p:ThinStudent AS thinStudent, p.supportScore AS score "
    "ORDER BY id"
)


async def _graph(db: Database, keep_marks: bool = False) -> None:
    people = [
        PersonRecord("m", "M", (Role.FACULTY,)),
        PersonRecord("s", "S", (Role.STUDENT,)),
        PersonRecord("t", "T", (Role.STUDENT, Role.STAFF)),
        PersonRecord("u", "U", (Role.STAFF,)),
        PersonRecord("k", "K", (Role.STUDENT,)),
    ]
    ties = [
        TieRecord("a", "m", "s", TieKind.ADVISES),
        TieRecord("b", "m", "t", TieKind.MENTORS, until=dt.date(2001, 1, 1)),
        TieRecord("c", "m", "k", TieKind.KNOWS),
        TieRecord("d", "u", "m", TieKind.COACHES),
    ]
    await write_dataset(db, Dataset(people=people, ties=ties))
    if not keep_marks:  # the writer's own marks (the first test checks them)
        await db.write("MATCH (p:SupportStale) REMOVE p:SupportStale")


async def test_writers_mark_the_people_whose_support_changed(db: Database) -> None:
    await _graph(db, keep_marks=True)
    # The bulk writer marks the supported end of every support tie it writes (ended ones
    # too), not an acquaintance's.
    assert (await stale_state(db)).stale == ["m", "s", "t"]
    await db.write("MATCH (p:SupportStale) REMOVE p:SupportStale")

    async def work(tx: Tx) -> None:
        await mark_stale(tx, ["u", "u", "nobody"])
        # m's name feeds the profiles of everyone m supports, ended ties included (cheap
        # to re-score needlessly); an acquaintance is not support.
        await mark_supported_by_stale(tx, ["m"])

    await db.transaction(work)
    assert await stale_state(db) == StaleState(5, 0, ["s", "t", "u"], [])
    await mark_stale(db, [])
    await mark_supported_by_stale(db, [])
    assert sorted(await unscored(db)) == ["k", "m", "s", "t", "u"]
    assert await everyone(db) == ["k", "m", "s", "t", "u"]


async def test_stored_scores_set_the_labels_the_list_reads(db: Database) -> None:
    await _graph(db)
    today = (await db.read("RETURN date() AS d"))[0]["d"]
    rows = [
        {"id": "s", "score": 45.4, "thin": True, "validUntil": today},
        {"id": "t", "score": 0.0, "thin": True, "validUntil": None},
        {"id": "u", "score": 0.0, "thin": True, "validUntil": None},
        {"id": "m", "score": 58.8, "thin": False, "validUntil": today + dt.timedelta(days=9)},
    ]
    await db.write("MATCH (p:Person {id: 's'}) SET p:SupportStale")

    async def store(tx: Tx) -> None:
        await store_scores(tx, rows)

    await db.transaction(store)
    assert await db.read(LABELS) == [
        {
            "id": "k",
            "stale": False,
            "scored": False,
            "thin": False,
            "thinStudent": False,
            "score": None,
        },
        {
            "id": "m",
            "stale": False,
            "scored": True,
            "thin": False,
            "thinStudent": False,
            "score": 58.8,
        },
        {
            "id": "s",
            "stale": True,
            "scored": True,
            "thin": True,
            "thinStudent": True,
            "score": 45.4,
        },
        {
            "id": "t",
            "stale": False,
            "scored": True,
            "thin": True,
            "thinStudent": True,
            "score": 0.0,
        },
        {
            "id": "u",
            "stale": False,
            "scored": True,
            "thin": True,
            "thinStudent": False,
            "score": 0.0,
        },
    ]
    # s's validity ends today: expired; storing does not clear a writer's mark.
    assert await stale_state(db) == StaleState(5, 4, ["s"], ["s"])
    # No longer thin: the thin labels go.
    rows[0] = {"id": "s", "score": 80.0, "thin": False, "validUntil": None}
    await db.transaction(store)
    row = await db.read_one("MATCH (p:Person {id: 's'}) RETURN labels(p) AS labels")
    assert row is not None and sorted(row["labels"]) == [
        "Person",
        "Student",
        "SupportScored",
        "SupportStale",
    ]

    await drop_score_table(db)
    assert await stale_state(db) == StaleState(5, 0, [], [])
    cleared = await db.read_one(
        "MATCH (p:Person) WHERE p.supportScore IS NOT NULL OR p.supportThin IS NOT NULL "
        "OR p.supportValidUntil IS NOT NULL OR p:ThinSupport OR p:ThinStudent "
        "RETURN count(p) AS n"
    )
    assert cleared == {"n": 0}
