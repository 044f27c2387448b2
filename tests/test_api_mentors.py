"""mentorPaths and introductions through GraphQL over HTTP, held against the oracle of
docs/mentor-paths.md (the search itself is tested in tests/resolvers/test_mentor_*.py)."""

from __future__ import annotations

from typing import Any

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from tests.api_graph import build
from tests.conftest import GraphQLClient
from tests.oracles import mentor_score as oracle
from tests.resolvers.mentor_checks import PART_NAMES, agreed_score, close_to


def assert_oracle(matches: list[dict[str, Any]], want: list[oracle.Match]) -> None:
    """Each match as the oracle has it: mentor, hops, path, ties, parts and score, in order."""
    assert [(m["mentor"]["id"], m["hops"]) for m in matches] == [(w.mentor, w.hops) for w in want]
    for m, w in zip(matches, want, strict=True):
        assert [p["id"] for p in m["path"]] == w.path
        assert [t["id"] for t in m["ties"]] == w.ties
        assert [(p["name"], p["points"]) for p in m["scoreParts"]] == [
            (name, close_to(w.points[name])) for name in PART_NAMES
        ]
        agreed_score(m["score"], w)


PATHS = """query($id: ID!, $need: MentorNeed, $hops: Int, $first: Int) {
  mentorPaths(personId: $id, need: $need, maxHops: $hops, first: $first) {
    mentor { id name } score hops path { id } ties { id kind supporter { id } supported { id } }
    reasons scoreParts { name points } } }"""


async def test_a_solar_student_finds_the_solar_alum_through_a_friend(
    client: GraphQLClient, db: Database
) -> None:
    ids = await build(client)
    topics = ["  SOLAR technology"]
    body = await client.post(PATHS, {"id": "ada", "need": {"topics": topics}})
    (m,) = body["data"]["mentorPaths"]
    assert_oracle(
        [m], oracle.mentor_paths(await oracle.snapshot(db), "ada", oracle.Need(topics), 3)
    )
    # Mia's old mentoring of Ada has ended, so the path runs through Hal, over the warmer of
    # his two ties to Ada.
    assert [p["id"] for p in m["path"]] == ["ada", "hal", "mia"]
    assert [(t["id"], t["supporter"]["id"], t["supported"]["id"]) for t in m["ties"]] == [
        (ids["hal-ada-peer"], "hal", "ada"),
        (ids["mia-hal"], "mia", "hal"),
    ]
    assert m["reasons"] == [
        "you get peer support from Hal, who knows Mia Alum",
        "expert in solar technology",
        "3 of 3 mentoring places free",
        "mentors undergraduates",
    ]


async def test_ranking_follows_the_score(client: GraphQLClient, db: Database) -> None:
    await build(client)
    matches = (await client.data(PATHS, {"id": "bo", "hops": 4, "first": 50}))["mentorPaths"]
    # Lee advises Bo; Mia is four ties away, through Lee, Ada and Hal.
    assert [m["mentor"]["id"] for m in matches] == ["lee", "mia"]
    assert_oracle(matches, oracle.mentor_paths(await oracle.snapshot(db), "bo", None, 4))


async def test_unknown_topic_returns_no_one_with_a_hint(client: GraphQLClient) -> None:
    await build(client)
    body = await client.post(PATHS, {"id": "ada", "need": {"topics": ["basket weaving"]}})
    assert body["data"] == {"mentorPaths": []}
    assert body["extensions"]["hints"] == [
        "no one has 'basket weaving' as a topic, so no mentor can match: "
        "check the spelling, or ask without topics"
    ]


async def test_bounds_and_unknown_people(client: GraphQLClient) -> None:
    await build(client)
    for hops, first, field in ((5, 10, "maxHops"), (0, 10, "maxHops"), (3, 51, "first")):
        error = await client.error(PATHS, {"id": "ada", "hops": hops, "first": first})
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    error = await client.error(PATHS, {"id": "nobody"})
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_only_the_student_and_their_supporters_see_their_paths(
    client: GraphQLClient,
) -> None:
    await build(client)
    for viewer in (
        client.as_(ViewerRole.STUDENT, sub="ada"),
        client.as_(ViewerRole.ADVISOR, sub="lee"),
    ):
        found = (await viewer.data(PATHS, {"id": "ada"}))["mentorPaths"]
        assert [m["mentor"]["id"] for m in found] == ["lee", "mia"]
    error = await client.as_(ViewerRole.STUDENT, sub="bo").error(PATHS, {"id": "ada"})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_introductions_strongest_first(client: GraphQLClient, db: Database) -> None:
    await build(client)
    data = await client.data(
        '{ introductions(fromId: "bo", toId: "mia", maxHops: 4) '
        "{ hops strength path { id } ties { id } reasons } }"
    )
    (want,) = oracle.introductions(await oracle.snapshot(db), "bo", "mia", 4, 5)
    (found,) = data["introductions"]
    assert [p["id"] for p in found["path"]] == want.path == ["bo", "lee", "ada", "hal", "mia"]
    assert [t["id"] for t in found["ties"]] == want.ties
    assert (found["hops"], found["strength"]) == (4, close_to(want.strength))
    assert found["reasons"] == [
        "Bo is advised by Prof Lee, who advises Ada, who gets peer support from Hal, "
        "who knows Mia Alum"
    ]
