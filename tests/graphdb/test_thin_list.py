"""The thin-support page statement (graphdb.thin_list): which label and index it reads,
which fragments a filter adds, and that Neo4j's plan walks the index in score order."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from graphdb.driver import Database, Neo4jConfig
from graphdb.model import PeopleFilter, Role
from graphdb.thin_list import thin_query

STUDENTS = PeopleFilter.of(roles=[Role.STUDENT])


def test_students_read_the_thin_student_index_in_order() -> None:
    query, params = thin_query(STUDENTS)
    assert "MATCH (p:ThinStudent) USING INDEX p:ThinStudent(supportScore, id) WHERE" in query
    assert "MATCH (p:ThinStudent) WHERE true AND true RETURN count(p) AS total" in query
    assert "ORDER BY p.supportScore, p.id LIMIT $limit" in query
    assert params == {}
    assert "$afterId" not in query and "supportCheckedAt" not in query


def test_other_roles_read_thin_support_with_a_role_test() -> None:
    query, _ = thin_query(PeopleFilter.of(roles=["FACULTY", "ALUM"]))
    assert "MATCH (p:ThinSupport) USING INDEX p:ThinSupport(supportScore, id) WHERE" in query
    assert "(p:Faculty OR p:Alum)" in query
    every, _ = thin_query(PeopleFilter())
    assert "MATCH (p:ThinSupport) WHERE true AND true RETURN count(p)" in every


def test_filters_add_plain_predicates_and_a_group_or_topic_drops_the_hint() -> None:
    query, params = thin_query(PeopleFilter.of(roles=["STUDENT"], department="A"))
    assert "p.department = $f_department" in query and "USING INDEX" in query
    assert params == {"f_department": "A"}
    for flt in [
        PeopleFilter.of(roles=["STUDENT"], group_id="team"),
        PeopleFilter.of(roles=["STUDENT"], topic="Solar"),
    ]:
        query, _ = thin_query(flt)
        assert "USING INDEX" not in query
    scoped, _ = thin_query(STUDENTS, supported_by=True)
    assert "USING INDEX" not in scoped
    assert "EXISTS { MATCH (:Person {id: $supportedBy})-[r:ADVISES|MENTORS|" in scoped


def test_the_cursor_is_a_case_and_the_state_rides_along() -> None:
    query, _ = thin_query(STUDENTS, after=True, with_state=True)
    assert "CASE WHEN p.supportScore > $afterScore THEN true" in query
    assert " OR p.supportScore" not in query
    assert query.endswith("RETURN total, page, people, scored, stale, expired")


def _operators(plan: Any) -> list[str]:
    out = [plan["operatorType"]]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


@pytest.mark.parametrize("after", [False, True])
async def test_the_plan_walks_the_index_without_sorting(
    db: Database, neo4j_config: Neo4jConfig, after: bool
) -> None:
    query, params = thin_query(STUDENTS, after=after)
    params.update(afterScore=12.5, afterId="s1", limit=21)
    # The plan is in the summary, which Database does not hand out: ask the driver.
    driver = neo4j.AsyncGraphDatabase.driver(neo4j_config.uri, notifications_min_severity="OFF")
    try:
        async with driver.session(database=neo4j_config.database) as session:
            result = await session.run("EXPLAIN " + query, params)
            summary = await result.consume()
    finally:
        await driver.close()
    assert summary.plan is not None
    ops = [op.split("@")[0] for op in _operators(summary.plan)]
    assert "NodeIndexSeek" in ops and "NodeByLabelScan" not in ops, ops
    assert not any(op in ("Sort", "Top", "PartialSort", "PartialTop", "Union") for op in ops), ops
