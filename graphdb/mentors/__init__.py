"""Cypher behind ``mentorPaths`` and ``introductions`` (SPEC §4: suitable mentor, hops, path).

- ``warmth``: how warm one tie is, and how much a hub discounts the people it introduces;
- ``suitable``: SPEC §4's suitable mentor as the query tests it;
- ``levels``: the breadth-first search, one level at a time, keeping the warmest path;
- ``score``: the facts and the score of every suitable person found;
- ``paths``: the mentor-path queries (``MENTOR_PATHS``), assembled from the above;
- ``introductions``: the strongest short chains between two people (``INTRODUCTIONS``).

Every rule of SPEC §3 the queries need (the tie types, "active", load) comes from
``graphdb.cypher``; docs/mentor-paths.md explains the design and its measurements.
"""
