"""Every threshold and weight of the support profile and of growing ties, with the
documented defaults (docs/support-score.md §3–4)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SupportSettings:
    """Every threshold and weight of the profile, with the documented defaults.

    Changing them changes stored scores: run ``score_table.rebuild_scores`` afterwards.
    """

    # Typology (Higgins & Kram): high range from this many role categories, strong ties
    # from this mean strength. ``strong`` is also where a tie earns full strength credit.
    range_high: int = 2
    strong: float = 0.6
    # Each structural component earns full credit at this target.
    size_target: int = 4
    range_target: int = 3
    department_target: int = 2
    # Recency bands over the days since the latest contact with a supporter.
    recent_days: int = 90
    fading_days: int = 180
    stale_days: int = 365
    fading_factor: float = 0.75
    stale_factor: float = 0.5
    dormant_factor: float = 0.25
    unknown_contact_factor: float = 0.75
    # Weights, in points out of 100.
    weight_size: float = 25.0
    weight_range: float = 15.0
    weight_departments: float = 5.0
    weight_ties: float = 25.0
    weight_functions: float = 20.0
    weight_redundancy: float = 10.0
    # Thin: one supporter or fewer, or a score below this.
    thin_below: float = 50.0
    # How many names a reason lists before "and N more".
    names_in_reason: int = 3

    def __post_init__(self) -> None:
        total = (
            self.weight_size
            + self.weight_range
            + self.weight_departments
            + self.weight_ties
            + self.weight_functions
            + self.weight_redundancy
        )
        if abs(total - 100.0) > 1e-9:
            raise ValueError(f"support score weights must add up to 100, not {total}")
        if not 0 < self.strong <= 1:
            raise ValueError("strong must be in (0, 1]")
        if not 0 <= self.recent_days < self.fading_days < self.stale_days:
            raise ValueError("recency bands must grow: recent < fading < stale days")
        if min(self.size_target, self.range_target, self.department_target) < 1:
            raise ValueError("component targets must be at least 1")


DEFAULT_SETTINGS = SupportSettings()


@dataclass(frozen=True, slots=True)
class GrowingSettings:
    """The rule for "this advising/teaching/coaching tie looks like mentoring"."""

    min_months: int = 6  # the tie has lasted at least this long
    contact_within_days: int = 60  # and someone was in touch this recently
    min_strength: float = 0.6  # and it is at least this strong
    window_days: int = 365  # logged interactions are counted over this window,
    min_contact_months: int = 3  # and, when any are logged, fall in this many months


DEFAULT_GROWING = GrowingSettings()
