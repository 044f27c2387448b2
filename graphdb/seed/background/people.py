"""The background people: faculty, staff, graduate students, undergraduates, alums and
external people in the shares of graphdb.seed.background.campus.SHARES."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from itertools import accumulate

from graphdb.model import GroupKind, Level, PersonRecord, Role
from graphdb.seed.background.campus import Campus
from graphdb.seed.builder import YEAR, email_address
from graphdb.seed.catalog import GENERAL_INTERESTS, INDUSTRY_TOPICS, OFFICES

UG = Level.UNDERGRADUATE
GRAD = Level.GRADUATE
PRO = Level.PROFESSIONAL
K12 = Level.K12


def add_people(c: Campus) -> None:
    """The background people, and their departments' and offices' groups."""
    b, rng = c.b, c.rng
    depts = c.depts
    dept_weights = list(accumulate(d.weight for d in depts))
    for dep in depts:
        c.dept_groups.append(b.add_group(f"g-dept-{dep.slug}", dep.name, GroupKind.DEPARTMENT))
    for off in OFFICES:
        c.office_groups[off.slug] = b.add_group(f"g-office-{off.slug}", off.name, GroupKind.OFFICE)
    office_weights = list(accumulate(o.weight for o in OFFICES))
    n = 0

    def new_id() -> str:
        nonlocal n
        n += 1
        return f"p-{n:06d}"

    def pick_dept() -> int:
        return bisect.bisect_right(dept_weights, rng.random() * dept_weights[-1])

    def topics(pool: Sequence[str], k: int) -> tuple[str, ...]:
        return tuple(rng.sample(pool, min(k, len(pool))))

    def capacity() -> int | None:
        return rng.choice((None, 1, 2, 2, 3, 3, 3, 4, 5, 8))

    def add(record: PersonRecord, dept: int | None, weight: float) -> int:
        i = b.add_person(record)
        c.weight.append(weight)
        c.everyone.append(i)
        if dept is not None:
            c.dept_of[i] = dept
        if record.level is not None:
            c.level[i] = record.level
        if record.serves_levels:
            c.serves[i] = record.serves_levels
        return i

    counts = c.counts
    # Faculty: round-robin first so every department has at least one professor.
    for k in range(counts["faculty"]):
        d = k if k < len(depts) else pick_dept()
        name = b.name()
        open_door = rng.random() < 0.45
        roles = (Role.FACULTY, Role.ALUM) if rng.random() < 0.08 else (Role.FACULTY,)
        rec = PersonRecord(
            new_id(),
            name,
            roles,
            email=email_address(name, n, "example.edu"),
            department=depts[d].name,
            level=PRO,
            interests=topics(GENERAL_INTERESTS[:4], rng.randint(0, 1)),
            expertise=topics(depts[d].topics, rng.randint(2, 4))
            + (("graduate school applications",) if rng.random() < 0.3 else ()),
            open_door=open_door,
            capacity=capacity() if open_door else rng.choice((None, 2)),
            serves_levels=rng.choice(((), (), (UG, GRAD), (GRAD,))),
        )
        i = add(rec, d, min(c.activity(), 20.0) * 2.0)
        c.faculty.append(i)
        c.mentor_capacity[i] = rec.capacity
        c.join(i, c.dept_groups[d], "faculty", rng.randint(365, 25 * YEAR))
    for _ in range(counts["staff"]):
        o = OFFICES[bisect.bisect_right(office_weights, rng.random() * office_weights[-1])]
        name = b.name()
        open_door = rng.random() < 0.35
        roles = (Role.STAFF, Role.ALUM) if rng.random() < 0.15 else (Role.STAFF,)
        rec = PersonRecord(
            new_id(),
            name,
            roles,
            email=email_address(name, n, "example.edu"),
            level=PRO,
            expertise=topics(o.topics, rng.randint(1, 3)),
            open_door=open_door,
            capacity=capacity() if open_door else None,
        )
        i = add(rec, None, c.activity())
        c.staff.append(i)
        c.office_staff.setdefault(o.slug, []).append(i)
        c.mentor_capacity[i] = rec.capacity
        c.join(
            i,
            c.office_groups[o.slug],
            "director" if len(c.office_staff[o.slug]) == 1 else "staff",
            rng.randint(100, 15 * YEAR),
        )
    for _ in range(counts["grad"]):
        d = pick_dept()
        name = b.name()
        yos = rng.randint(1, 5)
        open_door = rng.random() < 0.25
        roles = (Role.STUDENT, Role.ALUM) if rng.random() < 0.15 else (Role.STUDENT,)
        rec = PersonRecord(
            new_id(),
            name,
            roles,
            email=email_address(name, n, "example.edu"),
            department=depts[d].name,
            level=GRAD,
            interests=topics(depts[d].topics, 1) + topics(GENERAL_INTERESTS, rng.randint(1, 2)),
            expertise=topics(depts[d].topics, rng.randint(1, 2)),
            open_door=open_door,
            capacity=rng.choice((1, 2, 3)) if open_door else None,
            serves_levels=(UG,) if rng.random() < 0.6 else (),
        )
        i = add(rec, d, c.activity())
        c.grads.append(i)
        c.yos[i] = yos
        c.mentor_capacity[i] = rec.capacity
        c.join(i, c.dept_groups[d], "graduate student", yos * YEAR - rng.randint(0, 300))
    for _ in range(counts["undergrad"]):
        d = pick_dept()
        name = b.name()
        yos = rng.randint(1, 4)
        senior = yos == 4
        open_door = senior and rng.random() < 0.3
        n_interests = rng.choice((1, 2, 2, 3, 3, 4))
        rec = PersonRecord(
            new_id(),
            name,
            (Role.STUDENT,),
            email=email_address(name, n, "example.edu"),
            department=depts[d].name,
            class_year=c.b.ay_end + 4 - yos,
            level=UG,
            interests=topics(depts[d].topics, rng.randint(1, 2))
            + topics(GENERAL_INTERESTS, n_interests - 1),
            expertise=topics(depts[d].topics, 1) if yos >= 3 and rng.random() < 0.3 else (),
            open_door=open_door,
            capacity=rng.choice((1, 2, 3)) if open_door else None,
            serves_levels=(UG,) if open_door else (),
        )
        i = add(rec, d, c.activity())
        c.ugs.append(i)
        c.yos[i] = yos
        if open_door:
            c.mentor_capacity[i] = rec.capacity
        c.join(i, c.dept_groups[d], "major", (yos - 1) * YEAR + rng.randint(30, 300))
    for _ in range(counts["alum"]):
        d = pick_dept()
        name = b.name()
        open_door = rng.random() < 0.4
        rec = PersonRecord(
            new_id(),
            name,
            (Role.ALUM,),
            email=email_address(name, n, "example.com"),
            department=depts[d].name,
            level=PRO,
            interests=topics(("networking", "leadership", "career planning"), rng.randint(0, 1)),
            expertise=topics(depts[d].topics, rng.randint(1, 2))
            + topics(INDUSTRY_TOPICS, rng.randint(0, 2)),
            open_door=open_door,
            capacity=capacity() if open_door else None,
            serves_levels=rng.choice(((), (), (UG,), (UG, GRAD))),
        )
        i = add(rec, d, c.activity())
        c.alums.append(i)
        c.mentor_capacity[i] = rec.capacity
    for _ in range(counts["external"]):
        name = b.name()
        open_door = rng.random() < 0.6
        rec = PersonRecord(
            new_id(),
            name,
            (Role.EXTERNAL,),
            email=email_address(name, n, "example.org") if rng.random() < 0.7 else None,
            level=PRO,
            expertise=topics(INDUSTRY_TOPICS, rng.randint(1, 3)),
            open_door=open_door,
            capacity=capacity() if open_door else None,
            serves_levels=rng.choice(((), (UG,), (K12, UG), (UG, GRAD))),
        )
        i = add(rec, None, c.activity())
        c.externals.append(i)
        c.mentor_capacity[i] = rec.capacity
