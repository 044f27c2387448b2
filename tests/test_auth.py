"""Tokens: what is accepted, what is refused, and with which message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graphdb.errors import Unauthenticated
from resolvers.auth import ISSUER, TokenKeys, ViewerRole, bearer

SECRET = "unit-test-secret-0123456789-0123456789"


def test_minted_tokens_verify_to_their_viewer() -> None:
    keys = TokenKeys(SECRET)
    before = dt.datetime.now(dt.UTC).timestamp()
    token = keys.mint([ViewerRole.ADVISOR], "p-1", dt.timedelta(minutes=5))
    viewer = keys.verify(token)
    assert (viewer.sub, viewer.roles) == ("p-1", frozenset({ViewerRole.ADVISOR}))
    assert viewer.expires_at is not None
    assert before + 299 <= viewer.expires_at <= before + 301


def test_expired_and_foreign_tokens_are_refused() -> None:
    keys = TokenKeys(SECRET)
    old = keys.mint([ViewerRole.ADMIN], None, dt.timedelta(seconds=-120))
    with pytest.raises(Unauthenticated, match="expired"):
        keys.verify(old)
    other = TokenKeys("another-secret-0123456789-0123456789").mint(
        [ViewerRole.ADMIN], None, dt.timedelta(minutes=5)
    )
    with pytest.raises(Unauthenticated, match="not valid"):
        keys.verify(other)


def test_tokens_must_carry_known_roles_and_a_person_for_students() -> None:
    keys = TokenKeys(SECRET)
    now = dt.datetime.now(dt.UTC)
    base = {"iss": ISSUER, "iat": now, "exp": now + dt.timedelta(minutes=5)}
    for claims, message in (
        ({**base}, "no roles"),
        ({**base, "roles": ["WIZARD"]}, "unknown role"),
        ({**base, "roles": ["STUDENT"]}, "must name its person"),
    ):
        with pytest.raises(Unauthenticated, match=message):
            keys.verify(jwt.encode(claims, SECRET, algorithm="HS256"))
    with pytest.raises(ValueError, match="needs --sub"):
        keys.mint([ViewerRole.STUDENT], None, dt.timedelta(minutes=5))


def test_rs256_tokens_from_an_identity_provider(tmp_path: Path) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (tmp_path / "idp.pem").write_bytes(pem)
    keys = TokenKeys(SECRET, tmp_path / "idp.pem")
    now = dt.datetime.now(dt.UTC)
    claims = {
        "iss": ISSUER,
        "iat": now,
        "exp": now + dt.timedelta(minutes=5),
        "roles": ["RESEARCHER"],
    }
    assert keys.verify(jwt.encode(claims, private, algorithm="RS256")).roles == frozenset(
        {ViewerRole.RESEARCHER}
    )
    # With a public key configured, a token signed with the shared secret is refused.
    with pytest.raises(Unauthenticated):
        keys.verify(jwt.encode(claims, SECRET, algorithm="HS256"))


def test_authorization_header_forms() -> None:
    assert bearer("Bearer abc") == "abc"
    for header in (None, "", "Basic abc", "Bearer "):
        with pytest.raises(Unauthenticated):
            bearer(header)
