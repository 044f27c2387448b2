"""The type of ``info.context``: the resolvers' per-request scope (resolvers/scope.py)."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from resolvers.scope import RequestScope

Info: TypeAlias = strawberry.Info[RequestScope, None]
