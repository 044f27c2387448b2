"""Support profiles, the thin-support list and what-if, through GraphQL over HTTP."""

from __future__ import annotations

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from tests.api_graph import RECENT, build, person, tie
from tests.conftest import GraphQLClient
from tests.oracles import support_score as oracle

PROFILE = """query($id: ID!, $without: [ID!]) { supportProfile(personId: $id, without: $without) {
  size range strength functionsCovered functionsMissing singlePointsOfFailure
  effectiveSize constraint typology score thin reasons
  supporters { person { id } kinds functions } scoreParts { name points } } }"""

EXPOSED = "query($id: ID!) { exposedIfLeaves(personId: $id) { id } }"

THIN = """query($f: PersonFilter, $after: String, $first: Int) {
  thinSupport(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { person { id } profile { score thin } } } } }"""


async def test_profiles_follow_spec_definitions(client: GraphQLClient, db: Database) -> None:
    await build(client)
    ada = (await client.data(PROFILE, {"id": "ada"}))["supportProfile"]
    assert ada["size"] == 3  # lee, sam, hal; mia's mentoring ended, KNOWS is not support
    assert ada["range"] == 3  # FACULTY, STAFF, STUDENT
    assert sorted(s["person"]["id"] for s in ada["supporters"]) == ["hal", "lee", "sam"]
    assert ada["functionsCovered"] == ["ACADEMIC", "CAREER", "PSYCHOSOCIAL"]
    assert ada["functionsMissing"] == []
    assert ada["singlePointsOfFailure"] == ["CAREER"]
    assert ada["typology"] == "ENTREPRENEURIAL"
    # 25·3/4 + 15 + 5 + 25 + 20 + 10·2/3 (career from Sam alone) = 90.42.
    assert (ada["score"], ada["thin"]) == (90.4, False)
    assert ada["reasons"] == [
        "only 3 people support you",
        "only one person supports your career: Sam Staff",
    ]
    assert {p["name"]: p["points"] for p in ada["scoreParts"]} == {
        "size": 18.75,
        "range": 15.0,
        "departments": 5.0,
        "ties": 25.0,
        "functions": 20.0,
        "redundancy": 6.67,
    }
    # Three neighbours, none linked to another: n − 0 = 3; constraint 3 · (1/3)².
    assert ada["effectiveSize"] == 3.0 and abs(ada["constraint"] - 1 / 3) < 1e-12

    cy = (await client.data(PROFILE, {"id": "cy"}))["supportProfile"]
    assert (cy["size"], cy["thin"], cy["score"], cy["typology"]) == (0, True, 0, "NONE")
    assert cy["reasons"] == [
        "no one supports you yet",
        "no academic support",
        "no career support",
        "no psychosocial (personal) support",
    ]
    assert cy["effectiveSize"] == 0 and cy["constraint"] == 0
    bo = (await client.data(PROFILE, {"id": "bo"}))["supportProfile"]
    # 25/4 + 15/3 + 5/2 + 25 (0.6 is strong) + 20/3 = 45.42, and one supporter: thin.
    assert (bo["size"], bo["score"], bo["thin"], bo["typology"]) == (1, 45.4, True, "TRADITIONAL")
    assert bo["reasons"] == [
        "only one person supports you: Prof Lee",
        "no career support",
        "no psychosocial (personal) support",
        "only one person supports you academically: Prof Lee",
        "your support comes only from faculty",
        "all your supporters come from one department (Physics)",
    ]
    assert (bo["effectiveSize"], bo["constraint"]) == (1.0, 1.0)

    # And every person's answer is what the document says.
    graph = await oracle.snapshot(db)
    for pid in graph.people:
        got = (await client.data(PROFILE, {"id": pid}))["supportProfile"]
        want = oracle.expected(graph, pid)
        assert (got["size"], got["range"], got["typology"]) == (
            want.size,
            want.range,
            want.typology,
        )
        assert (got["score"], got["thin"], got["reasons"]) == (want.score, want.thin, want.reasons)
        assert (got["functionsCovered"], got["singlePointsOfFailure"]) == (want.covered, want.spof)
        assert {p["name"]: p["points"] for p in got["scoreParts"]} == want.parts()


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
    assert [e["node"]["profile"]["score"] for e in page["edges"]] == [0.0, 0.0, 45.4]

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


async def test_exposed_if_leaves_names_who_is_or_would_become_thin(
    client: GraphQLClient, db: Database
) -> None:
    await build(client)

    async def leaves(pid: str) -> list[str]:
        data = await client.data(EXPOSED, {"id": pid})
        return [p["id"] for p in data["exposedIfLeaves"]]

    # Lee supports Ada (two others remain: 75.8) and Bo (Lee alone: thin already, and the
    # most exposed of all).
    assert await leaves("lee") == ["bo"]
    await tie(
        client,
        "sam",
        "bo",
        "COACHES",
        strength=0.9,
        lastContact=RECENT,
        functions=["CAREER", "PSYCHOSOCIAL", "ACADEMIC"],
    )
    # Now Bo has two (75.8) and would be back to Lee alone without Sam; Ada keeps Lee
    # and Hal (69.2).
    assert await leaves("sam") == ["bo"]
    assert await leaves("lee") == ["bo"]
    assert await leaves("cy") == []
    graph = await oracle.snapshot(db)
    for pid in graph.people:
        assert await leaves(pid) == oracle.exposed_if_leaves(graph, pid), pid


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


async def test_exposed_if_leaves_lists_who_would_become_thin_and_who_is_thin_already(
    client: GraphQLClient, db: Database
) -> None:
    """Regression for issue 13: one answer holds both kinds at once — supported people who
    would become thin without the leaver, and people already thin who would lose them
    (whether the leaver is their only supporter or one of several) — and no one who stays
    well supported."""
    await person(client, "lee", "Prof Lee", ["FACULTY"], department="Physics")
    await person(client, "sam", "Sam Staff", ["STAFF"], department="Careers")
    await person(client, "ali", "Ali Alum", ["ALUM"], department="Law")
    await person(client, "ext", "Eve External", ["EXTERNAL"])
    await person(client, "kim", "Prof Kim", ["FACULTY"], department="Physics")
    for pid in ("ann", "ben", "cat", "dan"):
        await person(client, pid, pid.title(), ["STUDENT"], level="UNDERGRADUATE")
    everything = ["ACADEMIC", "CAREER", "PSYCHOSOCIAL"]

    async def supports(frm: str, to: str, strength: float) -> None:
        await tie(
            client, frm, to, "MENTORS", strength=strength, functions=everything, lastContact=RECENT
        )

    await supports("lee", "ann", 0.9)  # Ann: Lee and Sam now; Sam alone without Lee
    await supports("sam", "ann", 0.9)
    await supports("lee", "ben", 0.9)  # Ben: Lee is his only supporter
    for frm in ("lee", "kim"):  # Cat: two weak, stale, academic-only ties: thin now
        await tie(client, frm, "cat", "ADVISES", strength=0.2)
    for frm in ("lee", "sam", "ali", "ext"):  # Dan: three strong supporters remain
        await supports(frm, "dan", 0.9)

    profiles = {
        pid: (await client.data(PROFILE, {"id": pid}))["supportProfile"]
        for pid in ("ann", "ben", "cat", "dan")
    }
    assert {pid: (p["size"], p["thin"]) for pid, p in profiles.items()} == {
        "ann": (2, False),
        "ben": (1, True),
        "cat": (2, True),
        "dan": (4, False),
    }
    data = await client.data(EXPOSED, {"id": "lee"})
    assert [p["id"] for p in data["exposedIfLeaves"]] == ["ann", "ben", "cat"]
    graph = await oracle.snapshot(db)
    assert oracle.exposed_if_leaves(graph, "lee") == ["ann", "ben", "cat"]
