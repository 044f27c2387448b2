"""Fixtures of the reliability suite: a Neo4j of its own (the session's shared one must not
be stopped under the other tests), wiped and running at the start of each test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graphdb.driver import Database
from graphdb.migrate import migrate
from tests.reliability.harness import OwnNeo4j


@pytest.fixture(scope="session")
def neo4j_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnNeo4j]:
    neo = OwnNeo4j(tmp_path_factory.mktemp("own-neo4j"))
    neo.start()
    try:
        yield neo
    finally:
        neo.close()


@pytest.fixture
async def own(neo4j_own: OwnNeo4j) -> AsyncIterator[OwnNeo4j]:
    """The suite's own Neo4j, running (a test before may have left it stopped), migrated
    and empty."""
    if neo4j_own.proc is None or neo4j_own.proc.poll() is not None:
        neo4j_own.start()
    db = Database(neo4j_own.config())
    try:
        await db.write("CALL () { MATCH (n) DETACH DELETE n }")
        await migrate(db)
    finally:
        await db.close()
    yield neo4j_own


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    """Where a test's server processes write their logs (kept by pytest for a while)."""
    folder = tmp_path / "logs"
    folder.mkdir()
    return folder
