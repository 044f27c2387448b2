// The thin-support list (thinSupport): lowest score first, filtered by department, class
// year and group, a page at a time, kept current by the supportAlerts subscription.

import { ask } from "../api";
import { done, errorBox, fill, h, loading, uid } from "../dom";
import { watchAlerts } from "../live";
import { href, personHref, replace } from "../router";
import { THIN } from "../queries";
import type { Alert, Card } from "../types";

const PAGE = 20; // `#/thin?first=N` (1–100) asks for another page size

interface Row {
  person: Card & { classYear: number | null };
  profile: { score: number; typology: string; size: number; reasons: string[] };
}

interface Page {
  thinSupport: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Row }[];
  };
}

export function renderThin(main: HTMLElement, params: URLSearchParams): () => void {
  const field = (name: string, label: string, type: string, value: string) => {
    const id = uid(name);
    const input = h("input", {
      id,
      name,
      type,
      value,
      autocomplete: "off",
      ...(type === "number" ? { min: "1900", max: "2100", inputmode: "numeric" } : {}),
    });
    return { input, box: h("div", { class: "field" }, h("label", { for: id }, label), input) };
  };
  const department = field("department", "Department", "text", params.get("department") ?? "");
  const classYear = field("classYear", "Class year", "number", params.get("classYear") ?? "");
  const group = field("group", "Group id", "text", params.get("group") ?? "");
  const results = h("section", { "aria-label": "Thin-support list", "aria-live": "polite" });
  const liveState = h("p", { class: "muted", role: "status" }, "Live updates: connecting…");
  const alerts = h("ul", { class: "alerts", "aria-live": "polite", "aria-label": "Live alerts" });
  // Cursors of the pages before this one: "Previous" pops one.
  const cursors: (string | null)[] = [];
  const size = Math.min(100, Math.max(1, Number.parseInt(params.get("first") ?? "", 10) || PAGE));
  let after: string | null = null;
  let refresh = 0;

  fill(
    main,
    h("h1", { tabindex: "-1" }, "Thin support"),
    h(
      "p",
      {},
      "Students whose support is thin, lowest score first. The list updates itself when a change makes someone thin or lifts them out of it.",
    ),
    h(
      "form",
      {
        class: "filters",
        "aria-label": "Filters",
        onsubmit: (e: Event) => (e.preventDefault(), apply()),
      },
      department.box,
      classYear.box,
      group.box,
      h(
        "div",
        { class: "row" },
        h("button", { type: "submit" }, "Apply"),
        h("button", { type: "button", class: "secondary", onclick: () => clear() }, "Clear"),
      ),
    ),
    h(
      "section",
      { class: "live", "aria-labelledby": "live-h" },
      h("h2", { id: "live-h", class: "sr-only" }, "Live alerts"),
      liveState,
      alerts,
    ),
    results,
  );

  function filter(): Record<string, unknown> | null {
    const f: Record<string, unknown> = {};
    if (department.input.value.trim()) f.department = department.input.value.trim();
    const year = Number.parseInt(classYear.input.value, 10);
    if (Number.isFinite(year)) f.classYear = year;
    if (group.input.value.trim()) f.groupId = group.input.value.trim();
    return Object.keys(f).length ? f : null;
  }

  let stop = subscribe();

  function subscribe(): () => void {
    return watchAlerts(
      filter(),
      (alert) => {
        alerts.prepend(alertItem(alert));
        while (alerts.children.length > 10) alerts.lastElementChild?.remove();
        // Several alerts often arrive together: one reload for them all.
        window.clearTimeout(refresh);
        refresh = window.setTimeout(() => void load(), 300);
      },
      (state, why) =>
        fill(
          liveState,
          state === "live"
            ? "Live updates: on."
            : state === "connecting"
              ? "Live updates: connecting…"
              : `Live updates: off${why ? ` (${why})` : ""}.`,
        ),
      (message) => fill(liveState, errorBox(`Live updates are not available: ${message}`)),
    );
  }

  function apply(): void {
    replace(
      href("/thin", {
        department: department.input.value.trim(),
        classYear: classYear.input.value.trim(),
        group: group.input.value.trim(),
        first: size === PAGE ? null : size,
      }),
    );
    cursors.length = 0;
    after = null;
    stop();
    stop = subscribe();
    void load();
  }

  function clear(): void {
    department.input.value = "";
    classYear.input.value = "";
    group.input.value = "";
    apply();
  }

  async function load(): Promise<void> {
    loading(results, "the thin-support list");
    const answer = await ask<Page>(THIN, { filter: filter(), first: size, after });
    done(results);
    if (answer.kind === "hidden")
      return fill(results, errorBox("The thin-support list is for advisors and admins."));
    if (answer.kind === "error") return fill(results, errorBox(answer.message));
    const page = answer.data.thinSupport;
    const rows = page.edges.map((e) => e.node);
    const first = cursors.length * size + 1;
    const pager = h(
      "nav",
      { class: "row pager", "aria-label": "Pages" },
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          disabled: cursors.length === 0,
          onclick: () => previous(),
        },
        "Previous page",
      ),
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          disabled: !page.pageInfo.hasNextPage,
          onclick: () => next(page.pageInfo.endCursor),
        },
        "Next page",
      ),
    );
    fill(
      results,
      h(
        "p",
        { class: "muted", id: "thin-count" },
        rows.length
          ? `${page.totalCount} ${page.totalCount === 1 ? "person" : "people"} with thin support; ${first}–${first + rows.length - 1} shown.`
          : "",
      ),
      rows.length
        ? h("ol", { class: "thin", start: String(first) }, rows.map(row))
        : h(
            "p",
            { class: "empty" },
            filter()
              ? "No one with thin support matches these filters."
              : "No one has thin support. Good news.",
          ),
      rows.length ? pager : null,
    );
  }

  function next(cursor: string | null): void {
    cursors.push(after);
    after = cursor;
    void load();
  }

  function previous(): void {
    after = cursors.pop() ?? null;
    void load();
  }

  void load();
  return () => {
    stop();
    window.clearTimeout(refresh);
  };
}

function row(r: Row): HTMLElement {
  return h(
    "li",
    { "data-person": r.person.id },
    h(
      "div",
      { class: "row spread" },
      h("a", { href: personHref(r.person.id) }, r.person.name),
      h("span", { class: "score" }, `${r.profile.score.toFixed(0)} / 100`),
    ),
    h(
      "p",
      { class: "muted" },
      [
        r.person.department,
        r.person.classYear ? `class of ${r.person.classYear}` : null,
        `${r.profile.size} ${r.profile.size === 1 ? "supporter" : "supporters"}`,
        r.profile.typology === "NONE" ? null : r.profile.typology.toLowerCase(),
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    r.profile.reasons.length
      ? h("p", { class: "reasons-line" }, r.profile.reasons.slice(0, 3).join("; "))
      : null,
  );
}

function alertItem(a: Alert): HTMLElement {
  const change = a.thin ? "now has thin support" : "is no longer thin";
  const scores =
    a.oldScore === null
      ? `score ${a.newScore.toFixed(0)}`
      : `score ${a.oldScore.toFixed(0)} → ${a.newScore.toFixed(0)}`;
  return h(
    "li",
    { class: a.thin ? "alert thin" : "alert ok", "data-person": a.person.id },
    h("a", { href: personHref(a.person.id) }, a.person.name),
    ` ${change} (${scores})${a.reasons.length ? `: ${a.reasons[0]}` : ""}.`,
  );
}
