"""Stable, keyed pseudonyms: how researchers and the audit trail name people.

``pseudonym(key, id)`` is "anon:" + the first 20 hex digits of HMAC-SHA256(key, id): the
same id gives the same pseudonym under one key (so analyses and exports join), a
different one under another key, and without the key it can be neither reversed nor
recomputed. The key is ``SUPPORTWEB_PSEUDONYM_KEY``, kept apart from the token secret.

``keyed(key, purpose, id)`` derives a pseudonym for one purpose (the audit's subject keys,
erasure tombstones), so the values of one use cannot be matched against another's.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

PREFIX = "anon:"
DIGITS = 20


# Both are pure functions of their arguments, asked for the same few hundred people over
# and over (every page names its subjects): keep the recent answers.
@functools.lru_cache(maxsize=65_536)
def pseudonym(key: str, person_id: str) -> str:
    digest = hmac.new(key.encode(), person_id.encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGITS]


@functools.lru_cache(maxsize=65_536)
def keyed(key: str, purpose: str, value: str) -> str:
    """A pseudonym of ``value`` for one ``purpose`` (e.g. "audit", "tombstone")."""
    message = purpose.encode() + b"\x1f" + value.encode()
    return purpose + ":" + hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]
