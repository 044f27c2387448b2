"""Bearer tokens: signed JWTs carrying who is asking (``sub``) and in which roles.

HS256 with ``SUPPORTWEB_SECRET`` by default; with a public key file configured, RS256
tokens signed by the institution's identity provider are accepted instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import jwt

from graphdb.errors import Unauthenticated
from graphdb.validation import check_external_id

ISSUER = "supportweb"
LEEWAY_S = 30


class ViewerRole(str, Enum):
    ADMIN = "ADMIN"
    ADVISOR = "ADVISOR"
    STUDENT = "STUDENT"
    RESEARCHER = "RESEARCHER"


MIXED_RESEARCHER = (
    "a RESEARCHER token cannot carry other roles: researchers see pseudonyms only, so use "
    "separate tokens for research and for work with named people"
)


def mixed_researcher(roles: object) -> bool:
    """Whether these roles mix RESEARCHER with another role (refused: docs/security.md)."""
    found = set(roles) if isinstance(roles, list | set | frozenset | tuple) else set()
    return ViewerRole.RESEARCHER in found and len(found) > 1


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking. ``sub`` is a person id (required for advisors and students)."""

    sub: str | None
    roles: frozenset[ViewerRole]
    # When the token stops being valid (seconds since the epoch; None: never).
    expires_at: float | None = None

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now > self.expires_at + LEEWAY_S

    def has(self, role: ViewerRole) -> bool:
        return role in self.roles

    @property
    def admin(self) -> bool:
        return ViewerRole.ADMIN in self.roles


@dataclass(frozen=True, slots=True)
class TokenKeys:
    secret: str
    public_key_file: Path | None = None

    def _verify_key(self) -> tuple[str, tuple[str, ...]]:
        if self.public_key_file is not None:
            return _public_key(self.public_key_file), ("RS256",)
        return self.secret, ("HS256",)

    def mint(self, roles: list[ViewerRole], sub: str | None, ttl: dt.timedelta) -> str:
        if not roles:
            raise ValueError("a token needs at least one role")
        if sub is not None:
            check_external_id(sub, "sub")
        if mixed_researcher(roles):
            raise ValueError(MIXED_RESEARCHER)
        needs_sub = {ViewerRole.ADVISOR, ViewerRole.STUDENT} & set(roles)
        if needs_sub and sub is None:
            raise ValueError(f"a {sorted(needs_sub)[0].value} token needs --sub PERSON_ID")
        now = dt.datetime.now(dt.UTC)
        claims: dict[str, object] = {
            "iss": ISSUER,
            "iat": now,
            "exp": now + ttl,
            "roles": [r.value for r in roles],
        }
        if sub is not None:
            claims["sub"] = sub
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def verify(self, token: str) -> Viewer:
        key, algorithms = self._verify_key()
        viewer = _verified(key, algorithms, token)
        # A verified token is remembered (every request presents it twice: to the rate
        # limit and to the request); its expiry is checked on every use.
        if viewer.expired(time.time()):
            raise Unauthenticated("the token has expired: get a new one")
        return viewer


@functools.lru_cache(maxsize=16)
def _public_key(path: Path) -> str:
    return path.read_text()


@functools.lru_cache(maxsize=8192)
def _verified(key: str, algorithms: tuple[str, ...], token: str) -> Viewer:
    """A token's viewer, or Unauthenticated (refusals are not remembered)."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=list(algorithms),
            issuer=ISSUER,
            leeway=LEEWAY_S,
            options={"require": ["exp", "iat", "iss"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise Unauthenticated("the token has expired: get a new one") from error
    except jwt.InvalidTokenError as error:
        raise Unauthenticated(f"the token is not valid: {error}") from error
    raw_roles = claims.get("roles")
    if not isinstance(raw_roles, list) or not raw_roles:
        raise Unauthenticated("the token carries no roles")
    try:
        roles = frozenset(ViewerRole(r) for r in raw_roles)
    except ValueError as error:
        raise Unauthenticated(f"the token carries an unknown role: {error}") from error
    if mixed_researcher(roles):
        raise Unauthenticated(MIXED_RESEARCHER)
    sub = claims.get("sub")
    if sub is not None and not isinstance(sub, str):
        raise Unauthenticated("the token's sub is not a person id")
    if sub is None and roles & {ViewerRole.ADVISOR, ViewerRole.STUDENT}:
        raise Unauthenticated("an advisor or student token must name its person (sub)")
    exp = claims.get("exp")
    return Viewer(sub=sub, roles=roles, expires_at=float(exp) if exp is not None else None)


def bearer(header: str | None) -> str:
    if not header:
        raise Unauthenticated("send a bearer token: Authorization: Bearer <token>")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
    return token.strip()
