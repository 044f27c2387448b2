"""The settings of programs and requests, passed down from supportweb.settings (resolvers
never read the environment), and the weights of the matcher (docs/programs.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """The matcher's score of a pair (docs/programs.md, "Matching"):

    ``score = 100 × (BASE + (1 − BASE) × (topic·t + level·l + network·n + groups·g))``,
    × ``thin`` for a mentee with thin support; each mentor's place in the program beyond
    their first costs ``place_step`` points, at most ``place_steps`` times."""

    base: float = 0.2
    topic: float = 0.40
    level: float = 0.15
    network: float = 0.30
    groups: float = 0.15
    thin: float = 1.5
    # How close the two are (hops over active ties of any kind) scales their warmth.
    closeness: tuple[float, float] = (1.0, 0.5)  # 1 hop, 2 hops; further: 0
    neutral: float = 0.5
    groups_full: int = 2
    place_step: int = 2
    place_steps: int = 9

    def place_cost(self, place: int) -> int:
        """Points a mentor's ``place``-th place in the program costs (0 for the first):
        never decreasing, so a mentor's places fill in order, and always below the
        ``base`` of any pair, so spreading load never leaves a mentee unmatched."""
        return self.place_step * min(place, self.place_steps)


@dataclass(frozen=True, slots=True)
class ProgramSettings:
    """``max_pending``: SUPPORTWEB_MAX_PENDING_REQUESTS; ``ttl_days``:
    SUPPORTWEB_REQUEST_TTL_DAYS; ``clock``: the time requests are stamped and expire by
    (tests pass one they move)."""

    max_pending: int = 5
    ttl_days: int = 14
    clock: Callable[[], dt.datetime] = utc_now
    weights: MatchWeights = field(default_factory=MatchWeights)
    # Lists on a program (mentors, mentees) and pairs accepted at once.
    max_pairs: int = 1000

    def now(self) -> dt.datetime:
        now = self.clock()
        # Stored times are zoned, and Neo4j compares a zoned time only with a zoned one: a
        # clock without a zone is read as UTC.
        return now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)

    def expires(self, now: dt.datetime) -> dt.datetime:
        return now + dt.timedelta(days=self.ttl_days)


DEFAULT_PROGRAM_SETTINGS = ProgramSettings()
