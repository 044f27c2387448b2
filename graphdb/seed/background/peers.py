"""The background's ties between equals: PEER_SUPPORTS and KNOWS."""

from __future__ import annotations

from graphdb.model import TieKind
from graphdb.seed.background import draws
from graphdb.seed.background.campus import Campus
from graphdb.seed.builder import TERM_START, YEAR


def add_peer_support(c: Campus) -> None:
    """Friends who support each other, and resident assistants."""
    rng, tie, between = c.rng, c.tie, c.between
    rnd, strength, recent = rng.random, draws.strength, draws.recent
    dept_of, yos = c.dept_of, c.yos
    n_depts = len(c.depts)
    contexts = c.contexts
    until: int | None
    # PEER_SUPPORTS: friends met in a shared context (dorm, team, club, lab, major);
    # half of them support each other both ways. RAs support their residents (formal).
    group_pools = {
        g: c.pool([p for p in members if p in yos]) for g, members in c.group_members.items()
    }
    dept_students: list[list[int]] = [[] for _ in range(n_depts)]
    for s in c.students():
        dept_students[dept_of[s]].append(s)
    dept_pools = [c.pool(ss) for ss in dept_students]
    for s in c.students():
        n_friends = int(rng.paretovariate(2.2) * 1.3)
        ctx = contexts.get(s, [])
        for _ in range(n_friends):
            g = ctx[rng.randrange(len(ctx))] if ctx else None
            src = group_pools.get(g) if g is not None else None
            if not src or rnd() < 0.2:
                src = dept_pools[dept_of[s]]
            friend = src.pick(rng)
            since = between(10, max(11, min(yos[s], yos[friend]) * YEAR))
            ended = rnd() < 0.15
            until = between(1, since) if ended else None
            st = strength(rng, 0.55, 0.18)
            last = (until or 0) + recent(rng, 20)
            tie(friend, s, TieKind.PEER_SUPPORTS, since, until, st, last)
            if rnd() < 0.5:
                tie(
                    s,
                    friend,
                    TieKind.PEER_SUPPORTS,
                    since,
                    until,
                    draws.as_strength(st + rng.uniform(-0.1, 0.1)),
                    (until or 0) + recent(rng, 20),
                )
    for resident, ra in c.ra_of.items():
        tie(
            ra,
            resident,
            TieKind.PEER_SUPPORTS,
            TERM_START + 30,
            None,
            strength(rng, 0.35, 0.1),
            recent(rng, 25),
            formal=True,
        )


def add_acquaintances(c: Campus) -> None:
    """Who knows whom: KNOWS ties, by far the most numerous."""
    rng, tie, between = c.rng, c.tie, c.between
    rnd, strength, recent = rng.random, draws.strength, draws.recent
    dept_of = c.dept_of
    n_depts = len(c.depts)
    w = c.weight
    contexts = c.contexts
    everyone = c.pool(c.everyone)
    until: int | None
    last: int | None
    # KNOWS: acquaintances, mostly within a shared group or department, the rest
    # across campus drawn by activity (so hubs collect many).
    people_by_dept: list[list[int]] = [[] for _ in range(n_depts)]
    for p, d in dept_of.items():
        people_by_dept[d].append(p)
    dept_all = [c.pool(ps) for ps in people_by_dept]
    all_group_pools = {g: c.pool(members) for g, members in c.group_members.items()}
    for p in c.everyone:
        k = int(w[p] * 1.5)
        ctx = contexts.get(p, [])
        home = dept_of.get(p)
        for _ in range(k):
            r = rnd()
            if r < 0.45 and ctx:
                src = all_group_pools[ctx[rng.randrange(len(ctx))]]
            elif r < 0.7 and home is not None:
                src = dept_all[home]
            else:
                src = everyone
            other = src.pick(rng)
            since = between(10, 6 * YEAR)
            ended = rnd() < 0.1
            until = between(1, since) if ended else None
            last = None if rnd() < 0.2 else (until or 0) + recent(rng, 120)
            tie(p, other, TieKind.KNOWS, since, until, strength(rng, 0.25, 0.12), last)
