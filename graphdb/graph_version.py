"""The graph's version: what in-process copies of the graph (the research projection) are
checked against, so that any write is seen by the next analysis.

Every write transaction that goes through ``graphdb.driver.Database`` ends by bumping one
``:GraphVersion`` node (``BUMP``), unless the writer says it changes nothing the graph's
readers see (the audit trail, alerts, migrations: ``graph=False``). So a new writer — the
programs, an import, a script — invalidates the copies without remembering to: the bump is
the driver's, not each writer's. The node is locked only from the bump to the commit (it
is the last statement), so writers queue on it for the length of a commit, not of their
work. ``epoch`` is drawn when the node is created: a graph wiped and rebuilt (tests, a
restore) starts a new epoch, so an old count can never be mistaken for a new one.
The date is part of the version because a tie whose ``until`` passes stops being active
without any write (SPEC §3).
"""

from __future__ import annotations

from typing import LiteralString

BUMP: LiteralString = (
    "MERGE (v:GraphVersion {id: 'graph'}) ON CREATE SET v.epoch = randomUUID(), v.n = 0 "
    "SET v.n = v.n + 1"
)

READ: LiteralString = (
    "OPTIONAL MATCH (v:GraphVersion {id: 'graph'}) "
    "RETURN coalesce(v.epoch, '') AS epoch, coalesce(v.n, 0) AS n, toString(date()) AS today"
)
