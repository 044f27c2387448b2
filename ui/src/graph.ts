// The support web drawn with Cytoscape.js: people coloured by role, ties coloured by kind
// and as wide as they are strong (KNOWS dashed: an acquaintance, not support), the person
// in the middle and everyone else on rings by distance, ended ties never drawn.
//
// Rings rather than a force layout: they say at a glance
// who is one hop away and who two, they are deterministic (the same web looks the same
// twice), and they take a few milliseconds for 300 people where a force layout takes
// hundreds (docs/benchmarks.md).

import cytoscape from "cytoscape";
import type { Core, ElementDefinition, EventObject } from "cytoscape";
import { h, fill } from "./dom";
import type { Card, Tie } from "./types";
import {
  FUNCTION_WORDS,
  KIND_COLOURS,
  KIND_VERBS,
  ROLE_COLOURS,
  ROLE_ORDER,
  ended,
  list,
  mainRole,
  rolesText,
} from "./words";

export interface Drawn {
  people: number;
  ties: number;
  layoutMs: number;
  /** Settles once the graph has been painted, its handlers live. */
  painted: Promise<void>;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      "background-color": "data(colour)",
      label: "data(name)",
      "font-size": 10,
      "font-family": "system-ui, sans-serif",
      color: "#1d2733",
      "text-valign": "bottom",
      "text-margin-y": 3,
      // Names appear once zoomed in enough to read them; fewer labels, faster panning.
      "min-zoomed-font-size": 7,
      width: 18,
      height: 18,
      "border-width": 1,
      "border-color": "#ffffff",
    },
  },
  {
    selector: "node.ego",
    style: {
      width: 36,
      height: 36,
      "font-size": 13,
      "font-weight": "bold",
      "border-width": 3,
      "border-color": "#1d2733",
      "min-zoomed-font-size": 0,
    },
  },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "line-color": "data(colour)",
      "target-arrow-color": "data(colour)",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.7,
      // Straight lines draw far faster than curves; ties between the same two people in
      // the same direction are one line already (see `parallel`).
      "curve-style": "straight",
      opacity: 0.75,
    },
  },
  { selector: "edge.knows", style: { "line-style": "dashed", "target-arrow-shape": "none" } },
  { selector: "edge.far", style: { opacity: 0.22, width: 1, "target-arrow-shape": "none" } },
  { selector: "edge.formal", style: { "line-style": "solid" } },
  { selector: ".faded", style: { opacity: 0.12 } },
  {
    selector: "node.on-path",
    style: {
      "border-width": 4,
      "border-color": "#111111",
      "min-zoomed-font-size": 0,
      "z-index": 10,
    },
  },
  {
    selector: "edge.on-path",
    style: {
      width: 6,
      opacity: 1,
      "line-color": "#111111",
      "target-arrow-color": "#111111",
      "z-index": 10,
    },
  },
  {
    selector: "node.extra",
    style: { "border-style": "dashed", "border-width": 3, "border-color": "#111111" },
  },
  {
    selector: "node.leaving",
    style: { "border-width": 4, "border-style": "dashed", "border-color": "#b00020" },
  },
  {
    selector: "node.hover",
    style: { "border-width": 3, "border-color": "#1d2733", "min-zoomed-font-size": 0 },
  },
];

export class WebGraph {
  private cy: Core | null = null;
  private people = new Map<string, Card>();
  private egoId = "";

  constructor(
    private readonly container: HTMLElement,
    private readonly tooltip: HTMLElement,
    private readonly open: (personId: string) => void,
  ) {}

  /** Draw a web; returns what was drawn and how long the layout took. */
  draw(egoId: string, people: Card[], ties: Tie[]): Drawn {
    this.destroy();
    this.egoId = egoId;
    // In id order: the API's order among equals may vary, and the order elements are added
    // in is the order they are painted in, so the same web looks the same every time.
    people = [...people].sort((a, b) => byId(a.id, b.id));
    ties = [...ties].sort((a, b) => byId(a.id, b.id));
    this.people = new Map(people.map((p) => [p.id, p]));
    const shown = ties.filter(
      (t) => !ended(t) && this.people.has(t.supporter.id) && this.people.has(t.supported.id),
    );
    performance.mark("sw:layout-start");
    const level = distances(egoId, people, shown);
    const at = rings(egoId, people, level);
    const layoutMs = performance.measure("sw:layout", "sw:layout-start").duration;
    const edges = [...parallel(shown).values()].map(edge);
    // Ties that touch neither the person nor someone next to them are context: drawn faint,
    // so that the person's own support stands out of the tangle of a two-hop web.
    for (const e of edges) {
      const near = (id: unknown) => (level.get(id as string) ?? 99) <= 1;
      if (!near(e.data.source) && !near(e.data.target))
        e.classes = [...(e.classes as string[]), "far"];
    }
    this.cy = cytoscape({
      container: this.container,
      elements: [
        ...people.map((p) => ({
          ...node(p, p.id === egoId, level.get(p.id) ?? 99),
          position: at.get(p.id),
        })),
        ...edges,
      ],
      style: STYLE,
      // Framed from the rings' own size: fitting would measure every element first.
      layout: { name: "preset", fit: false },
      ...frame(at, this.container),
      minZoom: 0.1,
      maxZoom: 4,
      // With hundreds of ties, redraw them only when panning stops.
      hideEdgesOnViewport: edges.length > 400,
      boxSelectionEnabled: false,
    });
    this.wire();
    const cy = this.cy;
    const painted = new Promise<void>((resolve) => cy.one("render", () => resolve()));
    return { people: cy.nodes().length, ties: shown.length, layoutMs, painted };
  }

  /** Show an introduction path, adding the people and ties of it that the web lacks. */
  highlightPath(path: Card[], ties: Tie[]): void {
    const cy = this.cy;
    if (!cy) return;
    this.clearHighlight();
    const ego = cy.getElementById(this.egoId);
    let previous = ego.position();
    cy.batch(() => {
      for (const person of path) {
        let n = cy.getElementById(person.id);
        if (n.empty()) {
          // Beyond the drawn web: placed outward from the last person on the path.
          const centre = ego.position();
          const dx = previous.x - centre.x || 60;
          const dy = previous.y - centre.y || 60;
          const len = Math.hypot(dx, dy) || 1;
          const step = 80;
          n = cy.add(node(person, false, 99, ["extra"]));
          n.position({ x: previous.x + (dx / len) * step, y: previous.y + (dy / len) * step });
          this.people.set(person.id, person);
        }
        previous = n.position();
      }
      for (const tie of ties) {
        if (cy.getElementById(pairId(tie)).empty())
          cy.add({ ...edge([tie]), classes: [...edgeClasses(tie), "extra"] });
      }
      cy.elements().addClass("faded");
      for (const person of path)
        cy.getElementById(person.id).removeClass("faded").addClass("on-path");
      for (const tie of ties)
        cy.getElementById(pairId(tie)).removeClass("faded").addClass("on-path");
    });
    // What is lit, for tests and anyone inspecting the page.
    this.container.dataset.path = path.map((p) => p.id).join(" ");
    // At once, not animated: the same picture every time, and no motion for those who mind.
    cy.fit(cy.elements(".on-path"), 60);
    if (cy.zoom() > 1.5) {
      cy.zoom({ level: 1.5, position: centre(cy.elements(".on-path").boundingBox()) });
    }
  }

  clearHighlight(): void {
    const cy = this.cy;
    if (!cy) return;
    cy.batch(() => {
      cy.elements(".extra").remove();
      cy.elements().removeClass("faded on-path");
    });
    delete this.container.dataset.path;
  }

  /** Mark the people a what-if takes away. */
  markLeaving(ids: string[]): void {
    const cy = this.cy;
    if (!cy) return;
    cy.nodes().removeClass("leaving");
    for (const id of ids) cy.getElementById(id).addClass("leaving");
  }

  zoom(factor: number): void {
    const cy = this.cy;
    if (!cy) return;
    cy.zoom({
      level: cy.zoom() * factor,
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
  }

  pan(dx: number, dy: number): void {
    this.cy?.panBy({ x: dx, y: dy });
  }

  fit(): void {
    const cy = this.cy;
    if (!cy) return;
    cy.fit(undefined, 24);
    if (cy.zoom() > 1.2) {
      cy.zoom(1.2);
      cy.center();
    }
  }

  destroy(): void {
    this.cy?.destroy();
    this.cy = null;
    this.tooltip.hidden = true;
  }

  private wire(): void {
    const cy = this.cy;
    if (!cy) return;
    cy.on("tap", "node", (e: EventObject) => {
      const id = e.target.id() as string;
      if (id !== this.egoId) this.open(id);
    });
    cy.on("mouseover", "node", (e: EventObject) => {
      e.target.addClass("hover");
      this.container.classList.add("pointing");
      const p = this.people.get(e.target.id() as string);
      if (p)
        this.show(
          e,
          h("strong", {}, p.name),
          h("span", {}, rolesText(p)),
          p.department ? h("span", {}, p.department) : null,
          p.id === this.egoId ? null : h("em", {}, "Click to open"),
        );
    });
    cy.on("mouseout", "node", (e: EventObject) => {
      e.target.removeClass("hover");
      this.container.classList.remove("pointing");
      this.tooltip.hidden = true;
    });
    cy.on("mouseover", "edge", (e: EventObject) => {
      const ties = e.target.data("ties") as Tie[];
      const name = (id: string) => this.people.get(id)?.name ?? id;
      this.show(
        e,
        ...ties.flatMap((t) => [
          h("strong", {}, `${name(t.supporter.id)} ${KIND_VERBS[t.kind]} ${name(t.supported.id)}`),
          h(
            "span",
            {},
            `strength ${t.strength.toFixed(2)}${t.formal ? ", formal" : ""}${t.since ? `, since ${t.since}` : ""}`,
          ),
          t.functions.length
            ? h("span", {}, `functions: ${list(t.functions.map((f) => FUNCTION_WORDS[f]))}`)
            : null,
          h("span", {}, t.lastContact ? `last contact ${t.lastContact}` : "no contact recorded"),
        ]),
      );
    });
    cy.on("mouseout", "edge", () => {
      this.tooltip.hidden = true;
    });
    cy.on("viewport", () => {
      this.tooltip.hidden = true;
    });
  }

  private show(e: EventObject, ...lines: (HTMLElement | null)[]): void {
    fill(this.tooltip, ...lines);
    const at = e.renderedPosition ?? { x: 0, y: 0 };
    // Placed with CSSOM properties, which the Content-Security-Policy allows.
    this.tooltip.style.left = `${Math.min(at.x + 12, this.container.clientWidth - 220)}px`;
    this.tooltip.style.top = `${at.y + 12}px`;
    this.tooltip.hidden = false;
  }
}

function node(p: Card, ego: boolean, level: number, extra: string[] = []): ElementDefinition {
  return {
    group: "nodes",
    data: { id: p.id, name: p.name, colour: ROLE_COLOURS[mainRole(p)], level },
    classes: [...(ego ? ["ego"] : []), ...extra],
  };
}

function edgeClasses(t: Tie): string[] {
  return [...(t.kind === "KNOWS" ? ["knows"] : []), ...(t.formal ? ["formal"] : [])];
}

/** One line for one or more ties from a supporter to a supported person: coloured by the
 * kind of the strongest support tie among them, as wide as that tie is strong. */
function edge(ties: Tie[]): ElementDefinition {
  const support = ties.filter((t) => t.kind !== "KNOWS");
  const main = [...(support.length ? support : ties)].sort((a, b) => b.strength - a.strength)[0];
  return {
    group: "edges",
    data: {
      id: pairId(main),
      source: main.supporter.id,
      target: main.supported.id,
      colour: KIND_COLOURS[main.kind],
      width: 1 + 4 * main.strength,
      ties,
    },
    classes: support.length ? edgeClasses(main) : ["knows"],
  };
}

function pairId(t: { supporter: { id: string }; supported: { id: string } }): string {
  return `pair:${t.supporter.id}>${t.supported.id}`;
}

/**
 * The layout: the person in the middle, everyone else on a ring by distance, each ring
 * sorted by role then name so that roles sit together, and wide enough for its people.
 * Computed here rather than by a Cytoscape layout: it is a few lines of arithmetic, the
 * same web always looks the same, and it takes a millisecond for 300 people.
 */
export function rings(
  egoId: string,
  people: Card[],
  level: Map<string, number>,
): Map<string, { x: number; y: number }> {
  const far = Math.max(0, ...level.values()) + 1; // people the drawn ties do not reach
  const byRing = new Map<number, Card[]>();
  for (const p of people) {
    const r = p.id === egoId ? 0 : (level.get(p.id) ?? far);
    byRing.set(r, [...(byRing.get(r) ?? []), p]);
  }
  const at = new Map<string, { x: number; y: number }>([[egoId, { x: 0, y: 0 }]]);
  const spacing = 34; // between neighbours on a ring, in model units (a node is 18)
  let radius = 0;
  for (const r of [...byRing.keys()].filter((k) => k > 0).sort((a, b) => a - b)) {
    const ring = (byRing.get(r) ?? []).sort(
      (a, b) =>
        ROLE_ORDER.indexOf(mainRole(a)) - ROLE_ORDER.indexOf(mainRole(b)) ||
        a.name.localeCompare(b.name) ||
        byId(a.id, b.id),
    );
    radius = Math.max(radius + 110, (ring.length * spacing) / (2 * Math.PI));
    ring.forEach((p, i) => {
      const angle = (2 * Math.PI * i) / ring.length - Math.PI / 2;
      at.set(p.id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
    });
  }
  return at;
}

/** The zoom and pan that show every ring (a small web no closer than natural size). */
function frame(
  at: Map<string, { x: number; y: number }>,
  container: HTMLElement,
): { zoom: number; pan: { x: number; y: number } } {
  const radius = Math.max(...[...at.values()].map((p) => Math.hypot(p.x, p.y))) + 40; // and labels
  const w = container.clientWidth || 600;
  const h = container.clientHeight || 400;
  const zoom = Math.min(1.2, Math.min(w, h) / (2 * radius));
  return { zoom, pan: { x: w / 2, y: h / 2 } };
}

function centre(box: { x1: number; x2: number; y1: number; y2: number }): { x: number; y: number } {
  return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ties between the same two people, in the same direction, drawn as one line. */
function parallel(ties: Tie[]): Map<string, Tie[]> {
  const pairs = new Map<string, Tie[]>();
  for (const t of ties) {
    const key = `${t.supporter.id}>${t.supported.id}`;
    pairs.set(key, [...(pairs.get(key) ?? []), t]);
  }
  return pairs;
}

/** Hops from the person over the drawn ties, in either direction. */
export function distances(egoId: string, people: Card[], ties: Tie[]): Map<string, number> {
  const next = new Map<string, string[]>(people.map((p) => [p.id, []]));
  for (const t of ties) {
    next.get(t.supporter.id)?.push(t.supported.id);
    next.get(t.supported.id)?.push(t.supporter.id);
  }
  const level = new Map<string, number>([[egoId, 0]]);
  let frontier = [egoId];
  while (frontier.length) {
    const after: string[] = [];
    for (const id of frontier) {
      for (const other of next.get(id) ?? []) {
        if (!level.has(other)) {
          level.set(other, (level.get(id) ?? 0) + 1);
          after.push(other);
        }
      }
    }
    frontier = after;
  }
  return level;
}
