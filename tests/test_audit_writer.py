"""The background audit writer under steady load: a flush waits for what it was called
for, and nothing submitted is left behind."""

from __future__ import annotations

import asyncio

from graphdb.audit import AuditEvent, verify
from graphdb.audit_writer import AuditWriter
from graphdb.driver import Database


def _event(action: str) -> AuditEvent:
    return AuditEvent("token:admin", ("ADMIN",), action, (), True)


async def _stored(db: Database) -> set[str]:
    rows = await db.read("MATCH (e:AuditEvent) RETURN e.action AS action")
    return {str(r["action"]) for r in rows}


async def test_a_flush_under_steady_load_returns_once_its_own_events_are_stored(
    db: Database,
) -> None:
    # A request ends every millisecond, for five seconds or more, so events arrive during
    # every write (a write awaits Neo4j for a few). A flush that waited for "nothing
    # pending" never saw it: the write of a mutation's audit waited behind everyone's
    # reads, and the writer wrote one transaction per few events.
    writer = AuditWriter(db, interval=3600)  # no background write: only the flush
    submitted = 0
    stop, started = asyncio.Event(), asyncio.Event()

    async def load() -> None:
        nonlocal submitted
        while not stop.is_set() and submitted < 5_000:
            writer.submit([_event(f"read-{submitted}")])
            submitted += 1
            if submitted == 50:
                started.set()
            await asyncio.sleep(0.001)

    producer = asyncio.create_task(load())
    await started.wait()
    writer.submit([_event("the-write")])
    before = submitted
    await writer.flush()
    still_loading = not producer.done()
    stop.set()
    await producer

    assert still_loading, "the flush waited until the load stopped"
    stored = await _stored(db)
    assert "the-write" in stored
    assert {f"read-{i}" for i in range(before)} <= stored
    # Those that came later are written by the next flush (here: closing), in order.
    await writer.close()
    assert len(await _stored(db)) == submitted + 1
    assert (await verify(db)).ok
    # One transaction for the flush, one for closing: not one per few events.
    stats = writer.stats()
    assert (stats.stored, stats.pending, stats.batches, stats.failed) == (submitted + 1, 0, 2, 0)
    assert stats.events_per_batch == round((submitted + 1) / 2, 1)


async def test_events_that_arrive_during_a_background_write_are_written_without_a_flush(
    db: Database,
) -> None:
    writer = AuditWriter(db, interval=0.02)
    for i in range(300):
        writer.submit([_event(f"read-{i}")])
        await asyncio.sleep(0.001)
    # No more requests: the writer must still write what arrived during its last batch.
    for _ in range(500):
        if len(await _stored(db)) == 300:
            break
        await asyncio.sleep(0.02)
    assert len(await _stored(db)) == 300
    assert (await verify(db)).ok
    await writer.close()
