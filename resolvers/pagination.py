"""Opaque Relay cursors and page-size bounds shared by every connection.

A cursor is the list's sort key (a name and an id, a score and an id…) encrypted and
authenticated with AES-GCM under a key derived from ``SUPPORTWEB_SECRET``, the list's name
bound in as associated data. It reads as random bytes, carries nothing a client can
decode (no name, no real id — which matters for pseudonymous viewers), cannot be forged
or moved from one list to another, and stays valid across server restarts and workers
that share the secret.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from graphdb.errors import BadInput

MAX_PAGE = 100


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: each row with its sealed cursor, the total, whether more follow."""

    edges: list[tuple[dict[str, Any], str]]
    total: int
    has_next: bool

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1][1] if self.edges else None


def check_first(first: int, *, maximum: int = MAX_PAGE, name: str = "first") -> int:
    if not 1 <= first <= maximum:
        raise BadInput(f"{name} must be between 1 and {maximum}, got {first}", field=name)
    return first


@functools.lru_cache(maxsize=8)
def cursors_for(secret: str) -> Cursors:
    """The cursors of one secret, made once: deriving the key and setting up the cipher
    is a good part of a small request's work, and a process serves one secret."""
    return Cursors(secret)


class Cursors:
    """Encrypts and decrypts the cursors of every list (see the module's docstring)."""

    def __init__(self, secret: str) -> None:
        key = hashlib.sha256(b"supportweb cursors\x1f" + secret.encode()).digest()
        self._aead = AESGCM(key)

    def encode(self, kind: str, *key: Any) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, json.dumps(list(key)).encode(), kind.encode())
        return base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")

    def decode(self, kind: str, cursor: str, arity: int, name: str = "after") -> list[Any]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            key = json.loads(self._aead.decrypt(raw[:12], raw[12:], kind.encode()))
        except (binascii.Error, ValueError, InvalidTag, UnicodeDecodeError):
            key = None
        if not isinstance(key, list) or len(key) != arity:
            raise BadInput(f"{name} is not a cursor this connection returned", field=name)
        return key
