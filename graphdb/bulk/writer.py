"""The batched write path shared by ``supportweb import``, ``supportweb seed`` and mutations.

Records arrive validated (``graphdb.model``); this module only turns them into
``UNWIND $rows`` statements. Every statement is an upsert keyed on the record's id, so
writing the same dataset twice leaves the graph as it was (import is idempotent).

Atomicity: a dataset of at most ``single_tx_limit`` rows is written in one transaction,
so a failure leaves nothing. A larger one (the 1,000,000-tie benchmark) would not fit a
transaction in a small heap, so it is written one batch per transaction; because every
batch is an upsert, running the same import again after a failure completes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import LiteralString, Protocol

from graphdb.cypher import per_kind
from graphdb.driver import Database, Tx
from graphdb.model import Dataset, TieKind, TieRecord

Progress = Callable[[str, int, int], None]
"""Called as progress(what, done, total) after each batch."""

UPSERT_PEOPLE: LiteralString = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p.name = row.name, p.sortName = row.sortName, p.email = row.email,
    p.roles = row.roles, p.department = row.department, p.classYear = row.classYear,
    p.level = row.level, p.openDoor = row.openDoor, p.capacity = row.capacity,
    p.servesLevels = row.servesLevels
REMOVE p:Student:Faculty:Staff:Alum:External
WITH p, row
CALL (p, row) {
  FOREACH (_ IN CASE WHEN 'STUDENT' IN row.roles THEN [1] ELSE [] END | SET p:Student)
  FOREACH (_ IN CASE WHEN 'FACULTY' IN row.roles THEN [1] ELSE [] END | SET p:Faculty)
  FOREACH (_ IN CASE WHEN 'STAFF' IN row.roles THEN [1] ELSE [] END | SET p:Staff)
  FOREACH (_ IN CASE WHEN 'ALUM' IN row.roles THEN [1] ELSE [] END | SET p:Alum)
  FOREACH (_ IN CASE WHEN 'EXTERNAL' IN row.roles THEN [1] ELSE [] END | SET p:External)
}
CALL (p, row) {
  OPTIONAL MATCH (p)-[r:INTERESTED_IN]->(t:Topic) WHERE NOT t.name IN row.interests
  DELETE r
}
CALL (p, row) {
  OPTIONAL MATCH (p)-[r:EXPERT_IN]->(t:Topic) WHERE NOT t.name IN row.expertise
  DELETE r
}
CALL (p, row) {
  UNWIND row.interests AS name
  MERGE (t:Topic {name: name})
  MERGE (p)-[:INTERESTED_IN]->(t)
}
CALL (p, row) {
  UNWIND row.expertise AS name
  MERGE (t:Topic {name: name})
  MERGE (p)-[:EXPERT_IN]->(t)
}
RETURN count(p) AS n
"""

UPSERT_GROUPS: LiteralString = """
UNWIND $rows AS row
MERGE (g:Group {id: row.id})
SET g.name = row.name, g.kind = row.kind, g.sortName = row.sortName
RETURN count(g) AS n
"""

UPSERT_MEMBERSHIPS: LiteralString = """
UNWIND $rows AS row
MATCH (p:Person {id: row.personId}), (g:Group {id: row.groupId})
MERGE (p)-[m:MEMBER_OF]->(g)
SET m.role = row.role, m.since = row.since
RETURN count(m) AS n
"""


def _tie_upsert(rel_type: LiteralString) -> LiteralString:
    # Find an existing tie through the type's id index (a MERGE on the pattern would scan
    # every relationship of the supporter, which is slow for hubs), then update it or
    # create it between its two people.
    return (
        "UNWIND $rows AS row "
        "OPTIONAL MATCH (:Person)-[old:" + rel_type + " {id: row.id}]->(:Person) "
        "CALL (row, old) { WITH row, old WHERE old IS NULL "
        "MATCH (a:Person {id: row.fromId}), (b:Person {id: row.toId}) "
        "CREATE (a)-[r:" + rel_type + " {id: row.id}]->(b) "
        "SET r += row {.since, .until, .strength, .functions, .formal, .lastContact} } "
        "CALL (row, old) { WITH row, old WHERE old IS NOT NULL "
        "SET old.since = row.since, old.until = row.until, old.strength = row.strength, "
        "old.functions = row.functions, old.formal = row.formal, "
        "old.lastContact = row.lastContact } "
        "RETURN count(row) AS n"
    )


# Relationship types are fixed per statement: a type never comes from input text.
UPSERT_TIES: dict[TieKind, LiteralString] = per_kind(_tie_upsert)


def _tie_count(rel_type: LiteralString) -> LiteralString:
    return "MATCH ()-[r:" + rel_type + "]->() RETURN count(r) AS n"


def _tie_id_elsewhere(rel_type: LiteralString) -> LiteralString:
    # Returns only the ties whose people differ from the row's: a re-import of a million
    # unchanged ties sends nothing back.
    return (
        "UNWIND $rows AS row MATCH (a:Person)-[r:" + rel_type + " {id: row.id}]->(b:Person) "
        "WHERE a.id <> row.fromId OR b.id <> row.toId "
        "RETURN row.i AS i, a.id AS fromId, b.id AS toId"
    )


# The upsert cannot move a tie to other people (it finds the tie by type and id, then sets
# its properties), so an import checks first, with these, that no row would ask it to.
COUNT_TIES: dict[TieKind, LiteralString] = per_kind(_tie_count)
TIE_ID_ELSEWHERE: dict[TieKind, LiteralString] = per_kind(_tie_id_elsewhere)


class _Record(Protocol):
    def to_params(self) -> dict[str, object]: ...


@dataclass(frozen=True, slots=True)
class _Step:
    what: str
    query: LiteralString
    records: Sequence[_Record]


def _steps(dataset: Dataset) -> list[_Step]:
    steps = [
        _Step("groups", UPSERT_GROUPS, dataset.groups),
        _Step("people", UPSERT_PEOPLE, dataset.people),
        _Step("memberships", UPSERT_MEMBERSHIPS, dataset.memberships),
    ]
    by_kind: dict[TieKind, list[TieRecord]] = {}
    for tie in dataset.ties:
        by_kind.setdefault(tie.kind, []).append(tie)
    for kind, ties in by_kind.items():
        steps.append(_Step("ties", UPSERT_TIES[kind], ties))
    return [s for s in steps if s.records]


def _batches(records: Sequence[_Record], size: int) -> Iterator[list[dict[str, object]]]:
    # Parameters are built one batch at a time, so a large import holds only one batch of
    # them next to its records.
    for i in range(0, len(records), size):
        yield [r.to_params() for r in records[i : i + size]]


@dataclass(frozen=True, slots=True)
class WriteStats:
    rows: int
    transactions: int


async def write_dataset(
    db: Database,
    dataset: Dataset,
    *,
    batch_size: int = 5_000,
    single_tx_limit: int = 50_000,
    progress: Progress | None = None,
) -> WriteStats:
    """Upsert a validated dataset: groups, then people, memberships and ties."""
    steps = _steps(dataset)
    total = sum(len(s.records) for s in steps)
    done = 0

    def report(what: str, n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(what, done, total)

    if total <= single_tx_limit:

        async def all_at_once(tx: Tx) -> None:
            for step in steps:
                for batch in _batches(step.records, batch_size):
                    await tx.run(step.query, {"rows": batch})
                    report(step.what, len(batch))

        if steps:
            await db.transaction(all_at_once, timeout=600)
        return WriteStats(rows=total, transactions=1 if steps else 0)

    transactions = 0
    for step in steps:
        for batch in _batches(step.records, batch_size):
            await db.write(step.query, {"rows": batch}, timeout=600)
            transactions += 1
            report(step.what, len(batch))
    return WriteStats(rows=total, transactions=transactions)
