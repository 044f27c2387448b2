"""Random draws of the background population, tuned for hot loops (a million ties)."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from itertools import accumulate


class Pool:
    """People to draw from, each in proportion to a weight (bisect over cumulative sums)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence[int], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1] if self.cum else 0.0

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random) -> int:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def strength(rng: random.Random, mean: float, spread: float) -> float:
    """A tie strength around ``mean``, kept inside 0.05..1 and to two decimals."""
    # a triangular draw with standard deviation ``spread`` (cheaper than gauss, same shape
    # for our purpose)
    r = rng.random
    return as_strength(mean + spread * 2.449 * (r() + r() - 1.0))


def as_strength(s: float) -> float:
    """``s`` kept inside 0.05..1 and to two decimals: no seeded tie is weaker than 0.05."""
    # min(1.0, max(0.05, s)) without the two calls: a million draws at 100,000 people
    return round(0.05 if s < 0.05 else 1.0 if s > 1.0 else s, 2)


def recent(rng: random.Random, mean_days: float) -> int:
    """Days since a last contact, exponentially distributed around ``mean_days``."""
    return int(rng.expovariate(1.0 / mean_days))


def uniform_days(rng: random.Random) -> Callable[[int, int], int]:
    """``between(lo, hi)``: a whole number of days in lo..hi, both included."""
    rnd = rng.random

    def between(lo: int, hi: int) -> int:
        # rng.randint's argument checks cost more than the draw in these hot loops; this
        # is a different draw from randint's, so the two are not interchangeable
        return lo + int(rnd() * (hi - lo + 1))

    return between
