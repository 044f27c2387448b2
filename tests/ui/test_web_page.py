"""The advisor's page end to end: real headless Chromium, the real server on a loopback
port, the real Neo4j with a seeded university of 300 people. Every request to another
origin is aborted (and would fail the test); every answer the page shows is compared with
what the public API says."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, expect

from graphdb.driver import Database
from resolvers.auth import TokenKeys, ViewerRole
from tests.conftest import TEST_SECRET
from tests.ui.conftest import (
    FIGURES,
    NARROW,
    WEB,
    WIDE,
    Api,
    ServerThread,
    admin_token,
    axe,
    drawn,
    new_tab,
    shot,
    skip_without_chromium,
    web_counts,
)

skip_without_chromium()

MENTORS = """query($id: ID!, $need: MentorNeed) {
  mentorPaths(personId: $id, need: $need, first: 8) { mentor { id } path { id name } } }"""
PROFILE = """query($id: ID!, $without: [ID!]) { supportProfile(personId: $id, without: $without) {
  score thin supporters { person { id name } } } }"""
THIN = """query($f: PersonFilter, $first: Int!, $after: String) {
  thinSupport(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { endCursor } edges { node { person { id department } } } } }"""


async def test_the_page_and_graphiql_load_with_every_other_origin_blocked(
    browser: Browser, server: str, api: Api
) -> None:
    tab = await new_tab(browser, server, WIDE, token=None)
    page = tab.page
    response = await page.goto(f"{server}/ui")
    assert response is not None and response.status == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
    assert f"connect-src 'self' ws://{server.removeprefix('http://')}" in csp
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await page.get_by_label("Bearer token").fill(admin_token())
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Find a person")).to_be_visible()

    gq = await page.goto(f"{server}/graphql")
    assert gq is not None and gq.status == 200
    assert "default-src 'self'" in gq.headers["content-security-policy"]
    # GraphiQL reads the schema (introspection) and runs a query through its own fetcher,
    # signed in with this tab's token, which it put in its headers.
    await expect(page.locator(".graphiql-container .graphiql-query-editor")).to_be_visible()
    async with page.expect_response(
        lambda r: r.url.endswith("/graphql") and "totalCount" in (r.request.post_data or "")
    ) as answered:
        await page.locator(".graphiql-query-editor .CodeMirror").click()
        await page.keyboard.press("Control+A")
        await page.keyboard.type("{ people(first: 1) { totalCount } }")
        await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    body = await (await answered.value).json()
    assert body == {"data": {"people": {"totalCount": 300}}}
    await expect(page.locator(".graphiql-response")).to_contain_text('"totalCount": 300')
    await tab.clean()
    await tab.context.close()


async def test_an_advisor_explores_a_student(
    browser: Browser, server: str, api: Api, screenshots: Path
) -> None:
    sid = "p-solar-student"
    name = (await api.data(WEB, {"id": sid, "depth": 1}))["person"]["name"]
    tab = await new_tab(browser, server, WIDE, token=None)
    page = tab.page
    # The link `supportweb up` prints: the token moves to sessionStorage and leaves the URL.
    token = admin_token()
    await tab.open(f"#token={token}")
    await expect(page.get_by_role("heading", name="Find a person")).to_be_visible()
    assert "token" not in page.url
    assert await page.evaluate("sessionStorage.getItem('supportweb.token')") == token

    # Search by part of the name, then open the student with the keyboard alone.
    await page.get_by_label("Name or id").fill(name.split()[0])
    await page.keyboard.press("Enter")
    link = page.locator(f'a[href="#/person/{sid}"]')
    await expect(link).to_have_text(name)
    await link.focus()
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)
    await drawn(page, *await web_counts(api, sid, 1))
    await shot(page, screenshots, "person-1280")

    # Two hops: the graph is drawn again with the API's web of depth 2.
    await page.get_by_label("2 hops").check()
    await drawn(page, *await web_counts(api, sid, 2))
    assert page.url.endswith("depth=2")

    # Mentors for a topic; selecting one lights its introduction path on the graph.
    need = {"topics": ["solar technology"], "requireAvailable": True}
    expected = (await api.data(MENTORS, {"id": sid, "need": need}))["mentorPaths"]
    await page.get_by_label("Topic").fill("solar technology")
    await page.get_by_role("button", name="Find mentors").click()
    items = page.locator("ol.mentors > li")
    await expect(items).to_have_count(len(expected))
    first = expected[0]
    await items.first.get_by_role("button", name="Show path").click()
    canvas = page.locator("#web-canvas")
    await expect(canvas).to_have_attribute("data-path", " ".join(p["id"] for p in first["path"]))
    intro = items.first.locator(".intro")
    path_names = " → ".join(p["name"] for p in first["path"])
    await expect(intro).to_contain_text(path_names)
    if len(first["path"]) > 2:
        await expect(intro).to_contain_text(f"{first['path'][1]['name']} introduces {name}")
    # An admin may ask any of them for a mentorship (tests/ui/test_programs_page.py asks).
    await expect(items.get_by_role("button", name="Request mentorship")).to_have_count(
        len(expected)
    )
    await shot(page, screenshots, "mentor-path-1280")
    assert await axe(page) == []

    # What if the first supporter left?
    profile = (await api.data(PROFILE, {"id": sid}))["supportProfile"]
    leaving = profile["supporters"][0]["person"]
    after = (await api.data(PROFILE, {"id": sid, "without": [leaving["id"]]}))["supportProfile"]
    what_if = page.locator("section", has=page.get_by_role("heading", name="What if someone left?"))
    await what_if.get_by_label(leaving["name"], exact=False).check()
    await what_if.get_by_role("button", name="Show the profile without them").click()
    score_row = what_if.locator("tr", has=page.get_by_role("rowheader", name="Score"))
    await expect(score_row.locator("td")).to_have_text(
        [f"{profile['score']:.1f}", f"{after['score']:.1f}"]
    )
    await expect(what_if).to_contain_text(f"Without {leaving['name']}")
    await what_if.scroll_into_view_if_needed()
    await shot(page, screenshots, "what-if-1280")
    await tab.clean()
    await tab.context.close()


async def test_a_staff_member_shows_who_would_be_exposed(
    browser: Browser, server: str, api: Api
) -> None:
    # The Solar Car Team's faculty advisor supports people; the API says whom it exposes.
    pid = "p-solar-advisor"
    exposed = (
        await api.data("query($id: ID!) { exposedIfLeaves(personId: $id) { id } }", {"id": pid})
    )["exposedIfLeaves"]
    tab = await new_tab(browser, server, WIDE, token=admin_token())
    await tab.open(f"#/person/{pid}")
    panel = tab.page.locator("section", has=tab.page.locator("#exposed-h"))
    await expect(panel.locator("#exposed-h")).to_contain_text("If ")
    if exposed:
        await expect(panel.locator("li a")).to_have_count(len(exposed))
    else:
        await expect(panel).to_contain_text("No one they support would be left")
    await tab.clean()
    await tab.context.close()


async def test_refused_panels_are_left_out_for_an_advisor(
    browser: Browser, server: str, api: Api
) -> None:
    # An advisor who supports no one: the directory is theirs, a student's web is not.
    token = TokenKeys(TEST_SECRET).mint(
        [ViewerRole.ADVISOR], "p-solar-engineer", dt.timedelta(hours=1)
    )
    tab = await new_tab(browser, server, WIDE, token=token)
    page = tab.page
    await tab.open("#/person/p-thin-none")
    await expect(page.get_by_role("heading", level=1)).not_to_have_text("p-thin-none")
    await expect(page.locator("section.web")).to_be_hidden(timeout=30_000)
    await page.wait_for_load_state("networkidle")
    for refused in (
        "Support web",
        "Details",
        "Support profile",
        "What if someone left?",
        "Suggested mentors",
        "Mentorship requests",
    ):
        await expect(page.get_by_role("heading", name=refused)).to_have_count(0)
    assert await page.locator(".error").count() == 0
    await tab.clean()
    await tab.context.close()


async def test_errors_are_said_in_words(browser: Browser, server: str) -> None:
    expired = TokenKeys(TEST_SECRET).mint([ViewerRole.ADMIN], None, dt.timedelta(seconds=-60))
    tab = await new_tab(browser, server, WIDE, token=expired)
    page = tab.page
    await tab.open("#/thin")
    # The API's UNAUTHENTICATED signs the tab out, and says why.
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await expect(page.locator(".notice")).to_contain_text("Please sign in again")
    assert await page.evaluate("sessionStorage.getItem('supportweb.token')") is None
    await page.get_by_label("Bearer token").fill("not-a-token")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await expect(page.locator(".notice")).to_contain_text("Please sign in again")
    await page.get_by_label("Bearer token").fill(admin_token())
    await page.get_by_role("button", name="Sign in").click()
    await tab.open("#/person/nobody-here")
    await expect(page.locator(".empty")).to_have_text("No one has the id “nobody-here”.")
    await tab.clean()
    await tab.context.close()


async def test_narrow_screens_and_accessibility(
    browser: Browser, server: str, api: Api, screenshots: Path
) -> None:
    tab = await new_tab(browser, server, NARROW, token=None)
    page = tab.page

    async def fits() -> None:
        assert await page.evaluate("document.documentElement.scrollWidth") <= NARROW
        assert await axe(page) == []

    await tab.open()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await fits()
    await tab.open(f"#token={admin_token()}")
    await page.get_by_label("Name or id").fill("p-well-supported")
    await expect(page.locator("ul.people li").first).to_be_visible()
    await fits()
    await shot(page, screenshots, "search-390")
    await tab.open("#/person/p-well-supported")
    await drawn(page, *await web_counts(api, "p-well-supported", 1))
    await page.get_by_role("button", name="Show path").first.wait_for()
    await fits()
    await shot(page, screenshots, "person-390")
    await tab.open("#/thin")
    await expect(page.locator("ol.thin > li").first).to_be_visible()
    await fits()
    await shot(page, screenshots, "thin-390")
    await tab.clean()
    await tab.context.close()


async def test_a_two_hop_web_is_interactive_quickly(
    browser: Browser, server: str, api: Api, session_db: Database
) -> None:
    """Figures for docs/benchmarks.md, not assertions: the student with the largest two-hop
    web, each visit a full navigation with the Performance API's marks read back."""
    row = await session_db.read_one(
        "MATCH (s:Student) CALL (s) { MATCH (s)-[:ADVISES|MENTORS|COACHES|TEACHES|TUTORS"
        "|PEER_SUPPORTS|SUPERVISES|KNOWS*1..2]-(o:Person) RETURN count(DISTINCT o) AS n }"
        " RETURN s.id AS id, n ORDER BY n DESC, id LIMIT 1"
    )
    assert row is not None
    sid = row["id"]
    people, ties = await web_counts(api, sid, 2)
    tab = await new_tab(browser, server, WIDE, token=admin_token())
    runs: list[tuple[float, float, float]] = []
    for run in range(4):
        await tab.page.goto(f"{server}/ui?visit={run}#/person/{sid}?depth=2")
        await drawn(tab.page, people, ties)
        interactive, answer, layout = await tab.page.evaluate(
            "() => [performance.getEntriesByName('sw:interactive')[0].startTime,"
            " performance.getEntriesByName('sw:web-answer')[0].startTime,"
            " performance.getEntriesByName('sw:layout')[0].duration]"
        )
        runs.append((interactive, answer, layout))
    await tab.clean()
    await tab.context.close()
    warm = runs[1:]
    FIGURES["two-hop web"] = f"{sid}: {people} people, {ties} ties"
    FIGURES["first visit: web answered / interactive"] = (
        f"{runs[0][1]:.0f} ms / {runs[0][0]:.0f} ms after navigation"
    )
    FIGURES["median of 3 more: web answered / interactive"] = (
        f"{statistics.median(r[1] for r in warm):.0f} ms / "
        f"{statistics.median(r[0] for r in warm):.0f} ms after navigation"
    )
    FIGURES["layout (median of 4)"] = f"{statistics.median(r[2] for r in runs):.1f} ms"
    FIGURES["machine load (1-minute average, 2 cores)"] = f"{os.getloadavg()[0]:.1f}"
    print(json.dumps(FIGURES, indent=2))


async def test_thin_support_list_filters_pages_and_goes_live(
    browser: Browser, server: str, running_server: ServerThread, api: Api, screenshots: Path
) -> None:
    """Last: its write changes the university the other tests read."""
    tab = await new_tab(browser, server, WIDE, token=admin_token())
    page = tab.page
    await tab.open("#/thin?first=5")
    rows = page.locator("ol.thin > li")

    async def shows(filter_: dict[str, Any] | None, after: str | None = None) -> str | None:
        answer = (await api.data(THIN, {"f": filter_, "first": 5, "after": after}))["thinSupport"]
        ids = [e["node"]["person"]["id"] for e in answer["edges"]]
        await expect(rows).to_have_count(len(ids))
        assert [await r.get_attribute("data-person") for r in await rows.all()] == ids
        cursor: str | None = answer["pageInfo"]["endCursor"]
        return cursor

    cursor = await shows(None)
    await page.get_by_role("button", name="Next page").click()
    await expect(page.locator("#thin-count")).to_contain_text("6–")
    await shows(None, cursor)
    await page.get_by_role("button", name="Previous page").click()
    await shows(None)

    # A student who is not thin, with exactly two supporters: losing one makes them thin.
    student, department, ties = await _one_supporter_from_thin(api)
    await page.get_by_label("Department").fill(department)
    await page.get_by_role("button", name="Apply").click()
    await shows({"department": department})
    assert f"department={department.replace(' ', '+')}" in page.url
    await expect(page.get_by_text("Live updates: on.")).to_be_visible()
    await shot(page, screenshots, "thin-1280")
    # The server's poller reads where the alert sequence stands when the first subscriber
    # arrives; an alert published before that would not be news to it.
    await running_server.alerts_listening()
    for tie_id in ties:
        await api.data("mutation($id: ID!) { endTie(id: $id) { id } }", {"id": tie_id})
    alert = page.locator(f"ul.alerts li[data-person='{student}']")
    await expect(alert).to_contain_text("now has thin support", timeout=20_000)
    await expect(page.locator(f"ol.thin > li[data-person='{student}']")).to_have_count(
        1, timeout=10_000
    )
    await tab.clean()
    await tab.context.close()


async def _one_supporter_from_thin(api: Api) -> tuple[str, str, list[str]]:
    """(student, their department, the ids of one supporter's ties to them)."""
    query = """query($after: String) { people(filter: {roles: [STUDENT]}, first: 50,
      after: $after) { pageInfo { hasNextPage endCursor } edges { node { id department
      supportProfile { thin size } supporters { id kind supporter { id } } } } } }"""
    after = None
    while True:
        page = (await api.data(query, {"after": after}))["people"]
        for edge in page["edges"]:
            p = edge["node"]
            profile = p["supportProfile"]
            if p["department"] and not profile["thin"] and profile["size"] == 2:
                first = next(t["supporter"]["id"] for t in p["supporters"] if t["kind"] != "KNOWS")
                ties = [t["id"] for t in p["supporters"] if t["supporter"]["id"] == first]
                return p["id"], p["department"], ties
        if not page["pageInfo"]["hasNextPage"]:
            raise AssertionError("the seeded university has no student with two supporters")
        after = page["pageInfo"]["endCursor"]
