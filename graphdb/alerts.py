"""Support alerts as a sequence in the graph: writers append, every server worker polls.

Keeping the sequence in Neo4j is what lets alerts reach subscribers on any worker without
another broker. Publishers take the counter's write lock, so sequence numbers commit in
order and a poller that has seen ``seq`` n never misses a later one.
"""

from __future__ import annotations

from typing import Any, LiteralString

from graphdb.driver import Database, Row

PUBLISH: LiteralString = """
MERGE (c:AlertCounter {id: 'support'}) ON CREATE SET c.n = 0
SET c.n = c.n + size($alerts)
WITH c.n - size($alerts) AS base
UNWIND range(0, size($alerts) - 1) AS i
WITH base + i + 1 AS seq, $alerts[i] AS a
CREATE (x:SupportAlert)
SET x = a, x.seq = seq, x.at = datetime()
RETURN max(seq) AS last
"""

LATEST: LiteralString = "MATCH (c:AlertCounter {id: 'support'}) RETURN c.n AS n"

SINCE: LiteralString = """
MATCH (x:SupportAlert) WHERE x.seq > $after
RETURN x {.seq, .at, .personId, .oldScore, .newScore, .wasThin, .thin, .reasons} AS alert
ORDER BY x.seq LIMIT $limit
"""

PRUNE: LiteralString = """
MATCH (x:SupportAlert) WHERE x.at < datetime() - duration('P7D')
WITH x LIMIT 1000 DELETE x
"""


async def publish(db: Database, alerts: list[dict[str, Any]]) -> None:
    if alerts:
        # Alerts are news about the graph, not part of it: its version stays.
        await db.write(PUBLISH, {"alerts": alerts}, graph=False)
        await db.write(PRUNE, graph=False)


async def latest(db: Database) -> int:
    row = await db.read_one(LATEST)
    return int(row["n"]) if row else 0


async def since(db: Database, after: int, limit: int = 500) -> list[Row]:
    return [r["alert"] for r in await db.read(SINCE, {"after": after, "limit": limit})]
