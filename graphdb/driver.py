"""One async Neo4j driver per process, and the only place that runs Cypher.

A read of one statement is an auto-commit transaction in a READ session (a cluster's
followers take it; one round trip, where a managed transaction takes three); several
statements read together, and every write, go through managed READ or WRITE transactions.
All retry transient errors for at most ``max_retry_s`` (the driver retries the managed
ones, ``Database._guarded`` the auto-commit reads) and end with a server-side timeout.
Driver errors become the domain errors of ``graphdb.errors`` here, so nothing above this
module handles a driver exception.

Failing fast is deliberate: while Neo4j is unreachable a request should be told so within
about two seconds (docs/reliability.md), not hang in retries a client has long given up
on. A unit of work may run more than once (the driver retries it after a transient error,
whose transaction was rolled back), so anything it must not do twice — an id it creates —
is chosen before it runs, never inside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

import neo4j
import neo4j.exceptions as nx
import neo4j.graph
import neo4j.time

from graphdb.errors import Timeout
from graphdb.faults import Breaker, contended, translate
from graphdb.graph_version import BUMP

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Neo4jConfig:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str = "neo4j"
    query_timeout_s: float = 30.0
    # How long to wait for a TCP connection (and its Bolt handshake) to Neo4j.
    connection_timeout_s: float = 2.0
    # How long a request waits for a pooled connection when all are busy (load shedding:
    # past it the request is UNAVAILABLE rather than queued without bound).
    acquisition_timeout_s: float = 5.0
    # How long the driver keeps retrying a transaction that failed transiently (a
    # deadlock, a leader switch, a dropped connection), starting ``retry_delay_s`` apart
    # and doubling; the last wait may overrun it by one delay.
    max_retry_s: float = 1.0
    retry_delay_s: float = 0.1
    # A transaction Neo4j failed for contention (a deadlock victim) is tried again for up
    # to this long, beyond the driver's retries (``Database._guarded``).
    contention_retry_s: float = 5.0
    pool_size: int = 50


# The end of the current request, if it has one: every statement it sends gets at most
# what is left, so a request's deadline holds however many statements it takes.
_deadline: ContextVar[float | None] = ContextVar("supportweb_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Run the enclosed work (a request) under one deadline for all its statements."""
    token = _deadline.set(time.monotonic() + seconds if seconds else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def _budget(timeout: float) -> float:
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise Timeout("the request took too long and was stopped; narrow it and retry")
    return min(timeout, left)


_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_native(value: Any) -> Any:
    """Driver values to the standard library's: temporal values converted, nodes and
    relationships as their property maps. Rows are walked in place (the driver's dicts and
    lists are ours to change), and primitives are passed over at once: a page of a
    hundred people is tens of thousands of values."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        for key, item in value.items():
            if type(item) not in _PLAIN:
                value[key] = to_native(item)
        return value
    if kind is list:
        for i, item in enumerate(value):
            if type(item) not in _PLAIN:
                value[i] = to_native(item)
        return value
    if kind is neo4j.time.Date:
        return dt.date(value.year, value.month, value.day)
    if kind is neo4j.time.DateTime:
        return value.to_native()
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {k: to_native(v) for k, v in value.items()}
    return value


def _auto_read(
    query: LiteralString, params: Mapping[str, Any], timeout: float
) -> Callable[[neo4j.AsyncSession], Awaitable[list[Row]]]:
    """One read statement as an auto-commit transaction: RUN and PULL in one round trip,
    where a managed transaction adds a BEGIN and a COMMIT. Measured on a one-person read,
    0.7 ms and 0.5 ms of this process's CPU against 1.3-1.7 ms and 1.0-1.2 ms."""
    statement = neo4j.Query(query, timeout=timeout)

    async def attempt(session: neo4j.AsyncSession) -> list[Row]:
        result = await session.run(statement, dict(params))
        return [row_of(r) for r in await result.fetch(1_000_000)]

    return attempt


def _retryable(error: Exception) -> bool:
    return isinstance(error, nx.Neo4jError | nx.DriverError) and error.is_retryable()


def row_of(record: neo4j.Record) -> Row:
    """One result record as a plain dict (without the driver's own recursive export)."""
    return to_native(dict(zip(record.keys(), record.values(), strict=True)))  # type: ignore[no-any-return]


class Database:
    """The process's handle on Neo4j: async, pooled, and counted.

    ``round_trips`` counts the queries sent, so tests can prove that nested GraphQL
    fields are batched rather than fetched one person at a time.
    """

    def __init__(self, config: Neo4jConfig) -> None:
        self.config = config
        auth = (config.user, config.password) if config.password else None
        self._driver = neo4j.AsyncGraphDatabase.driver(
            config.uri,
            auth=auth,
            max_connection_pool_size=config.pool_size,
            connection_acquisition_timeout=config.acquisition_timeout_s,
            connection_timeout=config.connection_timeout_s,
            max_transaction_retry_time=config.max_retry_s,
            initial_retry_delay=config.retry_delay_s,
            # "label does not exist" on a fresh graph is noise, not a problem.
            notifications_min_severity="OFF",
        )
        self.round_trips = 0
        # The graph-version moves this handle's write transactions made (attempts, so a
        # retried one counts twice): graphdb/bulk/last_import.py tells its own from others'.
        self.bumps = 0
        self.breakers = {neo4j.READ_ACCESS: Breaker(), neo4j.WRITE_ACCESS: Breaker()}

    async def close(self) -> None:
        await self._driver.close()

    async def ping(self) -> bool:
        try:
            await self._driver.verify_connectivity()
        except (nx.DriverError, nx.Neo4jError, OSError):
            return False
        return True

    def _session(self, mode: str) -> neo4j.AsyncSession:
        return self._driver.session(database=self.config.database, default_access_mode=mode)

    async def read(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[Row]:
        return await self._run(neo4j.READ_ACCESS, query, params or {}, timeout)

    async def write(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        *,
        graph: bool = True,
    ) -> list[Row]:
        """One statement in a write transaction; ``graph=False`` for writes that change
        nothing the graph's readers see (audit, alerts, schema), which leave its version
        (graphdb/graph_version.py) as it is."""
        return await self._run(neo4j.WRITE_ACCESS, query, params or {}, timeout, graph)

    async def read_one(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> Row | None:
        rows = await self.read(query, params)
        return rows[0] if rows else None

    async def _run(
        self,
        mode: str,
        query: LiteralString,
        params: Mapping[str, Any],
        timeout: float | None,
        graph: bool = False,
    ) -> list[Row]:
        budget = _budget(timeout or self.config.query_timeout_s)
        if mode == neo4j.READ_ACCESS:
            self.round_trips += 1
            return await self._guarded(mode, _auto_read(query, params, budget), retry=True)

        async def work(tx: neo4j.AsyncManagedTransaction) -> list[Row]:
            self.round_trips += 1
            result = await tx.run(query, dict(params))
            rows = [row_of(r) for r in await result.fetch(1_000_000)]
            if graph:
                await self._bump(tx)
            return rows

        return await self._managed(mode, neo4j.unit_of_work(timeout=budget)(work))

    async def _managed(
        self, mode: str, unit: Callable[[neo4j.AsyncManagedTransaction], Awaitable[T]]
    ) -> T:
        """Run a unit of work in a managed transaction of ``mode`` (the driver retries it
        after a transient failure), behind the mode's breaker."""

        async def attempt(session: neo4j.AsyncSession) -> T:
            if mode == neo4j.READ_ACCESS:
                return await session.execute_read(unit)
            return await session.execute_write(unit)

        return await self._guarded(mode, attempt, retry=False)

    async def _guarded(
        self, mode: str, attempt: Callable[[neo4j.AsyncSession], Awaitable[T]], *, retry: bool
    ) -> T:
        """``attempt`` in a session of ``mode``, behind its breaker, with the domain's errors.

        Contention (a deadlock Neo4j broke by failing this transaction, a lock it could not
        take) is retried for longer than the driver's ``max_retry_s``, up to
        ``contention_retry_s`` and the request's deadline: that wait buys an answer, while
        retrying an unreachable database only delays the UNAVAILABLE. ``retry``: also
        retry what the driver retries in a managed transaction (a dropped connection, a
        leader switch) for ``max_retry_s``, as it would: for auto-commit reads, which it
        does not retry itself (a read is safe to run again)."""
        breaker = self.breakers[mode]
        breaker.check()
        started = time.monotonic()
        give_up = started + self.config.contention_retry_s
        delay = self.config.retry_delay_s
        while True:
            try:
                async with self._session(mode) as session:
                    result = await attempt(session)
            except Exception as error:
                now = time.monotonic()
                end = min(give_up, _deadline.get() or give_up)
                if contended(error) and now < end:
                    await asyncio.sleep(random.uniform(0.05, 0.25))
                    continue
                if retry and _retryable(error) and now - started < self.config.max_retry_s:
                    await asyncio.sleep(delay * random.uniform(0.8, 1.2))
                    delay *= 2
                    continue
                breaker.failed(error)
                raise translate(error) from error
            breaker.succeeded()
            return result

    async def _bump(self, tx: neo4j.AsyncManagedTransaction) -> None:
        # The last statement of the transaction: the version node stays locked only until
        # the commit that follows.
        self.round_trips += 1
        self.bumps += 1
        await (await tx.run(BUMP)).consume()

    async def run_batched(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> None:
        """Run a ``CALL { … } IN TRANSACTIONS`` statement (bulk writes, deletes,
        maintenance), which Neo4j accepts only outside an explicit transaction. It is not
        retried: a statement that failed partway has committed its earlier batches, and
        the caller knows whether running it again is safe (an upsert is)."""
        self.round_trips += 1
        breaker = self.breakers[neo4j.WRITE_ACCESS]
        breaker.check()
        statement = neo4j.Query(query, timeout=_budget(timeout or self.config.query_timeout_s))
        try:
            async with self._session(neo4j.WRITE_ACCESS) as session:
                await (await session.run(statement, dict(params or {}))).consume()
                # Its own transactions cannot end with the bump: one more after them.
                await session.execute_write(self._bump)
        except Exception as error:
            breaker.failed(error)
            raise translate(error) from error
        breaker.succeeded()

    async def transaction(
        self,
        work: Callable[[Tx], Awaitable[T]],
        *,
        timeout: float | None = None,
        readonly: bool = False,
        graph: bool = True,
    ) -> T:
        """Run several statements in one transaction: all of them land, or none does. A
        write transaction ends by bumping the graph's version unless ``graph=False``."""

        async def run(tx: neo4j.AsyncManagedTransaction) -> T:
            done = await work(Tx(tx, self))
            if graph and not readonly:
                await self._bump(tx)
            return done

        unit = neo4j.unit_of_work(timeout=_budget(timeout or self.config.query_timeout_s))(run)
        return await self._managed(neo4j.READ_ACCESS if readonly else neo4j.WRITE_ACCESS, unit)


class Tx:
    """A transaction handed to ``Database.transaction`` callbacks.

    ``read`` and ``write`` are ``run`` under the names ``Database`` uses, so a query
    function that takes a ``Runner`` works inside a caller's transaction or on its own.
    """

    def __init__(self, tx: neo4j.AsyncManagedTransaction, db: Database) -> None:
        self._tx = tx
        self._db = db

    async def run(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> list[Row]:
        self._db.round_trips += 1
        result = await self._tx.run(query, dict(params or {}))
        return [row_of(r) for r in await result.fetch(1_000_000)]

    async def read(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[Row]:
        return await self.run(query, params)

    async def write(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[Row]:
        return await self.run(query, params)


Runner = Database | Tx
"""Where a query function runs: on its own (``Database``) or in a caller's transaction."""
