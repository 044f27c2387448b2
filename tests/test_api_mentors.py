"""mentorPaths and introductions through GraphQL over HTTP (the oracle tests of the
search itself are in test_mentor_paths.py)."""

from __future__ import annotations

from resolvers.auth import ViewerRole
from tests.api_graph import build
from tests.conftest import GraphQLClient

PATHS = """query($id: ID!, $need: MentorNeed, $hops: Int, $first: Int) {
  mentorPaths(personId: $id, need: $need, maxHops: $hops, first: $first) {
    mentor { id name } score hops path { id } ties { id kind supporter { id } supported { id } }
    reasons scoreParts { name points } } }"""


async def test_a_solar_student_finds_the_solar_alum_through_a_friend(
    client: GraphQLClient,
) -> None:
    await build(client)
    body = await client.post(PATHS, {"id": "ada", "need": {"topics": ["  SOLAR technology"]}})
    matches = body["data"]["mentorPaths"]
    assert [m["mentor"]["id"] for m in matches] == ["mia"]
    m = matches[0]
    # Mia's old mentoring of Ada has ended, so the path runs through Hal (KNOWS ties).
    assert m["hops"] == 2 and [p["id"] for p in m["path"]] == ["ada", "hal", "mia"]
    assert len(m["ties"]) == 2
    assert {(t["supporter"]["id"], t["supported"]["id"]) for t in m["ties"]} == {
        ("hal", "ada"),
        ("mia", "hal"),
    }
    assert any("solar technology" in r for r in m["reasons"])
    assert abs(sum(p["points"] for p in m["scoreParts"]) - m["score"]) < 0.05


async def test_ranking_follows_the_score(client: GraphQLClient) -> None:
    await build(client)
    matches = (await client.data(PATHS, {"id": "bo", "hops": 4, "first": 50}))["mentorPaths"]
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True) and matches
    assert all(len(m["path"]) == m["hops"] + 1 for m in matches)


async def test_unknown_topic_returns_no_one_with_a_hint(client: GraphQLClient) -> None:
    await build(client)
    body = await client.post(PATHS, {"id": "ada", "need": {"topics": ["basket weaving"]}})
    assert body["data"] == {"mentorPaths": []}
    assert any("basket weaving" in h for h in body["extensions"]["hints"])


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
    assert await client.as_(ViewerRole.STUDENT, sub="ada").data(PATHS, {"id": "ada"})
    assert await client.as_(ViewerRole.ADVISOR, sub="lee").data(PATHS, {"id": "ada"})
    error = await client.as_(ViewerRole.STUDENT, sub="bo").error(PATHS, {"id": "ada"})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_introductions_strongest_first(client: GraphQLClient) -> None:
    await build(client)
    data = await client.data(
        '{ introductions(fromId: "bo", toId: "mia", maxHops: 4) '
        "{ hops strength path { id } reasons } }"
    )
    found = data["introductions"]
    assert found and all(f["path"][0]["id"] == "bo" and f["path"][-1]["id"] == "mia" for f in found)
    assert [f["hops"] for f in found] == sorted(f["hops"] for f in found)
