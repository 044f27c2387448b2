// The advisor's page (SPEC §10): sign-in, search, a person's support web and profile,
// mentors, what-if, and the thin-support list. Plain TypeScript and the DOM; one view
// on screen at a time, chosen by the URL's fragment (router.ts).

import { claims, currentToken, signOut, takeTokenFromUrl } from "./auth";
// First, before anything else runs or any request leaves: a sign-in link's token goes
// into sessionStorage and out of the address bar and history.
takeTokenFromUrl();

import "./style.css";
import { whenSignedOut } from "./api";
import { fill, h } from "./dom";
import { closeLive } from "./live";
import { current } from "./router";
import { renderPerson } from "./views/person";
import { renderSearch } from "./views/search";
import { renderSignIn } from "./views/signin";
import { renderThin } from "./views/thin";

export type Cleanup = () => void;

const main = document.getElementById("main") as HTMLElement;
const who = document.getElementById("who") as HTMLElement;
let cleanup: Cleanup | null = null;
let first = true;

function header(): void {
  const token = currentToken();
  const c = claims(token);
  if (!token) {
    fill(who);
    return;
  }
  const label = c
    ? `${c.roles.join(", ").toLowerCase() || "signed in"}${c.sub ? ` (${c.sub})` : ""}`
    : "signed in";
  fill(
    who,
    h("span", { class: "muted" }, `Signed in as ${label}`),
    " ",
    h(
      "button",
      { type: "button", class: "link", onclick: () => leave("You are signed out.") },
      "Sign out",
    ),
  );
}

function leave(message: string): void {
  signOut();
  closeLive();
  render(message);
}

whenSignedOut((message) => {
  closeLive();
  render(message);
});

export function render(message?: string): void {
  cleanup?.();
  cleanup = null;
  header();
  const route = current();
  for (const link of document.querySelectorAll<HTMLAnchorElement>("[data-nav]")) {
    if (link.dataset.nav === route.name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  main.removeAttribute("aria-busy");
  fill(main);
  if (!currentToken()) {
    renderSignIn(main, message, () => render());
  } else if (route.name === "person") {
    cleanup = renderPerson(main, route.id, route.params);
  } else if (route.name === "thin") {
    cleanup = renderThin(main, route.params);
  } else {
    cleanup = renderSearch(main, route.params);
  }
  // After a navigation, move focus to the new view's heading so that keyboard and screen
  // reader users start there; not on first load, where the browser's own order is right.
  if (!first) main.querySelector<HTMLElement>("h1")?.focus();
  first = false;
}

window.addEventListener("hashchange", () => {
  // A sign-in link opened in a tab already on this page arrives as a fragment change.
  takeTokenFromUrl();
  render();
});
render();
