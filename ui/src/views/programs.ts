// Mentoring programs (SPEC §8): the list, and a program's page — what it is and for whom,
// its mentors and mentees with their places, its audience (the people its criteria select
// who are not enrolled yet, most in need first) and, for admins, the matches the optimiser
// proposes, to accept at once.

import { act, ask } from "../api";
import { viewer } from "../auth";
import { done, errorBox, fill, h, loading, uid } from "../dom";
import { Pager } from "../pager";
import { href, pageSize, personHref, programHref, replace } from "../router";
import { ACCEPT_PROPOSALS, AUDIENCE, PROGRAMS, PROGRAM_PAGE, PROPOSALS } from "../queries";
import type { Audience, Card, Connection, Enrolment, Program, ProgramStatus } from "../types";
import { LEVEL_WORDS, PROGRAM_STATUS_WORDS, ROLE_WORDS, list, rolesText } from "../words";

const PAGE = 20; // programs a page; `?first=N` asks for another size
const AUDIENCE_PAGE = 10; // on a program's page, `?first=N`

interface ProgramPage extends Program {
  audience: Audience;
  mentors: Enrolment[];
  mentees: Enrolment[];
}

interface Fit {
  fit: number;
  reasons: string[];
  person: Card;
}

interface Proposal {
  score: number;
  reasons: string[];
  mentee: Card;
  mentor: Card;
}

// ---- the list -------------------------------------------------------------------------

export function renderPrograms(main: HTMLElement, params: URLSearchParams): () => void {
  let alive = true;
  const statusId = uid("status");
  const status = h(
    "select",
    { id: statusId, name: "status", onchange: () => apply() },
    h("option", { value: "" }, "Any status"),
    (["OPEN", "DRAFT", "CLOSED"] as ProgramStatus[]).map((s) =>
      h("option", { value: s, selected: params.get("status") === s }, PROGRAM_STATUS_WORDS[s]),
    ),
  );
  const results = h("section", { "aria-label": "Programs", "aria-live": "polite" });
  const pages = new Pager(() => void load(), "Pages of programs");
  const size = pageSize(params, PAGE);
  let asked = 0; // the newest load: an older answer that arrives after it is dropped

  fill(
    main,
    h("h1", { tabindex: "-1" }, "Programs"),
    h(
      "p",
      {},
      "Mentoring programs: who runs them, for whom, and whether they take requests. Open one for its audience, mentors and mentees.",
    ),
    h(
      "form",
      { class: "filters", "aria-label": "Filters", onsubmit: (e: Event) => e.preventDefault() },
      h("div", { class: "field" }, h("label", { for: statusId }, "Status"), status),
    ),
    results,
  );

  function apply(): void {
    replace(href("/programs", { status: status.value, first: size === PAGE ? null : size }));
    pages.reset();
    void load();
  }

  async function load(): Promise<void> {
    const mine = ++asked;
    loading(results, "programs");
    const answer = await ask<{ programs: Connection<Program> }>(PROGRAMS, {
      status: status.value || null,
      first: size,
      after: pages.after,
    });
    if (!alive || mine !== asked) return;
    done(results);
    if (answer.kind === "hidden") return fill(results, errorBox("Programs are not shown to you."));
    if (answer.kind === "error") return fill(results, errorBox(answer.message));
    const page = answer.data.programs;
    const rows = page.edges.map((e) => e.node);
    const which = status.value ? `${PROGRAM_STATUS_WORDS[status.value as ProgramStatus]} ` : "";
    fill(
      results,
      h(
        "p",
        { class: "muted", id: "programs-count" },
        rows.length
          ? `${page.totalCount} ${which}${page.totalCount === 1 ? "program" : "programs"}, by name.`
          : "",
      ),
      rows.length
        ? h("ul", { class: "programs" }, rows.map(programItem))
        : h("p", { class: "empty" }, `No ${which}programs.`),
      rows.length ? pages.nav(page.pageInfo) : null,
    );
  }

  void load();
  return () => {
    alive = false;
  };
}

function programItem(p: Program): HTMLElement {
  return h(
    "li",
    { "data-program": p.id },
    h(
      "div",
      { class: "row spread" },
      h("a", { href: programHref(p.id) }, p.name),
      statusBadge(p.status),
    ),
    h("p", { class: "muted" }, summary(p)),
    p.description ? h("p", {}, p.description) : null,
  );
}

function statusBadge(status: ProgramStatus): HTMLElement {
  return h("span", { class: `badge status ${status.toLowerCase()}` }, PROGRAM_STATUS_WORDS[status]);
}

/** "run by Solar Car Team · topics: solar technology · 2026-09-01 to 2027-05-31 · 2 places …" */
function summary(p: Program): string {
  const dates =
    p.startsOn && p.endsOn
      ? `${p.startsOn} to ${p.endsOn}`
      : p.startsOn
        ? `from ${p.startsOn}`
        : p.endsOn
          ? `until ${p.endsOn}`
          : null;
  return [
    p.host ? `run by ${p.host.name}` : null,
    p.topics.length ? `topics: ${list(p.topics)}` : null,
    dates,
    p.defaultCapacity === null
      ? null
      : `${p.defaultCapacity} ${p.defaultCapacity === 1 ? "place" : "places"} per mentor unless they say`,
  ]
    .filter(Boolean)
    .join(" · ");
}

// ---- one program ------------------------------------------------------------------------

export function renderProgram(
  main: HTMLElement,
  programId: string,
  params: URLSearchParams,
): () => void {
  let alive = true;
  const heading = h("h1", { tabindex: "-1" }, programId);
  const subtitle = h("div", { class: "row subtitle" });
  const about = h("section", { class: "panel", "aria-labelledby": "about-h" });
  const mentors = h("section", { class: "panel", "aria-labelledby": "program-mentors-h" });
  const mentees = h("section", { class: "panel", "aria-labelledby": "program-mentees-h" });
  const audience = h("section", { class: "panel", "aria-labelledby": "audience-h" });
  const proposals = h("section", {
    class: "panel",
    "aria-labelledby": "proposals-h",
    hidden: !viewer().admin, // running programs is for admins alone (docs/security.md)
  });
  const audiencePages = new Pager(() => void showAudience(), "Pages of the audience");
  const size = pageSize(params, AUDIENCE_PAGE);

  fill(
    main,
    h("p", {}, h("a", { href: href("/programs") }, "All programs")),
    heading,
    subtitle,
    h(
      "div",
      { class: "person-grid" },
      h("div", { class: "col-wide" }, audience, proposals),
      h("div", { class: "col-side" }, about, mentors, mentees),
    ),
  );
  void showProgram();
  void showAudience();
  showProposals();

  async function showProgram(): Promise<void> {
    loading(about, "the program");
    const answer = await ask<{ program: ProgramPage | null }>(PROGRAM_PAGE, { id: programId });
    if (!alive) return;
    done(about);
    if (answer.kind === "error") return fill(about, errorBox(answer.message));
    if (answer.kind === "hidden" || !answer.data.program) {
      return fill(
        main,
        heading,
        h("p", { class: "empty" }, `No program has the id “${programId}”.`),
        h("p", {}, h("a", { href: href("/programs") }, "All programs")),
      );
    }
    const p = answer.data.program;
    document.title = `${p.name} — Supportweb`;
    fill(heading, p.name);
    fill(subtitle, statusBadge(p.status), h("span", { class: "muted" }, summary(p)));
    fill(
      about,
      h("h2", { id: "about-h" }, "About"),
      p.description ? h("p", {}, p.description) : null,
      h("h3", {}, "Who it is for"),
      audienceWords(p.audience),
      p.status === "OPEN"
        ? null
        : h("p", { class: "notice" }, "Only an open program takes enrolments and requests."),
    );
    fill(
      mentors,
      h("h2", { id: "program-mentors-h" }, `Mentors (${p.mentors.length})`),
      p.mentors.length
        ? h(
            "ul",
            { class: "people" },
            p.mentors.map((e) => enrolmentItem(e, places(e))),
          )
        : h("p", { class: "empty" }, "No mentors enrolled yet."),
    );
    fill(
      mentees,
      h("h2", { id: "program-mentees-h" }, `Mentees (${p.mentees.length})`),
      viewer().admin
        ? null
        : h("p", { class: "muted" }, "Of the mentees, yourself and the people you support."),
      p.mentees.length
        ? h(
            "ul",
            { class: "people" },
            p.mentees.map((e) =>
              enrolmentItem(
                e,
                e.load
                  ? `${e.load === 1 ? "a mentor" : `${e.load} mentors`} in it`
                  : "no mentor yet",
              ),
            ),
          )
        : h("p", { class: "empty" }, "No mentees enrolled that you may see."),
    );
  }

  async function showAudience(): Promise<void> {
    const title = h("h2", { id: "audience-h" }, "Audience");
    loading(audience, "the audience");
    const answer = await ask<{ programAudience: Connection<Fit> }>(AUDIENCE, {
      id: programId,
      first: size,
      after: audiencePages.after,
    });
    if (!alive) return;
    done(audience);
    // The audience is an advisor's tool (their caseload) and an admin's: others do not see it.
    if (answer.kind === "hidden") return void (audience.hidden = true);
    if (answer.kind === "error") return fill(audience, title, errorBox(answer.message));
    const page = answer.data.programAudience;
    const rows = page.edges.map((e) => e.node);
    const first = audiencePages.offset(size) + 1;
    fill(
      audience,
      title,
      h(
        "p",
        { class: "muted", id: "audience-count" },
        rows.length
          ? `${page.totalCount} ${page.totalCount === 1 ? "person fits" : "people fit"} and ${page.totalCount === 1 ? "is" : "are"} not enrolled yet, most in need first; ${first}–${first + rows.length - 1} shown.`
          : "",
      ),
      rows.length
        ? h("ol", { class: "rows audience", start: String(first) }, rows.map(fitItem))
        : h("p", { class: "empty" }, "No one else fits its audience."),
      rows.length ? audiencePages.nav(page.pageInfo) : null,
    );
  }

  function showProposals(): void {
    if (proposals.hidden) return;
    const results = h("div", { "aria-live": "polite" });
    fill(
      proposals,
      h("h2", { id: "proposals-h" }, "Proposed matches"),
      h(
        "p",
        {},
        "The program's mentees without a mentor in it, matched with its mentors' free places so that the pairs together score the most.",
      ),
      h("button", { type: "button", onclick: () => void propose() }, "Propose matches"),
      results,
    );

    async function propose(): Promise<void> {
      loading(results, "the proposals");
      const answer = await ask<{ proposeMatches: Proposal[] }>(PROPOSALS, { id: programId });
      if (!alive) return;
      done(results);
      if (answer.kind === "hidden")
        return fill(results, errorBox("Proposed matches are for admins."));
      if (answer.kind === "error") return fill(results, errorBox(answer.message));
      const found = answer.data.proposeMatches;
      if (!found.length) {
        return fill(
          results,
          h(
            "p",
            { class: "empty" },
            "Nothing to propose: every mentee has a mentor in the program, or no mentor has a free place.",
          ),
        );
      }
      const boxes = found.map((m) =>
        h("input", { type: "checkbox", name: "pair", checked: true, "aria-label": pairWords(m) }),
      );
      const accept = h("button", { type: "submit" });
      const count = () => {
        const n = boxes.filter((b) => b.checked).length;
        fill(accept, `Accept these ${n} ${n === 1 ? "match" : "matches"}`);
        accept.disabled = n === 0;
      };
      const outcome = h("div", { "aria-live": "polite" });
      fill(
        results,
        h(
          "form",
          { class: "stack", onsubmit: (e: Event) => (e.preventDefault(), void acceptThese()) },
          h(
            "p",
            { class: "muted" },
            `${found.length} ${found.length === 1 ? "pair" : "pairs"}, total score ${found.reduce((t, m) => t + m.score, 0).toFixed(0)}. Untick a pair to leave it out.`,
          ),
          h(
            "ol",
            { class: "rows proposals", onchange: count },
            found.map((m, i) => proposalItem(m, boxes[i])),
          ),
          accept,
          outcome,
        ),
      );
      count();

      async function acceptThese(): Promise<void> {
        const pairs = found
          .filter((_, i) => boxes[i].checked)
          .map((m) => ({ menteeId: m.mentee.id, mentorId: m.mentor.id }));
        accept.disabled = true;
        fill(outcome, h("p", { class: "muted", role: "status" }, "Accepting…"));
        const answer = await act<{ acceptProposals: { id: string }[] }>(ACCEPT_PROPOSALS, {
          id: programId,
          pairs,
        });
        if (!alive) return;
        if (answer.kind === "error") {
          accept.disabled = false;
          return fill(outcome, errorBox(answer.message));
        }
        const n = answer.data.acceptProposals.length;
        fill(
          results,
          h(
            "p",
            { class: "notice", role: "status" },
            `${n} ${n === 1 ? "mentorship has" : "mentorships have"} begun. Propose again for the mentees still without a mentor.`,
          ),
        );
        void showProgram();
        void showAudience();
      }
    }
  }

  return () => {
    alive = false;
    document.title = "Supportweb — advisor's page";
  };
}

function places(e: Enrolment): string {
  if (e.capacity === null)
    return `${e.load} ${e.load === 1 ? "mentee" : "mentees"}, no program cap`;
  return `${e.load} of ${e.capacity} ${e.capacity === 1 ? "place" : "places"} taken`;
}

function enrolmentItem(e: Enrolment, load: string): HTMLElement {
  return h(
    "li",
    { "data-person": e.person.id },
    h("a", { href: personHref(e.person.id) }, e.person.name),
    h("span", { class: "muted" }, ` ${rolesText(e.person)} · ${load} · since ${e.since}`),
  );
}

function fitItem(f: Fit): HTMLElement {
  return h(
    "li",
    { "data-person": f.person.id },
    h(
      "div",
      { class: "row spread" },
      h("a", { href: personHref(f.person.id) }, f.person.name),
      h("span", { class: "score" }, `fit ${f.fit.toFixed(2)}`),
    ),
    h(
      "p",
      { class: "muted" },
      `${rolesText(f.person)}${f.person.department ? ` · ${f.person.department}` : ""}`,
    ),
    f.reasons.length ? h("p", { class: "reasons-line" }, f.reasons.join("; ")) : null,
  );
}

function pairWords(m: Proposal): string {
  return `${m.mentor.name} to mentor ${m.mentee.name}`;
}

function proposalItem(m: Proposal, box: HTMLInputElement): HTMLElement {
  return h(
    "li",
    { "data-mentee": m.mentee.id, "data-mentor": m.mentor.id },
    h(
      "div",
      { class: "row spread" },
      h(
        "span",
        { class: "row" },
        box,
        h("a", { href: personHref(m.mentor.id) }, m.mentor.name),
        " to mentor ",
        h("a", { href: personHref(m.mentee.id) }, m.mentee.name),
      ),
      h("span", { class: "score" }, m.score.toFixed(0)),
    ),
    m.reasons.length ? h("p", { class: "reasons-line" }, m.reasons.join("; ")) : null,
  );
}

/** The audience's criteria as a list of facts ("Roles: student", …); every one must hold. */
function audienceWords(a: Audience): HTMLElement {
  const rows: [string, string][] = [];
  if (a.roles.length) rows.push(["Roles", list(a.roles.map((r) => ROLE_WORDS[r] ?? r))]);
  if (a.levels.length) rows.push(["Levels", list(a.levels.map((l) => LEVEL_WORDS[l] ?? l))]);
  if (a.departments.length) rows.push(["Departments", list(a.departments)]);
  if (a.classYears.length) rows.push(["Class of", list(a.classYears.map(String))]);
  if (a.topics.length) rows.push(["Interested in", list(a.topics)]);
  if (a.groupIds.length) rows.push(["In the groups", list(a.groupIds)]);
  if (a.thinOnly) rows.push(["Support", "thin only"]);
  if (!rows.length) return h("p", {}, "Everyone: it names no criteria.");
  return h(
    "dl",
    { class: "facts" },
    rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
  );
}
