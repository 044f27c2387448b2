// A tiny element builder. Text always goes in as text (never as HTML), so names and
// reasons from the API cannot inject markup; and no `style` attribute is ever written,
// because the Content-Security-Policy forbids inline styles (classes do the styling).

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else
      parent.appendChild(
        typeof child === "object" ? child : document.createTextNode(String(child)),
      );
  }
}

/** Replace everything inside `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** "Loading …" with the busy flag that screen readers announce. */
export function loading(el: HTMLElement, what: string): void {
  el.setAttribute("aria-busy", "true");
  fill(el, h("p", { class: "muted", role: "status" }, `Loading ${what}…`));
}

export function done(el: HTMLElement): void {
  el.removeAttribute("aria-busy");
}

export function errorBox(message: string): HTMLElement {
  return h("p", { class: "error", role: "alert" }, message);
}

let ids = 0;
/** A fresh id for label/aria wiring. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A colour sample for a legend; coloured through the CSSOM, which the CSP allows. */
export function swatch(cls: string, colour: string): HTMLElement {
  const el = h("span", { class: `swatch ${cls}`, "aria-hidden": "true" });
  el.style.setProperty("--swatch", colour);
  return el;
}
