"""The score table of a whole dataset at once, from its records, before it is written.

For the offline import (docs/scale.md): the records hold everything a score is computed
from (each person's incoming active support ties and those supporters' names, roles and
departments), so every person's score is computed in one pass over the ties, grouped by
the person they support, with the arithmetic of ``profile.assess`` (the function the
live profiles and the online table use; a test holds the two together), and written with
the store itself. ``today`` must be the database's date (``RETURN date()``), the day
every stored score is measured against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from graphdb.model import (
    DEFAULT_FUNCTIONS,
    Dataset,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
)
from graphdb.score_table import StoredScore
from resolvers.support.profile import (
    FUNCTIONS,
    next_band_change,
    recency_factor,
    role_category,
    rounded,
)
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings


def _incoming(dataset: Dataset, today: dt.date) -> dict[str, list[TieRecord]]:
    """Active support ties by the person they support (references only: no copies)."""
    by_person: dict[str, list[TieRecord]] = {}
    knows = TieKind.KNOWS
    for tie in dataset.ties:
        if tie.kind is not knows and (tie.until is None or tie.until > today):
            found = by_person.get(tie.to_id)
            if found is None:
                by_person[tie.to_id] = [tie]
            else:
                found.append(tie)
    return by_person


def _score(
    ties: list[TieRecord],
    people: dict[str, PersonRecord],
    today: dt.date,
    settings: SupportSettings,
) -> StoredScore:
    """``assess``'s score, thinness and validity date, without its reasons and profile
    objects: the same arithmetic in the same order (float sums included), so the same
    bits; tests hold it to ``assess`` person by person."""
    grouped: dict[str, list[TieRecord]] = {}
    for t in ties:
        grouped.setdefault(t.from_id, []).append(t)
    rows: list[tuple[float, str, str, float, frozenset[SupportFunction], str | None]] = []
    categories: set[Role] = set()
    departments: set[str | None] = set()
    changes: list[dt.date] = []
    for sid, own in grouped.items():
        p = people[sid]
        category = role_category(r.value for r in p.roles)
        if category is not None:
            categories.add(category)
        departments.add(p.department)
        contacts = [t.last_contact for t in own if t.last_contact is not None]
        last = max(contacts) if contacts else None
        functions: set[SupportFunction] = set()
        for t in own:
            functions.update(t.functions or DEFAULT_FUNCTIONS[t.kind])
            if t.until is not None:
                changes.append(t.until)
        band = next_band_change(last, today, settings)
        if band is not None:
            changes.append(band)
        strength = max(t.strength for t in own)
        recency = recency_factor(last, today, settings)
        rows.append((strength, p.name.lower(), sid, recency, frozenset(functions), p.department))
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    n = len(rows)
    covering = {f: sum(1 for r in rows if f in r[4]) for f in FUNCTIONS}
    covered = sum(1 for f in FUNCTIONS if covering[f])
    redundant = sum(1 for f in FUNCTIONS if covering[f] >= 2)
    quality = [min(r[0] / settings.strong, 1.0) * r[3] for r in rows]
    fractions = (
        min(n, settings.size_target) / settings.size_target,
        min(len(categories), settings.range_target) / settings.range_target,
        (
            min(len(departments), settings.department_target) / settings.department_target
            if n
            else 0.0
        ),
        sum(quality) / n if n else 0.0,
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
    score = rounded(sum(w * f for w, f in zip(weights, fractions, strict=True)), 1)
    thin = n <= 1 or score < settings.thin_below
    return StoredScore(score, thin, min(changes) if changes else None)


def score_dataset(
    dataset: Dataset, today: dt.date, settings: SupportSettings = DEFAULT_SETTINGS
) -> Iterator[tuple[str, StoredScore]]:
    """(person id, stored score) for every person of a self-contained dataset."""
    people: dict[str, PersonRecord] = {p.id: p for p in dataset.people}
    incoming = _incoming(dataset, today)
    for person in dataset.people:
        yield person.id, _score(incoming.get(person.id, []), people, today, settings)
