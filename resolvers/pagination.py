"""Opaque Relay cursors and page-size bounds shared by every connection."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from graphdb.errors import BadInput

MAX_PAGE = 100


def check_first(first: int, *, maximum: int = MAX_PAGE, name: str = "first") -> int:
    if not 1 <= first <= maximum:
        raise BadInput(f"{name} must be between 1 and {maximum}, got {first}", field=name)
    return first


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode()


def decode_cursor(cursor: str, arity: int, name: str = "after") -> list[Any]:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or len(key) != arity:
        raise BadInput(f"{name} is not a cursor this connection returned", field=name)
    return key
