"""``supportDistribution`` (SPEC §9), the equity view: per group, how support is spread.

Per group: the support score's distribution (stored scores, the table of
docs/support-score.md §5, refreshed before the read), the share of thin people, the
typology mix and the functions most often missing. Typology and missing functions come
from each person's incoming active support ties in the projection, by the rules of
``resolvers.support.profile`` (``typology``, ``role_category`` precedence, a tie's
functions defaulting to its kind's): the same answer as their live ``supportProfile``
(a test holds every person to it). No demographic field enters a figure: the grouping is
the only place one is read, and it only says which people a row summarises.

Quartiles interpolate linearly between ranks (numpy's and pandas' default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graphdb.model import DEFAULT_FUNCTIONS, DEFAULT_STRENGTH, SupportFunction, TieKind
from graphdb.research import FUNCTIONS, KINDS, Projection
from resolvers.research.graphs import categories
from resolvers.research.grouping import Group
from resolvers.support.profile import Typology, typology
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Webs:
    """Each person's web of support as the typology and missing functions read it."""

    typology: list[Typology]
    covered: npt.NDArray[np.int64]  # bit i: FUNCTIONS[i] covered


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float
    mean: float


@dataclass(frozen=True, slots=True)
class GroupStats:
    key: str | None
    label: str
    people: int
    scored: int
    score: ScoreSummary | None
    thin_share: float | None
    typology: list[tuple[Typology, int, float]]
    functions_missing: list[tuple[SupportFunction, int, float]]


def _default_masks() -> npt.NDArray[np.int64]:
    masks = np.zeros(len(KINDS), dtype=np.int64)
    for i, kind in enumerate(KINDS):
        for f in DEFAULT_FUNCTIONS[kind]:
            masks[i] |= 1 << FUNCTIONS.index(f)
    return masks


def webs(p: Projection, settings: SupportSettings = DEFAULT_SETTINGS) -> Webs:
    support = p.kind != KINDS.index(TieKind.KNOWS)
    src = p.src[support].astype(np.int64)
    dst = p.dst[support].astype(np.int64)
    strength = np.nan_to_num(p.strength[support], nan=DEFAULT_STRENGTH)
    raw = p.functions[support].astype(np.int64)
    functions = np.where(raw == 0, _default_masks()[p.kind[support]], raw)
    # One row per (supported, supporter): their strongest tie, the functions of all.
    order = np.lexsort((src, dst))
    pair = dst[order] * p.n + src[order]
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]]) if len(pair) else pair
    who = dst[order][starts]
    by = src[order][starts]
    best = np.maximum.reduceat(strength[order], starts) if len(pair) else strength
    gives = np.bitwise_or.reduceat(functions[order], starts) if len(pair) else functions
    size = np.bincount(who, minlength=p.n)
    total = np.bincount(who, weights=best, minlength=p.n)
    category = categories(p).astype(np.int64)
    bits = np.where(category[by] >= 0, 1 << np.maximum(category[by], 0), 0)
    seen = np.zeros(p.n, dtype=np.int64)
    np.bitwise_or.at(seen, who, bits)
    covered = np.zeros(p.n, dtype=np.int64)
    np.bitwise_or.at(covered, who, gives)
    ranges = [int(x).bit_count() for x in seen.tolist()]
    types = [
        typology(int(n), r, float(t) / n if n else 0.0, settings)
        for n, r, t in zip(size.tolist(), ranges, total.tolist(), strict=True)
    ]
    return Webs(types, covered)


def group_stats(p: Projection, group: Group, web: Webs) -> GroupStats:
    members = group.members
    n = len(members)
    scores = p.score[members]
    scored = scores[~np.isnan(scores)]
    summary = None
    if len(scored):
        low, q1, median, q3, high = (float(x) for x in np.percentile(scored, [0, 25, 50, 75, 100]))
        summary = ScoreSummary(low, q1, median, q3, high, float(scored.mean()))
    thin = p.thin[members]
    known = thin >= 0
    counts: dict[Typology, int] = {}
    for i in members.tolist():
        counts[web.typology[i]] = counts.get(web.typology[i], 0) + 1
    missing = []
    for bit, function in enumerate(FUNCTIONS):
        lacking = int(((web.covered[members] >> bit) & 1 == 0).sum())
        if lacking:
            missing.append((function, lacking, lacking / n))
    missing.sort(key=lambda row: (-row[1], FUNCTIONS.index(row[0])))
    return GroupStats(
        key=group.key,
        label=group.label,
        people=n,
        scored=len(scored),
        score=summary,
        thin_share=float((thin[known] == 1).mean()) if known.any() else None,
        typology=[(t, counts[t], counts[t] / n) for t in Typology if t in counts],
        functions_missing=missing,
    )
