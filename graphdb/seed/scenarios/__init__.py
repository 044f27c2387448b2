"""The named scenarios of the seed university, in the order they are added.

To add one, write a module here with a ``Scenario`` (graphdb.seed.scenario describes the
vocabulary) and append it to ``SCENARIOS``: appending leaves every earlier scenario as it
was, while inserting one earlier would change the draws of those after it.
"""

from __future__ import annotations

from graphdb.seed.scenario import Scenario
from graphdb.seed.scenarios.advising import GROWING_ADVISING
from graphdb.seed.scenarios.basketball import BASKETBALL
from graphdb.seed.scenarios.mentor_capacity import MENTOR_CAPACITY
from graphdb.seed.scenarios.solar_car import SOLAR_CAR
from graphdb.seed.scenarios.thin_support import THIN_SUPPORT
from graphdb.seed.scenarios.well_supported import WELL_SUPPORTED

SCENARIOS: tuple[Scenario, ...] = (
    SOLAR_CAR,
    BASKETBALL,
    GROWING_ADVISING,
    THIN_SUPPORT,
    WELL_SUPPORTED,
    MENTOR_CAPACITY,
)

SCENARIO_PEOPLE = sum(len(s.people) for s in SCENARIOS)
"""How many people the scenarios add; the rest of a university's people is background."""
