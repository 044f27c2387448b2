"""The audit trail: one ``:AuditEvent`` per request (or refused field, or CLI action),
hash-chained so that a changed, removed or inserted event is detected.

What is stored, and why:

- Events name people by *audit keys* (keyed pseudonyms, made by the caller with the
  pseudonym key; ``resolvers.pseudonyms.keyed``), never by id. Each key has one
  ``:AuditName {key, id}`` node that says whose it is, so admins read ids; erasing a person
  removes that id and nothing else, so the events — and the chain over them — stay intact
  and can no longer be tied to the person.
- The chain: events carry ``seq`` (1, 2, …) and ``hash`` = SHA-256 over the event's
  canonical form and the previous event's hash. Appending takes the ``:AuditHead`` node's
  write lock, so writers on every worker append one after another. ``verify`` walks the
  chain and names the first event that does not match.
- A name is never (re)attached to a key whose person was erased: ``RECORD`` sets a new
  ``AuditName``'s id only when the person's tombstone is absent, and erasure leaves the
  name node in place without its id, so a late batch from another worker cannot undo it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, LiteralString

from graphdb.driver import Database, Row, Tx
from graphdb.model import AuditFilter

GENESIS = ""


@dataclass(frozen=True, slots=True)
class Named:
    """A person an event names: their audit key, real id, and tombstone key."""

    key: str
    id: str
    tombstone: str


@dataclass(frozen=True, slots=True)
class AuditEvent:
    actor: str  # an audit key for a person, else a label such as "token:admin"
    roles: tuple[str, ...]
    action: str
    subjects: tuple[str, ...]  # audit keys, sorted
    allowed: bool
    names: tuple[Named, ...] = ()
    # When it happened (not when the batch was written), so the log's order is the truth.
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def _micros(at: dt.datetime) -> int:
    return round(at.timestamp() * 1_000_000)


def canonical(seq: int, at: dt.datetime, e: dict[str, Any], prev: str) -> bytes:
    """What an event's hash covers: every stored field but the hash, and the previous
    hash. ``at`` in whole microseconds since the epoch, so a round trip through Neo4j's
    DateTime gives the same text."""
    body = [seq, _micros(at), e["actor"], list(e["roles"]), e["action"], list(e["subjects"])]
    return json.dumps([*body, bool(e["allowed"]), prev], separators=(",", ":")).encode()


def chain_hash(seq: int, at: dt.datetime, e: dict[str, Any], prev: str) -> str:
    return hashlib.sha256(canonical(seq, at, e, prev)).hexdigest()


HEAD: LiteralString = """
MERGE (h:AuditHead {id: 'audit'}) ON CREATE SET h.seq = 0, h.hash = ''
SET h.lockedAt = datetime()
RETURN h.seq AS seq, h.hash AS hash
"""

# The batch's people once (an AuditName each, MERGEd once however many events name them),
# then its events, each linked to the names it was given: BY its actor, ABOUT its subjects.
RECORD: LiteralString = """
CALL () {
  UNWIND $names AS n
  WITH n, EXISTS { (:Tombstone {key: n.tombstone}) } AS buried
  MERGE (name:AuditName {key: n.key})
    ON CREATE SET name.id = CASE WHEN buried THEN null ELSE n.id END
}
UNWIND $events AS e
CREATE (a:AuditEvent {seq: e.seq,
                      at: datetime({epochSeconds: e.at / 1000000,
                                    nanosecond: e.at % 1000000 * 1000}),
                      actor: e.actor, roles: e.roles,
                      action: e.action, subjects: e.subjects, allowed: e.allowed,
                      hash: e.hash})
WITH a, e
CALL (a, e) {
  UNWIND e.by AS k
  MATCH (name:AuditName {key: k})
  CREATE (a)-[:BY]->(name)
}
CALL (a, e) {
  UNWIND e.about AS k
  MATCH (name:AuditName {key: k})
  CREATE (a)-[:ABOUT]->(name)
}
WITH count(*) AS _
MATCH (h:AuditHead {id: 'audit'})
SET h.seq = $seq, h.hash = $hash
"""


async def record(db: Database, events: list[AuditEvent]) -> None:
    """Append these events to the chain, in one transaction."""
    if not events:
        return

    async def work(tx: Tx) -> None:
        head = (await tx.run(HEAD))[0]
        seq, prev = int(head["seq"]), str(head["hash"])
        rows = []
        for event in sorted(events, key=lambda e: e.at):
            seq += 1
            row = _row(event)
            prev = chain_hash(seq, event.at, row, prev)
            rows.append(row | {"seq": seq, "hash": prev})
        await tx.run(RECORD, {"names": _names(events), "events": rows, "seq": seq, "hash": prev})

    await db.transaction(work, graph=False)


def _row(e: AuditEvent) -> dict[str, Any]:
    """An event as RECORD takes it: its links only to people it was given names for, and
    its time in whole microseconds since the epoch (what the hash covers), made a DateTime
    by Neo4j: the driver's own conversion of a datetime cost about half the batch's CPU."""
    named = {n.key for n in e.names}
    return {
        "at": _micros(e.at),
        "actor": e.actor,
        "roles": list(e.roles),
        "action": e.action,
        "subjects": list(e.subjects),
        "allowed": e.allowed,
        "by": [e.actor] if e.actor in named else [],
        "about": [k for k in dict.fromkeys(e.subjects) if k in named],
    }


def _names(events: list[AuditEvent]) -> list[dict[str, str]]:
    """Every person the batch names, once: a key always stands for the same id and
    tombstone (both are made from the id with the one pseudonym key)."""
    names = {n.key: n for e in events for n in e.names}
    return [{"key": n.key, "id": n.id, "tombstone": n.tombstone} for n in names.values()]


# Each filter is off when null; keyset pagination on seq, newest first. A person in a
# filter is given by id (looked up by their key, while the key still names them: an
# erased person's id finds nothing) or by the key itself. With a subject, the walk starts
# from their name node: an index seek, not a scan of the whole trail.
_EVERY: LiteralString = "MATCH (e:AuditEvent) WHERE true"
_ABOUT: LiteralString = (
    "MATCH (n:AuditName)<-[:ABOUT]-(e:AuditEvent) WHERE n.key IN [$subjectKey, $subject] "
    "AND (n.key = $subject OR n.id = $subject)"
)
_FILTERS: LiteralString = """
  AND ($actor IS NULL OR e.actor = $actor
       OR (e.actor = $actorKey AND EXISTS { (e)-[:BY]->(:AuditName {id: $actor}) }))
  AND ($action IS NULL OR e.action = $action)
  AND ($since IS NULL OR e.at >= $since) AND ($until IS NULL OR e.at < $until)
"""
_PAGE: LiteralString = """ AND ($afterSeq IS NULL OR e.seq < $afterSeq)
  WITH e ORDER BY e.seq DESC LIMIT $limit
  RETURN collect(e {.seq, .at, .roles, .action, .allowed,
    actor: coalesce(COLLECT { MATCH (e)-[:BY]->(n:AuditName) RETURN n.id }[0], e.actor),
    subjects: [k IN e.subjects | coalesce(
      COLLECT { MATCH (e)-[:ABOUT]->(n:AuditName {key: k}) RETURN n.id }[0], k)]
  }) AS page
}
RETURN total, page"""


def _list_query(start: LiteralString) -> LiteralString:
    return (
        "CALL () { " + start + _FILTERS + " RETURN count(e) AS total } "
        "CALL () { " + start + _FILTERS + _PAGE
    )


LIST_ALL: LiteralString = _list_query(_EVERY)
LIST_ABOUT: LiteralString = _list_query(_ABOUT)


async def list_events(
    db: Database, flt: AuditFilter, first: int, after_seq: int | None, key_of: dict[str, str]
) -> tuple[int, list[Row], bool]:
    """A page of events, newest first. ``key_of`` gives the audit key of each person id
    the filter names (the caller holds the key)."""
    params: dict[str, Any] = {
        "actor": flt.actor,
        "actorKey": key_of.get(flt.actor) if flt.actor else None,
        "subject": flt.subject,
        "subjectKey": key_of.get(flt.subject) if flt.subject else None,
        "action": flt.action,
        "since": flt.since,
        "until": flt.until,
        "afterSeq": after_seq,
        "limit": first + 1,
    }
    row = await db.read_one(LIST_ABOUT if flt.subject else LIST_ALL, params)
    assert row is not None  # aggregates always return a row
    page: list[Row] = row["page"]
    return row["total"], page[:first], len(page) > first


FORGET: LiteralString = """
MATCH (n:AuditName {key: $key})
REMOVE n.id
SET n.erased = true
RETURN COUNT { MATCH (n)<-[:ABOUT|BY]-(e:AuditEvent) RETURN DISTINCT e } AS events
"""


async def forget(tx: Tx, key: str) -> int:
    """Detach the audit from a person's id (erasure); the number of events about them."""
    rows = await tx.run(FORGET, {"key": key})
    return int(rows[0]["events"]) if rows else 0


CHAIN: LiteralString = """
MATCH (e:AuditEvent) WHERE e.seq > $after
RETURN e {.seq, .at, .actor, .roles, .action, .subjects, .allowed, .hash} AS e
ORDER BY e.seq LIMIT $limit
"""
TIP: LiteralString = "MATCH (h:AuditHead {id: 'audit'}) RETURN h.seq AS seq, h.hash AS hash"


@dataclass(frozen=True, slots=True)
class Verification:
    events: int
    problem: str | None  # None: the chain is whole

    @property
    def ok(self) -> bool:
        return self.problem is None


async def _chain(db: Database, batch: int) -> AsyncIterator[Row]:
    after = 0
    while True:
        rows = await db.read(CHAIN, {"after": after, "limit": batch})
        for r in rows:
            yield r["e"]
        if len(rows) < batch:
            return
        after = int(rows[-1]["e"]["seq"])


async def verify(db: Database, batch: int = 5000) -> Verification:
    """Recompute the chain from the first event; report the first break."""
    prev, seq = GENESIS, 0
    async for e in _chain(db, batch):
        seq += 1
        at = e["at"].to_native() if hasattr(e["at"], "to_native") else e["at"]
        if int(e["seq"]) != seq:
            return Verification(seq - 1, f"event {seq} is missing (found {e['seq']} next)")
        if chain_hash(seq, at, e, prev) != e["hash"]:
            return Verification(seq - 1, f"event {seq} was changed: its hash does not match")
        prev = e["hash"]
    tip = await db.read_one(TIP)
    if tip is not None and (int(tip["seq"]), str(tip["hash"])) != (seq, prev):
        return Verification(seq, f"the chain ends at event {seq} but {tip['seq']} were written")
    return Verification(seq, None)
