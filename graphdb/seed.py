"""A deterministic synthetic university for demos, tests and benchmarks (``supportweb seed``).

``generate`` is pure: the same (people, seed, today) always gives the same ``Dataset``,
built from one ``random.Random(seed)`` and no database. ``seed`` writes it through
``graphdb.bulk.writer.write_dataset``, the batched upsert path that import uses, so seeding
twice with the same arguments changes nothing.

The university has two parts (docs/seed.md describes both):

- a *background* population in proportions of a real campus (undergraduates across four
  class years, graduate students, faculty, staff, alums, external partners) in
  departments, offices, teams, clubs, labs, dorms and communities, joined by ties of
  every kind. Who ties to whom is drawn with heavy-tailed "activity" weights, so most
  people have a handful of ties and a few (large-lecture professors, hubs) have hundreds;
- *named scenarios* with stable ids (``p-solar-student``, ``g-solar-car``, ...) whose
  properties tests and docs rely on. Background generation never picks a scenario person,
  and every tie that touches one is written out by hand below, so a scenario's promises
  (exactly one supporter, a mentor exactly at capacity, ...) hold for any size and seed.

Dates are offsets in days from ``today`` (default: the current date), so "recent contact"
and "ended" keep their meaning whenever the seed is run. Tie ids are
``graphdb.model.tie_id_for(from, to, kind, None)``: independent of the dates, so seeding again on a
later day updates the same ties rather than adding a second copy of each.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from graphdb.bulk.writer import Progress, write_dataset
from graphdb.driver import Database
from graphdb.model import (
    DEFAULT_FUNCTIONS,
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
)

DEFAULT_PEOPLE = 5_000
DEFAULT_SEED = 7
MIN_PEOPLE = 200
"""Below this the background is too small to give every department a professor."""

ACADEMIC = SupportFunction.ACADEMIC
CAREER = SupportFunction.CAREER
PSYCHOSOCIAL = SupportFunction.PSYCHOSOCIAL
UG = Level.UNDERGRADUATE
GRAD = Level.GRADUATE
PRO = Level.PROFESSIONAL
K12 = Level.K12

# Shares of the background population (what is left after the scenarios).
SHARES: tuple[tuple[str, float], ...] = (
    ("faculty", 0.07),
    ("staff", 0.05),
    ("grad", 0.12),
    ("alum", 0.15),
    ("external", 0.06),
    # undergraduates take the rest (about 55%)
)

# Term model: a current term began TERM_START days ago and ends TERM_END days from now;
# earlier terms are TERM_STEP days apart. Relative, so "currently teaching" is true on
# any day the seed runs.
TERM_START = 60
TERM_END = 60
TERM_LENGTH = 110
TERM_STEP = 140
YEAR = 365


@dataclass(frozen=True, slots=True)
class Department:
    slug: str
    name: str
    topics: tuple[str, ...]
    weight: float  # share of students and faculty, relative


# Ordered so that a small university (which keeps only the first few) still has the
# departments the scenarios live in.
DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "mech-eng",
        "Mechanical Engineering",
        (
            "solar technology",
            "vehicle dynamics",
            "thermodynamics",
            "cad design",
            "robotics",
            "manufacturing",
        ),
        1.0,
    ),
    Department(
        "comp-sci",
        "Computer Science",
        (
            "software engineering",
            "machine learning",
            "algorithms",
            "web development",
            "cybersecurity",
            "data science",
        ),
        1.6,
    ),
    Department(
        "physics",
        "Physics",
        (
            "photovoltaics",
            "optics",
            "quantum mechanics",
            "astrophysics",
            "computational physics",
            "solar technology",
        ),
        0.6,
    ),
    Department(
        "education",
        "Education",
        ("teaching", "youth mentoring", "curriculum design", "literacy", "educational policy"),
        0.8,
    ),
    Department(
        "kinesiology",
        "Kinesiology",
        ("sports science", "exercise physiology", "coaching", "nutrition", "athletic training"),
        0.7,
    ),
    Department(
        "biology",
        "Biology",
        ("genetics", "molecular biology", "neuroscience", "ecology", "pre-med", "microbiology"),
        1.4,
    ),
    Department(
        "elec-eng",
        "Electrical Engineering",
        (
            "power electronics",
            "solar technology",
            "embedded systems",
            "circuit design",
            "signal processing",
            "battery systems",
        ),
        0.9,
    ),
    Department(
        "business",
        "Business",
        ("entrepreneurship", "marketing", "accounting", "finance", "product management"),
        1.5,
    ),
    Department(
        "psychology",
        "Psychology",
        (
            "cognitive psychology",
            "clinical psychology",
            "research methods",
            "child development",
            "social psychology",
        ),
        1.2,
    ),
    Department(
        "env-sci",
        "Environmental Science",
        (
            "renewable energy",
            "climate policy",
            "sustainability",
            "water resources",
            "gis mapping",
            "solar technology",
        ),
        0.6,
    ),
    Department(
        "economics",
        "Economics",
        (
            "econometrics",
            "behavioral economics",
            "public policy",
            "finance",
            "development economics",
        ),
        0.9,
    ),
    Department(
        "mathematics",
        "Mathematics",
        (
            "statistics",
            "applied mathematics",
            "number theory",
            "mathematical modeling",
            "actuarial science",
        ),
        0.6,
    ),
    Department(
        "chemistry",
        "Chemistry",
        (
            "organic chemistry",
            "materials science",
            "biochemistry",
            "analytical chemistry",
            "battery systems",
        ),
        0.6,
    ),
    Department(
        "english",
        "English",
        ("creative writing", "literature", "journalism", "rhetoric", "publishing"),
        0.7,
    ),
    Department(
        "history",
        "History",
        ("public history", "archival research", "museum studies", "political history"),
        0.5,
    ),
    Department(
        "nursing",
        "Nursing",
        ("clinical practice", "public health", "patient care", "pharmacology"),
        0.9,
    ),
)

GENERAL_INTERESTS: tuple[str, ...] = (
    "career planning",
    "internships",
    "graduate school applications",
    "study skills",
    "time management",
    "wellbeing",
    "leadership",
    "public speaking",
    "networking",
    "research experience",
    "study abroad",
    "financial literacy",
    "academic writing",
)


@dataclass(frozen=True, slots=True)
class Office:
    slug: str
    name: str
    topics: tuple[str, ...]
    weight: float  # share of staff


OFFICES: tuple[Office, ...] = (
    Office(
        "academic-advising",
        "Academic Advising Center",
        ("course planning", "study skills", "time management"),
        1.4,
    ),
    Office(
        "career-center",
        "Career Center",
        ("career planning", "internships", "resume writing", "interviewing", "networking"),
        1.2,
    ),
    Office("counseling", "Counseling and Wellness Center", ("wellbeing", "stress management"), 1.0),
    Office("athletics", "Athletics Department", ("coaching", "leadership", "sports science"), 1.3),
    Office("tutoring-center", "Tutoring Center", ("study skills", "academic writing"), 0.7),
    Office("writing-center", "Writing Center", ("academic writing", "public speaking"), 0.5),
    Office(
        "residential-life", "Office of Residential Life", ("community building", "wellbeing"), 0.9
    ),
    Office("international", "International Student Services", ("study abroad", "visa advice"), 0.4),
    Office("financial-aid", "Financial Aid Office", ("financial literacy",), 0.5),
    Office(
        "first-gen",
        "First-Generation Student Office",
        ("first-generation students", "navigating college", "financial literacy"),
        0.4,
    ),
    Office(
        "research",
        "Office of Undergraduate Research",
        ("research experience", "graduate school applications"),
        0.3,
    ),
)

INDUSTRY_TOPICS: tuple[str, ...] = (
    "engineering careers",
    "software engineering",
    "product management",
    "entrepreneurship",
    "public health",
    "nonprofit leadership",
    "finance",
    "youth mentoring",
    "interviewing",
    "career planning",
    "networking",
    "teaching",
)

SPORTS: tuple[str, ...] = (
    "Soccer",
    "Volleyball",
    "Rowing",
    "Track and Field",
    "Cross Country",
    "Swimming and Diving",
    "Lacrosse",
    "Tennis",
    "Ultimate Frisbee",
    "Rugby",
    "Fencing",
    "Field Hockey",
    "Baseball",
    "Softball",
    "Ice Hockey",
    "Wrestling",
    "Golf",
    "Water Polo",
)
COMPETITION_TEAMS: tuple[str, ...] = (
    "Robotics Team",
    "Debate Team",
    "Formula Racing Team",
    "Model UN Team",
    "Mock Trial Team",
    "Quiz Bowl Team",
    "Concrete Canoe Team",
    "Hackathon Team",
    "Rocketry Team",
)
HOBBIES: tuple[str, ...] = (
    "Chess",
    "Photography",
    "Hiking",
    "Film",
    "Jazz",
    "Choir",
    "Theatre",
    "Improv Comedy",
    "Climbing",
    "Cycling",
    "Cooking",
    "Gardening",
    "Astronomy",
    "Anime",
    "Board Games",
    "Poetry",
    "Dance",
    "Salsa",
    "K-Pop",
    "Esports",
    "Knitting",
    "Birdwatching",
    "Sailing",
    "Volunteer Tutoring",
    "Sustainability",
    "Women in STEM",
    "Black Student Union",
    "Latinx Student Alliance",
    "Asian American Association",
    "Pride Alliance",
    "Muslim Student Association",
    "Hillel",
    "Newman",
    "First-Gen Scholars",
    "Pre-Law",
    "Pre-Med",
    "Entrepreneurs",
    "Coding",
    "Data Science",
    "Economics Society",
    "International Students",
    "Outing",
    "Running",
    "Yoga",
    "Meditation",
    "Debate",
)
CLUB_SUFFIXES: tuple[str, ...] = ("Club", "Society", "Collective", "Circle", "Association")
HALLS: tuple[str, ...] = (
    "Maple",
    "Oak",
    "Cedar",
    "Birch",
    "Willow",
    "Aspen",
    "Elm",
    "Juniper",
    "Spruce",
    "Hawthorn",
    "Linden",
    "Magnolia",
    "Poplar",
    "Sycamore",
    "Chestnut",
    "Alder",
    "Rowan",
    "Hazel",
)
COMMUNITIES: tuple[str, ...] = (
    "Riverside Business Alliance",
    "City Youth Foundation",
    "Regional Engineering Society",
    "Community Health Partners",
    "Downtown Arts Council",
    "Tech Founders Network",
    "Literacy Volunteers",
    "Green Energy Cooperative",
)

FIRST_NAMES: tuple[str, ...] = (
    "Ada",
    "Amara",
    "Aiko",
    "Alejandro",
    "Amir",
    "Ana",
    "Andre",
    "Anika",
    "Arjun",
    "Ava",
    "Ayesha",
    "Beatriz",
    "Ben",
    "Bilal",
    "Camila",
    "Carlos",
    "Chen",
    "Chidi",
    "Chloe",
    "Dara",
    "David",
    "Diego",
    "Dmitri",
    "Elena",
    "Eli",
    "Emeka",
    "Emily",
    "Esther",
    "Fatima",
    "Felix",
    "Fiona",
    "Gabriel",
    "Grace",
    "Hana",
    "Hannah",
    "Hassan",
    "Ibrahim",
    "Imani",
    "Isabel",
    "Ivan",
    "Jamal",
    "James",
    "Jia",
    "Jin",
    "Jonah",
    "Jorge",
    "Julia",
    "Kai",
    "Kavya",
    "Kenji",
    "Keisha",
    "Kofi",
    "Laila",
    "Lara",
    "Leah",
    "Leon",
    "Liam",
    "Lina",
    "Lucas",
    "Luis",
    "Maya",
    "Mateo",
    "Mei",
    "Mia",
    "Miguel",
    "Mira",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Nia",
    "Nikhil",
    "Noah",
    "Nora",
    "Olga",
    "Omar",
    "Oscar",
    "Priya",
    "Quinn",
    "Rafael",
    "Rahul",
    "Rana",
    "Ravi",
    "Rosa",
    "Ruth",
    "Sade",
    "Samir",
    "Sara",
    "Sean",
    "Sofia",
    "Sun",
    "Tariq",
    "Tess",
    "Thandi",
    "Theo",
    "Tomas",
    "Uma",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zainab",
    "Zoe",
)
LAST_NAMES: tuple[str, ...] = (
    "Abebe",
    "Adeyemi",
    "Ahmed",
    "Alvarez",
    "Andersen",
    "Bakr",
    "Banerjee",
    "Becker",
    "Brown",
    "Campbell",
    "Castillo",
    "Chen",
    "Cohen",
    "Costa",
    "Diaz",
    "Dubois",
    "Edwards",
    "Fernandez",
    "Fischer",
    "Garcia",
    "Goldberg",
    "Gonzalez",
    "Gupta",
    "Haddad",
    "Hansen",
    "Hernandez",
    "Hoang",
    "Ibrahim",
    "Ivanova",
    "Jackson",
    "Jensen",
    "Johnson",
    "Kahn",
    "Kaur",
    "Kim",
    "Kowalski",
    "Kumar",
    "Lee",
    "Lopez",
    "Martin",
    "Mbeki",
    "Mendoza",
    "Meyer",
    "Moreau",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Obi",
    "Okafor",
    "Olsen",
    "Ortiz",
    "Park",
    "Patel",
    "Perez",
    "Petrov",
    "Popescu",
    "Quispe",
    "Ramirez",
    "Rao",
    "Reyes",
    "Rossi",
    "Sato",
    "Schmidt",
    "Shah",
    "Silva",
    "Singh",
    "Smith",
    "Sousa",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Thompson",
    "Tran",
    "Wang",
    "Weber",
    "Williams",
    "Wilson",
    "Wu",
    "Yamamoto",
    "Yilmaz",
    "Zhang",
    "Zhou",
)


class _Pool:
    """People to draw from, each in proportion to a weight (bisect over cumulative sums)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence[int], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1] if self.cum else 0.0

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random) -> int:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


class _Builder:
    """Mutable state while generating; people and ties are integers until ``dataset``."""

    def __init__(self, rng: random.Random, today: dt.date, people: int) -> None:
        self.rng = rng
        self.today = today
        self.n_people = people
        # the academic year that is under way ends in (June of) ay_end
        self.ay_end = today.year + (1 if today.month >= 7 else 0)
        self.people: list[PersonRecord] = []
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.groups: list[GroupRecord] = []
        self.group_index: dict[str, int] = {}
        self.memberships: list[tuple[int, int, str, int]] = []
        self._member_at: dict[int, int] = {}  # person * K + group -> index in memberships
        self.ties: list[
            tuple[
                int,
                int,
                TieKind,
                int,
                int | None,
                float,
                int | None,
                tuple[SupportFunction, ...] | None,
                bool,
            ]
        ] = []
        self._tie_keys: set[int] = set()
        self._names_used: dict[str, int] = {}
        self.load: dict[int, int] = {}  # active MENTORS ties out of each person
        self._kind_no = {kind: i for i, kind in enumerate(TieKind)}

    # -- records ---------------------------------------------------------------------

    def name(self) -> str:
        rng = self.rng
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def add_person(self, record: PersonRecord) -> int:
        i = len(self.people)
        self.people.append(record)
        self.ids.append(record.id)
        self.index[record.id] = i
        return i

    def add_group(self, gid: str, name: str, kind: GroupKind) -> int:
        i = len(self.groups)
        self.groups.append(GroupRecord(gid, name, kind))
        self.group_index[gid] = i
        return i

    def unique_group_name(self, name: str) -> str:
        seen = self._names_used.get(name, 0) + 1
        self._names_used[name] = seen
        return name if seen == 1 else f"{name} {_roman(seen)}"

    def member(self, p: int, g: int, role: str, since_ago: int) -> bool:
        key = p * 1_000_003 + g
        if key in self._member_at:
            return False
        self._member_at[key] = len(self.memberships)
        self.memberships.append((p, g, role, max(since_ago, 0)))
        return True

    def set_role(self, p: int, g: int, role: str) -> None:
        at = self._member_at[p * 1_000_003 + g]
        _, _, _, since = self.memberships[at]
        self.memberships[at] = (p, g, role, since)

    def tie(
        self,
        frm: int,
        to: int,
        kind: TieKind,
        since_ago: int,
        until_ago: int | None,
        strength: float,
        last_ago: int | None,
        functions: tuple[SupportFunction, ...] | None = None,
        formal: bool = False,
    ) -> bool:
        """Record a tie unless it is a self tie or (from, to, kind) already has one.

        Days are counted back from today (negative = in the future). The clamps keep
        since <= lastContact <= min(today, until) and since <= until whatever the caller
        drew.
        """
        if frm == to:
            return False
        key = (frm * self.n_people + to) * 8 + self._kind_no[kind]
        if key in self._tie_keys:
            return False
        self._tie_keys.add(key)
        since_ago = max(since_ago, 0)
        if until_ago is not None and until_ago > since_ago:
            until_ago = since_ago
        if last_ago is not None:
            floor = until_ago if until_ago is not None and until_ago > 0 else 0
            last_ago = min(max(last_ago, floor), since_ago)
        self.ties.append(
            (frm, to, kind, since_ago, until_ago, strength, last_ago, functions, formal)
        )
        if kind is TieKind.MENTORS and (until_ago is None or until_ago < 0):
            self.load[frm] = self.load.get(frm, 0) + 1
        return True

    def dataset(self) -> Dataset:
        today = self.today
        offsets: dict[int, dt.date] = {}

        def day(ago: int) -> dt.date:
            # one date object per distinct offset: fewer allocations, less memory
            d = offsets.get(ago)
            if d is None:
                d = offsets[ago] = today - dt.timedelta(days=ago)
            return d

        ids = self.ids
        groups = self.groups
        memberships = [
            MembershipRecord(ids[p], groups[g].id, role, day(since))
            for p, g, role, since in self.memberships
        ]
        defaults = DEFAULT_FUNCTIONS
        kind_value = {kind: kind.value for kind in TieKind}
        sha = hashlib.sha256

        def tie_id(frm: str, to: str, kind: TieKind) -> str:
            # tie_id_for(frm, to, kind, None), without its per-call enum lookups; a test
            # checks that the two agree on every seeded tie
            return "t:" + sha(f"{frm}\x1f{to}\x1f{kind_value[kind]}\x1f".encode()).hexdigest()[:24]

        ties = [
            TieRecord(
                tie_id(ids[frm], ids[to], kind),
                ids[frm],
                ids[to],
                kind,
                strength,
                day(since),
                None if until is None else day(until),
                defaults[kind] if functions is None else functions,
                formal,
                None if last is None else day(last),
            )
            for frm, to, kind, since, until, strength, last, functions, formal in self.ties
        ]
        return Dataset(people=self.people, groups=list(groups), memberships=memberships, ties=ties)


def _roman(n: int) -> str:
    out = []
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _strength(rng: random.Random, mean: float, spread: float) -> float:
    # a triangular draw with standard deviation ``spread`` (cheaper than gauss, same shape
    # for our purpose), kept inside 0.05..1 and to two decimals
    r = rng.random
    return round(min(1.0, max(0.05, mean + spread * 2.449 * (r() + r() - 1.0))), 2)


def _recent(rng: random.Random, mean_days: float) -> int:
    return int(rng.expovariate(1.0 / mean_days))


def _email(first_last: str, n: int | str, domain: str) -> str:
    # the number keeps addresses unique where names repeat
    local = ".".join("".join(c for c in part if c.isalnum()) for part in first_last.split())
    return f"{local.lower()}.{n}@{domain}"


def _split(total: int) -> dict[str, int]:
    counts = {what: int(total * share) for what, share in SHARES}
    counts["undergrad"] = total - sum(counts.values())
    return counts


# -- background ------------------------------------------------------------------------


class _Background:
    """The campus population and its ties; never touches a scenario person."""

    def __init__(self, b: _Builder, size: int) -> None:
        self.b = b
        self.rng = b.rng
        n_depts = min(len(DEPARTMENTS), max(6, size // 250))
        self.depts = DEPARTMENTS[:n_depts]
        self.counts = _split(size)
        self.weight: list[float] = []  # activity weight by person index
        self.dept_of: dict[int, int] = {}
        self.yos: dict[int, int] = {}  # year of study, students only
        self.contexts: dict[int, list[int]] = {}  # person -> groups (peer and KNOWS draws)
        self.group_members: dict[int, list[int]] = {}
        self.faculty: list[int] = []
        self.staff: list[int] = []
        self.grads: list[int] = []
        self.ugs: list[int] = []
        self.alums: list[int] = []
        self.externals: list[int] = []
        self.everyone: list[int] = []
        self.mentor_capacity: dict[int, int | None] = {}
        self.level: dict[int, Level] = {}
        self.serves: dict[int, tuple[Level, ...]] = {}
        self.office_staff: dict[str, list[int]] = {}
        self.dept_groups: list[int] = []
        self.office_groups: dict[str, int] = {}
        self.lab_pi: dict[int, int] = {}  # lab group -> principal investigator
        self.lab_of: dict[int, int] = {}  # student -> lab group
        self.ra_of: dict[int, int] = {}  # dorm resident -> resident assistant
        self.workers: dict[int, int] = {}  # student worker -> office group
        self.tutors: list[int] = []

    def activity(self) -> float:
        # Pareto(1.6): most people near 1, a few at 20-80 — the heavy tail of degrees.
        return min(self.rng.paretovariate(1.6), 80.0)

    def join(self, p: int, g: int, role: str, since_ago: int) -> None:
        if self.b.member(p, g, role, since_ago):
            self.group_members.setdefault(g, []).append(p)
            self.contexts.setdefault(p, []).append(g)

    # -- people --

    def make_people(self) -> None:
        b, rng = self.b, self.rng
        depts = self.depts
        dept_weights = list(accumulate(d.weight for d in depts))
        for dep in depts:
            self.dept_groups.append(
                b.add_group(f"g-dept-{dep.slug}", dep.name, GroupKind.DEPARTMENT)
            )
        for off in OFFICES:
            self.office_groups[off.slug] = b.add_group(
                f"g-office-{off.slug}", off.name, GroupKind.OFFICE
            )
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
            self.weight.append(weight)
            self.everyone.append(i)
            if dept is not None:
                self.dept_of[i] = dept
            if record.level is not None:
                self.level[i] = record.level
            if record.serves_levels:
                self.serves[i] = record.serves_levels
            return i

        c = self.counts
        # Faculty: round-robin first so every department has at least one professor.
        for k in range(c["faculty"]):
            d = k if k < len(depts) else pick_dept()
            name = b.name()
            open_door = rng.random() < 0.45
            roles = (Role.FACULTY, Role.ALUM) if rng.random() < 0.08 else (Role.FACULTY,)
            rec = PersonRecord(
                new_id(),
                name,
                roles,
                email=_email(name, n, "example.edu"),
                department=depts[d].name,
                level=PRO,
                interests=topics(GENERAL_INTERESTS[:4], rng.randint(0, 1)),
                expertise=topics(depts[d].topics, rng.randint(2, 4))
                + (("graduate school applications",) if rng.random() < 0.3 else ()),
                open_door=open_door,
                capacity=capacity() if open_door else rng.choice((None, 2)),
                serves_levels=rng.choice(((), (), (UG, GRAD), (GRAD,))),
            )
            i = add(rec, d, min(self.activity(), 20.0) * 2.0)
            self.faculty.append(i)
            self.mentor_capacity[i] = rec.capacity
            self.join(i, self.dept_groups[d], "faculty", rng.randint(365, 25 * YEAR))
        for _ in range(c["staff"]):
            o = OFFICES[bisect.bisect_right(office_weights, rng.random() * office_weights[-1])]
            name = b.name()
            open_door = rng.random() < 0.35
            roles = (Role.STAFF, Role.ALUM) if rng.random() < 0.15 else (Role.STAFF,)
            rec = PersonRecord(
                new_id(),
                name,
                roles,
                email=_email(name, n, "example.edu"),
                level=PRO,
                expertise=topics(o.topics, rng.randint(1, 3)),
                open_door=open_door,
                capacity=capacity() if open_door else None,
            )
            i = add(rec, None, self.activity())
            self.staff.append(i)
            self.office_staff.setdefault(o.slug, []).append(i)
            self.mentor_capacity[i] = rec.capacity
            self.join(
                i,
                self.office_groups[o.slug],
                "director" if len(self.office_staff[o.slug]) == 1 else "staff",
                rng.randint(100, 15 * YEAR),
            )
        for _ in range(c["grad"]):
            d = pick_dept()
            name = b.name()
            yos = rng.randint(1, 5)
            open_door = rng.random() < 0.25
            roles = (Role.STUDENT, Role.ALUM) if rng.random() < 0.15 else (Role.STUDENT,)
            rec = PersonRecord(
                new_id(),
                name,
                roles,
                email=_email(name, n, "example.edu"),
                department=depts[d].name,
                level=GRAD,
                interests=topics(depts[d].topics, 1) + topics(GENERAL_INTERESTS, rng.randint(1, 2)),
                expertise=topics(depts[d].topics, rng.randint(1, 2)),
                open_door=open_door,
                capacity=rng.choice((1, 2, 3)) if open_door else None,
                serves_levels=(UG,) if rng.random() < 0.6 else (),
            )
            i = add(rec, d, self.activity())
            self.grads.append(i)
            self.yos[i] = yos
            self.mentor_capacity[i] = rec.capacity
            self.join(i, self.dept_groups[d], "graduate student", yos * YEAR - rng.randint(0, 300))
        for _ in range(c["undergrad"]):
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
                email=_email(name, n, "example.edu"),
                department=depts[d].name,
                class_year=self.b.ay_end + 4 - yos,
                level=UG,
                interests=topics(depts[d].topics, rng.randint(1, 2))
                + topics(GENERAL_INTERESTS, n_interests - 1),
                expertise=topics(depts[d].topics, 1) if yos >= 3 and rng.random() < 0.3 else (),
                open_door=open_door,
                capacity=rng.choice((1, 2, 3)) if open_door else None,
                serves_levels=(UG,) if open_door else (),
            )
            i = add(rec, d, self.activity())
            self.ugs.append(i)
            self.yos[i] = yos
            if open_door:
                self.mentor_capacity[i] = rec.capacity
            self.join(i, self.dept_groups[d], "major", (yos - 1) * YEAR + rng.randint(30, 300))
        for _ in range(c["alum"]):
            d = pick_dept()
            name = b.name()
            open_door = rng.random() < 0.4
            rec = PersonRecord(
                new_id(),
                name,
                (Role.ALUM,),
                email=_email(name, n, "example.com"),
                department=depts[d].name,
                level=PRO,
                interests=topics(
                    ("networking", "leadership", "career planning"), rng.randint(0, 1)
                ),
                expertise=topics(depts[d].topics, rng.randint(1, 2))
                + topics(INDUSTRY_TOPICS, rng.randint(0, 2)),
                open_door=open_door,
                capacity=capacity() if open_door else None,
                serves_levels=rng.choice(((), (), (UG,), (UG, GRAD))),
            )
            i = add(rec, d, self.activity())
            self.alums.append(i)
            self.mentor_capacity[i] = rec.capacity
        for _ in range(c["external"]):
            name = b.name()
            open_door = rng.random() < 0.6
            rec = PersonRecord(
                new_id(),
                name,
                (Role.EXTERNAL,),
                email=_email(name, n, "example.org") if rng.random() < 0.7 else None,
                level=PRO,
                expertise=topics(INDUSTRY_TOPICS, rng.randint(1, 3)),
                open_door=open_door,
                capacity=capacity() if open_door else None,
                serves_levels=rng.choice(((), (UG,), (K12, UG), (UG, GRAD))),
            )
            i = add(rec, None, self.activity())
            self.externals.append(i)
            self.mentor_capacity[i] = rec.capacity

    # -- groups --

    def make_groups(self) -> None:
        b, rng = self.b, self.rng
        ugs, grads = self.ugs, self.grads
        # Teams: about one in eight undergraduates, in squads of 15-25.
        athletes = [u for u in ugs if rng.random() < 0.12]
        n_teams = max(4, len(athletes) // 20)
        bases = [f"{s} Team" for s in SPORTS] + list(COMPETITION_TEAMS)
        coaches = self.office_staff.get("athletics") or self.staff
        teams: list[int] = []
        for k in range(n_teams):
            base = bases[k % len(bases)]
            tier = k // len(bases)
            label = base if tier == 0 else f"{base} (Club)" if tier == 1 else f"{base} (Intramural)"
            gid = f"g-team-{k + 1:04d}"
            g = b.add_group(gid, b.unique_group_name(label), GroupKind.TEAM)
            teams.append(g)
            coach = rng.choice(coaches)
            self.join(coach, g, "coach", rng.randint(365, 10 * YEAR))
        for u in athletes:
            g = teams[rng.randrange(len(teams))]
            self.join(u, g, "member", (self.yos[u] - 1) * YEAR + rng.randint(20, 200))
        for g in teams:
            members = [p for p in self.group_members.get(g, []) if p in self.yos]
            if members:
                captain = max(members, key=lambda p: (self.yos[p], self.weight[p]))
                b.set_role(captain, g, "captain")
        # Clubs: many small, a few large (popularity is heavy-tailed).
        students = ugs + grads
        n_clubs = max(5, len(students) // 60)
        clubs: list[int] = []
        names = [f"{h} {s}" for s in CLUB_SUFFIXES for h in HOBBIES]
        names += [f"{d.name} Student Society" for d in self.depts]
        for k in range(n_clubs):
            base = names[k % len(names)]
            g = b.add_group(f"g-club-{k + 1:04d}", b.unique_group_name(base), GroupKind.CLUB)
            clubs.append(g)
        club_pool = _Pool(clubs, [self.activity() for _ in clubs])
        for s in students:
            for _ in range(rng.choice((0, 0, 0, 1, 1, 1, 2, 2, 3))):
                self.join(s, club_pool.pick(rng), "member", rng.randint(20, 3 * YEAR))
        for g in clubs:
            club_members = self.group_members.get(g)
            if club_members:
                b.set_role(club_members[0], g, "president")
        # Labs: a faculty PI each, graduate students and undergraduate research assistants.
        n_labs = max(2, len(self.faculty) // 3)
        pis = rng.sample(self.faculty, min(n_labs, len(self.faculty)))
        labs_by_dept: dict[int, list[int]] = {}
        for k, pi in enumerate(pis):
            d = self.dept_of[pi]
            topic = rng.choice(self.depts[d].topics)
            surname = b.people[pi].name.split()[-1]
            g = b.add_group(
                f"g-lab-{k + 1:04d}",
                b.unique_group_name(f"{surname} Lab for {topic.title()}"),
                GroupKind.LAB,
            )
            self.lab_pi[g] = pi
            labs_by_dept.setdefault(d, []).append(g)
            self.join(pi, g, "principal investigator", rng.randint(2 * YEAR, 20 * YEAR))
        for s in grads:
            labs = labs_by_dept.get(self.dept_of[s])
            if labs and rng.random() < 0.75:
                g = rng.choice(labs)
                self.lab_of[s] = g
                self.join(s, g, "graduate researcher", self.yos[s] * YEAR - rng.randint(100, 300))
        for u in ugs:
            if self.yos[u] >= 2 and rng.random() < 0.08:
                labs = labs_by_dept.get(self.dept_of[u])
                if labs:
                    g = rng.choice(labs)
                    self.lab_of[u] = g
                    self.join(u, g, "research assistant", rng.randint(30, 2 * YEAR))
        # Dorms: most first- and second-years, fewer upper-years; one RA per ~30 residents.
        live_in = {1: 0.9, 2: 0.7, 3: 0.25, 4: 0.15}
        residents = [u for u in ugs if rng.random() < live_in[self.yos[u]]]
        n_dorms = max(2, len(residents) // 300)
        dorms = []
        for k in range(n_dorms):
            hall = HALLS[k % len(HALLS)]
            dorms.append(
                b.add_group(
                    f"g-dorm-{k + 1:03d}", b.unique_group_name(f"{hall} Hall"), GroupKind.DORM
                )
            )
        ay_start = TERM_START + 30
        for u in residents:
            self.join(u, dorms[rng.randrange(n_dorms)], "resident", ay_start)
        for g in dorms:
            members = self.group_members.get(g, [])
            upper = [p for p in members if self.yos[p] >= 2]
            n_ra = max(1, len(members) // 30) if upper else 0
            ras = rng.sample(upper, min(n_ra, len(upper)))
            for ra in ras:
                b.set_role(ra, g, "resident assistant")
            if ras:
                for k, p in enumerate(members):
                    self.ra_of[p] = ras[k % len(ras)]
        # Offices employ student workers; the tutoring center employs tutors.
        office_slugs = [o.slug for o in OFFICES if self.office_staff.get(o.slug)]
        for u in ugs:
            if rng.random() < 0.06 and office_slugs:
                slug = rng.choice(office_slugs)
                self.workers[u] = self.office_groups[slug]
                self.join(u, self.office_groups[slug], "student worker", rng.randint(30, 2 * YEAR))
        self.tutors = [s for s in grads if rng.random() < 0.3]
        self.tutors += [u for u in ugs if self.yos[u] >= 3 and rng.random() < 0.06]
        tc = self.office_groups["tutoring-center"]
        for t in self.tutors:
            self.join(t, tc, "tutor", rng.randint(30, 2 * YEAR))
        # Communities: the alumni association and local partners.
        aa = b.add_group("g-alumni-association", "Alumni Association", GroupKind.COMMUNITY)
        for a in self.alums:
            if rng.random() < 0.5:
                self.join(a, aa, "member", rng.randint(YEAR, 20 * YEAR))
        n_comm = max(3, len(self.externals) // 150)
        comms = [
            b.add_group(
                f"g-community-{k + 1:03d}",
                b.unique_group_name(COMMUNITIES[k % len(COMMUNITIES)]),
                GroupKind.COMMUNITY,
            )
            for k in range(n_comm)
        ]
        for e in self.externals:
            self.join(e, rng.choice(comms), "member", rng.randint(YEAR, 15 * YEAR))
        for a in self.alums:
            if rng.random() < 0.1:
                self.join(a, rng.choice(comms), "member", rng.randint(YEAR, 10 * YEAR))

    # -- ties --

    def make_ties(self) -> None:
        b, rng = self.b, self.rng
        tie = b.tie
        w = self.weight
        strength = _strength
        recent = _recent
        dept_of, yos = self.dept_of, self.yos
        n_depts = len(self.depts)
        until: int | None
        last: int | None
        rnd = rng.random

        def between(lo: int, hi: int) -> int:
            # rng.randint's argument checks cost more than the draw in these hot loops
            return lo + int(rnd() * (hi - lo + 1))

        def pool(people: Sequence[int]) -> _Pool:
            return _Pool(people, [w[p] for p in people])

        fac_by_dept = [pool([f for f in self.faculty if dept_of[f] == d]) for d in range(n_depts)]
        all_fac = pool(self.faculty)
        advisers = pool(self.office_staff.get("academic-advising") or self.staff)
        career = pool(self.office_staff.get("career-center") or self.staff)
        counselors = pool(self.office_staff.get("counseling") or self.staff)
        students = self.ugs + self.grads

        # ADVISES: each undergraduate has a faculty advisor in the major (a quarter changed
        # advisor once); first-years also see a professional advisor; graduate students
        # are advised by their lab's PI.
        for u in self.ugs:
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
        for s in self.grads:
            start = yos[s] * YEAR - between(100, 300)
            lab = self.lab_of.get(s)
            fac = fac_by_dept[dept_of[s]] or all_fac
            advisor = self.lab_pi[lab] if lab is not None else fac.pick(rng)
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

        # TEACHES: this term's courses (active) and earlier ones (ended); two in three in
        # the major, the rest anywhere; large lectures follow the faculty's weights.
        for s in students:
            y = yos[s]
            grad = b.people[s].level is GRAD
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

        # TUTORS: the tutoring center's tutors (graduate and senior students), formal.
        tutors = pool(self.tutors)
        if tutors:
            for u in self.ugs:
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

        # PEER_SUPPORTS: friends met in a shared context (dorm, team, club, lab, major);
        # half of them support each other both ways. RAs support their residents (formal).
        group_pools = {
            g: pool([p for p in members if p in yos]) for g, members in self.group_members.items()
        }
        dept_students: list[list[int]] = [[] for _ in range(n_depts)]
        for s in students:
            dept_students[dept_of[s]].append(s)
        dept_pools = [pool(ss) for ss in dept_students]
        everyone = pool(self.everyone)
        contexts = self.contexts
        for s in students:
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
                        round(min(1.0, max(0.05, st + rng.uniform(-0.1, 0.1))), 2),
                        (until or 0) + recent(rng, 20),
                    )
        for resident, ra in self.ra_of.items():
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

        # COACHES: team coaches coach their squads; the career center and counselors
        # coach some students (a third of those have finished).
        for g, members in self.group_members.items():
            if self.b.groups[g].kind is not GroupKind.TEAM:
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
        for s in students:
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

        # SUPERVISES: PIs supervise their lab, senior graduate students the undergraduate
        # research assistants; office staff supervise student workers.
        lab_seniors: dict[int, list[int]] = {}
        for s, g in self.lab_of.items():
            if b.people[s].level is GRAD and yos[s] >= 3:
                lab_seniors.setdefault(g, []).append(s)
        for s, g in self.lab_of.items():
            since = between(30, max(31, yos[s] * YEAR - 100))
            tie(
                self.lab_pi[g],
                s,
                TieKind.SUPERVISES,
                since,
                None,
                strength(rng, 0.6, 0.15),
                recent(rng, 10),
            )
            seniors = lab_seniors.get(g)
            if seniors and b.people[s].level is UG:
                tie(
                    rng.choice(seniors),
                    s,
                    TieKind.SUPERVISES,
                    since,
                    None,
                    strength(rng, 0.65, 0.12),
                    recent(rng, 4),
                )
        office_of_group = {g: slug for slug, g in self.office_groups.items()}
        for s, g in self.workers.items():
            staff = self.office_staff.get(office_of_group[g], [])
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

        # MENTORS: about a third of the students have a mentor (one in ten a second),
        # from their department's alums and faculty or anyone else with expertise;
        # nobody goes over their capacity, and a mentor serves the mentee's level.
        cap = self.mentor_capacity
        mentors_by_dept: list[list[int]] = [[] for _ in range(n_depts)]
        mentor_all: list[int] = []
        faculty_or_alum = set(self.faculty) | set(self.alums)
        for m in cap:
            if b.people[m].level is not UG:
                mentor_all.append(m)
                if m in dept_of and m in faculty_or_alum:
                    mentors_by_dept[dept_of[m]].append(m)
        dept_mentors = [pool(ms) for ms in mentors_by_dept]
        any_mentor = pool(mentor_all)
        peer_mentors = pool([u for u in self.ugs if u in cap])
        load = b.load
        serves = self.serves
        level_of = self.level

        def find_mentor(s: int, source: _Pool) -> int | None:
            lv = level_of.get(s)
            for _ in range(4):
                m = source.pick(rng)
                c = cap[m]
                sv = serves.get(m)
                if (c is None or load.get(m, 0) < c) and (not sv or lv in sv):
                    return m
            return None

        for s in students:
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
            if yos[s] == 1 and peer_mentors and b.people[s].level is UG and rnd() < 0.2:
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

        # KNOWS: acquaintances, mostly within a shared group or department, the rest
        # across campus drawn by activity (so hubs collect many).
        people_by_dept: list[list[int]] = [[] for _ in range(n_depts)]
        for p, d in dept_of.items():
            people_by_dept[d].append(p)
        dept_all = [pool(ps) for ps in people_by_dept]
        all_group_pools = {g: pool(members) for g, members in self.group_members.items()}
        for p in self.everyone:
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


# -- scenarios -------------------------------------------------------------------------


class _Scenarios:
    """The named people and groups of docs/seed.md, with every tie that touches them."""

    def __init__(self, b: _Builder, bg: _Background) -> None:
        self.b = b
        self.bg = bg
        self.rng = b.rng

    def person(
        self,
        pid: str,
        name: str,
        roles: tuple[Role, ...],
        *,
        email: str | None = None,
        department: str | None = None,
        class_year: int | None = None,
        level: Level | None = None,
        interests: tuple[str, ...] = (),
        expertise: tuple[str, ...] = (),
        open_door: bool = False,
        capacity: int | None = None,
        serves_levels: tuple[Level, ...] = (),
    ) -> int:
        return self.b.add_person(
            PersonRecord(
                pid,
                name,
                roles,
                email=email,
                department=department,
                class_year=class_year,
                level=level,
                interests=interests,
                expertise=expertise,
                open_door=open_door,
                capacity=capacity,
                serves_levels=serves_levels,
            )
        )

    def dept(self, slug: str) -> tuple[str, int]:
        for d, g in zip(self.bg.depts, self.bg.dept_groups, strict=True):
            if d.slug == slug:
                return d.name, g
        raise KeyError(slug)  # the first six departments always exist

    def some(self, candidates: Sequence[int], k: int, avoid: set[int] | None = None) -> list[int]:
        """k background people from candidates (fewer if there are not enough)."""
        pool = [c for c in candidates if not avoid or c not in avoid]
        return self.rng.sample(pool, min(k, len(pool)))

    def students_of(self, slug: str, at_least: int = 8) -> list[int]:
        """Background undergraduates of a department (all of them in a tiny university)."""
        name, _ = self.dept(slug)
        found = [u for u in self.bg.ugs if self.b.people[u].department == name]
        return found if len(found) >= at_least else self.bg.ugs

    def faculty_of(self, slug: str) -> list[int]:
        name, _ = self.dept(slug)
        found = [f for f in self.bg.faculty if self.b.people[f].department == name]
        return found or self.bg.faculty

    def make(self) -> None:
        self.solar_car()
        self.basketball()
        self.growing_advising()
        self.thin_support()
        self.well_supported()
        self.mentor_capacity()

    def solar_car(self) -> None:
        b, rng = self.b, self.rng
        tie = b.tie
        ay = b.ay_end
        me, me_g = self.dept("mech-eng")
        phys, phys_g = self.dept("physics")
        team = b.add_group("g-solar-car", "Solar Car Team", GroupKind.TEAM)
        advisor = self.person(
            "p-solar-advisor",
            "Imani Okafor",
            (Role.FACULTY,),
            email="imani.okafor@example.edu",
            department=me,
            level=PRO,
            expertise=("solar technology", "vehicle dynamics", "power electronics"),
            open_door=True,
            capacity=4,
            serves_levels=(UG, GRAD),
        )
        captain = self.person(
            "p-solar-captain",
            "Mateo Alvarez",
            (Role.STUDENT,),
            email="mateo.alvarez@example.edu",
            department=me,
            class_year=ay,
            level=UG,
            interests=("graduate school applications", "career planning"),
            expertise=("solar technology", "cad design"),
            open_door=True,
            capacity=2,
            serves_levels=(UG,),
        )
        alum = self.person(
            "p-solar-alum",
            "Priya Banerjee",
            (Role.ALUM,),
            email="priya.banerjee@example.com",
            department=me,
            level=PRO,
            expertise=("solar technology", "battery systems", "engineering careers"),
            open_door=True,
            capacity=3,
            serves_levels=(UG, GRAD),
        )
        engineer = self.person(
            "p-solar-engineer",
            "Jonah Meyer",
            (Role.STAFF,),
            email="jonah.meyer@example.edu",
            department=me,
            level=PRO,
            expertise=("solar technology", "manufacturing"),
            open_door=False,
        )
        friend = self.person(
            "p-solar-friend",
            "Lina Haddad",
            (Role.STUDENT,),
            email="lina.haddad@example.edu",
            department=phys,
            class_year=ay + 2,
            level=UG,
            interests=("solar technology", "optics"),
        )
        prof = self.person(
            "p-solar-prof",
            "Kenji Nakamura",
            (Role.FACULTY,),
            email="kenji.nakamura@example.edu",
            department=phys,
            level=PRO,
            expertise=("photovoltaics", "optics"),
            open_door=True,
            capacity=2,
        )
        student = self.person(
            "p-solar-student",
            "Sofia Reyes",
            (Role.STUDENT,),
            email="sofia.reyes@example.edu",
            department=phys,
            class_year=ay + 2,
            level=UG,
            interests=("solar technology", "renewable energy", "internships"),
        )
        b.member(advisor, team, "faculty advisor", 6 * YEAR)
        b.member(advisor, me_g, "faculty", 12 * YEAR)
        b.member(captain, team, "captain", 3 * YEAR + 40)
        b.member(captain, me_g, "major", 3 * YEAR + 90)
        b.member(alum, team, "alum mentor", 2 * YEAR)
        b.member(engineer, team, "technical staff", 5 * YEAR)
        b.member(friend, team, "member", YEAR + 30)
        b.member(friend, phys_g, "major", YEAR + 90)
        b.member(prof, phys_g, "faculty", 9 * YEAR)
        b.member(student, phys_g, "major", YEAR + 90)
        # A few background mechanical engineers round out the team. They are students,
        # and none of them gets a tie to the solar student.
        crew = self.some(self.students_of("mech-eng"), 8)
        for u in crew:
            b.member(u, team, "member", rng.randint(30, 2 * YEAR))
        # Inside the team: the advisor mentors the captain and one crew member, the
        # captain mentors the friend, the alum one crew member (everyone under capacity);
        # the engineer supervises the build; teammates support each other.
        tie(advisor, captain, TieKind.MENTORS, 2 * YEAR, None, 0.8, 9)
        tie(captain, friend, TieKind.MENTORS, YEAR, None, 0.7, 3)
        tie(engineer, friend, TieKind.SUPERVISES, YEAR, None, 0.55, 6, (CAREER, ACADEMIC))
        tie(friend, captain, TieKind.PEER_SUPPORTS, YEAR, None, 0.7, 2)
        tie(engineer, advisor, TieKind.KNOWS, 5 * YEAR, None, 0.6, 5)
        tie(alum, advisor, TieKind.KNOWS, 6 * YEAR, None, 0.7, 30)
        if crew:
            tie(advisor, crew[0], TieKind.MENTORS, YEAR, None, 0.65, 12)
            tie(alum, crew[-1], TieKind.MENTORS, 200, None, 0.6, 20, formal=True)
        for u in crew:
            tie(
                engineer,
                u,
                TieKind.SUPERVISES,
                rng.randint(30, YEAR),
                None,
                0.5,
                7,
                (CAREER, ACADEMIC),
            )
            tie(captain, u, TieKind.PEER_SUPPORTS, rng.randint(30, YEAR), None, 0.6, 4)
            tie(u, friend, TieKind.KNOWS, rng.randint(30, YEAR), None, 0.4, 10)
        for u in self.some(self.students_of("mech-eng"), 6, set(crew)):
            tie(advisor, u, TieKind.TEACHES, TERM_START, -TERM_END, 0.35, 8)
        # The solar student: a physics major who has never met the team's experts. She
        # reaches them in two hops: through her friend on the team (captain, engineer)
        # or through her professor, who knows the team's faculty advisor.
        tie(prof, student, TieKind.ADVISES, YEAR + 60, None, 0.55, 20)
        tie(prof, student, TieKind.TEACHES, TERM_START, -TERM_END, 0.4, 5)
        tie(prof, advisor, TieKind.KNOWS, 8 * YEAR, None, 0.6, 40)
        tie(friend, student, TieKind.PEER_SUPPORTS, YEAR, None, 0.75, 1)
        tie(student, friend, TieKind.PEER_SUPPORTS, YEAR, None, 0.7, 1)
        # acquaintances without expertise, off the team
        plain = [u for u in self.students_of("physics") if not b.people[u].expertise]
        for u in self.some(plain, 2, set(crew)):
            tie(student, u, TieKind.KNOWS, rng.randint(30, YEAR), None, 0.3, 30)
        for u in self.some(self.students_of("physics"), 5, set(crew)):
            tie(prof, u, TieKind.TEACHES, TERM_START, -TERM_END, 0.3, 10)

    def basketball(self) -> None:
        b, rng = self.b, self.rng
        tie = b.tie
        ay = b.ay_end
        team = b.add_group("g-basketball", "Basketball Team", GroupKind.TEAM)
        school = b.add_group("g-grade-school", "Riverside Elementary School", GroupKind.SCHOOL)
        athletics = self.bg.office_groups["athletics"]
        coach = self.person(
            "p-bball-coach",
            "Andre Jackson",
            (Role.STAFF,),
            email="andre.jackson@example.edu",
            level=PRO,
            expertise=("coaching", "basketball", "leadership"),
            open_door=True,
        )
        b.member(coach, team, "head coach", 8 * YEAR)
        b.member(coach, athletics, "staff", 8 * YEAR)
        teacher = self.person(
            "p-school-teacher",
            "Rosa Mendoza",
            (Role.EXTERNAL,),
            email="rosa.mendoza@example.org",
            level=PRO,
            expertise=("literacy", "teaching"),
        )
        b.member(teacher, school, "teacher", 10 * YEAR)
        tie(coach, teacher, TieKind.KNOWS, 3 * YEAR, None, 0.6, 14)
        majors = ("kinesiology", "education", "biology", "comp-sci")
        players = []
        for k in range(1, 13):
            # fixed names, whatever the seed: scenario people read the same in every demo
            name = f"{FIRST_NAMES[7 * k % len(FIRST_NAMES)]} {LAST_NAMES[11 * k % len(LAST_NAMES)]}"
            d_name, d_g = self.dept(majors[k % len(majors)])
            y = 1 + k % 4
            players.append(
                self.person(
                    f"p-bball-{k:02d}",
                    name,
                    (Role.STUDENT,),
                    email=_email(name, f"hoops{k}", "example.edu"),
                    department=d_name,
                    class_year=ay + 4 - y,
                    level=UG,
                    interests=("leadership", "career planning"),
                    expertise=(
                        "basketball",
                        "youth mentoring",
                        ("reading", "math homework")[k % 2],
                    ),
                    open_door=k != 12,
                    capacity=1 if k >= 11 else 2,
                    serves_levels=(K12,),
                )
            )
            b.member(players[-1], team, "captain" if k == 1 else "player", y * YEAR - 200)
            b.member(players[-1], d_g, "major", y * YEAR - 250)
        pupils = []
        for k in range(1, 25):
            # first name and initial only (they are children), no email
            initial = LAST_NAMES[3 * k % len(LAST_NAMES)][0]
            pupils.append(
                self.person(
                    f"p-pupil-{k:02d}",
                    f"{FIRST_NAMES[5 * k % len(FIRST_NAMES)]} {initial}.",
                    (Role.EXTERNAL,),
                    level=K12,
                    interests=("basketball", ("reading", "math homework", "science")[k % 3]),
                )
            )
            b.member(pupils[-1], school, "pupil", rng.randint(YEAR, 5 * YEAR))
            tie(teacher, pupils[-1], TieKind.TEACHES, TERM_START + 30, -TERM_END, 0.6, 1)
        for k, p in enumerate(players):
            tie(coach, p, TieKind.COACHES, (1 + (k + 1) % 4) * YEAR - 200, None, 0.7, 2)
            tie(p, players[(k + 1) % len(players)], TieKind.PEER_SUPPORTS, 200, None, 0.65, 3)
        # The reading-buddies programme: players 1-12 mentor pupils 1-12, players 1-4 a
        # second pupil too (13-16). Players 1-4 and 11-12 are then full; pupils 17-24 wait.
        for k, p in enumerate(players):
            tie(p, pupils[k], TieKind.MENTORS, 150, None, 0.6, 6, formal=True)
        for k in range(4):
            tie(players[k], pupils[12 + k], TieKind.MENTORS, 90, None, 0.55, 6, formal=True)

    def growing_advising(self) -> None:
        b = self.b
        tie = b.tie
        cs, cs_g = self.dept("comp-sci")
        ay = b.ay_end
        advisor = self.person(
            "p-advisor-growing",
            "Elena Petrov",
            (Role.FACULTY,),
            email="elena.petrov@example.edu",
            department=cs,
            level=PRO,
            expertise=("machine learning", "software engineering", "graduate school applications"),
            open_door=True,
            capacity=3,
            serves_levels=(UG, GRAD),
        )
        advisee = self.person(
            "p-advisee-growing",
            "Kofi Mensah",
            (Role.STUDENT,),
            email="kofi.mensah@example.edu",
            department=cs,
            class_year=ay,
            level=UG,
            interests=("machine learning", "graduate school applications", "research experience"),
        )
        routine = self.person(
            "p-advisee-routine",
            "Hana Sato",
            (Role.STUDENT,),
            email="hana.sato@example.edu",
            department=cs,
            class_year=ay + 2,
            level=UG,
            interests=("web development",),
        )
        b.member(advisor, cs_g, "faculty", 11 * YEAR)
        b.member(advisee, cs_g, "major", 3 * YEAR + 90)
        b.member(routine, cs_g, "major", YEAR + 90)
        # Three and a half years of advising, weekly contact, strong, now also about careers:
        # the pattern of advising that has grown into mentoring (no MENTORS tie yet).
        tie(advisor, advisee, TieKind.ADVISES, 3 * YEAR + 90, None, 0.92, 2, (ACADEMIC, CAREER))
        # the contrast: routine advising, a term since the last meeting
        tie(advisor, routine, TieKind.ADVISES, YEAR + 60, None, 0.4, 150)
        for f in self.some(self.faculty_of("comp-sci"), 2, {advisor}):
            tie(f, advisee, TieKind.TEACHES, TERM_START, -TERM_END, 0.3, 9)
        for u in self.some(self.students_of("comp-sci"), 2):
            tie(u, advisee, TieKind.PEER_SUPPORTS, 2 * YEAR, None, 0.6, 5)

    def thin_support(self) -> None:
        b, rng = self.b, self.rng
        tie = b.tie
        ay = b.ay_end
        bio, bio_g = self.dept("biology")
        edu, edu_g = self.dept("education")
        none = self.person(
            "p-thin-none",
            "Noah Kowalski",
            (Role.STUDENT,),
            email="noah.kowalski@example.edu",
            department=bio,
            class_year=ay + 3,
            level=UG,
            interests=("study skills", "pre-med", "wellbeing"),
        )
        one = self.person(
            "p-thin-one",
            "Amara Obi",
            (Role.STUDENT,),
            email="amara.obi@example.edu",
            department=edu,
            class_year=ay + 3,
            level=UG,
            interests=("teaching", "financial literacy"),
        )
        b.member(none, bio_g, "major", TERM_START + 30)
        b.member(one, edu_g, "major", TERM_START + 30)
        # p-thin-none: an advisor who went on leave (ended) and two acquaintances.
        fac = self.some(self.faculty_of("biology"), 1)
        if fac:
            tie(fac[0], none, TieKind.ADVISES, TERM_START + 30, 20, 0.3, 45)
        for u in self.some(self.students_of("biology"), 2):
            tie(u, none, TieKind.KNOWS, rng.randint(20, TERM_START), None, 0.2, 30)
            tie(none, u, TieKind.KNOWS, rng.randint(20, TERM_START), None, 0.2, 30)
        # p-thin-one: one professor this term, a friend who transferred out (ended).
        fac = self.some(self.faculty_of("education"), 1)
        if fac:
            tie(fac[0], one, TieKind.TEACHES, TERM_START, -TERM_END, 0.3, 40)
        friends = self.some(self.students_of("education"), 2)
        if friends:
            tie(friends[0], one, TieKind.PEER_SUPPORTS, TERM_START + 20, 15, 0.5, 20)
            tie(friends[-1], one, TieKind.KNOWS, TERM_START, None, 0.2, 12)

    def well_supported(self) -> None:
        b = self.b
        tie = b.tie
        ay = b.ay_end
        bio, bio_g = self.dept("biology")
        lab = b.add_group("g-neuro-lab", "Neuroscience Lab", GroupKind.LAB)
        career_g = self.bg.office_groups["career-center"]
        student = self.person(
            "p-well-supported",
            "Zainab Ahmed",
            (Role.STUDENT,),
            email="zainab.ahmed@example.edu",
            department=bio,
            class_year=ay + 1,
            level=UG,
            interests=("pre-med", "neuroscience", "research experience"),
        )
        advisor = self.person(
            "p-well-advisor",
            "David Cohen",
            (Role.FACULTY,),
            email="david.cohen@example.edu",
            department=bio,
            level=PRO,
            expertise=("pre-med", "genetics"),
            open_door=True,
            capacity=5,
        )
        pi = self.person(
            "p-well-supervisor",
            "Mei Zhang",
            (Role.FACULTY,),
            email="mei.zhang@example.edu",
            department=bio,
            level=PRO,
            expertise=("neuroscience", "research methods"),
            open_door=True,
            capacity=3,
        )
        coach = self.person(
            "p-well-coach",
            "Grace Murphy",
            (Role.STAFF,),
            email="grace.murphy@example.edu",
            level=PRO,
            expertise=("career planning", "interviewing"),
            open_door=True,
        )
        mentor = self.person(
            "p-well-mentor",
            "Samir Shah",
            (Role.ALUM,),
            email="samir.shah@example.com",
            department=bio,
            level=PRO,
            expertise=("pre-med", "clinical practice"),
            open_door=True,
            capacity=3,
        )
        external = self.person(
            "p-well-external",
            "Naomi Williams",
            (Role.EXTERNAL,),
            email="naomi.williams@example.org",
            level=PRO,
            expertise=("public health", "clinical practice"),
            open_door=True,
            capacity=2,
        )
        tutor = self.person(
            "p-well-tutor",
            "Ravi Rao",
            (Role.STUDENT,),
            email="ravi.rao@example.edu",
            department=bio,
            level=GRAD,
            expertise=("molecular biology",),
        )
        peer1 = self.person(
            "p-well-peer-1",
            "Chloe Dubois",
            (Role.STUDENT,),
            email="chloe.dubois@example.edu",
            department=bio,
            class_year=ay + 1,
            level=UG,
            interests=("pre-med",),
        )
        peer2 = self.person(
            "p-well-peer-2",
            "Yusuf Yilmaz",
            (Role.STUDENT,),
            email="yusuf.yilmaz@example.edu",
            department=bio,
            class_year=ay,
            level=UG,
            interests=("neuroscience",),
        )
        for p, role, since in (
            (student, "major", 2 * YEAR + 90),
            (advisor, "faculty", 10 * YEAR),
            (pi, "faculty", 7 * YEAR),
            (tutor, "graduate student", 2 * YEAR),
            (peer1, "major", 2 * YEAR + 90),
            (peer2, "major", 3 * YEAR + 90),
        ):
            b.member(p, bio_g, role, since)
        b.member(pi, lab, "principal investigator", 7 * YEAR)
        b.member(student, lab, "research assistant", YEAR)
        b.member(peer2, lab, "research assistant", 2 * YEAR)
        b.member(coach, career_g, "staff", 6 * YEAR)
        # Every function covered by at least two strong, recent supporters; five roles.
        tie(advisor, student, TieKind.ADVISES, 2 * YEAR + 60, None, 0.85, 6)
        tie(pi, student, TieKind.SUPERVISES, YEAR, None, 0.8, 2)
        tie(tutor, student, TieKind.TUTORS, 200, None, 0.7, 4, formal=True)
        tie(coach, student, TieKind.COACHES, 300, None, 0.75, 10, (CAREER, PSYCHOSOCIAL))
        tie(mentor, student, TieKind.MENTORS, YEAR + 100, None, 0.9, 5, formal=True)
        tie(external, student, TieKind.MENTORS, 250, None, 0.7, 14, (CAREER,))
        tie(peer1, student, TieKind.PEER_SUPPORTS, 2 * YEAR, None, 0.85, 1)
        tie(peer2, student, TieKind.PEER_SUPPORTS, YEAR, None, 0.8, 3)
        tie(student, peer1, TieKind.PEER_SUPPORTS, 2 * YEAR, None, 0.85, 1)
        tie(advisor, pi, TieKind.KNOWS, 7 * YEAR, None, 0.5, 30)
        for u in self.some(self.students_of("biology"), 4):
            tie(advisor, u, TieKind.TEACHES, TERM_START, -TERM_END, 0.3, 10)
            tie(student, u, TieKind.KNOWS, 400, None, 0.3, 20)

    def mentor_capacity(self) -> None:
        b = self.b
        tie = b.tie
        cs, _ = self.dept("comp-sci")
        network = b.add_group("g-alumni-mentors", "Alumni Mentoring Network", GroupKind.COMMUNITY)
        topics = ("software engineering", "career planning", "interviewing")
        full = self.person(
            "p-mentor-full",
            "Wei Chen",
            (Role.ALUM,),
            email="wei.chen@example.com",
            department=cs,
            level=PRO,
            expertise=topics,
            open_door=True,
            capacity=3,
        )
        open_ = self.person(
            "p-mentor-open",
            "Laila Karimi",
            (Role.ALUM,),
            email="laila.karimi@example.com",
            department=cs,
            level=PRO,
            expertise=topics,
            open_door=True,
            capacity=3,
            serves_levels=(UG, GRAD),
        )
        closed = self.person(
            "p-mentor-closed",
            "Tomas Novak",
            (Role.ALUM,),
            email="tomas.novak@example.com",
            department=cs,
            level=PRO,
            expertise=topics,
            open_door=False,
            capacity=2,
        )
        for p in (full, open_, closed):
            b.member(p, network, "mentor", 3 * YEAR)
        for p in (self.index("p-solar-alum"), self.index("p-well-mentor")):
            b.member(p, network, "mentor", 2 * YEAR)
        mentees = self.some(self.students_of("comp-sci"), 7)
        # full: three active mentees (= capacity) and one whose mentorship ended
        for k, u in enumerate(mentees[:3]):
            tie(full, u, TieKind.MENTORS, 300 + 40 * k, None, 0.7, 7 + k, formal=True)
        if len(mentees) > 3:
            tie(full, mentees[3], TieKind.MENTORS, 2 * YEAR, YEAR, 0.6, YEAR + 10)
        if len(mentees) > 4:
            tie(open_, mentees[4], TieKind.MENTORS, 200, None, 0.65, 12)
        if len(mentees) > 5:
            tie(closed, mentees[5], TieKind.MENTORS, 400, None, 0.6, 25)
        tie(full, open_, TieKind.KNOWS, 4 * YEAR, None, 0.5, 60)
        tie(closed, full, TieKind.KNOWS, 5 * YEAR, None, 0.4, 90)

    def index(self, pid: str) -> int:
        return self.b.index[pid]


SCENARIO_PEOPLE = 7 + 2 + 12 + 24 + 3 + 2 + 9 + 3
"""How many people the scenarios add; the rest of ``people`` is background."""


def generate(
    people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> Dataset:
    """The synthetic university: ``people`` people in all, the same for the same arguments."""
    if people < MIN_PEOPLE:
        raise ValueError(f"the seed university needs at least {MIN_PEOPLE} people, got {people}")
    # Millions of small acyclic objects: the cyclic collector would rescan them again and
    # again for nothing (a quarter of the run time at 100,000 people).
    collecting = gc.isenabled()
    gc.disable()
    try:
        rng = random.Random(seed)
        b = _Builder(rng, today or dt.date.today(), people)
        bg = _Background(b, people - SCENARIO_PEOPLE)
        bg.make_people()
        bg.make_groups()
        bg.make_ties()
        _Scenarios(b, bg).make()
        if len(b.people) != people:  # SCENARIO_PEOPLE is out of step with _Scenarios
            raise RuntimeError(f"generated {len(b.people)} people, not {people}")
        return b.dataset()
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
    dataset = generate(people, seed, today)
    await write_dataset(db, dataset, progress=progress)
    return dataset.counts()
