"""A whole graph as plain, comparable data: every node (labels, properties) and every
relationship (type, ends, properties), keyed by the external identities — not Neo4j's
internal ids, which differ between two stores holding the same graph."""

from __future__ import annotations

from typing import Any

from graphdb.driver import Database

# Properties that say when something happened to this store, not what the graph holds.
IGNORED = frozenset({"supportCheckedAt", "appliedAt"})

NODES = (
    "MATCH (n) WHERE NOT (n:Migration OR n:GraphVersion) "
    "RETURN labels(n) AS labels, properties(n) AS p, coalesce(n.id, n.name) AS key"
)
RELS = (
    "MATCH (a)-[r]->(b) "
    "RETURN coalesce(a.id, a.name) AS a, type(r) AS type, properties(r) AS p, "
    "coalesce(b.id, b.name) AS b"
)


def _props(p: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, v) for k, v in p.items() if k not in IGNORED))


async def snapshot(db: Database) -> tuple[list[Any], list[Any]]:
    nodes = sorted(
        (r["key"], tuple(sorted(r["labels"])), repr(_props(r["p"])))
        for r in await db.read(NODES, timeout=300)
    )
    rels = sorted(
        (r["a"], r["type"], r["b"], repr(_props(r["p"]))) for r in await db.read(RELS, timeout=300)
    )
    return nodes, rels
