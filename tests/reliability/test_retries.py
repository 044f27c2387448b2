"""A retried write is applied once: by the driver, after a real transient error (a
deadlock Neo4j detects and rolls back), and by a client that sends it again because the
answer was lost (UNAVAILABLE with outcome UNKNOWN)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import LiteralString

import neo4j

from graphdb.driver import Database, Tx
from graphdb.interactions import interaction_create
from tests.api_graph import person, tie
from tests.conftest import GraphQLClient

LOCK: LiteralString = "MATCH (p:Person {id: $id}) SET p.touched = coalesce(p.touched, 0) + 1"
COUNT: LiteralString = "MATCH (i:Interaction) WHERE i.id IN $ids RETURN i.id AS id, count(*) AS n"


async def test_a_transaction_the_driver_retries_after_a_deadlock_is_written_once(
    db: Database,
) -> None:
    # x and y are what the two transactions fight over; each logs an interaction of its
    # own between other people, before the fight, so a rolled-back attempt had written it.
    for pid in ("x", "y", "one-a", "one-b", "two-a", "two-b"):
        await db.write("CREATE (:Person {id: $id, name: $id, roles: ['STUDENT']})", {"id": pid})
    attempts = {"one": 0, "two": 0}
    locked = {"x": asyncio.Event(), "y": asyncio.Event()}
    today = dt.date.today()

    def crossing(name: str, first: str, second: str) -> Callable[[Tx], Awaitable[None]]:
        # Each locks one person, waits until the other has locked the other person, then
        # reaches for it: a deadlock, which Neo4j breaks by failing one of the two with a
        # transient error; the driver runs that one's unit of work again.
        async def work(tx: Tx) -> None:
            attempts[name] += 1
            await interaction_create(tx, f"i:{name}", f"{name}-a", f"{name}-b", today, "RETRY")
            await tx.run(LOCK, {"id": first})
            locked[first].set()
            await asyncio.wait_for(locked[second].wait(), 30)
            await tx.run(LOCK, {"id": second})

        return work

    await asyncio.gather(
        db.transaction(crossing("one", "x", "y")),
        db.transaction(crossing("two", "y", "x")),
    )
    assert max(attempts.values()) >= 2, attempts  # one of them was retried
    rows = await db.read(COUNT, {"ids": ["i:one", "i:two"]})
    assert {r["id"]: r["n"] for r in rows} == {"i:one": 1, "i:two": 1}
    touched = await db.read(
        "MATCH (p:Person) WHERE p.id IN ['x', 'y'] RETURN p.touched AS n ORDER BY p.id"
    )
    assert [r["n"] for r in touched] == [2, 2]  # each committed transaction once


LOG = """mutation($id: ID, $at: Date!, $k: String!) {
  logInteraction(fromId: "lee", toId: "ada", at: $at, kind: $k, id: $id) { id kind } }"""


async def test_a_client_that_sends_a_write_again_does_not_apply_it_twice(
    client: GraphQLClient, db: Database
) -> None:
    await person(client, "ada", "Ada", ["STUDENT"])
    await person(client, "lee", "Lee", ["FACULTY"])
    await tie(client, "lee", "ada", "ADVISES", id="t1")
    at = dt.date.today().isoformat()
    sent = {"id": "mine-1", "at": at, "k": "MEETING"}
    first = await client.data(LOG, sent)
    again = await client.data(LOG, sent)  # its answer was lost: the client sends it again
    assert first == again == {"logInteraction": {"id": "mine-1", "kind": "MEETING"}}
    rows = await db.read(COUNT, {"ids": ["mine-1"]})
    assert rows == [{"id": "mine-1", "n": 1}]
    other = await client.error(LOG, {**sent, "k": "EMAIL"})
    assert other["extensions"]["code"] == "CONFLICT"
    # Writes named by the client are refused the second time, never applied twice.
    dup_person = await client.error(
        'mutation { createPerson(input: {id: "ada", name: "Ada", roles: [STUDENT]}) { id } }'
    )
    assert dup_person["extensions"]["code"] == "CONFLICT"
    dup_tie = await client.error(
        'mutation { addTie(input: {id: "t1", kind: ADVISES, supporterId: "lee", '
        'supportedId: "ada"}) { id } }'
    )
    assert dup_tie["extensions"]["code"] == "CONFLICT"
    assert len(await db.read("MATCH ()-[r:ADVISES]->() RETURN r.id AS id")) == 1


class _CuttableProxy:
    """A TCP relay in front of Neo4j whose open connections can all be cut at once: the
    driver's pooled connections die as they do when a network drops or a cluster member
    goes away, while Neo4j itself stays up for the next connection."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.writers: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.writers += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while chunk := await src.read(65536):
                    dst.write(chunk)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def cut(self) -> None:
        for w in self.writers:
            w.transport.abort()
        self.writers.clear()

    async def close(self) -> None:
        self.cut()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


async def test_a_read_whose_pooled_connection_died_is_answered(db: Database) -> None:
    """One-statement reads are auto-commit transactions, which the driver does not retry
    itself: Database retries them as it would a managed one. Every pooled connection is
    cut between two reads; the second is still answered, on a new connection, and the
    breaker stays closed."""
    from urllib.parse import urlparse

    await db.write("CREATE (:Person {id: 'r1', name: 'R', roles: ['STUDENT']})")
    proxy = _CuttableProxy(urlparse(db.config.uri).port or 7687)
    port = await proxy.start()
    via = Database(replace(db.config, uri=f"bolt://127.0.0.1:{port}"))
    try:
        query: LiteralString = "MATCH (p:Person {id: $id}) RETURN p.name AS name"
        assert await via.read(query, {"id": "r1"}) == [{"name": "R"}]
        proxy.cut()
        assert await via.read(query, {"id": "r1"}) == [{"name": "R"}]
        assert via.breakers[neo4j.READ_ACCESS].down_since is None
    finally:
        await via.close()
        await proxy.close()
