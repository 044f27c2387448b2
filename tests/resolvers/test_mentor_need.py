"""What a caller may ask (resolvers.mentors.need): bounds, ids, need topics and roles; an
unknown person is NotFound, naming the argument."""

from __future__ import annotations

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.errors import BadInput, NotFound, SupportwebError
from graphdb.model import Dataset, Role
from graphdb.validation import MAX_TOPIC_LENGTH, MAX_TOPICS
from resolvers.mentors import MentorNeed, introductions, mentor_paths
from resolvers.mentors.need import Need, read_need
from tests.resolvers.mentor_data import student


@pytest.mark.parametrize(
    ("max_hops", "first", "field", "message"),
    [
        (0, 10, "maxHops", "maxHops must be from 1 to 4, got 0"),
        (5, 10, "maxHops", "maxHops must be from 1 to 4, got 5"),
        (3, 0, "first", "first must be from 1 to 50, got 0"),
        (3, 51, "first", "first must be from 1 to 50, got 51"),
        (True, 10, "maxHops", "maxHops must be a whole number from 1 to 4"),
        (3, 2.5, "first", "first must be a whole number from 1 to 50"),
    ],
)
async def test_bounds_are_bad_input(
    db: Database, max_hops: int, first: int, field: str, message: str
) -> None:
    with pytest.raises(BadInput) as error:
        await mentor_paths(db, "stu", None, max_hops, first)
    assert (error.value.field, error.value.message) == (field, message)
    with pytest.raises(BadInput) as error:
        await introductions(db, "a", "b", max_hops, first)
    assert (error.value.field, error.value.message) == (field, message)


@pytest.mark.parametrize(
    ("ids", "error", "field"),
    [
        (("nobody",), NotFound, "personId"),
        (("stu", "nobody"), NotFound, "toId"),
        (("nobody", "stu"), NotFound, "fromId"),
        (("nobody", "noone"), NotFound, "fromId"),
        (("not valid!",), BadInput, "personId"),
        (("stu", "stu"), BadInput, "toId"),
        (("a b", "stu"), BadInput, "fromId"),
        (("stu", "x" * 65), BadInput, "toId"),
    ],
)
async def test_unknown_or_malformed_people_name_the_argument(
    db: Database, ids: tuple[str, ...], error: type[SupportwebError], field: str
) -> None:
    """One id is a mentor-path student, two an introduction's ends."""
    await write_dataset(db, Dataset(people=[student()]))
    with pytest.raises(error) as raised:
        await (mentor_paths(db, ids[0]) if len(ids) == 1 else introductions(db, ids[0], ids[-1]))
    assert raised.value.field == field


def test_a_need_is_read_into_normalised_topics_and_role_names() -> None:
    assert read_need(None) == Need((), (), True)
    need = MentorNeed(
        topics=["  Solar   TECHNOLOGY ", "solar technology", " ", "Physics"],
        roles=[Role.STAFF, Role.FACULTY, Role.STAFF],
        require_available=None,
    )
    assert read_need(need) == Need(("solar technology", "physics"), ("STAFF", "FACULTY"), True)
    assert read_need(MentorNeed(require_available=False)) == Need((), (), False)
    assert read_need(MentorNeed(topics="Poetry")) == Need(("poetry",), (), True)


@pytest.mark.parametrize(
    ("need", "field"),
    [
        (MentorNeed(topics=[f"topic {i}" for i in range(MAX_TOPICS + 1)]), "need.topics"),
        (MentorNeed(topics=["x" * (MAX_TOPIC_LENGTH + 1)]), "need.topics"),
        (MentorNeed(roles=["WIZARD"]), "need.roles"),  # type: ignore[list-item]
    ],
)
def test_too_many_or_too_long_topics_and_unknown_roles_are_bad_input(
    need: MentorNeed, field: str
) -> None:
    with pytest.raises(BadInput) as error:
        read_need(need)
    assert error.value.field == field
