from __future__ import annotations

import pytest

from graphdb.driver import Database
from graphdb.errors import Conflict
from graphdb.migrate import applied_versions, is_current, latest_version, migrate


async def test_migrations_are_recorded_and_idempotent(db: Database) -> None:
    assert await migrate(db) == []
    assert await is_current(db)
    assert (await applied_versions(db))[-1] == latest_version()


async def test_person_id_is_unique(db: Database) -> None:
    await db.write("CREATE (:Person {id: 'p1'})")
    with pytest.raises(Conflict):
        await db.write("CREATE (:Person {id: 'p1'})")


async def test_tie_id_is_unique(db: Database) -> None:
    await db.write("CREATE (:Person {id: 'a'})-[:MENTORS {id: 't1'}]->(:Person {id: 'b'})")
    with pytest.raises(Conflict):
        await db.write(
            "MATCH (a:Person {id: 'a'}), (b:Person {id: 'b'}) CREATE (b)-[:MENTORS {id: 't1'}]->(a)"
        )
