"""What a request's access rules need to know about who is asking: the viewer and their
caseload (the people they actively support through confirmed ties).

The rules themselves (which role may learn which fact) are the facts table of
``resolvers/disclosure.py``; this module answers the questions those rules ask of the
graph, once per request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from resolvers.auth import Viewer, ViewerRole

Caseload = Callable[[], Awaitable[frozenset[str]]]
"""Reads the viewer's caseload from the graph (called at most once per request)."""


@dataclass
class Access:
    viewer: Viewer
    read_caseload: Caseload
    _caseload: frozenset[str] | None = field(default=None, init=False)

    async def caseload(self) -> frozenset[str]:
        """The people the viewer actively supports (read once, when a rule first asks)."""
        if self._caseload is None:
            self._caseload = await self.read_caseload() if self.viewer.sub else frozenset()
        return self._caseload

    async def supports(self, person_id: str) -> bool:
        return person_id in await self.caseload()

    def scope(self) -> str | None:
        """The person id an advisor's lists are limited to (None: no limit)."""
        v = self.viewer
        if v.admin or not v.has(ViewerRole.ADVISOR):
            return None
        return v.sub
