"""The background's academic ties: ADVISES, TEACHES and TUTORS."""

from __future__ import annotations

from graphdb.model import Level, SupportFunction, TieKind
from graphdb.seed.background import draws
from graphdb.seed.background.campus import Campus
from graphdb.seed.background.draws import Pool
from graphdb.seed.builder import TERM_END, TERM_LENGTH, TERM_START, TERM_STEP, YEAR

ACADEMIC = SupportFunction.ACADEMIC
CAREER = SupportFunction.CAREER
GRAD = Level.GRADUATE


def _faculty(c: Campus) -> tuple[list[Pool], Pool]:
    """The faculty of each department, and all of them, weighted by activity."""
    by_dept = [c.pool([f for f in c.faculty if c.dept_of[f] == d]) for d in range(len(c.depts))]
    return by_dept, c.pool(c.faculty)


def add_advising(c: Campus) -> None:
    """Every student's advisors, past and present."""
    rng, tie, between = c.rng, c.tie, c.between
    rnd, strength, recent = rng.random, draws.strength, draws.recent
    dept_of, yos = c.dept_of, c.yos
    fac_by_dept, all_fac = _faculty(c)
    advisers = c.pool(c.office_staff.get("academic-advising") or c.staff)
    # ADVISES: each undergraduate has a faculty advisor in the major (a quarter changed
    # advisor once); first-years also see a professional advisor; graduate students
    # are advised by their lab's PI.
    for u in c.ugs:
        d = dept_of[u]
        y = yos[u]
        start = (y - 1) * YEAR + between(30, 200)
        fac = fac_by_dept[d] or all_fac
        if y >= 2 and rnd() < 0.25:
            switched = between(60, start - 1) if start > 61 else start
            tie(
                fac.pick(rng),
                u,
                TieKind.ADVISES,
                start,
                switched + 1,
                strength(rng, 0.35, 0.12),
                switched + recent(rng, 60),
            )
            start = switched
        if y >= 3 and rnd() < 0.08:
            # an advising relationship that has grown into mentoring
            tie(
                fac.pick(rng),
                u,
                TieKind.ADVISES,
                max(start, 2 * YEAR + 60),
                None,
                strength(rng, 0.88, 0.05),
                recent(rng, 6),
                (ACADEMIC, CAREER),
            )
        else:
            tie(
                fac.pick(rng),
                u,
                TieKind.ADVISES,
                start,
                None,
                strength(rng, 0.5, 0.15),
                recent(rng, 70),
            )
        if y == 1 and advisers and rnd() < 0.6:
            tie(
                advisers.pick(rng),
                u,
                TieKind.ADVISES,
                start,
                None,
                strength(rng, 0.4, 0.12),
                recent(rng, 45),
            )
    for s in c.grads:
        start = yos[s] * YEAR - between(100, 300)
        lab = c.lab_of.get(s)
        fac = fac_by_dept[dept_of[s]] or all_fac
        advisor = c.lab_pi[lab] if lab is not None else fac.pick(rng)
        tie(
            advisor,
            s,
            TieKind.ADVISES,
            start,
            None,
            strength(rng, 0.65, 0.15),
            recent(rng, 14),
            (ACADEMIC, CAREER) if rnd() < 0.5 else None,
        )
        if rnd() < 0.12:
            tie(
                fac.pick(rng),
                s,
                TieKind.ADVISES,
                start,
                None,
                strength(rng, 0.4, 0.15),
                recent(rng, 60),
            )


def add_teaching(c: Campus) -> None:
    """Courses this term and in earlier ones."""
    rng, tie, between = c.rng, c.tie, c.between
    rnd, strength, recent = rng.random, draws.strength, draws.recent
    dept_of, yos = c.dept_of, c.yos
    fac_by_dept, all_fac = _faculty(c)
    # TEACHES: this term's courses (active) and earlier ones (ended); two in three in
    # the major, the rest anywhere; large lectures follow the faculty's weights.
    for s in c.students():
        y = yos[s]
        grad = c.b.people[s].level is GRAD
        fac = fac_by_dept[dept_of[s]] or all_fac
        current = between(1, 2) if grad else between(2, 4)
        past = min(between(1, 3), 2 * y - 1) if y > 1 or rnd() < 0.5 else 0
        for k in range(current + past):
            teacher = fac.pick(rng) if rnd() < 0.66 else all_fac.pick(rng)
            if k < current:
                tie(
                    teacher,
                    s,
                    TieKind.TEACHES,
                    TERM_START,
                    -TERM_END,
                    strength(rng, 0.3, 0.12),
                    recent(rng, 12),
                )
            else:
                since = TERM_START + TERM_STEP * (k - current + 1)
                until = since - TERM_LENGTH
                tie(
                    teacher,
                    s,
                    TieKind.TEACHES,
                    since,
                    until,
                    strength(rng, 0.25, 0.1),
                    until + recent(rng, 10),
                )


def add_tutoring(c: Campus) -> None:
    """The tutoring center's sessions."""
    rng, tie, between = c.rng, c.tie, c.between
    rnd, strength, recent = rng.random, draws.strength, draws.recent
    # TUTORS: the tutoring center's tutors (graduate and senior students), formal.
    tutors = c.pool(c.tutors)
    if tutors:
        for u in c.ugs:
            if rnd() < 0.18:
                for _ in range(rng.choice((1, 1, 2))):
                    if rnd() < 0.4:
                        since = TERM_START + TERM_STEP
                        tie(
                            tutors.pick(rng),
                            u,
                            TieKind.TUTORS,
                            since,
                            since - TERM_LENGTH,
                            strength(rng, 0.45, 0.12),
                            since - TERM_LENGTH + recent(rng, 7),
                            formal=True,
                        )
                    else:
                        tie(
                            tutors.pick(rng),
                            u,
                            TieKind.TUTORS,
                            between(7, TERM_START),
                            -TERM_END,
                            strength(rng, 0.5, 0.12),
                            recent(rng, 7),
                            formal=True,
                        )
