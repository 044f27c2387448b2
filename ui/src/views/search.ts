import { ask } from "../api";
import { done, errorBox, fill, h, loading, swatch, uid } from "../dom";
import { href, personHref, replace } from "../router";
import { BY_ID, SEARCH } from "../queries";
import type { Card } from "../types";
import { ROLE_COLOURS, mainRole, rolesText } from "../words";

const ID_LIKE = /^[A-Za-z0-9._:-]{1,64}$/;

export function renderSearch(main: HTMLElement, params: URLSearchParams): () => void {
  const id = uid("q");
  const input = h("input", {
    id,
    name: "q",
    type: "search",
    value: params.get("q") ?? "",
    autocomplete: "off",
  });
  const results = h("section", { "aria-live": "polite", "aria-label": "Results" });
  let timer = 0;
  let asked = 0;
  let lastQuery: string | null = null;

  fill(
    main,
    h("h1", { tabindex: "-1" }, "Find a person"),
    h(
      "form",
      { role: "search", class: "row", onsubmit: (e: Event) => (e.preventDefault(), void search()) },
      h("label", { for: id }, "Name or id"),
      input,
      h("button", { type: "submit" }, "Search"),
    ),
    results,
  );
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    // Typing searches after a pause, but not again for the query already shown: a second
    // render of the same results would take the focus off a result the user has reached.
    timer = window.setTimeout(() => {
      if (input.value.trim() !== lastQuery) void search();
    }, 300);
  });
  if (input.value) void search();
  else hint();
  input.focus();

  function hint(): void {
    fill(
      results,
      h(
        "p",
        { class: "muted" },
        "Type part of a name, or a person's id. Or open the ",
        h("a", { href: href("/thin") }, "thin-support list"),
        ".",
      ),
    );
  }

  async function search(): Promise<void> {
    window.clearTimeout(timer); // Enter before the pause ends: one search, not two
    const q = input.value.trim();
    lastQuery = q;
    replace(href("/", { q }));
    if (!q) return hint();
    const mine = ++asked;
    loading(results, "people");
    const [byName, byId] = await Promise.all([
      ask<{ people: { totalCount: number; edges: { node: Card }[] } }>(SEARCH, { q, first: 20 }),
      ID_LIKE.test(q) ? ask<{ person: Card | null }>(BY_ID, { id: q }) : Promise.resolve(null),
    ]);
    if (mine !== asked) return; // a newer search has started
    done(results);
    if (byName.kind === "error") return fill(results, errorBox(byName.message));
    if (byName.kind === "hidden")
      return fill(results, errorBox("This token may not search the directory."));
    const people = byName.data.people.edges.map((e) => e.node);
    const exact = byId?.kind === "ok" ? byId.data.person : null;
    const all = exact ? [exact, ...people.filter((p) => p.id !== exact.id)] : people;
    if (!all.length) return fill(results, h("p", { class: "empty" }, `No one matches “${q}”.`));
    const total =
      byName.data.people.totalCount + (exact && !people.some((p) => p.id === exact.id) ? 1 : 0);
    fill(
      results,
      h(
        "p",
        { class: "muted" },
        total > all.length
          ? `${total} people match; the first ${all.length}:`
          : `${total} ${total === 1 ? "person matches" : "people match"}:`,
      ),
      h("ul", { class: "people" }, all.map(personItem)),
    );
  }

  return () => window.clearTimeout(timer);
}

export function personItem(p: Card): HTMLElement {
  return h(
    "li",
    {},
    swatch("dot", ROLE_COLOURS[mainRole(p)]),
    h("a", { href: personHref(p.id) }, p.name),
    h(
      "span",
      { class: "muted" },
      ` ${rolesText(p)}${p.department ? ` · ${p.department}` : ""} · ${p.id}`,
    ),
  );
}
