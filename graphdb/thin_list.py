"""The thin-support page: one statement that walks the score table's index in order.

A page reads ``:ThinStudent`` (students, the default) or ``:ThinSupport`` (any other role
choice) through its ``(supportScore, id)`` range index and stops after ``limit`` rows; the
unfiltered total is a label count, which the count store answers. The statement is
assembled from constant fragments for the filters that are set, so the planner sees plain
predicates; see docs/support-score.md §5 for the measurements behind these choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from graphdb.cypher import SUPPORT_TYPES, active, people_filter, role_test
from graphdb.driver import Row, Runner
from graphdb.model import PeopleFilter, Role
from graphdb.score_table import STATE, STATE_COLUMNS, StaleState
from graphdb.selection import PersonSelection, RowScope, person_projection

# An advisor's view: only the people they actively support.
_SUPPORTED_BY: LiteralString = (
    " AND EXISTS { MATCH (:Person {id: $supportedBy})-[r:" + SUPPORT_TYPES + "]->(p)"
    " WHERE " + active() + " }"
)

# After the cursor (score, id). A CASE, not an OR: the planner would split an OR into a
# union and lose the index order.
_AFTER: LiteralString = (
    " AND CASE WHEN p.supportScore > $afterScore THEN true"
    " WHEN p.supportScore = $afterScore THEN p.id > $afterId ELSE false END"
)


def _label(roles: Sequence[Role]) -> tuple[LiteralString, LiteralString]:
    """(label, role test): students read :ThinStudent, anything else :ThinSupport with the
    role test on top, so that both unfiltered counts come from the count store."""
    if list(dict.fromkeys(roles)) == [Role.STUDENT]:
        return "ThinStudent", "true"
    return "ThinSupport", role_test(tuple(roles))


def thin_query(
    flt: PeopleFilter,
    *,
    supported_by: bool = False,
    after: bool = False,
    with_state: bool = False,
    person: LiteralString | None = None,
) -> tuple[LiteralString, dict[str, Any]]:
    """``(statement, filter params)`` returning ``total`` and one ``page`` of {id, score}
    (and ``person``, the map projection of ``p`` given, when the page's people are wanted
    in the same trip).

    ``flt.roles`` empty means every role. ``supported_by`` adds the advisor's scope
    (``$supportedBy``); ``after`` the cursor (``$afterScore``, ``$afterId``); ``with_state``
    also returns the table's state (``graphdb.score_table.STATE``), which saves a round trip
    when nothing is stale. The statement needs ``$limit`` and ``$afterScore`` always.
    """
    label, roles = _label(flt.roles)
    filters, params = people_filter(flt, roles=False)
    where: LiteralString = roles + " AND " + filters + (_SUPPORTED_BY if supported_by else "")
    count: LiteralString = "MATCH (p:" + label + ") WHERE " + where + " RETURN count(p) AS total"
    # Walk the (score, id) index in order unless a group, a topic or an advisor narrows the
    # set more: then the planner starts from them.
    narrowed = flt.group_id is not None or flt.topic is not None or supported_by
    hint: LiteralString = "" if narrowed else "USING INDEX p:" + label + "(supportScore, id) "
    page: LiteralString = (
        "MATCH (p:" + label + ") " + hint + "WHERE p.supportScore >= $afterScore"
        " AND p.id IS NOT NULL AND "
        + where
        + (_AFTER if after else "")
        + " WITH p ORDER BY p.supportScore, p.id LIMIT $limit"
        " RETURN collect({id: p.id, score: p.supportScore}) AS page"
    )
    body: LiteralString = "CALL () { " + count + " } CALL () { " + page + " } "
    if with_state:
        return STATE + body + "RETURN total, page, " + STATE_COLUMNS, params
    return body + "RETURN total, page", params


@dataclass(frozen=True, slots=True)
class ThinPage:
    total: int
    rows: list[Row]  # {id, score, person?}, lowest score first, then by id
    state: StaleState | None  # with ``with_state`` only


async def thin_page(
    runner: Runner,
    flt: PeopleFilter,
    after: tuple[float, str] | None,
    limit: int,
    *,
    supported_by: str | None = None,
    leader: bool = False,
    with_state: bool = False,
    person: PersonSelection | None = None,
    rows_for: RowScope | None = None,
) -> ThinPage:
    """One page of the thin list, after the ``(score, id)`` cursor ``after``.

    ``leader`` reads on the cluster's leader (right after this process wrote scores);
    ``with_state`` also reads the table's staleness in the same statement; ``person``
    brings each person as that selection asks (marked for ``rows_for``'s viewer)."""
    projection: LiteralString | None = None
    nested: dict[str, Any] = {}
    if person is not None:
        projection, nested = person_projection(person, viewer=rows_for is not None)
        if rows_for is not None:
            nested |= rows_for.params()
    query, params = thin_query(
        flt,
        supported_by=supported_by is not None,
        after=after is not None,
        with_state=with_state,
        person=projection,
    )
    params |= nested
    if supported_by is not None:
        params["supportedBy"] = supported_by
    params["afterScore"], params["afterId"] = after if after else (-1.0, "")
    params["limit"] = limit
    rows = await (runner.write(query, params) if leader else runner.read(query, params))
    row = rows[0]
    return ThinPage(row["total"], row["page"], StaleState.of(row) if with_state else None)
