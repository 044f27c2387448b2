"""The support score, thinness, typology and reasons (resolvers.support.profile and
.reasons) on hand-made students, each differing from a well-supported one in one way.

Every expected value below is derived by hand from docs/support-score.md §3 (the sums
are in the comments), and checked against both the code and the oracle
(tests/oracles/support_score.py), so that a slip in either shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import Dataset, Role, SupportFunction, TieKind
from resolvers.support.profiles import support_profiles
from tests.oracles import support_score as oracle
from tests.resolvers.support_data import db_today, person, tie, well_supported

A, C, P = SupportFunction.ACADEMIC, SupportFunction.CAREER, SupportFunction.PSYCHOSOCIAL


@dataclass(frozen=True)
class Case:
    score: float
    thin: bool
    typology: str
    reasons: list[str]


NO_ONE = [
    "no one supports you yet",
    "no academic support",
    "no career support",
    "no psychosocial (personal) support",
]

# Components in the order size + range + departments + tie quality + functions +
# redundancy (weights 25, 15, 5, 25, 20, 10).
CASES: dict[str, Case] = {
    # 25 + 15 + 5 + 25 + 20 + 10; range 4 is high, strength 0.8 is strong.
    "well": Case(100.0, False, "ENTREPRENEURIAL", []),
    # 25·3/4 + 15 + 5 + 25 + 20 + 10 = 93.75 (the document's worked example).
    "size": Case(93.8, False, "ENTREPRENEURIAL", ["only 3 people support you"]),
    # 25 + 15 + 5 + 25 + 20·2/3 + 10·2/3 = 90.
    "career": Case(90.0, False, "ENTREPRENEURIAL", ["no career support"]),
    # Academic from Prof. Lee only: 25 + 15 + 5 + 25 + 20 + 10·2/3 = 96.67.
    "spof": Case(
        96.7, False, "ENTREPRENEURIAL", ["only one person supports you academically: Prof. Lee"]
    ),
    # Four faculty: 25 + 15·1/3 + 5 + 25 + 20 + 10 = 90; low range, strong ties.
    "range": Case(90.0, False, "TRADITIONAL", ["your support comes only from faculty"]),
    # All from Physics: 25 + 15 + 5·1/2 + 25 + 20 + 10 = 97.5.
    "dept": Case(
        97.5, False, "ENTREPRENEURIAL", ["all your supporters come from one department (Physics)"]
    ),
    # Prof. Lee at 0.3 earns 0.3/0.6 = 1/2: 25·(3.5/4) = 21.875 → 96.875; mean 0.675.
    "weak": Case(96.9, False, "ENTREPRENEURIAL", ["weak ties (strength below 0.6) with Prof. Lee"]),
    # Everyone at 0.2 earns 1/3: 25/3 → 83.33; mean 0.2 is weak.
    "allweak": Case(83.3, False, "OPPORTUNISTIC", ["all your ties are weak (strength below 0.6)"]),
    # Contacts 275–278 days ago, factor 1/2: 12.5 → 87.5; 275 days ÷ 30 = 9 months.
    "stale": Case(87.5, False, "ENTREPRENEURIAL", ["no contact with any supporter in 9 months"]),
    # Sam Staff 200 days ago (1/2): 25·3.5/4 = 21.875 → 96.875.
    "somestale": Case(
        96.9, False, "ENTREPRENEURIAL", ["no contact in the last 3 months with Sam Staff"]
    ),
    # Alex Alum never recorded (3/4): 25·3.75/4 = 23.4375 → 98.4375.
    "unknown": Case(98.4, False, "ENTREPRENEURIAL", ["no contact recorded with Alex Alum"]),
    # Nobody ever recorded (3/4): 18.75 → 93.75.
    "nocontact": Case(
        93.8, False, "ENTREPRENEURIAL", ["no contact with any supporter has been recorded"]
    ),
    "none": Case(0.0, True, "NONE", NO_ONE),
    # One strong recent adviser: 25·1/4 + 15·1/3 + 5·1/2 + 25 + 20 + 0 = 58.75, thin anyway.
    "single": Case(
        58.8,
        True,
        "TRADITIONAL",
        [
            "only one person supports you: Prof. Lee",
            "only one person supports you academically: Prof. Lee",
            "only one person supports your career: Prof. Lee",
            "only one person gives you psychosocial (personal) support: Prof. Lee",
            "your support comes only from faculty",
            "all your supporters come from one department (Physics)",
        ],
    ),
    # Contacts 90, 91, 181 and 366 days ago: factors 1, 3/4, 1/2, 1/4 → 25·0.625 = 15.625
    # → 90.625; the longest out of touch is named first.
    "bands": Case(
        90.6,
        False,
        "ENTREPRENEURIAL",
        ["no contact in the last 3 months with Pat Peer, Alex Alum and Sam Staff"],
    ),
    # Alex Alum and Pat Peer at 0.3: 25·(1 + 1 + 1/2 + 1/2)/4 = 18.75 → 93.75; mean 0.55.
    "twoweak": Case(
        93.8, False, "OPPORTUNISTIC", ["weak ties (strength below 0.6) with Alex Alum and Pat Peer"]
    ),
    # Five supporters, four weak (0.59, 0.5, 0.4, 0.3): 25·(1 + 59/60 + 5/6 + 2/3 + 1/2)/5
    # = 19.917 → 94.917; mean 0.538 is weak.
    "manyweak": Case(
        94.9,
        False,
        "OPPORTUNISTIC",
        ["weak ties (strength below 0.6) with Dr. Kim, Sam Staff, Alex Alum and 1 more"],
    ),
    # Two supporters without a department (one "department"): 12.5 + 10 + 2.5 + 25 + 20 + 10.
    "nodept": Case(
        80.0,
        False,
        "ENTREPRENEURIAL",
        [
            "only 2 people support you",
            "your support comes only from faculty and staff",
            "none of your supporters belongs to a department",
        ],
    ),
    # Physics and no department are two: 12.5 + 15·1/3 + 5 + 25 + 20 + 10 = 77.5.
    "mixeddept": Case(
        77.5,
        False,
        "TRADITIONAL",
        ["only 2 people support you", "your support comes only from faculty"],
    ),
    # Dee Dual (alum and student: an alum) tutors (0.4, 200 days) and coaches (0.7, 30
    # days): strength 0.7, contact 30 days, academic + psychosocial. Pat Peer at exactly
    # 0.6, 100 days ago (3/4). 12.5 + 15·2/3 + 5 + 25·1.75/2 + 20·2/3 + 10·1/3 = 66.04.
    "multi": Case(
        66.0,
        False,
        "ENTREPRENEURIAL",
        [
            "only 2 people support you",
            "no career support",
            "only one person supports you academically: Dee Dual",
            "your support comes only from alumni and students",
            "no contact in the last 3 months with Pat Peer",
        ],
    ),
    # Two weak, dormant peers (0.3, 400 and 500 days): 12.5 + 5 + 5 + 25·(1/2·1/4)
    # + 20·1/3 + 10·1/3 = 35.625: thin by score; low range and weak ties.
    "dormant": Case(
        35.6,
        True,
        "RECEPTIVE",
        [
            "only 2 people support you",
            "no academic support",
            "no career support",
            "your support comes only from students",
            "all your ties are weak (strength below 0.6)",
            "no contact with any supporter in 13 months",
        ],
    ),
}


def _dataset(today: dt.date) -> Dataset:
    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    recent = ago(10)
    supporters, kinds = well_supported()
    extra = [
        person("f2", Role.FACULTY, "Chemistry", name="Dr. Kim"),
        person("f3", Role.FACULTY, "Biology", name="Dr. Ng"),
        person("f4", Role.FACULTY, "History", name="Dr. Ross"),
        person("st2", Role.STAFF, "Physics", name="Jo Staff"),
        person("pe2", Role.STUDENT, "Physics", name="Kai Peer"),
        person("n1", Role.FACULTY, None, name="Nia None"),
        person("n2", Role.STAFF, None, name="Noor None"),
        person("dual", dept="Law", name="Dee Dual", roles=(Role.STUDENT, Role.ALUM)),
    ]
    ds = Dataset(people=supporters + extra + [person(s, name=f"Student {s}") for s in CASES])

    def four(student: str, **over: Mapping[str, object]) -> None:
        for sid, kind in kinds:
            opts: dict[str, object] = {"contact": recent}
            opts.update(over.get(sid, {}))
            ds.ties.append(tie(sid, student, kind, **opts))  # type: ignore[arg-type]

    def add(sid: str, student: str, kind: TieKind, **opts: object) -> None:
        ds.ties.append(tie(sid, student, kind, **{"contact": recent, **opts}))  # type: ignore[arg-type]

    four("well")
    for sid, kind in kinds[:3]:
        add(sid, "size", kind)
    four("career", **{s: {"functions": (A, P)} for s, _ in kinds})
    four("spof", **{s: {"functions": (C, P)} for s, _ in kinds[1:]})
    for sid in ["f1", "f2", "f3", "f4"]:
        add(sid, "range", TieKind.TEACHES)
    same_dept = {"f1": TieKind.ADVISES, "st2": TieKind.MENTORS, "al1": TieKind.COACHES}
    for sid, kind in {**same_dept, "pe2": TieKind.PEER_SUPPORTS}.items():
        add(sid, "dept", kind)
    four("weak", f1={"strength": 0.3})
    four("allweak", **{s: {"strength": 0.2} for s, _ in kinds})
    four("stale", **{s: {"contact": ago(275 + i)} for i, (s, _) in enumerate(kinds)})
    four("somestale", st1={"contact": ago(200)})
    four("unknown", al1={"contact": None})
    four("nocontact", **{s: {"contact": None} for s, _ in kinds})
    add("f1", "single", TieKind.ADVISES)
    days = {"f1": 90, "st1": 91, "al1": 181, "pe1": 366}
    four("bands", **{s: {"contact": ago(d)} for s, d in days.items()})
    four("twoweak", al1={"strength": 0.3}, pe1={"strength": 0.3})
    strengths = {"f1": 0.9, "st1": 0.5, "al1": 0.4, "pe1": 0.3}
    four("manyweak", **{s: {"strength": v} for s, v in strengths.items()})
    add("f2", "manyweak", TieKind.MENTORS, strength=0.59)
    for sid in ["n1", "n2"]:
        add(sid, "nodept", TieKind.MENTORS)
    for sid in ["n1", "f1"]:
        add(sid, "mixeddept", TieKind.ADVISES)
    add("dual", "multi", TieKind.TUTORS, strength=0.4, functions=(), contact=ago(200))
    add("dual", "multi", TieKind.COACHES, strength=0.7, functions=(), contact=ago(30))
    add("pe1", "multi", TieKind.PEER_SUPPORTS, strength=0.6, functions=(), contact=ago(100))
    add("pe1", "dormant", TieKind.PEER_SUPPORTS, strength=0.3, functions=(), contact=ago(400))
    add("pe2", "dormant", TieKind.PEER_SUPPORTS, strength=0.3, functions=(), contact=ago(500))
    # Noise that must not count: an acquaintance, an ended tie, a tie the student gives.
    add("f2", "well", TieKind.KNOWS, functions=(), strength=0.1)
    add("f3", "well", TieKind.ADVISES, until=ago(3), strength=0.1)
    add("well", "f2", TieKind.PEER_SUPPORTS, strength=0.1)
    return ds


async def test_scores_thinness_typology_and_reasons_are_the_hand_derived_ones(
    db: Database,
) -> None:
    await write_dataset(db, _dataset(await db_today(db)))
    graph = await oracle.snapshot(db)
    profiles = await support_profiles(db, list(CASES))
    for sid, case in CASES.items():
        p, want = profiles[sid], oracle.expected(graph, sid)
        got = Case(p.score, p.thin, p.typology.value, p.reasons)
        assert got == case, sid
        assert Case(want.score, want.thin, want.typology, want.reasons) == case, sid
        assert p.components == want.parts(), sid
    assert profiles["well"].size == 4 and profiles["well"].range == 4
    assert profiles["single"].size == 1 and profiles["none"].size == 0
    # Dee Dual counts once, as an alum, with her strongest tie and her latest contact.
    dual = next(s for s in profiles["multi"].supporters if s.id == "dual")
    assert (dual.category, dual.strength, dual.functions) == (Role.ALUM, 0.7, (A, P))
    assert dual.kinds == (TieKind.COACHES, TieKind.TUTORS)


async def test_components_are_the_documented_points(db: Database) -> None:
    await write_dataset(db, _dataset(await db_today(db)))
    p = await support_profiles(db, ["multi", "dormant", "single"])
    assert p["multi"].components == {
        "size": 12.5,
        "range": 10.0,
        "departments": 5.0,
        "ties": 21.88,  # 21.875, shown to two decimals
        "functions": 13.33,
        "redundancy": 3.33,
    }
    assert p["dormant"].components == {
        "size": 12.5,
        "range": 5.0,
        "departments": 5.0,
        "ties": 3.12,  # 3.125
        "functions": 6.67,
        "redundancy": 3.33,
    }
    assert p["single"].components == {
        "size": 6.25,
        "range": 5.0,
        "departments": 2.5,
        "ties": 25.0,
        "functions": 20.0,
        "redundancy": 0.0,
    }


async def test_validity_dates_are_the_next_band_change_or_tie_end(db: Database) -> None:
    today = await db_today(db)
    await write_dataset(db, _dataset(today))
    p = await support_profiles(db, ["bands", "multi", "dormant", "nocontact", "well"])
    # The contact 90 days old leaves the recent band tomorrow.
    assert p["bands"].valid_until == today + dt.timedelta(days=1)
    # Dee Dual's 30-day-old contact turns 91 days old in 61 days (Pat Peer's in 81).
    assert p["multi"].valid_until == today + dt.timedelta(days=61)
    # Dormant and unrecorded contacts cannot age any further.
    assert p["dormant"].valid_until is None and p["nocontact"].valid_until is None
    # Ten days old: 81 days left; the ended noise tie is not the student's.
    assert p["well"].valid_until == today + dt.timedelta(days=81)
