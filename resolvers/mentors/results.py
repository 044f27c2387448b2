"""What the mentor capability answers, and the query rows turned into it: matches with their
score parts and reasons, introductions, and the ties along their paths."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graphdb.model import DEFAULT_STRENGTH, SupportFunction, TieKind
from resolvers.mentors import words
from resolvers.mentors.scoring import Scoring


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


def path_tie(t: dict[str, Any]) -> PathTie:
    """A tie row (graphdb.cypher.TIE_MAP's keys)."""
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


def introduction(p: dict[str, Any], scoring: Scoring) -> IntroductionPath:
    """One chain of graphdb.mentors.introductions, with its sentence and hub warnings."""
    ties = [path_tie(t) for t in p["ties"]]
    ids = [n["id"] for n in p["path"]]
    names = [n["name"] for n in p["path"]]
    reasons = [words.chain_sentence(ids, names, ties, subject_is_you=False)]
    reasons += words.hub_reasons(names, list(p["degrees"]), scoring.hub_degree)
    return IntroductionPath(
        hops=len(ties),
        strength=float(p["strength"]),
        path=ids,
        path_names=names,
        ties=ties,
        reasons=reasons,
    )


@dataclass(frozen=True, slots=True)
class Student:
    """What the words of a match need of the student and the need."""

    level: str | None
    fit_topics: list[str]  # the need's topics, or the student's interests
    topics_named: bool


def match(m: dict[str, Any], student: Student, scoring: Scoring) -> MentorMatch:
    """One row of graphdb.mentors.score's ``matches``."""
    ties = [path_tie(t) for t in m["ties"]]
    ids = [p["id"] for p in m["path"]]
    names = [p["name"] for p in m["path"]]
    covered: list[str] = sorted(m["covered"])
    capacity: int | None = m["capacity"]
    load = int(m["load"] or 0)
    open_door = bool(m["openDoor"])
    serves: list[str] = list(m["servesLevels"])
    groups: list[dict[str, Any]] = list(m["groups"])

    reasons = [words.chain_sentence(ids, names, ties, subject_is_you=True)]
    reasons += words.topic_reason(covered, student.topics_named)
    reasons += words.group_reasons(groups)
    reasons.append(words.headroom_words(open_door, capacity, load))
    reasons += words.level_reason(student.level, serves)
    reasons += words.weak_tie_reasons(names, ties)
    reasons += words.hub_reasons(names, list(m["degrees"]), scoring.hub_degree)

    return MentorMatch(
        mentor_id=m["mentorId"],
        mentor_name=m["mentorName"],
        score=float(m["score"]),
        hops=len(ties),
        path=ids,
        path_names=names,
        ties=ties,
        reasons=reasons,
        score_parts=_score_parts(m, len(ties), student, scoring),
    )


def _score_parts(
    m: dict[str, Any], hops: int, student: Student, scoring: Scoring
) -> list[ScorePart]:
    parts = m["parts"]
    load = int(m["load"] or 0)
    # (name, the query's key, weight, detail), in the order of the formula.
    fit = [
        (
            "warmth",
            "warmth",
            scoring.w_warmth,
            f"average tie strength x recency along the path: {parts['warmth']:.2f}",
        ),
        (
            "topicFit",
            "topicFit",
            scoring.w_topic,
            words.topic_detail(sorted(m["covered"]), student.fit_topics, student.topics_named),
        ),
        (
            "headroom",
            "headroom",
            scoring.w_headroom,
            words.headroom_words(bool(m["openDoor"]), m["capacity"], load),
        ),
        ("sharedGroups", "groupFit", scoring.w_groups, words.groups_detail(list(m["groups"]))),
        (
            "levelFit",
            "levelFit",
            scoring.w_level,
            words.level_detail(student.level, list(m["servesLevels"])),
        ),
    ]
    distance = ScorePart(
        "distance",
        float(hops),
        1.0,
        float(parts["distance"]),
        f"{words.hops_words(hops)}: {parts['distance']:g} points",
    )
    return [distance] + [
        ScorePart(name, float(parts[key]), w, scoring.fit_points * w * float(parts[key]), detail)
        for name, key, w, detail in fit
    ]
