"""The words of the reasons, the score parts' details and the hints: what an advisor reads.
Thresholds here change words, never the score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from graphdb.model import Level, TieKind

WEAK_TIE_STRENGTH = 0.25
STALE_CONTACT_DAYS = 365


class Step(Protocol):
    """A tie along a path, as the words read it (``results.PathTie`` is one)."""

    @property
    def kind(self) -> TieKind: ...
    @property
    def supporter_id(self) -> str: ...
    @property
    def strength(self) -> float: ...
    @property
    def last_contact(self) -> dt.date | None: ...


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


def _verb(tie: Step, subject_id: str, second_person: bool) -> str:
    active, passive = _VERBS[tie.kind]
    forms = active if tie.supporter_id == subject_id else passive
    return forms[1] if second_person else forms[0]


def chain_sentence(
    ids: list[str], names: list[str], ties: Sequence[Step], *, subject_is_you: bool
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


def hops_words(hops: int) -> str:
    if hops == 1:
        return "direct tie"
    if hops == 2:
        return "one introduction"
    return f"{hops - 1} introductions"


def headroom_words(open_door: bool, capacity: int | None, load: int) -> str:
    if not open_door:
        return "not taking new mentees"
    if capacity is None:
        return "open to new mentees, no cap" + (f" (mentors {load} now)" if load else "")
    free = max(0, capacity - load)
    if free == 0:
        return f"no mentoring places free ({load} of {capacity} taken)"
    return f"{free} of {capacity} mentoring place{'s' if capacity != 1 else ''} free"


def topic_detail(covered: list[str], fit_topics: list[str], topics_named: bool) -> str:
    if not fit_topics:
        return "no topics asked and no interests listed"
    source = "topics asked" if topics_named else "your interests"
    return f"covers {len(covered)} of {len(fit_topics)} {source}"


def topic_reason(covered: list[str], topics_named: bool) -> list[str]:
    if not covered:
        return []
    topic_words = join_and(covered)
    if topics_named:
        return [f"expert in {topic_words}"]
    return [f"expert in {topic_words}, which you are interested in"]


def levels_words(level: str) -> str:
    """A level in words, plural: "undergraduates"."""
    return _LEVEL_PLURAL.get(level, level.lower())


def level_detail(level: str | None, serves: list[str]) -> str:
    if level is None:
        return "no level on record for the student"
    if not serves:
        return "serves any level"
    return f"lists {levels_words(level)} among the levels they mentor"


def level_reason(level: str | None, serves: list[str]) -> list[str]:
    return [f"mentors {levels_words(level)}"] if level and level in serves else []


def group_reasons(groups: list[dict[str, Any]]) -> list[str]:
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


def groups_detail(groups: list[dict[str, Any]]) -> str:
    return f"{len(groups)} group{'s' if len(groups) != 1 else ''} in common"


def weak_tie_reasons(names: list[str], ties: Sequence[Step]) -> list[str]:
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


def hub_reasons(names: list[str], degrees: list[int], hub_degree: int) -> list[str]:
    out: list[str] = []
    for name, degree in zip(names[1:-1], degrees[1:-1], strict=True):
        if degree > hub_degree:
            out.append(
                f"goes through {name}, who has {degree:,} ties: introductions through "
                "very connected people often stall"
            )
    return out


def hint(topics: tuple[str, ...], unknown: list[str], any_match: bool, max_hops: int) -> str | None:
    """What the API puts in ``extensions`` when topics are unknown or nobody is in range."""
    if topics and len(unknown) == len(topics):
        return (
            f"no one has {join_or(unknown)} as a topic, so no mentor can match: "
            "check the spelling, or ask without topics"
        )
    if unknown:
        note = f"unknown topic{'s' if len(unknown) > 1 else ''} {join_and(unknown)} matched no one"
        return note if any_match else note + f"; no suitable mentor within {max_hops} hops"
    if not any_match:
        return f"no suitable mentor within {max_hops} hops"
    return None


def join_and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def join_or(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
