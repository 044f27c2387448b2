"""Logged interactions (resolvers.support.interactions) against the real Neo4j."""

from __future__ import annotations

import datetime as dt

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.errors import BadInput, NotFound
from graphdb.model import Dataset, Role, TieKind, TieRecord
from resolvers.support.interactions import log_interaction
from resolvers.support.profiles import support_profile
from tests.resolvers.support_data import db_today, person


async def test_log_interaction_updates_last_contact(db: Database) -> None:
    today = await db_today(db)
    old = today - dt.timedelta(days=200)
    await write_dataset(
        db,
        Dataset(
            people=[person("f", Role.FACULTY), person("s"), person("o")],
            ties=[
                TieRecord("adv", "f", "s", TieKind.ADVISES, 0.7, None, None, (), False, old),
                TieRecord("knows", "s", "f", TieKind.KNOWS, 0.5, None, None, (), False, None),
                TieRecord("ended", "f", "s", TieKind.TUTORS, 0.5, None, today, (), False, old),
                TieRecord("other", "f", "o", TieKind.ADVISES, 0.5, None, None, (), False, old),
            ],
        ),
    )
    await db.write("MATCH (p:SupportStale) REMOVE p:SupportStale")  # the writer's own marks
    met = today - dt.timedelta(days=3)
    logged = await log_interaction(db, "s", "f", met, "meeting")
    assert (logged.from_id, logged.to_id, logged.at) == ("s", "f", met)
    assert logged.ties_updated == ["adv", "knows"] and logged.kind == "MEETING"
    rows = await db.read(
        "MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id, r.lastContact AS c"
    )
    assert {r["id"]: r["c"] for r in rows} == {"adv": met, "knows": met, "ended": old, "other": old}
    stale = await db.read("MATCH (p:SupportStale) RETURN p.id AS id ORDER BY id")
    assert stale == [{"id": "f"}, {"id": "s"}]  # both ends' scores may have moved
    # An older interaction is recorded but does not move lastContact back.
    older = await log_interaction(db, "f", "s", today - dt.timedelta(days=30), " coffee  chat ")
    assert older.kind == "COFFEE_CHAT"
    assert (await support_profile(db, "s")).supporters[0].last_contact == met
    count = await db.read_one(
        "MATCH (:Person)-[:PARTY_TO {role: 'FROM'}]->(i:Interaction)"
        "<-[:PARTY_TO {role: 'WITH'}]-(:Person) RETURN count(DISTINCT i) AS n"
    )
    assert count == {"n": 2}


async def test_bad_interactions_say_what_was_wrong_and_write_nothing(db: Database) -> None:
    today = await db_today(db)
    await write_dataset(
        db,
        Dataset(
            people=[person("f", Role.FACULTY), person("s"), person("o")],
            ties=[TieRecord("adv", "f", "s", TieKind.ADVISES, 0.7)],
        ),
    )
    met = today - dt.timedelta(days=3)
    with pytest.raises(NotFound, match="no person with id 'nobody'") as missing:
        await log_interaction(db, "s", "nobody", met, "CALL")
    assert missing.value.field == "toId"
    with pytest.raises(BadInput, match="'s' and 'o' have no active tie"):
        await log_interaction(db, "s", "o", met, "CALL")
    with pytest.raises(BadInput, match="is in the future") as future:
        await log_interaction(db, "s", "f", today + dt.timedelta(days=1), "CALL")
    assert future.value.field == "at"
    for kind in ["", "   ", "x" * 41, "call!"]:
        with pytest.raises(BadInput, match="kind: use 1-40 letters"):
            await log_interaction(db, "s", "f", met, kind)
    with pytest.raises(BadInput, match="two different people"):
        await log_interaction(db, "s", "s", met, "CALL")
    with pytest.raises(BadInput, match="fromId 'bad id!' is not a valid id"):
        await log_interaction(db, "bad id!", "s", met, "CALL")
    assert await db.read_one("MATCH (i:Interaction) RETURN count(i) AS n") == {"n": 0}
    tie = await db.read_one("MATCH ()-[r:ADVISES]->() RETURN r.lastContact AS c")
    assert tie == {"c": None}
