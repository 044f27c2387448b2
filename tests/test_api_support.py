"""Support profiles, the thin-support list and what-if, through GraphQL over HTTP."""

from __future__ import annotations

from resolvers.auth import ViewerRole
from tests.api_graph import RECENT, build, tie
from tests.conftest import GraphQLClient

PROFILE = """query($id: ID!, $without: [ID!]) { supportProfile(personId: $id, without: $without) {
  size range strength functionsCovered functionsMissing singlePointsOfFailure
  effectiveSize constraint typology score thin reasons
  supporters { person { id } kinds functions } scoreParts { name points } } }"""

THIN = """query($f: PersonFilter, $after: String, $first: Int) {
  thinSupport(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { person { id } profile { score thin } } } } }"""


async def test_profiles_follow_spec_definitions(client: GraphQLClient) -> None:
    await build(client)
    ada = (await client.data(PROFILE, {"id": "ada"}))["supportProfile"]
    assert ada["size"] == 3  # lee, sam, hal; mia's mentoring ended, KNOWS is not support
    assert ada["range"] == 3  # FACULTY, STAFF, STUDENT
    assert sorted(s["person"]["id"] for s in ada["supporters"]) == ["hal", "lee", "sam"]
    assert ada["functionsCovered"] == ["ACADEMIC", "CAREER", "PSYCHOSOCIAL"]
    assert ada["functionsMissing"] == []
    assert ada["singlePointsOfFailure"] == ["CAREER"]
    assert ada["typology"] == "ENTREPRENEURIAL"
    # The parts add up to the score (each is rounded for display: parts to 0.01, score to 0.1).
    assert abs(sum(p["points"] for p in ada["scoreParts"]) - ada["score"]) <= 0.05 + 1e-9

    cy = (await client.data(PROFILE, {"id": "cy"}))["supportProfile"]
    assert cy["size"] == 0 and cy["thin"] and cy["score"] == 0 and cy["typology"] == "NONE"
    assert cy["reasons"] and cy["effectiveSize"] == 0 and cy["constraint"] == 0
    bo = (await client.data(PROFILE, {"id": "bo"}))["supportProfile"]
    assert bo["size"] == 1 and bo["thin"]
    assert any("Prof Lee" in r for r in bo["reasons"])


async def test_what_if_equals_the_profile_after_they_really_leave(client: GraphQLClient) -> None:
    ids = await build(client)
    what_if = (await client.data(PROFILE, {"id": "ada", "without": ["lee"]}))["supportProfile"]
    await client.data("mutation($id: ID!) { endTie(id: $id) { id } }", {"id": ids["lee-ada"]})
    after = (await client.data(PROFILE, {"id": "ada"}))["supportProfile"]
    assert what_if == after


async def test_thin_list_is_lowest_first_and_correct_right_after_a_write(
    client: GraphQLClient,
) -> None:
    ids = await build(client)
    page = (await client.data(THIN, {"first": 10}))["thinSupport"]
    listed = [e["node"]["person"]["id"] for e in page["edges"]]
    # Cy and Hal have no supporters (score 0, then by id); Bo has one.
    assert listed == ["cy", "hal", "bo"] and page["totalCount"] == 3
    scores = [e["node"]["profile"]["score"] for e in page["edges"]]
    assert scores == sorted(scores)

    await client.data("mutation($id: ID!) { endTie(id: $id) { id } }", {"id": ids["lee-bo"]})
    await client.data("mutation($id: ID!) { endTie(id: $id) { id } }", {"id": ids["sam-ada"]})
    await client.data("mutation($id: ID!) { endTie(id: $id) { id } }", {"id": ids["hal-ada-peer"]})
    after = (await client.data(THIN, {"first": 10}))["thinSupport"]
    assert {e["node"]["person"]["id"] for e in after["edges"]} == {"ada", "bo", "cy", "hal"}

    first = (await client.data(THIN, {"first": 2}))["thinSupport"]
    rest = await client.data(THIN, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    seen = [e["node"]["person"]["id"] for e in first["edges"]] + [
        e["node"]["person"]["id"] for e in rest["thinSupport"]["edges"]
    ]
    assert sorted(seen) == ["ada", "bo", "cy", "hal"] and first["pageInfo"]["hasNextPage"]
    assert not rest["thinSupport"]["pageInfo"]["hasNextPage"]


async def test_thin_list_filters_and_advisor_scope(client: GraphQLClient) -> None:
    await build(client)
    history = await client.data(THIN, {"f": {"department": "History"}, "first": 10})
    assert [e["node"]["person"]["id"] for e in history["thinSupport"]["edges"]] == ["cy"]
    physics = await client.data(THIN, {"f": {"department": "Physics"}, "first": 10})
    assert [e["node"]["person"]["id"] for e in physics["thinSupport"]["edges"]] == ["bo"]
    advisor = client.as_(ViewerRole.ADVISOR, sub="lee")
    mine = (await advisor.data(THIN, {"first": 10}))["thinSupport"]
    assert [e["node"]["person"]["id"] for e in mine["edges"]] == ["bo"]
    student = client.as_(ViewerRole.STUDENT, sub="cy")
    error = await student.error(THIN, {"first": 10})
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_exposed_if_leaves_names_who_would_become_thin(client: GraphQLClient) -> None:
    await build(client)
    await tie(
        client,
        "sam",
        "bo",
        "COACHES",
        strength=0.9,
        lastContact=RECENT,
        functions=["CAREER", "PSYCHOSOCIAL", "ACADEMIC"],
    )
    exposed = await client.data('{ exposedIfLeaves(personId: "sam") { id } }')
    assert {p["id"] for p in exposed["exposedIfLeaves"]} <= {"ada", "bo"}
    nobody = await client.data('{ exposedIfLeaves(personId: "cy") { id } }')
    assert nobody["exposedIfLeaves"] == []


async def test_person_support_profile_and_access(client: GraphQLClient) -> None:
    await build(client)
    data = await client.data(
        "{ people(first: 10) { edges { node { id supportProfile { size thin } } } } }"
    )
    sizes = {e["node"]["id"]: e["node"]["supportProfile"]["size"] for e in data["people"]["edges"]}
    assert sizes["ada"] == 3 and sizes["cy"] == 0
    student = client.as_(ViewerRole.STUDENT, sub="bo")
    own = await student.data(PROFILE, {"id": "bo"})
    assert own["supportProfile"]["size"] == 1
    error = await student.error(PROFILE, {"id": "ada"})
    assert error["extensions"]["code"] == "FORBIDDEN"
    missing = await client.error(PROFILE, {"id": "nobody"})
    assert missing["extensions"]["code"] == "NOT_FOUND"


async def test_log_interaction_updates_last_contact(client: GraphQLClient) -> None:
    ids = await build(client)
    day = "2026-11-20" if RECENT < "2026-11-20" else RECENT
    logged = await client.data(
        'mutation($at: Date!) { logInteraction(fromId: "mia", toId: "hal", at: $at, '
        'kind: "coffee chat") { kind at } }',
        {"at": day},
    )
    assert logged["logInteraction"] == {"kind": "COFFEE_CHAT", "at": day}
    tie_ = await client.data(
        "query($id: ID!) { tie(id: $id) { lastContact } }", {"id": ids["mia-hal"]}
    )
    assert tie_["tie"]["lastContact"] == day
    none = await client.error(
        'mutation { logInteraction(fromId: "cy", toId: "mia", at: "2026-01-01") { id } }'
    )
    assert none["extensions"]["code"] == "BAD_USER_INPUT"
