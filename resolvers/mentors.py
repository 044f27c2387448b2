"""Paths to a suitable mentor, and introduction paths between two people (SPEC §4, §5).

``mentor_paths`` finds every suitable mentor (SPEC §4) within ``max_hops`` of a student,
ranks them, and explains each one. ``introductions`` lists the strongest short chains of
ties between two given people. The Cypher is in ``graphdb.mentors``. This module validates
the input, passes in the scoring constants, and turns rows into results with reasons an
advisor can read.

Score (0-100; docs/mentor-paths.md has the details and worked examples)::

    score = DISTANCE_POINTS[hops] + FIT_POINTS * (W_WARMTH * warmth + W_TOPIC * topic_fit
            + W_HEADROOM * headroom + W_GROUPS * shared_groups + W_LEVEL * level_fit)

Distance comes first: 75 points for a direct tie, 50 for one introduction, 25 for two,
0 for three. Fit, worth at most 25, orders people at the same distance, so a closer
mentor never ranks below one further away. This is what makes the search exact *and*
fast: once ``first`` people are found, nobody further out can outrank them.

* warmth: how real the path is. It is the geometric mean, over the path's ties, of
  strength x recency, with a discount for each intermediary who is a hub. Recency is 1
  for contact today and 1/2 a year ago. The hub discount is
  (HUB_DEGREE / ties) ^ HUB_EXPONENT above HUB_DEGREE ties, because introductions go
  through real relationships, not through the most connected person.
* topic_fit: the share of the need's topics the mentor is expert in (or, when the need
  names none, the share of the student's interests); NEUTRAL when there is nothing to fit.
* headroom: the share of free mentoring places (1 when there is no cap; 0 when the door
  is closed or every place is taken, which can only show when require_available is off).
* shared_groups: groups both belong to, full at GROUPS_FULL.
* level_fit: 1 when the mentor lists the student's level; NEUTRAL when they serve any level
  or the student has none.

Order: score (rounded to 2 decimals) descending, then fewer hops, then mentor id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphdb.cypher import EXISTING_PEOPLE
from graphdb.driver import Database
from graphdb.errors import BadInput, NotFound
from graphdb.mentors.introductions import INTRODUCTIONS
from graphdb.mentors.paths import MAX_HOPS, MENTOR_PATHS, MIN_HOPS
from graphdb.model import (
    DEFAULT_STRENGTH,
    Level,
    Role,
    SupportFunction,
    TieKind,
    ValidationError,
    check_external_id,
    normalise_topics,
)

# Scoring constants. The settings layer may override them by passing a Scoring.
DISTANCE_POINTS: tuple[float, float, float, float] = (75.0, 50.0, 25.0, 0.0)
FIT_POINTS = 25.0
W_WARMTH = 0.30
W_TOPIC = 0.30
W_HEADROOM = 0.15
W_GROUPS = 0.15
W_LEVEL = 0.10
NEUTRAL = 0.5
GROUPS_FULL = 2
RECENCY_DAYS = 365.0
RECENCY_UNKNOWN = 0.5
HUB_DEGREE = 100
HUB_EXPONENT = 0.25

# Wording thresholds (they change words, never the score).
WEAK_TIE_STRENGTH = 0.25
STALE_CONTACT_DAYS = 365

MAX_FIRST = 50
DEFAULT_MAX_HOPS = 3
DEFAULT_FIRST = 10
DEFAULT_INTRODUCTIONS = 5


@dataclass(frozen=True, slots=True)
class Scoring:
    """The constants of the score; the defaults are the module's."""

    distance_points: tuple[float, float, float, float] = DISTANCE_POINTS
    fit_points: float = FIT_POINTS
    w_warmth: float = W_WARMTH
    w_topic: float = W_TOPIC
    w_headroom: float = W_HEADROOM
    w_groups: float = W_GROUPS
    w_level: float = W_LEVEL
    neutral: float = NEUTRAL
    groups_full: int = GROUPS_FULL
    recency_days: float = RECENCY_DAYS
    recency_unknown: float = RECENCY_UNKNOWN
    hub_degree: int = HUB_DEGREE
    hub_exponent: float = HUB_EXPONENT

    def path_params(self) -> dict[str, object]:
        return {
            "defaultStrength": DEFAULT_STRENGTH,
            "recencyDays": float(self.recency_days),
            "recencyUnknown": float(self.recency_unknown),
            "hubDegree": int(self.hub_degree),
            "hubExponent": float(self.hub_exponent),
        }

    def params(self) -> dict[str, object]:
        return {
            **self.path_params(),
            "distancePoints": [float(p) for p in self.distance_points],
            "fitPoints": float(self.fit_points),
            "wWarmth": float(self.w_warmth),
            "wTopic": float(self.w_topic),
            "wHeadroom": float(self.w_headroom),
            "wGroups": float(self.w_groups),
            "wLevel": float(self.w_level),
            "neutral": float(self.neutral),
            "groupsFull": int(self.groups_full),
        }


DEFAULT_SCORING = Scoring()


@dataclass(frozen=True, slots=True)
class MentorNeed:
    """What the student needs a mentor for (SPEC §5 ``MentorNeed``). Empty = any."""

    topics: Sequence[str] | None = None
    roles: Sequence[Role] | None = None
    # None (an explicit GraphQL null) means the default: required.
    require_available: bool | None = True


@dataclass(frozen=True, slots=True)
class PathTie:
    """One tie along a path, with all the fields of SPEC §5 ``SupportTie``."""

    id: str
    kind: TieKind
    supporter_id: str
    supported_id: str
    strength: float
    since: dt.date | None
    until: dt.date | None
    functions: tuple[SupportFunction, ...]
    formal: bool
    last_contact: dt.date | None


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One named term of the score. ``value`` is in 0..1 (for distance: the hops),
    ``points`` its contribution; the points of all parts add up to the score."""

    name: str
    value: float
    weight: float
    points: float
    detail: str


@dataclass(frozen=True, slots=True)
class MentorMatch:
    mentor_id: str
    mentor_name: str
    score: float
    hops: int
    path: list[str]  # person ids, student first, mentor last: hops + 1 of them
    path_names: list[str]
    ties: list[PathTie]  # the hops ties along the path, in order
    reasons: list[str]
    score_parts: list[ScorePart]


@dataclass(frozen=True, slots=True)
class MentorPathsResult:
    matches: list[MentorMatch]
    # Something the API can show in ``extensions`` (unknown topics, nobody in range).
    hint: str | None = None
    unknown_topics: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IntroductionPath:
    hops: int
    # Product over the ties of strength x recency, times the hub discount of each
    # intermediary: 1 is a chain of strong, fresh ties between ordinary people.
    strength: float
    path: list[str]  # from first to last
    path_names: list[str]
    ties: list[PathTie]
    reasons: list[str]


# ---------------------------------------------------------------------------- validation


def _check_bounds(max_hops: int, first: int, max_first: int = MAX_FIRST) -> None:
    if isinstance(max_hops, bool) or not isinstance(max_hops, int):
        raise BadInput("maxHops must be a whole number from 1 to 4", field="maxHops")
    if not MIN_HOPS <= max_hops <= MAX_HOPS:
        raise BadInput(
            f"maxHops must be from {MIN_HOPS} to {MAX_HOPS}, got {max_hops}",
            field="maxHops",
        )
    if isinstance(first, bool) or not isinstance(first, int):
        raise BadInput(f"first must be a whole number from 1 to {max_first}", field="first")
    if not 1 <= first <= max_first:
        raise BadInput(f"first must be from 1 to {max_first}, got {first}", field="first")


def _check_id(value: str, what: str) -> str:
    try:
        return check_external_id(value, what)
    except ValidationError as error:
        raise BadInput(str(error), field=what) from error


def _need_topics(need: MentorNeed | None) -> list[str]:
    if need is None or not need.topics:
        return []
    raw = [need.topics] if isinstance(need.topics, str) else list(need.topics)
    try:
        return normalise_topics(raw, "need.topics")
    except ValidationError as error:
        raise BadInput(str(error), field="need.topics") from error


def _need_roles(need: MentorNeed | None) -> list[str]:
    if need is None or not need.roles:
        return []
    roles: dict[str, None] = {}
    for role in need.roles:
        try:
            roles[Role(role).value] = None
        except ValueError as error:
            raise BadInput(f"need.roles: {role!r} is not a role", field="need.roles") from error
    return list(roles)


# ------------------------------------------------------------------------------ queries


async def mentor_paths(
    db: Database,
    person_id: str,
    need: MentorNeed | None = None,
    max_hops: int = DEFAULT_MAX_HOPS,
    first: int = DEFAULT_FIRST,
    *,
    scoring: Scoring = DEFAULT_SCORING,
) -> MentorPathsResult:
    """Suitable mentors for ``person_id`` within ``max_hops``, best first (at most ``first``).

    Raises BadInput for bounds or a malformed id, and NotFound for an unknown person.
    A need whose topics are all unknown is not an error: no one matches, and ``hint``
    says why.
    """
    _check_bounds(max_hops, first)
    _check_id(person_id, "personId")
    topics = _need_topics(need)
    roles = _need_roles(need)
    require_available = need is None or need.require_available is not False

    query = MENTOR_PATHS[(max_hops, bool(topics))]
    params: dict[str, object] = {
        "personId": person_id,
        # One map, not three parameters: Neo4j plans a query again for each new size of
        # a list parameter (1-3 s for these), but not for lists inside a map.
        "need": {"topics": topics, "roles": roles, "requireAvailable": require_available},
        "first": first,
        **scoring.params(),
    }
    rows = await db.read(query, params)
    if not rows:
        raise NotFound(f"no person with id {person_id!r}", field="personId")
    row = rows[0]

    fit_topics: list[str] = list(row["fitTopics"])
    topics_named = bool(topics)
    matches = [
        _match(m, row.get("level"), fit_topics, topics_named, scoring) for m in row["matches"]
    ]
    matches.sort(key=lambda m: (-m.score, m.hops, m.mentor_id))
    unknown: list[str] = list(row["unknownTopics"])
    return MentorPathsResult(
        matches=matches,
        hint=_hint(topics, unknown, bool(matches), max_hops),
        unknown_topics=unknown,
    )


async def introductions(
    db: Database,
    from_id: str,
    to_id: str,
    max_hops: int = DEFAULT_MAX_HOPS,
    first: int = DEFAULT_INTRODUCTIONS,
    *,
    scoring: Scoring = DEFAULT_SCORING,
) -> list[IntroductionPath]:
    """The strongest of the shortest chains of active ties (either direction) between two
    people, at most ``max_hops`` long, strongest first; no chain passes anyone twice.

    The candidates are the shortest ``graphdb.mentors.introductions.INTRO_POOL`` chains
    Neo4j finds, fewest hops first; among those, ``first`` are kept by strength.
    """
    _check_bounds(max_hops, first)
    _check_id(from_id, "fromId")
    _check_id(to_id, "toId")
    if from_id == to_id:
        raise BadInput("fromId and toId are the same person", field="toId")
    params: dict[str, object] = {
        "fromId": from_id,
        "toId": to_id,
        "first": first,
        **scoring.path_params(),
    }
    rows = await db.read(INTRODUCTIONS[max_hops], params)
    if not rows:
        exist = {r["id"] for r in await db.read(EXISTING_PEOPLE, {"ids": [from_id, to_id]})}
        missing = [pid for pid in (from_id, to_id) if pid not in exist] or [from_id]
        what = "fromId" if from_id in missing else "toId"
        raise NotFound(f"no person with id {missing[0]!r}", field=what)
    out: list[IntroductionPath] = []
    for p in rows[0]["paths"]:
        ties = [_tie(t) for t in p["ties"]]
        ids = [n["id"] for n in p["path"]]
        names = [n["name"] for n in p["path"]]
        reasons = [_chain_sentence(ids, names, ties, subject_is_you=False)]
        reasons += _hub_reasons(names, list(p["degrees"]), scoring)
        out.append(
            IntroductionPath(
                hops=len(ties),
                strength=float(p["strength"]),
                path=ids,
                path_names=names,
                ties=ties,
                reasons=reasons,
            )
        )
    return out


# Neo4j caches a plan per query *and* per size bucket of its string parameters (and an
# EXPLAIN's plan only for EXPLAIN), so warming up means running each query for real, with
# ids of typical lengths. The ids name no one, so each run stops at its first MATCH.
_WARM_UP_IDS = ("~warm-up", "~warm-up-with-a-longer-id")


async def warm_up(db: Database, *, scoring: Scoring = DEFAULT_SCORING) -> None:
    """Plan every query of this module once, for the usual id lengths. Planning one costs
    0.2-3 s (more on a busy server) and is cached per server, so an app can call this at
    startup and spare its first users the wait."""
    for pid in _WARM_UP_IDS:
        mentor: dict[str, object] = {
            "personId": pid,
            "need": {"topics": [], "roles": [], "requireAvailable": True},
            "first": 1,
            **scoring.params(),
        }
        for query in MENTOR_PATHS.values():
            await db.read(query, mentor)
        intro: dict[str, object] = {
            "fromId": pid,
            "toId": pid + "2",
            "first": 1,
            **scoring.path_params(),
        }
        for query in INTRODUCTIONS.values():
            await db.read(query, intro)


# ------------------------------------------------------------------------------ results


def _tie(t: dict[str, Any]) -> PathTie:
    return PathTie(
        id=t["id"],
        kind=TieKind(t["kind"]),
        supporter_id=t["supporterId"],
        supported_id=t["supportedId"],
        strength=DEFAULT_STRENGTH if t["strength"] is None else float(t["strength"]),
        since=t.get("since"),
        until=t.get("until"),
        functions=tuple(SupportFunction(f) for f in t.get("functions") or ()),
        formal=bool(t.get("formal")),
        last_contact=t.get("lastContact"),
    )


def _match(
    m: dict[str, Any],
    student_level: str | None,
    fit_topics: list[str],
    topics_named: bool,
    scoring: Scoring,
) -> MentorMatch:
    ties = [_tie(t) for t in m["ties"]]
    ids = [p["id"] for p in m["path"]]
    names = [p["name"] for p in m["path"]]
    hops = len(ties)
    parts = m["parts"]
    covered: list[str] = sorted(m["covered"])
    load = int(m["load"] or 0)
    capacity: int | None = m["capacity"]
    groups: list[dict[str, Any]] = list(m["groups"])

    score_parts = [
        ScorePart(
            "distance",
            float(hops),
            1.0,
            float(parts["distance"]),
            f"{_hops_words(hops)}: {parts['distance']:g} points",
        ),
        _part(
            "warmth",
            parts["warmth"],
            scoring.w_warmth,
            scoring,
            f"average tie strength x recency along the path: {parts['warmth']:.2f}",
        ),
        _part(
            "topicFit",
            parts["topicFit"],
            scoring.w_topic,
            scoring,
            _topic_detail(covered, fit_topics, topics_named),
        ),
        _part(
            "headroom",
            parts["headroom"],
            scoring.w_headroom,
            scoring,
            _headroom_words(bool(m["openDoor"]), capacity, load),
        ),
        _part(
            "sharedGroups",
            parts["groupFit"],
            scoring.w_groups,
            scoring,
            f"{len(groups)} group{'s' if len(groups) != 1 else ''} in common",
        ),
        _part(
            "levelFit",
            parts["levelFit"],
            scoring.w_level,
            scoring,
            _level_detail(student_level, list(m["servesLevels"])),
        ),
    ]

    reasons = [_chain_sentence(ids, names, ties, subject_is_you=True)]
    if covered:
        topic_words = _and(covered)
        reasons.append(
            f"expert in {topic_words}"
            if topics_named
            else f"expert in {topic_words}, which you are interested in"
        )
    reasons += _group_reasons(groups)
    reasons.append(_headroom_words(bool(m["openDoor"]), capacity, load))
    if student_level and student_level in m["servesLevels"]:
        reasons.append(f"mentors {_LEVEL_PLURAL.get(student_level, student_level.lower())}")
    reasons += _weak_tie_reasons(names, ties)
    reasons += _hub_reasons(names, list(m["degrees"]), scoring)

    return MentorMatch(
        mentor_id=m["mentorId"],
        mentor_name=m["mentorName"],
        score=float(m["score"]),
        hops=hops,
        path=ids,
        path_names=names,
        ties=ties,
        reasons=reasons,
        score_parts=score_parts,
    )


def _part(name: str, value: float, weight: float, scoring: Scoring, detail: str) -> ScorePart:
    value = float(value)
    return ScorePart(name, value, weight, scoring.fit_points * weight * value, detail)


def _hint(topics: list[str], unknown: list[str], any_match: bool, max_hops: int) -> str | None:
    if topics and len(unknown) == len(topics):
        return (
            f"no one has {_or(unknown)} as a topic, so no mentor can match: "
            "check the spelling, or ask without topics"
        )
    if unknown:
        note = f"unknown topic{'s' if len(unknown) > 1 else ''} {_and(unknown)} matched no one"
        return note if any_match else note + f"; no suitable mentor within {max_hops} hops"
    if not any_match:
        return f"no suitable mentor within {max_hops} hops"
    return None


# -------------------------------------------------------------------------------- words

# (third person, second person) for the supporter side, and for the supported side.
_VERBS: dict[TieKind, tuple[tuple[str, str], tuple[str, str]]] = {
    TieKind.ADVISES: (("advises", "advise"), ("is advised by", "are advised by")),
    TieKind.MENTORS: (("mentors", "mentor"), ("is mentored by", "are mentored by")),
    TieKind.COACHES: (("coaches", "coach"), ("is coached by", "are coached by")),
    TieKind.TEACHES: (("teaches", "teach"), ("is taught by", "are taught by")),
    TieKind.TUTORS: (("tutors", "tutor"), ("is tutored by", "are tutored by")),
    TieKind.PEER_SUPPORTS: (
        ("gives peer support to", "give peer support to"),
        ("gets peer support from", "get peer support from"),
    ),
    TieKind.SUPERVISES: (("supervises", "supervise"), ("is supervised by", "are supervised by")),
    TieKind.KNOWS: (("knows", "know"), ("knows", "know")),
}

_LEVEL_PLURAL = {
    Level.K12.value: "K-12 students",
    Level.UNDERGRADUATE.value: "undergraduates",
    Level.GRADUATE.value: "graduate students",
    Level.PROFESSIONAL.value: "professionals",
}


def _verb(tie: PathTie, subject_id: str, second_person: bool) -> str:
    active, passive = _VERBS[tie.kind]
    forms = active if tie.supporter_id == subject_id else passive
    return forms[1] if second_person else forms[0]


def _chain_sentence(
    ids: list[str], names: list[str], ties: list[PathTie], *, subject_is_you: bool
) -> str:
    """ "teaches you" (a direct tie, said of the mentor), or "you know Hal Jordan, who
    knows Dana Reyes" (a chain, said from the first person's side)."""
    if subject_is_you and len(ties) == 1:
        tie = ties[0]
        if tie.kind is TieKind.KNOWS:
            return "knows you"
        if tie.supporter_id == ids[1]:  # the mentor supports the student
            return f"{_verb(tie, ids[1], False)} you"
        return f"you {_verb(tie, ids[0], True)} {names[1]}"
    first = "you" if subject_is_you else names[0]
    words = [f"{first} {_verb(ties[0], ids[0], subject_is_you)} {names[1]}"]
    for i in range(1, len(ties)):
        words.append(f"who {_verb(ties[i], ids[i], False)} {names[i + 1]}")
    return ", ".join(words)


def _hops_words(hops: int) -> str:
    if hops == 1:
        return "direct tie"
    if hops == 2:
        return "one introduction"
    return f"{hops - 1} introductions"


def _headroom_words(open_door: bool, capacity: int | None, load: int) -> str:
    if not open_door:
        return "not taking new mentees"
    if capacity is None:
        return "open to new mentees, no cap" + (f" (mentors {load} now)" if load else "")
    free = max(0, capacity - load)
    if free == 0:
        return f"no mentoring places free ({load} of {capacity} taken)"
    return f"{free} of {capacity} mentoring place{'s' if capacity != 1 else ''} free"


def _topic_detail(covered: list[str], fit_topics: list[str], topics_named: bool) -> str:
    if not fit_topics:
        return "no topics asked and no interests listed"
    source = "topics asked" if topics_named else "your interests"
    return f"covers {len(covered)} of {len(fit_topics)} {source}"


def _level_detail(level: str | None, serves: list[str]) -> str:
    if level is None:
        return "no level on record for the student"
    if not serves:
        return "serves any level"
    return f"lists {_LEVEL_PLURAL.get(level, level.lower())} among the levels they mentor"


def _group_reasons(groups: list[dict[str, Any]]) -> list[str]:
    if not groups:
        return []

    def phrase(g: dict[str, Any]) -> str:
        name = str(g["name"])
        if g.get("kind") == "TEAM":
            return f"on the {name}" if not name.lower().startswith("the ") else f"on {name}"
        return f"in {name}"

    shown = [phrase(g) for g in groups[:2]]
    more = len(groups) - len(shown)
    text = "both " + " and ".join(shown)
    return [text + (f" (and {more} more group{'s' if more > 1 else ''})" if more else "")]


def _weak_tie_reasons(names: list[str], ties: list[PathTie]) -> list[str]:
    """Links that lower the warmth enough to mention: weak, or not in contact for a year."""
    out: list[str] = []
    today = dt.date.today()
    for i, tie in enumerate(ties):
        pair = f"{'you' if i == 0 else names[i]} and {names[i + 1]}"
        if tie.last_contact is not None and (today - tie.last_contact).days > STALE_CONTACT_DAYS:
            out.append(f"no contact between {pair} since {tie.last_contact.isoformat()}")
        elif tie.strength < WEAK_TIE_STRENGTH:
            out.append(f"weak link between {pair} (strength {tie.strength:.2f})")
    return out


def _hub_reasons(names: list[str], degrees: list[int], scoring: Scoring) -> list[str]:
    out: list[str] = []
    for name, degree in zip(names[1:-1], degrees[1:-1], strict=True):
        if degree > scoring.hub_degree:
            out.append(
                f"goes through {name}, who has {degree:,} ties: introductions through "
                "very connected people often stall"
            )
    return out


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _or(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
