"""What the driver's errors mean: which say Neo4j is unreachable and which are contention,
the breaker that fails requests fast while it is away, and the domain error
(``graphdb.errors``) each becomes. ``graphdb.driver`` is their one user, so nothing above
it handles a driver exception (docs/reliability.md)."""

from __future__ import annotations

import time

import neo4j.exceptions as nx

from graphdb.errors import Conflict, SupportwebError, Timeout, Unavailable


def unreachable(error: Exception) -> bool:
    """Whether an error says Neo4j cannot be reached at all (after the driver's retries):
    no connection, or a database that is stopping or starting."""
    if isinstance(error, nx.IncompleteCommit):
        return False  # it was reached; only the answer was lost
    if isinstance(error, nx.ServiceUnavailable | nx.SessionExpired):
        return True
    return isinstance(error, nx.TransientError) and "DatabaseUnavailable" in (error.code or "")


def contended(error: Exception) -> bool:
    """A transient failure of this transaction alone (a deadlock, a lock), not of Neo4j."""
    return isinstance(error, nx.TransientError) and not unreachable(error)


PROBE_EVERY_S = 0.25


class Breaker:
    """Fails requests at once while Neo4j is known to be unreachable.

    The driver's retries already spent ``max_retry_s`` before an error says Neo4j is
    unreachable; every request after it would spend as long again to learn the same. So
    once one has, the breaker opens: requests are UNAVAILABLE at once, except one every
    ``probe_every`` seconds, which tries for real. The first that succeeds closes it, so
    the API is back within a probe interval of Neo4j. Reads and writes have a breaker
    each: a cluster without a leader refuses writes while its followers still serve reads.
    """

    def __init__(self, probe_every: float = PROBE_EVERY_S) -> None:
        self.probe_every = probe_every
        self.down_since: float | None = None
        self._next_probe = 0.0

    def check(self) -> None:
        if self.down_since is None:
            return
        now = time.monotonic()
        if now >= self._next_probe:
            self._next_probe = now + self.probe_every  # this request is the probe
            return
        raise Unavailable(
            f"the graph database has been unreachable for {now - self.down_since:.0f} s; "
            "try again shortly"
        )

    def failed(self, error: Exception) -> None:
        if unreachable(error):
            now = time.monotonic()
            self.down_since = self.down_since or now
            self._next_probe = now + self.probe_every

    def succeeded(self) -> None:
        self.down_since = None


def translate(error: Exception) -> SupportwebError:
    """Map a driver error to the domain error a user should see."""
    if isinstance(error, SupportwebError):
        return error
    if isinstance(error, nx.IncompleteCommit):
        # The commit was sent and the connection broke before its answer: the write may
        # have landed. Never retried by the driver (it could apply twice); the client is
        # told, so it can look before it writes again.
        return Unavailable(
            "the graph database went away while a write was committing: it may or may not "
            "have been applied; check before retrying",
            extensions={"outcome": "UNKNOWN"},
        )
    if isinstance(error, nx.ConnectionAcquisitionTimeoutError):
        return Unavailable("the server is busy (no free database connection); try again shortly")
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
