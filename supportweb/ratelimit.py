"""Rate limits on every transport, keyed on who is asking.

A token bucket per *authenticated subject*: the person a verified token speaks for, or
the verified token itself when it names no one (an admin's or a researcher's). A header
that does not verify — missing, malformed, forged, or the same token with other letter
case or spacing — is limited by client address instead, so changing it buys no fresh
bucket. HTTP requests to /graphql take from the bucket in ``RateLimit`` (the ASGI
middleware, before the body is read); every operation over graphql-transport-ws takes
from the same bucket when it starts (supportweb/websocket.py).

The table is bounded (``max_buckets``). When it is full, buckets that have refilled
completely are dropped first (forgetting them changes nothing: a new bucket starts
full); if none has, newcomers share one overflow bucket. A flood of new keys therefore
cannot push out the buckets of clients being limited, nor exhaust memory.

Each process keeps its own table: with N workers the effective limit is N times the
setting (docs/scaling.md says how to share it).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from graphdb.errors import Unauthenticated
from resolvers.auth import TokenKeys, Viewer, bearer

MAX_BUCKETS = 100_000
OVERFLOW = "overflow"

Clock = Callable[[], float]


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets: ``per_minute`` sustained, ``burst`` at once."""

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        clock: Clock = time.monotonic,
        max_buckets: int = MAX_BUCKETS,
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.max_buckets = max_buckets
        self.buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> float:
        """Take one request; 0 when allowed, else the seconds until the next one."""
        now = self.clock()
        bucket = self.buckets.get(key) or self._new(key, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _new(self, key: str, now: float) -> _Bucket:
        if len(self.buckets) >= self.max_buckets:
            self._forget_full(now)
        if len(self.buckets) >= self.max_buckets:
            overflow = self.buckets.get(OVERFLOW)
            if overflow is None:
                # Make room for the shared bucket: the stalest entry goes.
                del self.buckets[min(self.buckets, key=lambda k: self.buckets[k].stamp)]
                overflow = self.buckets[OVERFLOW] = _Bucket(self.burst, now)
            return overflow
        bucket = self.buckets[key] = _Bucket(self.burst, now)
        return bucket

    def _forget_full(self, now: float) -> None:
        full = [
            k
            for k, b in self.buckets.items()
            if k != OVERFLOW and b.tokens + (now - b.stamp) * self.rate >= self.burst
        ]
        for k in full:
            del self.buckets[k]


def subject_key(viewer: Viewer, token: str) -> str:
    """The bucket of a verified token: its person, or the token itself (hashed: a token is
    never kept)."""
    if viewer.sub:
        return "sub:" + viewer.sub
    return "tok:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def request_key(keys: TokenKeys, header: str | None, client: str) -> str:
    try:
        token = bearer(header)
        return subject_key(keys.verify(token), token)
    except Unauthenticated:
        return "addr:" + client


def limited(retry: float, where: str = "this token") -> JSONResponse:
    seconds = max(1, math.ceil(retry))
    return JSONResponse(
        {
            "errors": [
                {
                    "message": f"rate limit exceeded for {where}: retry in {seconds} s",
                    "extensions": {
                        "code": "FORBIDDEN",
                        "reason": "RATE_LIMITED",
                        "retryAfter": seconds,
                    },
                }
            ]
        },
        status_code=429,
        headers={"Retry-After": str(seconds)},
    )


class RateLimit:
    """The ASGI middleware for HTTP requests to ``path``."""

    def __init__(
        self, app: ASGIApp, limiter: RateLimiter, keys: TokenKeys, path: str = "/graphql"
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.keys = keys
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != self.path:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        raw = headers.get(b"authorization")
        client = (scope.get("client") or ("unknown", 0))[0]
        key = request_key(self.keys, raw.decode("latin-1") if raw else None, str(client))
        wait = self.limiter.take(key)
        if wait == 0.0:
            await self.app(scope, receive, send)
            return
        await limited(wait)(scope, receive, send)
