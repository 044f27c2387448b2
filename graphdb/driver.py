"""One async Neo4j driver per process, and the only place that runs Cypher.

Reads go through managed READ transactions (a cluster's followers take them), writes
through WRITE ones; both retry transient errors (the driver's managed transactions do)
and end with a server-side timeout. Driver errors become the domain errors of
``graphdb.errors`` here, so nothing above this module handles a driver exception.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

import neo4j
import neo4j.exceptions as nx
import neo4j.graph
import neo4j.time

from graphdb.errors import Conflict, SupportwebError, Timeout, Unavailable

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Neo4jConfig:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str = "neo4j"
    query_timeout_s: float = 30.0


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


def row_of(record: neo4j.Record) -> Row:
    """One result record as a plain dict (without the driver's own recursive export)."""
    return to_native(dict(zip(record.keys(), record.values(), strict=True)))  # type: ignore[no-any-return]


def translate(error: Exception) -> SupportwebError:
    """Map a driver error to the domain error a user should see."""
    if isinstance(error, SupportwebError):
        return error
    if isinstance(error, nx.ServiceUnavailable | nx.SessionExpired):
        return Unavailable("the graph database is unreachable; try again shortly")
    if isinstance(error, nx.Neo4jError):
        code = error.code or ""
        if "ConstraintValidationFailed" in code:
            return Conflict("that record already exists (a unique id is taken)")
        if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
            return Timeout("the query took too long and was stopped; narrow it and retry")
        if isinstance(error, nx.TransientError):
            return Unavailable("the graph database is busy; try again shortly")
    if isinstance(error, nx.DriverError):
        return Unavailable("the graph database is unreachable; try again shortly")
    raise error


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
            max_connection_pool_size=50,
            connection_acquisition_timeout=10.0,
            connection_timeout=5.0,
            max_transaction_retry_time=5.0,
            # "label does not exist" on a fresh graph is noise, not a problem.
            notifications_min_severity="OFF",
        )
        self.round_trips = 0

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
    ) -> list[Row]:
        return await self._run(neo4j.WRITE_ACCESS, query, params or {}, timeout)

    async def read_one(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> Row | None:
        rows = await self.read(query, params)
        return rows[0] if rows else None

    async def _run(
        self, mode: str, query: LiteralString, params: Mapping[str, Any], timeout: float | None
    ) -> list[Row]:
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[Row]:
            self.round_trips += 1
            result = await tx.run(query, dict(params))
            return [row_of(r) for r in await result.fetch(1_000_000)]

        unit = neo4j.unit_of_work(timeout=_budget(timeout or self.config.query_timeout_s))(work)
        try:
            async with self._session(mode) as session:
                if mode == neo4j.READ_ACCESS:
                    return await session.execute_read(unit)
                return await session.execute_write(unit)
        except Exception as error:
            raise translate(error) from error

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
        statement = neo4j.Query(query, timeout=_budget(timeout or self.config.query_timeout_s))
        try:
            async with self._session(neo4j.WRITE_ACCESS) as session:
                await (await session.run(statement, dict(params or {}))).consume()
        except Exception as error:
            raise translate(error) from error

    async def transaction(
        self,
        work: Callable[[Tx], Awaitable[T]],
        *,
        timeout: float | None = None,
        readonly: bool = False,
    ) -> T:
        """Run several statements in one transaction: all of them land, or none does."""

        async def run(tx: neo4j.AsyncManagedTransaction) -> T:
            return await work(Tx(tx, self))

        unit = neo4j.unit_of_work(timeout=_budget(timeout or self.config.query_timeout_s))(run)
        try:
            async with self._session(neo4j.READ_ACCESS if readonly else neo4j.WRITE_ACCESS) as s:
                if readonly:
                    return await s.execute_read(unit)
                return await s.execute_write(unit)
        except Exception as error:
            raise translate(error) from error


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
