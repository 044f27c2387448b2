"""Per-token rate limiting for /graphql: a token bucket per bearer token (or per client
address when there is none), in process memory.

With several workers each keeps its own buckets, so the effective limit is the setting
times the worker count; put a shared limiter in the proxy when that matters.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_BUCKETS = 100_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimit:
    def __init__(
        self,
        app: ASGIApp,
        per_minute: int,
        burst: int,
        path: str = "/graphql",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.clock = clock
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.path = path
        self.buckets: dict[str, _Bucket] = {}

    def _key(self, scope: Scope) -> str:
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization")
        if auth:
            # Keyed by a hash: the token itself is never kept.
            return "t:" + hashlib.sha256(auth).hexdigest()
        client = scope.get("client") or ("unknown", 0)
        return f"a:{client[0]}"

    def take(self, key: str, now: float) -> float:
        """Take one request; return 0 when allowed, else seconds until the next one."""
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MAX_BUCKETS:
                self.buckets.clear()  # bounded memory beats perfect fairness
            bucket = self.buckets[key] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != self.path:
            await self.app(scope, receive, send)
            return
        wait = self.take(self._key(scope), self.clock())
        if wait == 0.0:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        response = JSONResponse(
            {
                "errors": [
                    {
                        "message": f"rate limit exceeded for this token: retry in {retry} s",
                        "extensions": {
                            "code": "FORBIDDEN",
                            "reason": "RATE_LIMITED",
                            "retryAfter": retry,
                        },
                    }
                ]
            },
            status_code=429,
            headers={"Retry-After": str(retry)},
        )
        await response(scope, receive, send)
