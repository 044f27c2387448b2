"""The background's guidance ties: COACHES, SUPERVISES and MENTORS."""

from __future__ import annotations

from graphdb.model import GroupKind, Level, SupportFunction, TieKind
from graphdb.seed.background import draws
from graphdb.seed.background.campus import Campus
from graphdb.seed.background.draws import Pool
from graphdb.seed.builder import TERM_START, YEAR

CAREER = SupportFunction.CAREER
PSYCHOSOCIAL = SupportFunction.PSYCHOSOCIAL
UG = Level.UNDERGRADUATE
GRAD = Level.GRADUATE


def add_coaching(c: Campus) -> None:
    """Team coaches, career coaches and counselors."""
    rng, tie, between = c.rng, c.tie, c.between
    rnd, strength, recent = rng.random, draws.strength, draws.recent
    yos = c.yos
    career = c.pool(c.office_staff.get("career-center") or c.staff)
    counselors = c.pool(c.office_staff.get("counseling") or c.staff)
    until: int | None
    # COACHES: team coaches coach their squads; the career center and counselors
    # coach some students (a third of those have finished).
    for g, members in c.group_members.items():
        if c.b.groups[g].kind is not GroupKind.TEAM:
            continue
        staff = [p for p in members if p not in yos]
        for coach in staff:
            for p in members:
                if p in yos:
                    tie(
                        coach,
                        p,
                        TieKind.COACHES,
                        between(30, yos[p] * YEAR),
                        None,
                        strength(rng, 0.6, 0.15),
                        recent(rng, 4),
                    )
    for s in c.students():
        r = rnd()
        if r < 0.12 and career:
            ended = rnd() < 0.33
            since = between(30, yos[s] * YEAR)
            until = between(1, since) if ended else None
            tie(
                career.pick(rng),
                s,
                TieKind.COACHES,
                since,
                until,
                strength(rng, 0.45, 0.12),
                (until or 0) + recent(rng, 30),
                (CAREER, PSYCHOSOCIAL),
            )
        elif r < 0.17 and counselors:
            tie(
                counselors.pick(rng),
                s,
                TieKind.COACHES,
                between(14, 2 * YEAR),
                None,
                strength(rng, 0.6, 0.12),
                recent(rng, 10),
            )


def add_supervision(c: Campus) -> None:
    """Labs and student jobs."""
    rng, tie, between = c.rng, c.tie, c.between
    strength, recent = draws.strength, draws.recent
    yos = c.yos
    # SUPERVISES: PIs supervise their lab, senior graduate students the undergraduate
    # research assistants; office staff supervise student workers.
    lab_seniors: dict[int, list[int]] = {}
    for s, g in c.lab_of.items():
        if c.b.people[s].level is GRAD and yos[s] >= 3:
            lab_seniors.setdefault(g, []).append(s)
    for s, g in c.lab_of.items():
        since = between(30, max(31, yos[s] * YEAR - 100))
        tie(
            c.lab_pi[g],
            s,
            TieKind.SUPERVISES,
            since,
            None,
            strength(rng, 0.6, 0.15),
            recent(rng, 10),
        )
        seniors = lab_seniors.get(g)
        if seniors and c.b.people[s].level is UG:
            tie(
                rng.choice(seniors),
                s,
                TieKind.SUPERVISES,
                since,
                None,
                strength(rng, 0.65, 0.12),
                recent(rng, 4),
            )
    office_of_group = {g: slug for slug, g in c.office_groups.items()}
    for s, g in c.workers.items():
        staff = c.office_staff.get(office_of_group[g], [])
        if staff:
            tie(
                rng.choice(staff),
                s,
                TieKind.SUPERVISES,
                between(30, 2 * YEAR),
                None,
                strength(rng, 0.45, 0.12),
                recent(rng, 5),
                (CAREER,),
            )


def add_mentoring(c: Campus) -> None:
    """Mentors of about a third of the students, within every mentor's capacity."""
    rng, tie, between = c.rng, c.tie, c.between
    rnd, strength, recent = rng.random, draws.strength, draws.recent
    dept_of, yos = c.dept_of, c.yos
    n_depts = len(c.depts)
    # MENTORS: about a third of the students have a mentor (one in ten a second),
    # from their department's alums and faculty or anyone else with expertise;
    # nobody goes over their capacity, and a mentor serves the mentee's level.
    cap = c.mentor_capacity
    mentors_by_dept: list[list[int]] = [[] for _ in range(n_depts)]
    mentor_all: list[int] = []
    faculty_or_alum = set(c.faculty) | set(c.alums)
    for m in cap:
        if c.b.people[m].level is not UG:
            mentor_all.append(m)
            if m in dept_of and m in faculty_or_alum:
                mentors_by_dept[dept_of[m]].append(m)
    dept_mentors = [c.pool(ms) for ms in mentors_by_dept]
    any_mentor = c.pool(mentor_all)
    peer_mentors = c.pool([u for u in c.ugs if u in cap])
    load = c.b.load
    serves = c.serves
    level_of = c.level

    def find_mentor(s: int, source: Pool) -> int | None:
        lv = level_of.get(s)
        for _ in range(4):
            m = source.pick(rng)
            room = cap[m]
            sv = serves.get(m)
            if (room is None or load.get(m, 0) < room) and (not sv or lv in sv):
                return m
        return None

    for s in c.students():
        n_mentors = 0
        r = rnd()
        if r < 0.35:
            n_mentors = 2 if r < 0.04 else 1
        for _ in range(n_mentors):
            src = dept_mentors[dept_of[s]]
            if not src or rnd() < 0.45:
                src = any_mentor
            if not src:
                break
            ended = rnd() < 0.2
            since = between(30, yos[s] * YEAR)
            if ended:
                m = src.pick(rng)
                sv = serves.get(m)
                if sv and level_of.get(s) not in sv:
                    continue
                until = between(1, since)
                tie(
                    m,
                    s,
                    TieKind.MENTORS,
                    since,
                    until,
                    strength(rng, 0.5, 0.15),
                    until + recent(rng, 30),
                    formal=rnd() < 0.45,
                )
                continue
            found = find_mentor(s, src)
            if found is not None:
                tie(
                    found,
                    s,
                    TieKind.MENTORS,
                    since,
                    None,
                    strength(rng, 0.65, 0.15),
                    recent(rng, 21),
                    formal=rnd() < 0.45,
                    functions=(CAREER,) if rnd() < 0.2 else None,
                )
        if yos[s] == 1 and peer_mentors and c.b.people[s].level is UG and rnd() < 0.2:
            found = find_mentor(s, peer_mentors)
            if found is not None:
                tie(
                    found,
                    s,
                    TieKind.MENTORS,
                    TERM_START + 20,
                    None,
                    strength(rng, 0.5, 0.15),
                    recent(rng, 14),
                    (PSYCHOSOCIAL,),
                    formal=True,
                )
