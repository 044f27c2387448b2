"""The constants of the mentor score (docs/mentor-paths.md, "Score"), gathered in a
``Scoring`` value the settings layer may replace, and passed to the queries as parameters.

    score = DISTANCE_POINTS[hops] + FIT_POINTS * (W_WARMTH * warmth + W_TOPIC * topic_fit
            + W_HEADROOM * headroom + W_GROUPS * shared_groups + W_LEVEL * level_fit)

Distance comes first: the fit, worth at most FIT_POINTS, is one distance band, so a closer
mentor never ranks below one further away. That is what lets the search stop early.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphdb.model import DEFAULT_STRENGTH

DISTANCE_POINTS: tuple[float, float, float, float] = (75.0, 50.0, 25.0, 0.0)
FIT_POINTS = 25.0
W_WARMTH = 0.30
W_TOPIC = 0.30
W_HEADROOM = 0.15
W_GROUPS = 0.15
W_LEVEL = 0.10
NEUTRAL = 0.5
GROUPS_FULL = 2
RECENCY_DAYS = 365.0
RECENCY_UNKNOWN = 0.5
HUB_DEGREE = 100
HUB_EXPONENT = 0.25


@dataclass(frozen=True, slots=True)
class Scoring:
    """The constants of the score; the defaults are the module's."""

    distance_points: tuple[float, float, float, float] = DISTANCE_POINTS
    fit_points: float = FIT_POINTS
    w_warmth: float = W_WARMTH
    w_topic: float = W_TOPIC
    w_headroom: float = W_HEADROOM
    w_groups: float = W_GROUPS
    w_level: float = W_LEVEL
    neutral: float = NEUTRAL
    groups_full: int = GROUPS_FULL
    recency_days: float = RECENCY_DAYS
    recency_unknown: float = RECENCY_UNKNOWN
    hub_degree: int = HUB_DEGREE
    hub_exponent: float = HUB_EXPONENT

    def path_params(self) -> dict[str, object]:
        """The parameters of graphdb.mentors.warmth: how warm a tie, how much a hub."""
        return {
            "defaultStrength": DEFAULT_STRENGTH,
            "recencyDays": float(self.recency_days),
            "recencyUnknown": float(self.recency_unknown),
            "hubDegree": int(self.hub_degree),
            "hubExponent": float(self.hub_exponent),
        }

    def params(self) -> dict[str, object]:
        """Those, and the parameters of graphdb.mentors.score."""
        return {
            **self.path_params(),
            "distancePoints": [float(p) for p in self.distance_points],
            "fitPoints": float(self.fit_points),
            "wWarmth": float(self.w_warmth),
            "wTopic": float(self.w_topic),
            "wHeadroom": float(self.w_headroom),
            "wGroups": float(self.w_groups),
            "wLevel": float(self.w_level),
            "neutral": float(self.neutral),
            "groupsFull": int(self.groups_full),
        }


DEFAULT_SCORING = Scoring()
