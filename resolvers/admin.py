"""Administration: the audit listing and its verification (erasure: resolvers/erasure.py)."""

from __future__ import annotations

from graphdb import audit
from graphdb.driver import Database, Row
from graphdb.model import AuditFilter
from resolvers.audit import audit_key
from resolvers.pagination import Cursors, check_first


async def audit_log(
    db: Database, key: str, cursors: Cursors, flt: AuditFilter, first: int, after: str | None
) -> tuple[int, list[tuple[Row, str]], bool]:
    check_first(first)
    after_seq = int(cursors.decode("audit", after, 1)[0]) if after else None
    ids = [i for i in (flt.actor, flt.subject) if i]
    total, rows, more = await audit.list_events(
        db, flt, first, after_seq, {i: audit_key(key, i) for i in ids}
    )
    return total, [(r, cursors.encode("audit", r["seq"])) for r in rows], more


async def verify_audit(db: Database) -> audit.Verification:
    return await audit.verify(db)
