// The support web drawn with Cytoscape.js: people coloured by role, ties coloured by kind
// and as wide as they are strong (KNOWS dashed: an acquaintance, not support), the person
// in the middle and everyone else on rings by distance, ended ties never drawn.
//
// Rings (cytoscape's "concentric" layout) rather than a force layout: they say at a glance
// who is one hop away and who two, they are deterministic (the same web looks the same
// twice), and they take a few milliseconds for 300 people where a force layout takes
// hundreds (docs/benchmarks.md).

import cytoscape from "cytoscape";
import type { Core, ElementDefinition, EventObject, NodeSingular } from "cytoscape";
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
      "text-outline-color": "#ffffff",
      "text-outline-width": 2,
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
    style: { width: 36, height: 36, "font-size": 13, "font-weight": "bold", "border-width": 3, "border-color": "#1d2733", "min-zoomed-font-size": 0 },
  },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "line-color": "data(colour)",
      "target-arrow-color": "data(colour)",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.7,
      "curve-style": "bezier",
      opacity: 0.75,
    },
  },
  { selector: "edge.knows", style: { "line-style": "dashed", "target-arrow-shape": "none" } },
  { selector: "edge.formal", style: { "line-style": "solid" } },
  { selector: ".faded", style: { opacity: 0.12 } },
  { selector: "node.on-path", style: { "border-width": 4, "border-color": "#111111", "min-zoomed-font-size": 0, "z-index": 10 } },
  { selector: "edge.on-path", style: { width: 6, opacity: 1, "line-color": "#111111", "target-arrow-color": "#111111", "z-index": 10 } },
  { selector: "node.extra", style: { "border-style": "dashed", "border-width": 3, "border-color": "#111111" } },
  { selector: "node.leaving", style: { "border-width": 4, "border-style": "dashed", "border-color": "#b00020" } },
  { selector: "node.hover", style: { "border-width": 3, "border-color": "#1d2733", "min-zoomed-font-size": 0 } },
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
    this.people = new Map(people.map((p) => [p.id, p]));
    const shown = ties.filter((t) => !ended(t) && this.people.has(t.supporter.id) && this.people.has(t.supported.id));
    const level = distances(egoId, people, shown);
    const maxLevel = Math.max(0, ...level.values());
    // Added by ring, and by role within a ring, so that roles sit together on each ring.
    const order = [...people].sort(
      (a, b) =>
        (level.get(a.id) ?? maxLevel + 1) - (level.get(b.id) ?? maxLevel + 1) ||
        ROLE_ORDER.indexOf(mainRole(a)) - ROLE_ORDER.indexOf(mainRole(b)) ||
        a.name.localeCompare(b.name),
    );
    const elements: ElementDefinition[] = [
      ...order.map((p) => node(p, p.id === egoId, level.get(p.id) ?? maxLevel + 1)),
      ...shown.map(edge),
    ];
    this.cy = cytoscape({
      container: this.container,
      elements,
      style: STYLE,
      layout: { name: "preset" },
      minZoom: 0.1,
      maxZoom: 4,
      // With hundreds of ties, redraw them only when panning stops.
      hideEdgesOnViewport: shown.length > 400,
      textureOnViewport: shown.length > 400,
      boxSelectionEnabled: false,
      autoungrabify: false,
    });
    performance.mark("sw:layout-start");
    this.cy
      .layout({
        name: "concentric",
        concentric: (n: NodeSingular) => maxLevel + 1 - (n.data("level") as number),
        levelWidth: () => 1,
        minNodeSpacing: 14,
        spacingFactor: 1,
        animate: false,
        fit: true,
        padding: 24,
      } as cytoscape.LayoutOptions)
      .run();
    const layoutMs = performance.measure("sw:layout", "sw:layout-start").duration;
    // A small web fitted to the frame would be drawn huge: no closer than natural size.
    if (this.cy.zoom() > 1.2) {
      this.cy.zoom(1.2);
      this.cy.center();
    }
    this.wire();
    return { people: this.cy.nodes().length, ties: this.cy.edges().length, layoutMs };
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
        if (cy.getElementById(edgeId(tie)).empty()) cy.add({ ...edge(tie), classes: [...edgeClasses(tie), "extra"] });
      }
      cy.elements().addClass("faded");
      for (const person of path) cy.getElementById(person.id).removeClass("faded").addClass("on-path");
      for (const tie of ties) cy.getElementById(edgeId(tie)).removeClass("faded").addClass("on-path");
    });
    // What is lit, for tests and anyone inspecting the page.
    this.container.dataset.path = path.map((p) => p.id).join(" ");
    cy.animate({ fit: { eles: cy.elements(".on-path"), padding: 60 } }, { duration: 250 });
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
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  pan(dx: number, dy: number): void {
    this.cy?.panBy({ x: dx, y: dy });
  }

  fit(): void {
    this.cy?.fit(undefined, 24);
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
      if (p) this.show(e, h("strong", {}, p.name), h("span", {}, rolesText(p)), p.department ? h("span", {}, p.department) : null, p.id === this.egoId ? null : h("em", {}, "Click to open"));
    });
    cy.on("mouseout", "node", (e: EventObject) => {
      e.target.removeClass("hover");
      this.container.classList.remove("pointing");
      this.tooltip.hidden = true;
    });
    cy.on("mouseover", "edge", (e: EventObject) => {
      const t = e.target.data("tie") as Tie;
      const from = this.people.get(t.supporter.id)?.name ?? t.supporter.id;
      const to = this.people.get(t.supported.id)?.name ?? t.supported.id;
      this.show(
        e,
        h("strong", {}, `${from} ${KIND_VERBS[t.kind]} ${to}`),
        h("span", {}, `strength ${t.strength.toFixed(2)}${t.formal ? ", formal" : ""}`),
        t.functions.length ? h("span", {}, `functions: ${list(t.functions.map((f) => FUNCTION_WORDS[f]))}`) : null,
        t.since ? h("span", {}, `since ${t.since}`) : null,
        h("span", {}, t.lastContact ? `last contact ${t.lastContact}` : "no contact recorded"),
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

function edgeId(t: Tie): string {
  return `tie:${t.id}`;
}

function edgeClasses(t: Tie): string[] {
  return [...(t.kind === "KNOWS" ? ["knows"] : []), ...(t.formal ? ["formal"] : [])];
}

function edge(t: Tie): ElementDefinition {
  return {
    group: "edges",
    data: {
      id: edgeId(t),
      source: t.supporter.id,
      target: t.supported.id,
      colour: KIND_COLOURS[t.kind],
      width: 1 + 4 * t.strength,
      tie: t,
    },
    classes: edgeClasses(t),
  };
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
