"""The score table behind the thin-support list: scores stored on the Person nodes.

Each scored person carries ``supportScore``, ``supportThin`` and ``supportValidUntil``,
and labels (their indexes are in migration V0004); see docs/support-score.md §5 for why,
and for the protocol that keeps the table correct:

- ``:SupportScored`` — the stored score is there. ``count(:Person) - count(:SupportScored)``
  comes from Neo4j's count store, so people created by any writer are noticed for free.
- ``:SupportStale`` — set by a writer (in its own transaction) on everyone whose support
  it changed; the next reader recomputes them.
- ``:ThinSupport`` / ``:ThinStudent`` — the person is thin (and a student); the list
  walks an index on these labels in score order.
- ``supportValidUntil`` — the first day the stored score could change on its own (a tie's
  ``until`` passes, a last contact ages into the next recency band).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString, NamedTuple

from graphdb.cypher import SUPPORT_TYPES
from graphdb.driver import Database, Row, Runner, Tx
from graphdb.profiles import COMPACT_RETURN, INCOMING_COMPACT, expand_rows

# Refresh: taking each person's write lock (the SET) before reading their ties means a
# writer that marks them stale either committed before (we read its change) or waits for
# us and marks them stale again afterwards; an invalidation is never lost.
LOCK_AND_TIE_DATA: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) "
    "SET s.supportCheckedAt = datetime() REMOVE s:SupportStale WITH s "
    + INCOMING_COMPACT
    + COMPACT_RETURN
)

STORE_SCORES: LiteralString = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.supportScore = row.score, p.supportThin = row.thin, p.supportValidUntil = row.validUntil,
    p:SupportScored
WITH p, row
CALL (p, row) {
  FOREACH (_ IN CASE WHEN row.thin THEN [1] ELSE [] END | SET p:ThinSupport)
  FOREACH (_ IN CASE WHEN row.thin THEN [] ELSE [1] END | REMOVE p:ThinSupport)
  FOREACH (_ IN CASE WHEN row.thin AND 'STUDENT' IN p.roles THEN [1] ELSE [] END |
    SET p:ThinStudent)
  FOREACH (_ IN CASE WHEN row.thin AND 'STUDENT' IN p.roles THEN [] ELSE [1] END |
    REMOVE p:ThinStudent)
}
RETURN count(p) AS n
"""

# Everything the thin list must recompute before it can trust the table. The two counts
# come from the count store; the stale label and the validity date are index lookups.
# Ids in order: re-scoring takes the people's locks in it, as every refresh does.
STATE: LiteralString = """
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (p:SupportScored) RETURN count(p) AS scored }
CALL () { MATCH (p:SupportStale) WITH p.id AS id ORDER BY id RETURN collect(id) AS stale }
CALL () {
  MATCH (p:Person) WHERE p.supportValidUntil <= date()
  WITH p.id AS id ORDER BY id RETURN collect(id) AS expired
}
"""
"""The subqueries of the table's state; a statement that embeds them returns
``STATE_COLUMNS`` and reads them back with ``StaleState.of``."""
STATE_COLUMNS: LiteralString = "people, scored, stale, expired"
STALE_STATE: LiteralString = STATE + "RETURN " + STATE_COLUMNS

UNSCORED: LiteralString = "MATCH (p:Person) WHERE NOT p:SupportScored RETURN p.id AS id"

# By id, so that a rebuild takes the people's locks in the order every refresh does.
EVERYONE: LiteralString = "MATCH (p:Person) RETURN p.id AS id ORDER BY id"

# Everyone, for a rebuild that can be resumed: each refresh chunk clears its people's mark,
# so an interrupted rebuild leaves exactly the people still to score marked.
MARK_EVERYONE_STALE: LiteralString = (
    "MATCH (p:Person) CALL (p) { SET p:SupportStale } IN TRANSACTIONS OF 10000 ROWS"
)

MARK_STALE: LiteralString = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) SET p:SupportStale RETURN count(p) AS n"
)

# A supporter's name, roles or department feed the profiles of everyone they support.
# Ended ties are followed too: re-scoring someone needlessly is cheap, missing them is not.
MARK_SUPPORTED_BY_STALE: LiteralString = (
    "UNWIND $ids AS pid MATCH (:Person {id: pid})-[:" + SUPPORT_TYPES + "]->(p:Person) "
    "WITH DISTINCT p SET p:SupportStale RETURN count(p) AS n"
)

# In batches (one transaction each) until nothing is left; returns how many it cleared.
DROP_SCORE_BATCH: LiteralString = """
MATCH (p:Person) WHERE p.supportScore IS NOT NULL OR p:SupportScored OR p:SupportStale
  OR p:ThinSupport OR p:ThinStudent
WITH p LIMIT 10000
REMOVE p:SupportScored:SupportStale:ThinSupport:ThinStudent
REMOVE p.supportScore, p.supportThin, p.supportValidUntil, p.supportCheckedAt
RETURN count(p) AS n
"""


class StoredScore(NamedTuple):
    """What the table keeps of one person's profile."""

    score: float
    thin: bool
    valid_until: dt.date | None


@dataclass(frozen=True, slots=True)
class StaleState:
    """What the table cannot vouch for: ``people > scored`` means someone was never
    scored; ``stale`` were marked by writers; ``expired`` are past their validity date."""

    people: int
    scored: int
    stale: list[str]
    expired: list[str]

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> StaleState:
        return cls(row["people"], row["scored"], row["stale"], row["expired"])

    @property
    def has_work(self) -> bool:
        return bool(self.stale or self.expired or self.people > self.scored)


async def mark_stale(runner: Runner, ids: Sequence[str]) -> None:
    """Say that these people's support changed. Call it in the writing transaction."""
    if ids:
        await runner.write(MARK_STALE, {"ids": list(dict.fromkeys(ids))})


async def mark_supported_by_stale(runner: Runner, supporter_ids: Sequence[str]) -> None:
    """Say that these supporters changed (name, roles, department) or are about to go."""
    if supporter_ids:
        params = {"ids": list(dict.fromkeys(supporter_ids))}
        await runner.write(MARK_SUPPORTED_BY_STALE, params)


async def mark_everyone_stale(db: Database) -> None:
    """Mark every person stale (a rebuild: the next refresh re-scores them all)."""
    await db.run_batched(MARK_EVERYONE_STALE, timeout=3_600)


async def stale_state(db: Database) -> StaleState:
    row = await db.read_one(STALE_STATE)
    assert row is not None  # aggregates always return a row
    return StaleState.of(row)


async def unscored(db: Database) -> list[str]:
    return [r["id"] for r in await db.read(UNSCORED)]


async def everyone(db: Database) -> list[str]:
    """Every person's id, in id order."""
    return [r["id"] for r in await db.read(EVERYONE)]


async def lock_and_tie_data(tx: Tx, ids: Sequence[str]) -> list[Row]:
    """As ``graphdb.profiles.tie_data``, after taking each person's write lock, in the
    order given (see LOCK_AND_TIE_DATA)."""
    return expand_rows(await tx.run(LOCK_AND_TIE_DATA, {"ids": list(ids), "without": []}))


async def store_scores(tx: Tx, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store ``{id, score, thin, validUntil}`` rows and set the labels that follow."""
    await tx.run(STORE_SCORES, {"rows": list(rows)})


async def drop_score_table(db: Database) -> None:
    """Forget every stored score, in batches of 10,000 people."""
    while True:
        rows = await db.write(DROP_SCORE_BATCH, timeout=600)
        if not rows or rows[0]["n"] == 0:
            return
