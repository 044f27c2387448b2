"""Who may do what with programs and requests, beyond the entry rules of the schema.

The entry rule of each root field (schema/permissions.py) is the coarse gate: a fact of
resolvers/disclosure.py and, where an argument names the person, that the viewer acts
for them. A request's people are known only once it is read, so the rules of SPEC §8 on
who answers it are decided here (docs/programs.md, "Who may do what"):

| action | the mentee | the mentor | their advisor | admin |
|---|---|---|---|---|
| request, cancel | yes | no | yes | yes |
| accept, decline | no | yes | yes | yes |
| complete | yes | yes | yes | yes |

*Their advisor*: an ADVISOR with the mentee in their caseload (people they support through
a confirmed tie).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphdb.errors import Forbidden


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: their person id, whether an admin, and (advisors) their caseload."""

    person_id: str | None
    admin: bool = False
    advisor: bool = False
    caseload: frozenset[str] = frozenset()

    def advises(self, person_id: str) -> bool:
        return self.advisor and person_id in self.caseload

    def acts_for(self, person_id: str) -> bool:
        """The person themself, their advisor, or an admin."""
        return self.admin or self.person_id == person_id or self.advises(person_id)

    def may(self, action: str, mentee: str, mentor: str) -> bool:
        if action in ("request", "cancel"):
            return self.acts_for(mentee)
        if action in ("accept", "decline"):
            # A mentee never answers their own request, whatever else they are.
            helper = self.admin or self.advises(mentee)
            return self.person_id == mentor or (helper and self.person_id != mentee)
        return self.acts_for(mentee) or self.person_id == mentor  # complete

    def role_towards(self, mentee: str, mentor: str) -> str:
        """How they are named in a reason they leave: the mentee, the mentor, …"""
        if self.person_id == mentee:
            return "the mentee"
        if self.person_id == mentor:
            return "the mentor"
        return "an admin" if self.admin else "the mentee's advisor"


_WHO: dict[str, str] = {
    "request": "the mentee, an advisor who supports them, or an admin can ask for it",
    "cancel": "the mentee, an advisor who supports them, or an admin can cancel it",
    "accept": "the mentor asked, an advisor who supports the mentee, or an admin can accept it",
    "decline": "the mentor asked, an advisor who supports the mentee, or an admin can decline it",
    "complete": "the mentee, the mentor, an advisor who supports the mentee, or an admin can "
    "complete it",
}


def check(actor: Actor, action: str, mentee: str, mentor: str) -> None:
    """FORBIDDEN, saying who may, unless the actor may take this action on this request."""
    if not actor.may(action, mentee, mentor):
        raise Forbidden(f"{action}: only {_WHO[action]}", field="id")
