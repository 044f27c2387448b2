"""Programs and mentorship requests on the advisor's page (SPEC §8, §10), end to end: the
real server and Neo4j with the seeded university's two programs, headless Chromium, every
other origin blocked, every answer the page shows compared with what the API says.

The tests run in order and write: a teacher asks a basketball player to mentor her pupil,
the player accepts, the teacher's tie to the pupil ends, an admin accepts the Reading
Buddies' proposed matches and enrols two thin students in the solar program. None of it
touches what tests/ui/test_web_page.py reads (the solar team's people, p-well-supported,
p-thin-none), which runs after this module."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Locator, Page, expect

from resolvers.auth import TokenKeys, ViewerRole
from tests.conftest import TEST_SECRET
from tests.ui.conftest import (
    NARROW,
    WIDE,
    Api,
    admin_token,
    axe,
    drawn,
    new_tab,
    shot,
    skip_without_chromium,
    web_counts,
)

skip_without_chromium()

TEACHER = "p-school-teacher"  # Rosa Mendoza teaches the pupils: her caseload, as an advisor
PUPIL = "p-pupil-20"  # enrolled in Reading Buddies, her last request expired unanswered
PLAYER = "p-bball-05"  # a mentor there with one of his two places free
WAITING = "p-pupil-17"  # has asked him already (pending)
READING, SOLAR = "prog-reading-buddies", "prog-solar-car"
MENTORS_WAIT = 60_000  # mentorPaths over three hops is the page's heaviest question

REQUESTS = """query($id: ID!) { mentorshipRequests(personId: $id, first: 20) { edges { node {
  id status mentee { id name } mentor { id name } program { id } } } } }"""
PROGRAMS = """{ programs(first: 20) { edges { node { id name status } } } }"""
PROGRAM = """query($id: ID!) { program(id: $id) { mentors { person { id } capacity load }
  mentees { person { id } } } }"""
AUDIENCE = """query($id: ID!, $first: Int!, $after: String) {
  programAudience(programId: $id, first: $first, after: $after) {
    totalCount pageInfo { endCursor } edges { node { person { id } } } } }"""
PROPOSALS = """query($id: ID!) { proposeMatches(programId: $id) { mentee { id } mentor { id } } }"""
THIN = """query($f: PersonFilter) { thinSupport(filter: $f, first: 20) {
  edges { node { person { id } } } } }"""


def token(role: ViewerRole, sub: str) -> str:
    return TokenKeys(TEST_SECRET).mint([role], sub, dt.timedelta(hours=1))


def requests_panel(page: Page) -> Locator:
    return page.locator("section", has=page.locator("#requests-h"))


async def request_to(api: Api, mentee: str, mentor: str, status: str) -> dict[str, Any]:
    edges = (await api.data(REQUESTS, {"id": mentee}))["mentorshipRequests"]["edges"]
    return next(
        e["node"]
        for e in edges
        if e["node"]["mentor"]["id"] == mentor and e["node"]["status"] == status
    )


async def fits(page: Page) -> None:
    """At 390 px: nothing wider than the screen, and no serious accessibility fault."""
    wide: list[str] = await page.evaluate(
        """(w) => [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > w + 0.5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(
            e.getBoundingClientRect().right)}px: ${(e.textContent ?? "").slice(0, 60)}`)""",
        NARROW,
    )
    assert await page.evaluate("document.documentElement.scrollWidth") <= NARROW, wide[:8]
    assert await axe(page) == []


async def test_an_advisor_requests_a_mentorship_for_her_pupil(
    browser: Browser, server: str, api: Api, screenshots: Path
) -> None:
    tab = await new_tab(browser, server, WIDE, token(ViewerRole.ADVISOR, TEACHER))
    page = tab.page
    await tab.open(f"#/person/{PUPIL}")
    suggestion = page.locator("ol.mentors > li", has=page.locator(f'a[href="#/person/{PLAYER}"]'))
    await expect(suggestion).to_have_count(1, timeout=MENTORS_WAIT)
    player = await suggestion.locator(f'a[href="#/person/{PLAYER}"]').inner_text()
    await suggestion.get_by_role("button", name="Request mentorship").click()

    # The one open program both are enrolled in is offered, with the mentor's free places.
    form = suggestion.get_by_role("form", name=f"Request mentorship from {player}")
    choice = form.get_by_label("Program")
    await expect(choice.locator("option")).to_have_text(
        ["No program", "Reading Buddies (1 of 2 places free)"]
    )
    await expect(choice).to_have_value(READING)
    await form.get_by_label("Message (optional)").fill("Zainab would like help with reading.")
    await form.get_by_role("button", name="Send request").click()
    await expect(suggestion.locator(".notice")).to_contain_text(f"Asked {player}: pending")
    await expect(suggestion.get_by_role("button", name="Request mentorship")).to_be_hidden()

    # The API has it, in the program; the requests panel shows it, with what she may do:
    # as the pupil's advisor she may answer it for the mentor, or cancel it.
    asked = await request_to(api, PUPIL, PLAYER, "PENDING")
    assert asked["program"] == {"id": READING}
    row = requests_panel(page).locator(f'li[data-request="{asked["id"]}"]')
    await expect(row).to_have_attribute("data-status", "PENDING")
    await expect(row).to_contain_text("Zainab would like help with reading.")
    await expect(row.get_by_role("button")).to_have_text(["Accept", "Decline", "Cancel request"])
    await suggestion.scroll_into_view_if_needed()
    await shot(page, screenshots, "request-1280")
    assert await axe(page) == []
    await tab.clean()
    await tab.context.close()


async def test_the_mentor_accepts_and_the_tie_appears_in_his_web(
    browser: Browser, server: str, api: Api, screenshots: Path
) -> None:
    asked = await request_to(api, PUPIL, PLAYER, "PENDING")
    waiting = await request_to(api, WAITING, PLAYER, "PENDING")
    # A basketball player holds a student's token: he answers as the mentor asked. His web
    # holds the ties he may see, which his own token asks for.
    his = token(ViewerRole.STUDENT, PLAYER)
    as_him = Api(api.http, his)
    tab = await new_tab(browser, server, WIDE, his)
    page = tab.page
    await tab.open(f"#/person/{PLAYER}")
    people, ties = await web_counts(as_him, PLAYER, 1)
    await drawn(page, people, ties)
    panel = requests_panel(page)
    row = panel.locator(f'li[data-request="{asked["id"]}"]')
    # Accept or decline; cancelling is the mentee's side.
    await expect(row.get_by_role("button")).to_have_text(["Accept", "Decline"])
    await row.get_by_role("button", name="Accept").click()
    await expect(panel.locator(".notice")).to_contain_text("accepted")
    await expect(row).to_have_attribute("data-status", "ACCEPTED")
    await expect(row.get_by_role("button")).to_have_text(["Complete mentorship"])

    # The MENTORS tie is in the web, drawn and listed.
    assert await web_counts(as_him, PLAYER, 1) == (people + 1, ties + 1)
    await drawn(page, people + 1, ties + 1)
    await expect(page.locator(".web-list")).to_contain_text(
        f"{asked['mentor']['name']} mentors {asked['mentee']['name']}"
    )

    # His two places are taken now: accepting the pupil who asked first is refused, in words.
    other = panel.locator(f'li[data-request="{waiting["id"]}"]')
    await other.get_by_role("button", name="Accept").click()
    await expect(other.get_by_role("alert")).to_contain_text(re.compile(r"no free .*2 of 2 taken"))
    await expect(other).to_have_attribute("data-status", "PENDING")
    await panel.scroll_into_view_if_needed()
    await shot(page, screenshots, "requests-1280")
    assert await axe(page) == []

    # The program's page counts the new mentee in his load, as the API does: 2 of 2 taken.
    seat = next(
        m
        for m in (await api.data(PROGRAM, {"id": READING}))["program"]["mentors"]
        if m["person"]["id"] == PLAYER
    )
    assert (seat["load"], seat["capacity"]) == (2, 2)
    await row.get_by_role("link", name="Reading Buddies").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Reading Buddies")
    mentors = page.locator("section", has=page.locator("#program-mentors-h"))
    await expect(mentors.locator(f'li[data-person="{PLAYER}"]')).to_contain_text(
        "2 of 2 places taken"
    )
    await tab.clean()
    await tab.context.close()

    tab = await new_tab(browser, server, NARROW, his)
    await tab.open(f"#/person/{PLAYER}")
    await expect(requests_panel(tab.page).locator("li[data-request]").first).to_be_visible()
    await requests_panel(tab.page).scroll_into_view_if_needed()
    await fits(tab.page)
    await shot(tab.page, screenshots, "requests-390")
    await tab.clean()
    await tab.context.close()


async def test_what_the_api_would_refuse_is_not_offered_and_a_refusal_is_said(
    browser: Browser, server: str, api: Api
) -> None:
    accepted = await request_to(api, PUPIL, PLAYER, "ACCEPTED")
    # The player supports his mentee now: he sees her page and her requests, but asking for
    # a mentor on her behalf is for her, her advisor or an admin.
    tab = await new_tab(browser, server, WIDE, token(ViewerRole.STUDENT, PLAYER))
    page = tab.page
    await tab.open(f"#/person/{PUPIL}")
    await expect(requests_panel(page).locator("li[data-request]").first).to_be_visible()
    await expect(page.locator("ol.mentors > li").first).to_be_visible(timeout=MENTORS_WAIT)
    # Every suggestion has the button, and none shows it to him (a role query finds only
    # what is shown).
    suggested = await page.locator("ol.mentors > li").count()
    await expect(page.locator("[data-hook=request-mentorship]")).to_have_count(suggested)
    await expect(page.get_by_role("button", name="Request mentorship")).to_have_count(0)
    # On the page of a pupil he does not support, nothing of hers is shown.
    await tab.open(f"#/person/{WAITING}")
    await expect(page.get_by_role("heading", level=1)).not_to_have_text(WAITING)
    await page.wait_for_load_state("networkidle")
    await expect(requests_panel(page)).to_be_hidden()
    await tab.clean()
    await tab.context.close()

    # The teacher's page is older than a change: her tie to the pupil has ended since, so
    # the API refuses her (FORBIDDEN) and the page says so in words.
    tab = await new_tab(browser, server, WIDE, token(ViewerRole.ADVISOR, TEACHER))
    page = tab.page
    await tab.open(f"#/person/{PUPIL}")
    row = requests_panel(page).locator(f'li[data-request="{accepted["id"]}"]')
    complete = row.get_by_role("button", name="Complete mentorship")
    await expect(complete).to_be_visible()
    supporters = (
        await api.data(
            "query($id: ID!) { person(id: $id) { supporters { id supporter { id } } } }",
            {"id": PUPIL},
        )
    )["person"]["supporters"]
    for tie in supporters:
        if tie["supporter"]["id"] == TEACHER:
            await api.data("mutation($id: ID!) { endTie(id: $id) { id } }", {"id": tie["id"]})
    await complete.click()
    await expect(row.get_by_role("alert")).to_contain_text(
        "Not allowed: complete: only the mentee, the mentor, an advisor who supports the mentee"
    )
    await tab.clean()
    await tab.context.close()


async def test_the_programs_and_a_programs_audience(
    browser: Browser, server: str, api: Api, screenshots: Path
) -> None:
    programs = [e["node"] for e in (await api.data(PROGRAMS))["programs"]["edges"]]
    assert {p["id"] for p in programs} == {READING, SOLAR}  # the seed's two
    for width in (WIDE, NARROW):
        tab = await new_tab(browser, server, width, admin_token())
        page = tab.page
        await tab.open("#/programs")
        rows = page.locator("ul.programs > li")
        await expect(rows).to_have_count(len(programs))
        assert [await r.get_attribute("data-program") for r in await rows.all()] == [
            p["id"] for p in programs
        ]
        for p in programs:
            await expect(rows.filter(has_text=p["name"]).locator(".badge")).to_have_text(
                p["status"].lower()
            )
        if width == NARROW:
            await fits(page)
        await shot(page, screenshots, f"programs-{width}")

        await page.get_by_role("link", name="Solar Car Mentoring").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Solar Car Mentoring")
        program = (await api.data(PROGRAM, {"id": SOLAR}))["program"]
        mentors = page.locator("section", has=page.locator("#program-mentors-h")).locator("li")
        await expect(mentors).to_have_count(len(program["mentors"]))
        for m in program["mentors"]:
            await expect(
                mentors.filter(has=page.locator(f'a[href="#/person/{m["person"]["id"]}"]'))
            ).to_contain_text(f"{m['load']} of {m['capacity']}")
        mentees = page.locator("section", has=page.locator("#program-mentees-h")).locator("li")
        await expect(mentees).to_have_count(len(program["mentees"]))
        await expect_audience(page, api, None, 10)
        if width == NARROW:
            await fits(page)
        else:
            assert await axe(page) == []
        await shot(page, screenshots, f"program-{width}", full=width == WIDE)
        await tab.clean()
        await tab.context.close()

    # The audience a page at a time.
    tab = await new_tab(browser, server, WIDE, admin_token())
    await tab.open(f"#/program/{SOLAR}?first=3")
    cursor = await expect_audience(tab.page, api, None, 3)
    await tab.page.get_by_role("button", name="Next page").click()
    await expect(tab.page.locator("#audience-count")).to_contain_text("4–")
    await expect_audience(tab.page, api, cursor, 3)
    await tab.clean()
    await tab.context.close()


async def expect_audience(page: Page, api: Api, after: str | None, first: int) -> str | None:
    """The audience panel lists the API's page of the solar program's audience."""
    answer = (await api.data(AUDIENCE, {"id": SOLAR, "first": first, "after": after}))[
        "programAudience"
    ]
    ids = [e["node"]["person"]["id"] for e in answer["edges"]]
    rows = page.locator("ol.audience > li")
    await expect(rows).to_have_count(len(ids))
    assert [await r.get_attribute("data-person") for r in await rows.all()] == ids
    await expect(page.locator("#audience-count")).to_contain_text(f"{answer['totalCount']} people")
    cursor: str | None = answer["pageInfo"]["endCursor"]
    return cursor


async def test_an_admin_accepts_the_proposed_matches(
    browser: Browser, server: str, api: Api, screenshots: Path
) -> None:
    tab = await new_tab(browser, server, WIDE, admin_token())
    page = tab.page
    await tab.open(f"#/program/{READING}")
    panel = page.locator("section", has=page.locator("#proposals-h"))
    await panel.get_by_role("button", name="Propose matches").click()
    expected = (await api.data(PROPOSALS, {"id": READING}))["proposeMatches"]
    assert expected, "the seed leaves Reading Buddies' pupils 17-19 without a mentor"
    rows = panel.locator("ol.proposals > li")
    await expect(rows).to_have_count(len(expected))
    shown = [
        (await r.get_attribute("data-mentee"), await r.get_attribute("data-mentor"))
        for r in await rows.all()
    ]
    assert sorted(shown) == sorted((m["mentee"]["id"], m["mentor"]["id"]) for m in expected)
    await shot(page, screenshots, "proposals-1280")

    await panel.get_by_role("button", name=f"Accept these {len(expected)} matches").click()
    await expect(panel.locator(".notice")).to_contain_text(
        f"{len(expected)} mentorships have begun"
    )
    for mentee, mentor in shown:
        assert mentee is not None and mentor is not None
        await request_to(api, mentee, mentor, "ACCEPTED")
    mentees = page.locator("section", has=page.locator("#program-mentees-h"))
    for mentee, _ in shown:
        await expect(mentees.locator(f'li[data-person="{mentee}"]')).to_contain_text(
            "a mentor in it"
        )
    await tab.clean()
    await tab.context.close()


async def test_the_thin_list_by_program(browser: Browser, server: str, api: Api) -> None:
    thin = [
        e["node"]["person"]["id"]
        for e in (await api.data(THIN, {"f": None}))["thinSupport"]["edges"]
    ]
    for pid in thin[:2]:
        await api.data(
            "mutation($p: ID!, $id: ID!) { enrol(programId: $p, personId: $id, side: MENTEE)"
            " { since } }",
            {"p": SOLAR, "id": pid},
        )
    expected = [
        e["node"]["person"]["id"]
        for e in (await api.data(THIN, {"f": {"programId": SOLAR}}))["thinSupport"]["edges"]
    ]
    assert set(thin[:2]) <= set(expected)
    tab = await new_tab(browser, server, WIDE, admin_token())
    page = tab.page
    await tab.open("#/thin")
    select = page.get_by_label("Program")
    await expect(select.locator("option")).to_have_text(
        ["Any program", "Reading Buddies", "Solar Car Mentoring"]
    )
    await select.select_option(label="Solar Car Mentoring")
    await page.get_by_role("button", name="Apply").click()
    rows = page.locator("ol.thin > li")
    await expect(rows).to_have_count(len(expected))
    assert [await r.get_attribute("data-person") for r in await rows.all()] == expected
    assert f"program={SOLAR}" in page.url
    # The filter is in the URL: a reload keeps it.
    await page.reload()
    await expect(page.get_by_label("Program")).to_have_value(SOLAR)
    await expect(rows).to_have_count(len(expected))
    await tab.clean()
    await tab.context.close()
