"""The score table of a whole dataset at once, from its columns, before it is written.

For the offline import (docs/scale.md): the people's records and the ties' columns
(``graphdb.bulk.tie_columns``) hold everything a score is computed from — each person's
incoming active support ties, and those supporters' names, roles and departments — so
every person is scored in a few vector passes over the ties, with the arithmetic of
``profile.assess`` (the function the live profiles and the online table use;
tests/resolvers/test_bulk_scores.py holds the two equal person by person, bit for bit):

1. the active support ties (not KNOWS, ``until`` empty or after today);
2. grouped by (person, supporter): the strongest tie, the last contact, the functions
   (each tie's list, or its kind's defaults), the first ``until``;
3. per person: the supporters, their role categories and departments, the functions
   covered once and twice, and the mean tie quality summed in ``assess``'s order
   (strongest first, then by name), so that the float sums are the same;
4. the weighted score rounded as ``profile.rounded`` rounds it (once per distinct sum).

``today`` must be the database's date (``RETURN date()``), the day every stored score is
measured against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from graphdb.bulk.tie_columns import FUNCTION_BITS, KINDS, TieColumns
from graphdb.model import ROLE_PRECEDENCE, PersonRecord, Role, TieKind
from graphdb.score_table import StoredScore
from resolvers.support.profile import (
    FUNCTIONS,
    next_band_change,
    recency_factor,
    role_category,
    rounded,
)
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings

_EPOCH = dt.date(1970, 1, 1)
_NEVER = np.iinfo(np.int32).max  # an unset until: never ends
_UNKNOWN = np.iinfo(np.int32).min  # an unset last contact

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def _days(column: pa.ChunkedArray, missing: int) -> npt.NDArray[np.int32]:
    """Days since 1970 of a date column, ``missing`` where unset."""
    days = pc.fill_null(column.cast(pa.int32()), missing)
    return np.asarray(days.to_numpy(), dtype=np.int32)


def _positions(names: pa.ChunkedArray, ids: pa.Array) -> Ints:
    """Where each id stands in ``ids``."""
    found = pc.index_in(names, value_set=ids)
    if found.null_count:
        raise ValueError("a tie names a person who is not among the people scored")
    return np.asarray(found.to_numpy(), dtype=np.int64)


def _date(days: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=days)


def _per_value(values: npt.NDArray[np.int32], compute: Callable[[int], float]) -> Floats:
    """``compute(value)`` for each element, computed once per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    results = np.array([compute(int(v)) for v in distinct], dtype=np.float64)
    return results[inverse.reshape(-1)]


def _distinct_per_person(person: Ints, value: Ints, people: int, exclude: int | None) -> Ints:
    """How many distinct ``value``s each person has (``exclude`` not counted)."""
    keep = value != exclude if exclude is not None else np.ones(len(value), dtype=bool)
    width = int(value.max(initial=0)) + 2
    pairs = np.unique(person[keep] * width + value[keep])
    return np.bincount(pairs // width, minlength=people)


def score_ties(
    people: Sequence[PersonRecord],
    ties: TieColumns,
    today: dt.date,
    settings: SupportSettings = DEFAULT_SETTINGS,
) -> dict[str, StoredScore]:
    """The stored score of every person; every tie's people must be among ``people``."""
    count = len(people)
    ids = pa.array([p.id for p in people], pa.string())
    today_days = (today - _EPOCH).days

    # 1. The active support ties.
    kind = ties.column("kind").to_numpy()
    until = _days(ties.column("until"), _NEVER)
    active = np.flatnonzero((kind != KINDS.index(TieKind.KNOWS)) & (until > today_days))
    at = pa.array(active)
    to, by = (_positions(ties.column(end).take(at), ids) for end in ("to_id", "from_id"))
    strength = ties.column("strength").to_numpy()[active]
    last = _days(ties.column("last_contact"), _UNKNOWN)[active]
    bits = ties.column("function_bits").to_numpy()[active]
    until = until[active]

    # 2. Grouped by (person, supporter).
    order = np.argsort(to * count + by, kind="stable")
    key = (to * count + by)[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, int)
    person, supporter = to[order][starts], by[order][starts]
    if len(starts):
        best = np.maximum.reduceat(strength[order], starts)
        contact = np.maximum.reduceat(last[order], starts)
        functions = np.bitwise_or.reduceat(bits[order], starts)
        ends = np.minimum.reduceat(until[order], starts)
    else:
        best, contact = np.zeros(0), np.zeros(0, np.int32)
        functions, ends = np.zeros(0, np.int8), np.zeros(0, np.int32)

    def known(days: int) -> dt.date | None:
        return None if days == _UNKNOWN else _date(days)

    def band(days: int) -> float:
        change = next_band_change(known(days), today, settings)
        return float(_NEVER if change is None else (change - _EPOCH).days)

    recency = _per_value(contact, lambda d: recency_factor(known(d), today, settings))
    changes = np.minimum(ends.astype(np.float64), _per_value(contact, band))

    # 3. Per person.
    category_of: dict[tuple[Role, ...], int] = {}
    for p in people:
        if p.roles not in category_of:
            found = role_category(r.value for r in p.roles)
            category_of[p.roles] = -1 if found is None else ROLE_PRECEDENCE.index(found)
    category = np.array([category_of[p.roles] for p in people], dtype=np.int64)
    departments: dict[str | None, int] = {}
    department = np.array(
        [departments.setdefault(p.department, len(departments)) for p in people], dtype=np.int64
    )
    size = np.bincount(person, minlength=count)
    range_ = _distinct_per_person(person, category[supporter], count, exclude=-1)
    spread = _distinct_per_person(person, department[supporter], count, exclude=None)
    covering = [
        np.bincount(person, weights=(functions & FUNCTION_BITS[f]) != 0, minlength=count)
        for f in FUNCTIONS
    ]
    covered = sum((c > 0).astype(np.int64) for c in covering)
    redundant = sum((c >= 2).astype(np.int64) for c in covering)

    # Supporters are read strongest first, then by name and id (as assess sorts them).
    ranked = pc.sort_indices(
        pa.table({"name": [p.name.lower() for p in people], "id": ids}),
        sort_keys=[("name", "ascending"), ("id", "ascending")],
    ).to_numpy()
    name_rank = np.empty(count, dtype=np.int64)
    name_rank[ranked] = np.arange(count)
    reading = np.lexsort((name_rank[supporter], -best, person))  # assess's order
    quality = np.minimum(best / settings.strong, 1.0) * recency
    # bincount adds each person's terms one by one in the order given, as Python's sum.
    quality_sum = np.bincount(person[reading], weights=quality[reading], minlength=count)

    some = size > 0
    fractions = (
        np.minimum(size, settings.size_target) / settings.size_target,
        np.minimum(range_, settings.range_target) / settings.range_target,
        np.where(
            some, np.minimum(spread, settings.department_target) / settings.department_target, 0.0
        ),
        np.divide(quality_sum, size, out=np.zeros(count), where=some),
        covered / len(FUNCTIONS),
        redundant / len(FUNCTIONS),
    )
    weights = (
        settings.weight_size,
        settings.weight_range,
        settings.weight_departments,
        settings.weight_ties,
        settings.weight_functions,
        settings.weight_redundancy,
    )
    total = weights[0] * fractions[0]
    for w, f in zip(weights[1:], fractions[1:], strict=True):
        total = total + w * f  # left to right, as assess's sum
    distinct, inverse = np.unique(total, return_inverse=True)
    score = np.array([rounded(float(v), 1) for v in distinct])[inverse.reshape(-1)]
    thin = (size <= 1) | (score < settings.thin_below)
    first_change = np.full(count, float(_NEVER))
    np.minimum.at(first_change, person, changes)

    # 4. The table's rows.
    return {
        p.id: StoredScore(
            float(score[i]),
            bool(thin[i]),
            None if first_change[i] >= _NEVER else _date(int(first_change[i])),
        )
        for i, p in enumerate(people)
    }
