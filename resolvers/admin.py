"""Administration: erasure (with the re-scoring it causes) and the audit listing."""

from __future__ import annotations

import datetime as dt

from graphdb import audit, erase
from graphdb.driver import Database, Row
from graphdb.model import AuditFilter
from graphdb.profiles import supported_by
from resolvers.alerts import after_support_write
from resolvers.pagination import check_first, decode_cursor, encode_cursor


async def erase_person(db: Database, person_id: str, pseudonym: str) -> erase.Erasure:
    supported = await supported_by(db, person_id)
    done = await erase.erase_person(db, person_id, pseudonym)
    # The people they supported have lost a supporter: re-score them, alert on flips.
    await after_support_write(db, supported)
    return done


async def audit_log(
    db: Database, flt: AuditFilter, first: int, after: str | None
) -> tuple[int, list[tuple[Row, str]], bool]:
    check_first(first)
    key = decode_cursor(after, 2) if after else None
    total, rows, more = await audit.list_events(
        db, flt, first, (dt.datetime.fromisoformat(key[0]), str(key[1])) if key else None
    )
    return total, [(r, encode_cursor(r["at"].isoformat(), r["id"])) for r in rows], more
