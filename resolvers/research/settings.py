"""The research analytics' own settings, with the documented defaults (docs/research.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ResearchSettings:
    # Betweenness is exact up to this many people (igraph: ~1 s at 5,000 on one core),
    # sampled from ``pivots`` sources beyond.
    exact_betweenness_max: int = 10_000
    pivots: int = 500
    # Confidence of the sampled bound: every score within it with probability 1 - delta.
    confidence_delta: float = 0.05
    # Seeds of the sampled pivots and of Leiden: the same graph gives the same answer.
    seed: int = 7
    # People named per community (its most connected members).
    community_people: int = 10
    # Communities listed, largest first.
    communities_listed: int = 20

    def __post_init__(self) -> None:
        if self.pivots < 2:
            raise ValueError("pivots must be at least 2")
        if not 0 < self.confidence_delta < 1:
            raise ValueError("confidence_delta must be in (0, 1)")


DEFAULT_RESEARCH = ResearchSettings()
