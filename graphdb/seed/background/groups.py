"""The background groups and who is in them (departments and offices come with people)."""

from __future__ import annotations

from graphdb.model import GroupKind
from graphdb.seed.background.campus import Campus
from graphdb.seed.background.draws import Pool
from graphdb.seed.builder import TERM_START, YEAR
from graphdb.seed.catalog import (
    CLUB_SUFFIXES,
    COMMUNITIES,
    COMPETITION_TEAMS,
    HALLS,
    HOBBIES,
    OFFICES,
    SPORTS,
)


def add_groups(c: Campus) -> None:
    """Teams, clubs, labs, dorms, student jobs, tutors and communities, with their members."""
    b, rng = c.b, c.rng
    ugs, grads = c.ugs, c.grads
    # Teams: about one in eight undergraduates, in squads of 15-25.
    athletes = [u for u in ugs if rng.random() < 0.12]
    n_teams = max(4, len(athletes) // 20)
    bases = [f"{s} Team" for s in SPORTS] + list(COMPETITION_TEAMS)
    coaches = c.office_staff.get("athletics") or c.staff
    teams: list[int] = []
    for k in range(n_teams):
        base = bases[k % len(bases)]
        tier = k // len(bases)
        label = base if tier == 0 else f"{base} (Club)" if tier == 1 else f"{base} (Intramural)"
        gid = f"g-team-{k + 1:04d}"
        g = b.add_group(gid, b.unique_group_name(label), GroupKind.TEAM)
        teams.append(g)
        coach = rng.choice(coaches)
        c.join(coach, g, "coach", rng.randint(365, 10 * YEAR))
    for u in athletes:
        g = teams[rng.randrange(len(teams))]
        c.join(u, g, "member", (c.yos[u] - 1) * YEAR + rng.randint(20, 200))
    for g in teams:
        members = [p for p in c.group_members.get(g, []) if p in c.yos]
        if members:
            captain = max(members, key=lambda p: (c.yos[p], c.weight[p]))
            b.set_role(captain, g, "captain")
    # Clubs: many small, a few large (popularity is heavy-tailed).
    students = ugs + grads
    n_clubs = max(5, len(students) // 60)
    clubs: list[int] = []
    names = [f"{h} {s}" for s in CLUB_SUFFIXES for h in HOBBIES]
    names += [f"{d.name} Student Society" for d in c.depts]
    for k in range(n_clubs):
        base = names[k % len(names)]
        g = b.add_group(f"g-club-{k + 1:04d}", b.unique_group_name(base), GroupKind.CLUB)
        clubs.append(g)
    club_pool = Pool(clubs, [c.activity() for _ in clubs])
    for s in students:
        for _ in range(rng.choice((0, 0, 0, 1, 1, 1, 2, 2, 3))):
            c.join(s, club_pool.pick(rng), "member", rng.randint(20, 3 * YEAR))
    for g in clubs:
        club_members = c.group_members.get(g)
        if club_members:
            b.set_role(club_members[0], g, "president")
    # Labs: a faculty PI each, graduate students and undergraduate research assistants.
    n_labs = max(2, len(c.faculty) // 3)
    pis = rng.sample(c.faculty, min(n_labs, len(c.faculty)))
    labs_by_dept: dict[int, list[int]] = {}
    for k, pi in enumerate(pis):
        d = c.dept_of[pi]
        topic = rng.choice(c.depts[d].topics)
        surname = b.people[pi].name.split()[-1]
        g = b.add_group(
            f"g-lab-{k + 1:04d}",
            b.unique_group_name(f"{surname} Lab for {topic.title()}"),
            GroupKind.LAB,
        )
        c.lab_pi[g] = pi
        labs_by_dept.setdefault(d, []).append(g)
        c.join(pi, g, "principal investigator", rng.randint(2 * YEAR, 20 * YEAR))
    for s in grads:
        labs = labs_by_dept.get(c.dept_of[s])
        if labs and rng.random() < 0.75:
            g = rng.choice(labs)
            c.lab_of[s] = g
            c.join(s, g, "graduate researcher", c.yos[s] * YEAR - rng.randint(100, 300))
    for u in ugs:
        if c.yos[u] >= 2 and rng.random() < 0.08:
            labs = labs_by_dept.get(c.dept_of[u])
            if labs:
                g = rng.choice(labs)
                c.lab_of[u] = g
                c.join(u, g, "research assistant", rng.randint(30, 2 * YEAR))
    # Dorms: most first- and second-years, fewer upper-years; one RA per ~30 residents.
    live_in = {1: 0.9, 2: 0.7, 3: 0.25, 4: 0.15}
    residents = [u for u in ugs if rng.random() < live_in[c.yos[u]]]
    n_dorms = max(2, len(residents) // 300)
    dorms = []
    for k in range(n_dorms):
        hall = HALLS[k % len(HALLS)]
        dorms.append(
            b.add_group(f"g-dorm-{k + 1:03d}", b.unique_group_name(f"{hall} Hall"), GroupKind.DORM)
        )
    ay_start = TERM_START + 30
    for u in residents:
        c.join(u, dorms[rng.randrange(n_dorms)], "resident", ay_start)
    for g in dorms:
        members = c.group_members.get(g, [])
        upper = [p for p in members if c.yos[p] >= 2]
        n_ra = max(1, len(members) // 30) if upper else 0
        ras = rng.sample(upper, min(n_ra, len(upper)))
        for ra in ras:
            b.set_role(ra, g, "resident assistant")
        if ras:
            for k, p in enumerate(members):
                c.ra_of[p] = ras[k % len(ras)]
    # Offices employ student workers; the tutoring center employs tutors.
    office_slugs = [o.slug for o in OFFICES if c.office_staff.get(o.slug)]
    for u in ugs:
        if rng.random() < 0.06 and office_slugs:
            slug = rng.choice(office_slugs)
            c.workers[u] = c.office_groups[slug]
            c.join(u, c.office_groups[slug], "student worker", rng.randint(30, 2 * YEAR))
    c.tutors = [s for s in grads if rng.random() < 0.3]
    c.tutors += [u for u in ugs if c.yos[u] >= 3 and rng.random() < 0.06]
    tc = c.office_groups["tutoring-center"]
    for t in c.tutors:
        c.join(t, tc, "tutor", rng.randint(30, 2 * YEAR))
    # Communities: the alumni association and local partners.
    aa = b.add_group("g-alumni-association", "Alumni Association", GroupKind.COMMUNITY)
    for a in c.alums:
        if rng.random() < 0.5:
            c.join(a, aa, "member", rng.randint(YEAR, 20 * YEAR))
    n_comm = max(3, len(c.externals) // 150)
    comms = [
        b.add_group(
            f"g-community-{k + 1:03d}",
            b.unique_group_name(COMMUNITIES[k % len(COMMUNITIES)]),
            GroupKind.COMMUNITY,
        )
        for k in range(n_comm)
    ]
    for e in c.externals:
        c.join(e, rng.choice(comms), "member", rng.randint(YEAR, 15 * YEAR))
    for a in c.alums:
        if rng.random() < 0.1:
            c.join(a, rng.choice(comms), "member", rng.randint(YEAR, 10 * YEAR))
