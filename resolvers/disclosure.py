"""Which facts a viewer may learn about whom: the one policy every route consults.

A *fact* is a kind of knowledge about a person (their name, their ties, their support
profile…). For each fact and each viewer role the table says YES (about anyone), MINE
(only about people the viewer acts for: themself, or their caseload — the people they
actively support through a confirmed tie) or NO. A viewer with several roles gets the
widest answer of their roles; a researcher token never carries another role
(resolvers/auth.py refuses it), because a researcher's promise — pseudonyms only —
cannot be mixed with a role that sees names.

Where the answer is MINE, the row decides: the projection (graphdb/selection.py) marks each
person it returns with ``_mine``, and the GraphQL layer asks ``verdict(fact, mine)`` for
every guarded field of every row, so every route — root field, nested list, support web,
path, alert — gives the same answer about the same fact. docs/security.md has the table
in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from resolvers.auth import Viewer, ViewerRole


class Fact(str, Enum):
    CARD = "a person's public mentor card (id, roles, department, expertise, availability)"
    NAME = "a person's name"
    CONTACT = "a person's email"
    DETAILS = "a person's class year, level, interests and groups"
    TIES = "who supports a person and whom they support"
    ASSESSMENT = "a person's support profile, score and thinness"
    REASONS = "the reasons of a support profile, which name supporters"
    PATHS = "paths from a person to mentors, and introductions"
    DIRECTORY = "finding people by name or real id: the directory, search and group members"
    CASELOAD_TOOLS = "advisor tools: thin support, who is exposed, live alerts"
    OWN_TIES = "adding ties from yourself and logging your own contacts"
    CONSENT = "confirming a tie to yourself"
    ANALYTICS = "network analytics over pseudonyms"
    GROWING = "ties that look like mentoring, across the institution"
    ADMINISTRATION = "administration: directory writes, the audit log, erasure"
    PROGRAMS = "mentoring programs: what they offer, for whom, and their mentors"
    MENTORING = (
        "taking part in mentoring programs: enrolments as a mentee, mentorship requests and "
        "their answers"
    )
    MANAGE_PROGRAMS = "running mentoring programs: creating, opening, closing and matching"


class Verdict(str, Enum):
    YES = "about anyone"
    MINE = "about themself and their caseload"
    NO = "never"


A, V, S, R = ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT, ViewerRole.RESEARCHER
Y, M, N = Verdict.YES, Verdict.MINE, Verdict.NO

# fact -> (admin, advisor, student, researcher)
TABLE: dict[Fact, tuple[Verdict, Verdict, Verdict, Verdict]] = {
    Fact.CARD: (Y, Y, Y, Y),
    Fact.NAME: (Y, Y, Y, N),
    Fact.CONTACT: (Y, M, M, N),
    Fact.DETAILS: (Y, M, M, Y),
    Fact.TIES: (Y, M, M, Y),
    Fact.ASSESSMENT: (Y, M, M, Y),
    Fact.REASONS: (Y, M, M, N),
    Fact.PATHS: (Y, M, M, N),
    Fact.DIRECTORY: (Y, Y, Y, N),
    Fact.CASELOAD_TOOLS: (Y, M, N, N),
    Fact.OWN_TIES: (Y, M, N, N),
    Fact.CONSENT: (Y, M, M, N),
    Fact.ANALYTICS: (Y, N, N, Y),
    Fact.GROWING: (Y, N, N, N),
    Fact.ADMINISTRATION: (Y, N, N, N),
    Fact.PROGRAMS: (Y, Y, Y, N),
    Fact.MENTORING: (Y, M, M, N),
    Fact.MANAGE_PROGRAMS: (Y, N, N, N),
}
_COLUMN = {A: 0, V: 1, S: 2, R: 3}
_RANK = {N: 0, M: 1, Y: 2}


def _widest(roles: frozenset[ViewerRole]) -> dict[Fact, Verdict]:
    verdicts: dict[Fact, Verdict] = {}
    for fact, row in TABLE.items():
        best = N
        for role in roles:
            got = row[_COLUMN[role]]
            if _RANK[got] > _RANK[best]:
                best = got
        verdicts[fact] = best
    return verdicts


# One reading of the table per combination of roles, for the life of the process: the
# shaper asks it for every guarded field of every row.
_BY_ROLES: dict[frozenset[ViewerRole], dict[Fact, Verdict]] = {}


@dataclass(frozen=True, slots=True)
class Disclosure:
    """What one viewer may learn: the table read for their roles."""

    viewer: Viewer

    def verdict(self, fact: Fact) -> Verdict:
        """The widest verdict of the viewer's roles for this fact."""
        roles = self.viewer.roles
        verdicts = _BY_ROLES.get(roles)
        if verdicts is None:
            verdicts = _BY_ROLES[roles] = _widest(roles)
        return verdicts[fact]

    def allows(self, fact: Fact, mine: bool) -> bool:
        """May the viewer learn this fact about a person who is (``mine``) or is not one
        they act for?"""
        verdict = self.verdict(fact)
        return verdict is Y or (verdict is M and mine)

    @property
    def pseudonymous(self) -> bool:
        """Researchers see every person and tie id as a keyed pseudonym."""
        return ViewerRole.RESEARCHER in self.viewer.roles

    @property
    def needs_rows(self) -> bool:
        """Whether any fact depends on the row (so projections must mark ``_mine``)."""
        return not self.viewer.admin and any(self.verdict(f) is M for f in Fact)

    def refusal(self, fact: Fact) -> str:
        """The sentence a refused user reads."""
        verdict = self.verdict(fact)
        if verdict is M:
            return f"{fact.value} is shown only about yourself and the people you support"
        return f"{fact.value} is not shown to {self._who()}"

    def _who(self) -> str:
        names = sorted(r.value.lower() + "s" for r in self.viewer.roles)
        return " or ".join(names)
