"""Support profiles (SPEC §4–5) in rooms of their own.

- ``settings``: every threshold and weight (``SupportSettings``, ``GrowingSettings``);
- ``profile``: the pure arithmetic of a profile (``assess``, ``burt_measures``);
- ``reasons``: the words of each reason a score is lowered;
- ``profiles``: profiles read from the graph, what-if, ``exposed_if_leaves``;
- ``score_table``: the stored scores behind the thin list, and re-scoring after writes;
- ``thin_list``: the thin-support list;
- ``growing``: advising, teaching and coaching ties with the pattern of mentoring;
- ``interactions``: logged contacts.

The formulas are written out in docs/support-score.md.
"""
