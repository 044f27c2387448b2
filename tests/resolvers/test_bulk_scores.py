"""The offline import's score table (resolvers/support/bulk_scores.py, in columns) against
``profile.assess``, the function the live profiles and the online table use: the same
score, thinness and validity date for every person, bit for bit, on generated
universities with the awkward cases added (ended ties, KNOWS, no contact, explicit
functions, several ties from one supporter, people with no supporters)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

import pytest

from graphdb.bulk.tie_columns import TieColumns
from graphdb.model import Dataset, SupportFunction, TieKind, TieRecord, is_active
from graphdb.score_table import StoredScore
from graphdb.seed import generate
from resolvers.support.bulk_scores import score_ties
from resolvers.support.profile import assess
from resolvers.support.settings import DEFAULT_SETTINGS, SupportSettings

TODAY = dt.date(2026, 12, 6)


def _awkward(seed: int) -> Dataset:
    data = generate(250, seed=seed, today=TODAY)
    rnd = random.Random(seed)
    ids = [p.id for p in data.people]
    extra: list[TieRecord] = []
    for n in range(600):
        a, b = rnd.sample(ids, 2)
        extra.append(
            TieRecord(
                f"x{n}",
                a,
                b,
                rnd.choice(list(TieKind)),
                rnd.choice([0.0, 0.1, 0.3, 0.6, 0.6000000000000001, 0.75, 1.0]),
                rnd.choice([None, TODAY - dt.timedelta(days=900)]),
                rnd.choice(
                    [
                        None,
                        None,
                        TODAY,
                        TODAY + dt.timedelta(days=rnd.randint(1, 400)),
                        TODAY - dt.timedelta(days=3),
                    ]
                ),
                tuple(rnd.sample(list(SupportFunction), rnd.randint(0, 3))),
                rnd.random() < 0.5,
                rnd.choice([None, TODAY, TODAY - dt.timedelta(days=rnd.randint(0, 1500))]),
            )
        )
    # Someone with no department and no roles' category counted twice, and no one at all.
    people = list(data.people)
    people[3] = replace(people[3], department=None)
    return Dataset(people=people, ties=[*data.ties, *extra])


def _assessed(data: Dataset, today: dt.date, settings: SupportSettings) -> dict[str, StoredScore]:
    by_id = {p.id: p for p in data.people}
    incoming: dict[str, list[dict[str, Any]]] = {p.id: [] for p in data.people}
    for t in data.ties:
        if t.kind is TieKind.KNOWS or not is_active(t.until, today):
            continue
        who = by_id[t.from_id]
        incoming[t.to_id].append(
            {
                "supporter": {
                    "id": who.id,
                    "name": who.name,
                    "roles": [r.value for r in who.roles],
                    "department": who.department,
                },
                "tie": {
                    "id": t.id,
                    "kind": t.kind.value,
                    "strength": t.strength,
                    "until": t.until,
                    "lastContact": t.last_contact,
                    "functions": [f.value for f in t.functions],
                },
            }
        )
    out = {}
    for pid, rows in incoming.items():
        profile = assess(pid, rows, None, today, settings)
        out[pid] = StoredScore(profile.score, profile.thin, profile.valid_until)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shift", [0, 200, -400])
def test_every_person_is_scored_as_assess_scores_them(seed: int, shift: int) -> None:
    data = _awkward(seed)
    today = TODAY + dt.timedelta(days=shift)
    got = score_ties(data.people, TieColumns.from_records(data.ties), today)
    want = _assessed(data, today, DEFAULT_SETTINGS)
    assert got == want
    assert {s.thin for s in got.values()} == {True, False}
    assert any(s.valid_until is not None for s in got.values())


def test_other_settings_are_honoured() -> None:
    data = _awkward(4)
    settings = replace(DEFAULT_SETTINGS, strong=0.9, size_target=2, thin_below=70.0)
    got = score_ties(data.people, TieColumns.from_records(data.ties), TODAY, settings)
    assert got == _assessed(data, TODAY, settings)


def test_no_ties_and_a_stranger_tie() -> None:
    data = _awkward(5)
    got = score_ties(data.people, TieColumns.from_records([]), TODAY)
    assert got == _assessed(replace(data, ties=[]), TODAY, DEFAULT_SETTINGS)
    assert all(s.thin and s.score == 0.0 for s in got.values())
    stranger = TieRecord("s", data.people[0].id, "nobody", TieKind.MENTORS)
    with pytest.raises(ValueError, match="not among the people"):
        score_ties(data.people, TieColumns.from_records([stranger]), TODAY)
