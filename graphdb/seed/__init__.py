"""A deterministic synthetic university for demos, tests and benchmarks (``supportweb seed``).

``generate`` is pure: the same (people, seed, today) always gives the same ``Dataset``,
built from one ``random.Random(seed)`` and no database. ``seed`` writes it through
``graphdb.bulk.writer.write_dataset``, the batched upsert path that import uses, so seeding
twice with the same arguments changes nothing.

The university has two parts (docs/seed.md describes both):

- a *background* population (graphdb.seed.background) in proportions of a real campus,
  drawn from the reference data of graphdb.seed.catalog, joined by ties of every kind
  with heavy-tailed "activity" weights: most people have a handful of ties and a few
  (large-lecture professors, hubs) have hundreds;
- *named scenarios* (graphdb.seed.scenarios) with stable ids (``p-solar-student``,
  ``g-solar-car``, ...) whose promises tests and docs rely on, and the seed document's
  two mentoring programs with their enrolments and requests (``build``). Each is a
  table run by graphdb.seed.scenario; background generation never picks a scenario
  person, so the promises (exactly one supporter, a mentor exactly at capacity, ...) hold
  for any size and seed.

Dates are offsets in days from ``today`` (default: the current date), so "recent contact"
and "ended" keep their meaning whenever the seed is run; graphdb.seed.builder turns them
into records at the end.
"""

from __future__ import annotations

import datetime as dt
import gc
import random

from graphdb.bulk.writer import Progress, write_dataset
from graphdb.driver import Database
from graphdb.model import Dataset
from graphdb.programs.bulk import write_programs
from graphdb.programs.records import ProgramData
from graphdb.seed.background import populate
from graphdb.seed.builder import Builder
from graphdb.seed.scenario import add_scenario
from graphdb.seed.scenarios import SCENARIO_PEOPLE, SCENARIOS

__all__ = [
    "DEFAULT_PEOPLE",
    "DEFAULT_SEED",
    "MIN_PEOPLE",
    "SCENARIO_PEOPLE",
    "build",
    "generate",
    "seed",
]

DEFAULT_PEOPLE = 5_000
DEFAULT_SEED = 7
MIN_PEOPLE = 200
"""Below this the background is too small to give every department a professor."""


def generate(
    people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> Dataset:
    """The synthetic university: ``people`` people in all, the same for the same arguments."""
    return build(people, seed, today)[0]


def build(
    people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> tuple[Dataset, ProgramData]:
    """The university and the scenarios' mentoring programs (with their enrolments and
    requests), the same for the same arguments."""
    if people < MIN_PEOPLE:
        raise ValueError(f"the seed university needs at least {MIN_PEOPLE} people, got {people}")
    # Millions of small acyclic objects: the cyclic collector would rescan them again and
    # again for nothing (a quarter of the run time at 100,000 people).
    collecting = gc.isenabled()
    gc.disable()
    try:
        b = Builder(random.Random(seed), today or dt.date.today(), people)
        campus = populate(b, people - SCENARIO_PEOPLE)
        for scenario in SCENARIOS:
            add_scenario(scenario, b, campus)
        return b.dataset(), b.programs.data
    finally:
        if collecting:
            gc.enable()


async def seed(
    db: Database,
    people: int = DEFAULT_PEOPLE,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    *,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Generate the university and upsert it; returns the counts written."""
    dataset, programs = build(people, seed, today)
    await write_dataset(db, dataset, progress=progress)
    await write_programs(db, programs)
    return dataset.counts() | programs.counts()
