"""Shared fixtures: one real local Neo4j per test session, reset between tests.

With ``NEO4J_URI`` set, the tests use that database instead (it is wiped: never point
this at data you want to keep).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graphdb import local_neo4j
from graphdb.driver import Database, Neo4jConfig
from graphdb.migrate import migrate

RESET = "MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield uri
        return
    data: Path = tmp_path_factory.mktemp("neo4j")
    running, proc = local_neo4j.start(
        data, port=local_neo4j.free_port(), heap="1g", pagecache="256m", attached=True
    )
    try:
        yield running.uri
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def neo4j_config(neo4j_uri: str) -> Neo4jConfig:
    return Neo4jConfig(
        uri=neo4j_uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
    )


@pytest.fixture(scope="session")
async def session_db(neo4j_config: Neo4jConfig) -> AsyncIterator[Database]:
    db = Database(neo4j_config)
    await migrate(db)
    yield db
    await db.close()


@pytest.fixture
async def db(session_db: Database) -> AsyncIterator[Database]:
    """A migrated, empty graph."""
    await session_db.write("CALL () { MATCH (n) WHERE NOT n:Migration DETACH DELETE n }")
    session_db.round_trips = 0
    yield session_db
