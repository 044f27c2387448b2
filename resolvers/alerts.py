"""What every write that can change someone's support does afterwards: re-score the people
it touched and, for each whose thinness flipped, publish a support alert."""

from __future__ import annotations

from collections.abc import Sequence

from graphdb import alerts
from graphdb.driver import Database
from resolvers.support.score_table import ScoreChange, support_changed


async def after_support_write(db: Database, person_ids: Sequence[str]) -> list[ScoreChange]:
    changes = await support_changed(db, person_ids)
    flips = [c for c in changes if c.thin_changed]
    await alerts.publish(
        db,
        [
            {
                "personId": c.person_id,
                "oldScore": c.old_score,
                "newScore": c.new_score,
                "wasThin": c.was_thin,
                "thin": c.thin,
                "reasons": list(c.reasons),
            }
            for c in flips
        ],
    )
    return changes
