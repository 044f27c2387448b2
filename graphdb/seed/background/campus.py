"""What the background population knows about itself while its people, groups and ties
are drawn: who is faculty, whose major is which, who lives in which dorm, ...

Everything is by person and group number (graphdb.seed.builder.Builder's indexes).
"""

from __future__ import annotations

from collections.abc import Sequence

from graphdb.model import Level
from graphdb.seed.background.draws import Pool, uniform_days
from graphdb.seed.builder import Builder
from graphdb.seed.catalog import DEPARTMENTS

# Shares of the background population (what is left after the scenarios).
SHARES: tuple[tuple[str, float], ...] = (
    ("faculty", 0.07),
    ("staff", 0.05),
    ("grad", 0.12),
    ("alum", 0.15),
    ("external", 0.06),
    # undergraduates take the rest (about 55%)
)


class Campus:
    """The campus population and its groups; never touches a scenario person."""

    def __init__(self, b: Builder, size: int) -> None:
        self.b = b
        self.rng = b.rng
        self.tie = b.tie
        self.between = uniform_days(b.rng)
        n_depts = min(len(DEPARTMENTS), max(6, size // 250))
        self.depts = DEPARTMENTS[:n_depts]
        self.counts = _split(size)
        self.weight: list[float] = []  # activity weight by person index
        self.dept_of: dict[int, int] = {}
        self.yos: dict[int, int] = {}  # year of study, students only
        self.contexts: dict[int, list[int]] = {}  # person -> groups (peer and KNOWS draws)
        self.group_members: dict[int, list[int]] = {}
        self.faculty: list[int] = []
        self.staff: list[int] = []
        self.grads: list[int] = []
        self.ugs: list[int] = []
        self.alums: list[int] = []
        self.externals: list[int] = []
        self.everyone: list[int] = []
        self.mentor_capacity: dict[int, int | None] = {}
        self.level: dict[int, Level] = {}
        self.serves: dict[int, tuple[Level, ...]] = {}
        self.office_staff: dict[str, list[int]] = {}
        self.dept_groups: list[int] = []
        self.office_groups: dict[str, int] = {}
        self.lab_pi: dict[int, int] = {}  # lab group -> principal investigator
        self.lab_of: dict[int, int] = {}  # student -> lab group
        self.ra_of: dict[int, int] = {}  # dorm resident -> resident assistant
        self.workers: dict[int, int] = {}  # student worker -> office group
        self.tutors: list[int] = []

    def activity(self) -> float:
        # Pareto(1.6): most people near 1, a few at 20-80 — the heavy tail of degrees.
        return min(self.rng.paretovariate(1.6), 80.0)

    def pool(self, people: Sequence[int]) -> Pool:
        """People to draw from by their activity: busy people are drawn more often."""
        weight = self.weight
        return Pool(people, [weight[p] for p in people])

    def students(self) -> list[int]:
        return self.ugs + self.grads

    def join(self, p: int, g: int, role: str, since_ago: int) -> None:
        if self.b.member(p, g, role, since_ago):
            self.group_members.setdefault(g, []).append(p)
            self.contexts.setdefault(p, []).append(g)


def _split(total: int) -> dict[str, int]:
    counts = {what: int(total * share) for what, share in SHARES}
    counts["undergrad"] = total - sum(counts.values())
    return counts
