"""Erasure of a person: in one transaction (graphdb/erase.py), then the people they
supported re-scored; their tokens are refused from then on (resolvers/tombstones.py)."""

from __future__ import annotations

from graphdb import erase
from graphdb.profiles import supported_by
from resolvers.alerts import after_support_write
from resolvers.audit import audit_key, tombstone_key
from resolvers.scope import RequestScope


async def erase_person(scope: RequestScope, person_id: str) -> erase.Erasure:
    supported = await supported_by(scope.db, person_id)
    key = scope.audit_key()
    done = await erase.erase_person(
        scope.db, person_id, audit_key(key, person_id), tombstone_key(key, person_id)
    )
    scope.forget_in_audit(person_id)
    if scope.tombstones is not None:
        scope.tombstones.bury(person_id)
    # The people they supported have lost a supporter: re-score them, alert on flips.
    await after_support_write(scope.db, supported)
    return done
