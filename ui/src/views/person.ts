// A person's page: who they are, their support web drawn, their support profile and its
// reasons, suggested mentors with the introduction path, "what if someone left", and —
// for staff and faculty — who would be left exposed if they left.
//
// Each panel is its own request (queries.ts): a panel this viewer may not see is simply
// left out, and a slow one does not hold the others back.

import { ask } from "../api";
import { done, errorBox, fill, h, loading, swatch, uid } from "../dom";
import { WebGraph } from "../graph";
import { personHref, replace } from "../router";
import { DETAILS, EXPOSED, MENTORS, PERSON, PROFILE, WEB, WHAT_IF } from "../queries";
import type { Card, MentorMatch, Profile, Tie, Web } from "../types";
import {
  FUNCTION_WORDS,
  KIND_COLOURS,
  KIND_VERBS,
  KIND_WORDS,
  ROLE_COLOURS,
  ROLE_ORDER,
  ROLE_WORDS,
  TYPOLOGY_WORDS,
  ended,
  list,
  rolesText,
} from "../words";
import { personItem } from "./search";

/**
 * Programs and mentorship requests (SPEC §8) are not built yet. When `requestMentorship`
 * exists in the API, set this to true and fill in `requestMentorship` below: the button
 * is already on every suggested mentor, hidden.
 */
const MENTORSHIP_REQUESTS = false;

interface Person extends Card {
  expertise: string[];
  openDoor: boolean;
  capacity: number | null;
  load: number;
  available: boolean;
}

interface Details {
  email: string | null;
  classYear: number | null;
  level: string | null;
  interests: string[];
  groups: { role: string | null; group: { id: string; name: string; kind: string } }[];
}

export function renderPerson(
  main: HTMLElement,
  personId: string,
  params: URLSearchParams,
): () => void {
  const depth = params.get("depth") === "2" ? 2 : 1;
  let alive = true;
  const heading = h("h1", { tabindex: "-1" }, personId);
  const subtitle = h("p", { class: "muted" });
  const details = h("section", { class: "panel details", "aria-label": "Details" });
  const webPanel = h("section", { class: "panel web", "aria-labelledby": "web-h" });
  const profilePanel = h("section", { class: "panel", "aria-labelledby": "profile-h" });
  const mentorsPanel = h("section", { class: "panel", "aria-labelledby": "mentors-h" });
  const whatIfPanel = h("section", { class: "panel", "aria-labelledby": "whatif-h", hidden: true });
  const exposedPanel = h("section", {
    class: "panel",
    "aria-labelledby": "exposed-h",
    hidden: true,
  });
  fill(
    main,
    heading,
    subtitle,
    h(
      "div",
      { class: "person-grid" },
      h("div", { class: "col-main" }, webPanel),
      h(
        "div",
        { class: "col-side" },
        details,
        profilePanel,
        whatIfPanel,
        mentorsPanel,
        exposedPanel,
      ),
    ),
  );

  // The graph and its canvas outlive panel redraws; the tooltip sits over the canvas.
  const canvas = h("div", {
    class: "canvas",
    id: "web-canvas",
    role: "group",
    tabindex: "0",
    "aria-label": "Support web graph. Arrow keys pan, + and − zoom, 0 fits.",
  });
  const tooltip = h("div", { class: "tooltip", role: "tooltip", hidden: true });
  const graph = new WebGraph(canvas, tooltip, (id) => {
    window.location.hash = personHref(id, { depth });
  });
  let person: Person | null = null;
  let interests: string[] = []; // the topic box suggests them
  let selected: HTMLElement | null = null; // the mentor whose path is shown

  void (async () => {
    const answer = await ask<{ person: Person | null }>(PERSON, { id: personId });
    if (!alive) return;
    if (answer.kind === "error") return fill(main, heading, errorBox(answer.message));
    if (answer.kind === "hidden" || !answer.data.person) {
      return fill(
        main,
        heading,
        h("p", { class: "empty" }, `No one has the id “${personId}”.`),
        h("p", {}, h("a", { href: "#/" }, "Search for someone")),
      );
    }
    person = answer.data.person;
    document.title = `${person.name} — Supportweb`;
    fill(heading, person.name);
    fill(
      subtitle,
      `${rolesText(person)}${person.department ? ` · ${person.department}` : ""} · ${person.id}`,
      person.expertise.length ? ` · expertise: ${list(person.expertise)}` : "",
      person.roles.some((r) => r !== "STUDENT")
        ? ` · ${person.available ? "open to new mentees" : person.openDoor ? "open door, but at capacity" : "not taking mentees"}`
        : "",
    );
    if (person.roles.includes("FACULTY") || person.roles.includes("STAFF"))
      void showExposed(person);
  })();

  // The web first: it is what the advisor looks at, and the largest answer. The mentor
  // search is the heaviest query, so it waits until the web is drawn (or has failed).
  const webShown = showWeb(depth);
  void showDetails();
  void showProfileAndWhatIf();
  void webShown.finally(() => alive && showMentors());

  // ---- details ----------------------------------------------------------------------

  async function showDetails(): Promise<void> {
    loading(details, "details");
    const answer = await ask<{ person: Details | null }>(DETAILS, { id: personId });
    if (!alive) return;
    done(details);
    if (answer.kind === "hidden" || (answer.kind === "ok" && !answer.data.person))
      return void (details.hidden = true);
    if (answer.kind === "error") return fill(details, errorBox(answer.message));
    const d = answer.data.person as Details;
    const rows: [string, string | Node][] = [];
    if (d.email) rows.push(["Email", d.email]);
    if (d.level) rows.push(["Level", d.level.toLowerCase()]);
    if (d.classYear) rows.push(["Class of", String(d.classYear)]);
    rows.push(["Interests", list(d.interests)]);
    rows.push([
      "Groups",
      d.groups.length
        ? list(d.groups.map((m) => `${m.group.name}${m.role ? ` (${m.role})` : ""}`))
        : "none",
    ]);
    fill(
      details,
      h("h2", {}, "Details"),
      h(
        "dl",
        { class: "facts" },
        rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
      ),
    );
    interests = d.interests;
  }

  // ---- support web ----------------------------------------------------------------------

  async function showWeb(d: number): Promise<void> {
    const caption = h("p", { class: "muted", role: "status" }, "Loading the support web…");
    const radios = [1, 2].map((n) =>
      h(
        "label",
        { class: "choice" },
        h("input", {
          type: "radio",
          name: "depth",
          value: String(n),
          checked: n === d,
          onchange: () => switchDepth(n),
        }),
        n === 1 ? "1 hop" : "2 hops",
      ),
    );
    const controls = h(
      "div",
      { class: "controls" },
      h("fieldset", { class: "depth" }, h("legend", {}, "Depth"), radios),
      h(
        "div",
        { class: "zoom", role: "group", "aria-label": "Zoom" },
        h(
          "button",
          { type: "button", onclick: () => graph.zoom(1.25), "aria-label": "Zoom in" },
          "+",
        ),
        h(
          "button",
          { type: "button", onclick: () => graph.zoom(0.8), "aria-label": "Zoom out" },
          "−",
        ),
        h("button", { type: "button", onclick: () => graph.fit() }, "Fit"),
      ),
    );
    canvas.dataset.state = "loading";
    webPanel.setAttribute("aria-busy", "true");
    fill(
      webPanel,
      h("h2", { id: "web-h" }, "Support web"),
      controls,
      h(
        "figure",
        { class: "figure" },
        h("div", { class: "canvas-wrap" }, canvas, tooltip),
        h("figcaption", {}, caption, legend()),
      ),
    );
    canvas.onkeydown = (e: KeyboardEvent) => {
      const step = 60;
      const keys: Record<string, () => void> = {
        ArrowLeft: () => graph.pan(step, 0),
        ArrowRight: () => graph.pan(-step, 0),
        ArrowUp: () => graph.pan(0, step),
        ArrowDown: () => graph.pan(0, -step),
        "+": () => graph.zoom(1.25),
        "=": () => graph.zoom(1.25),
        "-": () => graph.zoom(0.8),
        "0": () => graph.fit(),
      };
      const act = keys[e.key];
      if (act) {
        e.preventDefault();
        act();
      }
    };
    const answer = await ask<{ person: { supportWeb: Web } | null }>(WEB, {
      id: personId,
      depth: d,
    });
    performance.mark("sw:web-answer");
    if (!alive) return;
    webPanel.removeAttribute("aria-busy");
    if (answer.kind === "hidden") return void (webPanel.hidden = true);
    if (answer.kind === "error") return fill(caption, errorBox(answer.message));
    if (!answer.data.person) return fill(caption, "No web to draw.");
    const web = answer.data.person.supportWeb;
    const live = web.ties.filter((t) => !ended(t));
    if (web.people.length <= 1) {
      graph.destroy();
      canvas.dataset.state = "ready";
      canvas.dataset.people = "1";
      canvas.dataset.ties = "0";
      // For an advisor the web holds only ties they may see (docs/security.md).
      fill(caption, "No ties to draw: none, or none that you may see.");
      return;
    }
    const drawn = graph.draw(personId, web.people, live);
    canvas.dataset.people = String(drawn.people);
    canvas.dataset.ties = String(drawn.ties);
    canvas.dataset.layoutMs = drawn.layoutMs.toFixed(1);
    fill(
      caption,
      `${drawn.people} people and ${drawn.ties} active ties within ${d} ${d === 1 ? "hop" : "hops"}`,
      web.truncated ? " (cut short at the size limit)" : "",
      ". Hover for details; click a person to open them.",
    );
    webPanel.append(webList(web.people, live));
    // Performance API: "sw:web-answer" when the API's answer is in, "sw:interactive" once
    // the drawn web has been painted and answers the pointer; graph.ts measures
    // "sw:layout". The browser test reads them (docs/benchmarks.md).
    await drawn.painted;
    performance.mark("sw:interactive");
    canvas.dataset.state = "ready";
  }

  function switchDepth(n: number): void {
    replace(personHref(personId, { depth: n }));
    void showWeb(n);
  }

  /** The web as a list: the same facts as the drawing, for keyboards and screen readers. */
  function webList(people: Card[], ties: Tie[]): HTMLElement {
    const names = new Map(people.map((p) => [p.id, p.name]));
    return h(
      "details",
      { class: "web-list" },
      h("summary", {}, `The web as a list (${people.length} people, ${ties.length} ties)`),
      h("h3", {}, "People"),
      h("ul", { class: "people compact" }, people.filter((p) => p.id !== personId).map(personItem)),
      h("h3", {}, "Ties"),
      h(
        "ul",
        { class: "compact" },
        ties.map((t) =>
          h(
            "li",
            {},
            `${names.get(t.supporter.id) ?? t.supporter.id} ${KIND_VERBS[t.kind]} ${names.get(t.supported.id) ?? t.supported.id} (strength ${t.strength.toFixed(2)})`,
          ),
        ),
      ),
    );
  }

  // ---- profile and what-if ---------------------------------------------------------------

  async function showProfileAndWhatIf(): Promise<void> {
    loading(profilePanel, "the support profile");
    const answer = await ask<{ supportProfile: Profile }>(PROFILE, { id: personId });
    if (!alive) return;
    done(profilePanel);
    if (answer.kind === "hidden") {
      profilePanel.hidden = true;
      whatIfPanel.hidden = true;
      return;
    }
    if (answer.kind === "error")
      return fill(
        profilePanel,
        h("h2", { id: "profile-h" }, "Support profile"),
        errorBox(answer.message),
      );
    const profile = answer.data.supportProfile;
    fill(profilePanel, h("h2", { id: "profile-h" }, "Support profile"), profileView(profile));
    whatIf(profile);
  }

  function whatIf(profile: Profile): void {
    whatIfPanel.hidden = false;
    const result = h("div", { "aria-live": "polite" });
    const boxes = profile.supporters.map((s) => {
      const box = h("input", { type: "checkbox", name: "without", value: s.person.id });
      return h(
        "label",
        { class: "choice block" },
        box,
        `${s.person.name} (${s.kinds.map((k) => KIND_WORDS[k]).join(", ")})`,
      );
    });
    fill(
      whatIfPanel,
      h("h2", { id: "whatif-h" }, "What if someone left?"),
      profile.supporters.length
        ? h(
            "form",
            { class: "stack", onsubmit: (e: Event) => (e.preventDefault(), void run()) },
            h("fieldset", {}, h("legend", {}, "Take away"), boxes),
            h("button", { type: "submit" }, "Show the profile without them"),
          )
        : h("p", { class: "empty" }, "No supporters to take away."),
      result,
    );

    async function run(): Promise<void> {
      const without = [
        ...whatIfPanel.querySelectorAll<HTMLInputElement>("input[name=without]:checked"),
      ].map((b) => b.value);
      graph.markLeaving(without);
      if (!without.length)
        return fill(result, h("p", { class: "notice" }, "Tick at least one supporter."));
      loading(result, "the what-if");
      const answer = await ask<{ before: Profile; after: Profile }>(WHAT_IF, {
        id: personId,
        without,
      });
      done(result);
      if (answer.kind === "hidden") return fill(result, errorBox("Not shown to you."));
      if (answer.kind === "error") return fill(result, errorBox(answer.message));
      fill(
        result,
        comparison(
          answer.data.before,
          answer.data.after,
          profile.supporters.filter((s) => without.includes(s.person.id)).map((s) => s.person.name),
        ),
      );
    }
  }

  async function showExposed(p: Person): Promise<void> {
    exposedPanel.hidden = false;
    loading(exposedPanel, "who depends on them");
    const answer = await ask<{ exposedIfLeaves: Card[] }>(EXPOSED, { id: p.id });
    if (!alive) return;
    done(exposedPanel);
    if (answer.kind === "hidden") return void (exposedPanel.hidden = true);
    const title = h("h2", { id: "exposed-h" }, `If ${p.name} left`);
    if (answer.kind === "error") return fill(exposedPanel, title, errorBox(answer.message));
    const people = answer.data.exposedIfLeaves;
    fill(
      exposedPanel,
      title,
      people.length
        ? [
            h(
              "p",
              {},
              `${people.length} ${people.length === 1 ? "person they support is" : "people they support are"} thin now, or would be without them:`,
            ),
            h("ul", { class: "people" }, people.map(personItem)),
          ]
        : h("p", { class: "empty" }, "No one they support would be left with thin support."),
    );
  }

  // ---- mentors ------------------------------------------------------------------------------

  function showMentors(): void {
    const topicId = uid("topic");
    const topic = h("input", {
      id: topicId,
      name: "topic",
      type: "text",
      list: `${topicId}-list`,
      autocomplete: "off",
      placeholder: "any topic",
    });
    const options = h("datalist", { id: `${topicId}-list` });
    const free = h("input", { type: "checkbox", name: "available", checked: true });
    const results = h("div", { "aria-live": "polite" });
    fill(
      mentorsPanel,
      h("h2", { id: "mentors-h" }, "Suggested mentors"),
      h(
        "form",
        { class: "stack", onsubmit: (e: Event) => (e.preventDefault(), void find()) },
        h("label", { for: topicId }, "Topic"),
        h("div", { class: "row" }, topic, options, h("button", { type: "submit" }, "Find mentors")),
        h("label", { class: "choice" }, free, "Only mentors with a free place"),
      ),
      results,
    );
    topic.addEventListener("focus", () =>
      fill(
        options,
        interests.map((i) => h("option", { value: i })),
      ),
    );
    void find();

    async function find(): Promise<void> {
      graph.clearHighlight();
      selected = null;
      loading(results, "mentors");
      const topics = topic.value.trim() ? [topic.value.trim()] : null;
      const answer = await ask<{ mentorPaths: MentorMatch[] }>(MENTORS, {
        id: personId,
        first: 8,
        need: { topics, requireAvailable: free.checked },
      });
      if (!alive) return;
      done(results);
      if (answer.kind === "hidden") return void (mentorsPanel.hidden = true);
      if (answer.kind === "error") return fill(results, errorBox(answer.message));
      const matches = answer.data.mentorPaths;
      if (!matches.length) {
        return fill(
          results,
          h(
            "p",
            { class: "empty" },
            topics
              ? `No suitable mentor for “${topics[0]}” within 3 hops.`
              : "No suitable mentor within 3 hops.",
          ),
        );
      }
      fill(results, h("ol", { class: "mentors" }, matches.map(matchItem)));
    }
  }

  function matchItem(m: MentorMatch): HTMLElement {
    const intro = h("div", { class: "intro", hidden: true });
    const show = h(
      "button",
      { type: "button", class: "small", "aria-pressed": "false" },
      "Show path",
    );
    // The hook for SPEC §8: hidden until programs and requests exist (MENTORSHIP_REQUESTS).
    const request = h(
      "button",
      {
        type: "button",
        class: "small",
        "data-hook": "request-mentorship",
        hidden: !MENTORSHIP_REQUESTS,
        onclick: () => requestMentorship(personId, m.mentor.id),
      },
      "Request mentorship",
    );
    const item = h(
      "li",
      {},
      h(
        "div",
        { class: "row spread" },
        h("a", { href: personHref(m.mentor.id) }, m.mentor.name),
        h("span", { class: "score" }, `${m.score.toFixed(0)} / 100`),
      ),
      h(
        "p",
        { class: "muted" },
        `${rolesText(m.mentor)}${m.mentor.department ? ` · ${m.mentor.department}` : ""} · ${m.hops} ${m.hops === 1 ? "hop" : "hops"} away`,
        m.mentor.expertise.length ? ` · expertise: ${list(m.mentor.expertise)}` : "",
      ),
      m.reasons.length
        ? h(
            "ul",
            { class: "reasons" },
            m.reasons.map((r) => h("li", {}, r)),
          )
        : null,
      h("div", { class: "row" }, show, request),
      intro,
    );
    show.addEventListener("click", () => {
      const on = show.getAttribute("aria-pressed") !== "true";
      for (const other of document.querySelectorAll<HTMLElement>(".mentors [aria-pressed=true]"))
        other.setAttribute("aria-pressed", "false");
      for (const other of document.querySelectorAll<HTMLElement>(".mentors .intro"))
        other.hidden = true;
      selected?.classList.remove("selected");
      if (!on) {
        graph.clearHighlight();
        selected = null;
        return;
      }
      show.setAttribute("aria-pressed", "true");
      item.classList.add("selected");
      selected = item;
      fill(intro, introduction(m));
      intro.hidden = false;
      graph.highlightPath(m.path, m.ties);
    });
    return item;
  }

  return () => {
    alive = false;
    graph.destroy();
    document.title = "Supportweb — advisor's page";
  };
}

/** Not built yet: SPEC §8's requestMentorship mutation. */
function requestMentorship(menteeId: string, mentorId: string): void {
  void menteeId;
  void mentorId;
}

/** "Hal introduces Ada to Mia", hop by hop, in words. */
function introduction(m: MentorMatch): HTMLElement[] {
  const names = new Map(m.path.map((p) => [p.id, p.name]));
  const name = (id: string) => names.get(id) ?? id;
  const hops = m.ties.map((t) =>
    h(
      "li",
      {},
      `${name(t.supporter.id)} ${KIND_VERBS[t.kind]} ${name(t.supported.id)} (strength ${t.strength.toFixed(2)}${t.lastContact ? `, last contact ${t.lastContact}` : ""})`,
    ),
  );
  const who: string[] = [];
  for (let i = 1; i < m.path.length - 1; i += 1)
    who.push(`${m.path[i].name} introduces ${m.path[i - 1].name} to ${m.path[i + 1].name}`);
  return [
    h("p", {}, h("strong", {}, "Path: "), m.path.map((p) => p.name).join(" → ")),
    h(
      "p",
      {},
      who.length
        ? `${who.join("; then ")}.`
        : `${m.path[0]?.name ?? "They"} and ${m.mentor.name} already know each other: no introduction needed.`,
    ),
    h("ol", { class: "hops", "aria-label": "Ties along the path" }, hops),
  ];
}

function profileView(p: Profile): HTMLElement {
  const chips = (items: string[], cls: string) =>
    items.length
      ? items.map((f) =>
          h(
            "span",
            { class: `chip ${cls}` },
            FUNCTION_WORDS[f as keyof typeof FUNCTION_WORDS] ?? f,
          ),
        )
      : h("span", { class: "muted" }, "none");
  return h(
    "div",
    { class: "profile" },
    h(
      "p",
      { class: "row" },
      h(
        "span",
        { class: "big-score" },
        `${p.score.toFixed(0)}`,
        h("span", { class: "muted" }, " / 100"),
      ),
      h("span", { class: `badge ${p.thin ? "thin" : "ok"}` }, p.thin ? "Thin support" : "Not thin"),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Typology"),
      h("dd", {}, TYPOLOGY_WORDS[p.typology] ?? p.typology),
      h("dt", {}, "Supporters"),
      h(
        "dd",
        {},
        `${p.size} (of ${p.range} ${p.range === 1 ? "kind" : "kinds"}), mean strength ${p.strength.toFixed(2)}`,
      ),
      h("dt", {}, "Covered"),
      h("dd", {}, chips(p.functionsCovered, "covered")),
      h("dt", {}, "Missing"),
      h("dd", {}, chips(p.functionsMissing, "missing")),
      h("dt", {}, "Single points of failure"),
      h("dd", {}, chips(p.singlePointsOfFailure, "spof")),
    ),
    h("h3", {}, "Why the score is not higher"),
    p.reasons.length
      ? h(
          "ul",
          { class: "reasons" },
          p.reasons.map((r) => h("li", {}, r)),
        )
      : h("p", { class: "muted" }, "Nothing lowers it."),
    p.supporters.length
      ? [
          h("h3", {}, "Supporters"),
          h(
            "ul",
            { class: "people compact" },
            p.supporters.map((s) =>
              h(
                "li",
                {},
                h("a", { href: personHref(s.person.id) }, s.person.name),
                h(
                  "span",
                  { class: "muted" },
                  ` ${s.kinds.map((k) => KIND_WORDS[k]).join(", ")} · strength ${s.strength.toFixed(2)}${s.lastContact ? ` · last contact ${s.lastContact}` : ""}`,
                ),
              ),
            ),
          ),
        ]
      : null,
  );
}

function comparison(before: Profile, after: Profile, leaving: string[]): HTMLElement {
  const row = (label: string, a: string, b: string) =>
    h(
      "tr",
      { class: a === b ? "" : "changed" },
      h("th", { scope: "row" }, label),
      h("td", {}, a),
      h("td", {}, b),
    );
  const fns = (xs: string[]) =>
    list(xs.map((f) => FUNCTION_WORDS[f as keyof typeof FUNCTION_WORDS] ?? f));
  const added = after.reasons.filter((r) => !before.reasons.includes(r));
  return h(
    "div",
    { class: "whatif" },
    h(
      "p",
      {},
      h("strong", {}, `Without ${leaving.join(" and ")}: `),
      `score ${before.score.toFixed(0)} → ${after.score.toFixed(0)}`,
      after.thin && !before.thin
        ? "; they would become thin."
        : after.thin
          ? "; still thin."
          : "; not thin.",
    ),
    h(
      "table",
      {},
      h("caption", { class: "sr-only" }, "The profile now and without them"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Measure"),
          h("th", { scope: "col" }, "Now"),
          h("th", { scope: "col" }, "Without them"),
        ),
      ),
      h(
        "tbody",
        {},
        row("Score", before.score.toFixed(1), after.score.toFixed(1)),
        row("Thin", before.thin ? "yes" : "no", after.thin ? "yes" : "no"),
        row("Supporters", String(before.size), String(after.size)),
        row("Kinds of supporter", String(before.range), String(after.range)),
        row("Typology", before.typology.toLowerCase(), after.typology.toLowerCase()),
        row("Missing", fns(before.functionsMissing), fns(after.functionsMissing)),
        row(
          "Single points of failure",
          fns(before.singlePointsOfFailure),
          fns(after.singlePointsOfFailure),
        ),
      ),
    ),
    added.length
      ? [
          h("h3", {}, "New reasons"),
          h(
            "ul",
            { class: "reasons" },
            added.map((r) => h("li", {}, r)),
          ),
        ]
      : null,
  );
}

function legend(): HTMLElement {
  const kinds = Object.keys(KIND_COLOURS) as (keyof typeof KIND_COLOURS)[];
  return h(
    "div",
    { class: "legend" },
    h(
      "ul",
      { "aria-label": "People by role" },
      ROLE_ORDER.map((r) => h("li", {}, swatch("dot", ROLE_COLOURS[r]), ROLE_WORDS[r])),
    ),
    h(
      "ul",
      { "aria-label": "Ties by kind" },
      kinds.map((k) =>
        h("li", {}, swatch(k === "KNOWS" ? "line dashed" : "line", KIND_COLOURS[k]), KIND_WORDS[k]),
      ),
    ),
    h(
      "p",
      { class: "muted" },
      "Thicker lines are stronger ties; arrows point from supporter to supported.",
    ),
  );
}
