// How the API's enums read on the page, and the colours the graph and its legend share.
// Colours are the Okabe–Ito palette, distinguishable with the common colour-vision
// deficiencies; every colour also has a label (legend, tooltips, lists).

import type { Card, Role, SupportFunction, TieKind } from "./types";

/** A person's main role: the first in SPEC §4's order, as the support range counts it. */
export const ROLE_ORDER: Role[] = ["FACULTY", "STAFF", "ALUM", "STUDENT", "EXTERNAL"];

export function mainRole(person: Pick<Card, "roles">): Role {
  return ROLE_ORDER.find((r) => person.roles.includes(r)) ?? "EXTERNAL";
}

export const ROLE_COLOURS: Record<Role, string> = {
  FACULTY: "#0072b2",
  STAFF: "#009e73",
  ALUM: "#e69f00",
  STUDENT: "#cc79a7",
  EXTERNAL: "#56b4e9",
};

export const ROLE_WORDS: Record<Role, string> = {
  FACULTY: "faculty",
  STAFF: "staff",
  ALUM: "alum",
  STUDENT: "student",
  EXTERNAL: "external",
};

export const KIND_COLOURS: Record<TieKind, string> = {
  ADVISES: "#0072b2",
  MENTORS: "#d55e00",
  COACHES: "#009e73",
  TEACHES: "#7f8c9a",
  TUTORS: "#56b4e9",
  PEER_SUPPORTS: "#cc79a7",
  SUPERVISES: "#8c6d1f",
  KNOWS: "#b8b8b8",
};

/** "<supporter> advises <supported>". */
export const KIND_VERBS: Record<TieKind, string> = {
  ADVISES: "advises",
  MENTORS: "mentors",
  COACHES: "coaches",
  TEACHES: "teaches",
  TUTORS: "tutors",
  PEER_SUPPORTS: "peer-supports",
  SUPERVISES: "supervises",
  KNOWS: "knows",
};

export const KIND_WORDS: Record<TieKind, string> = {
  ADVISES: "advising",
  MENTORS: "mentoring",
  COACHES: "coaching",
  TEACHES: "teaching",
  TUTORS: "tutoring",
  PEER_SUPPORTS: "peer support",
  SUPERVISES: "supervision",
  KNOWS: "acquaintance (not support)",
};

export const FUNCTION_WORDS: Record<SupportFunction, string> = {
  ACADEMIC: "academic",
  CAREER: "career",
  PSYCHOSOCIAL: "psychosocial",
};

export const TYPOLOGY_WORDS: Record<string, string> = {
  NONE: "none (no supporters)",
  RECEPTIVE: "receptive (few kinds of supporter, weak ties)",
  TRADITIONAL: "traditional (few kinds of supporter, strong ties)",
  OPPORTUNISTIC: "opportunistic (many kinds of supporter, weak ties)",
  ENTREPRENEURIAL: "entrepreneurial (many kinds of supporter, strong ties)",
};

export function rolesText(person: Pick<Card, "roles">): string {
  return person.roles.map((r) => ROLE_WORDS[r] ?? r.toLowerCase()).join(", ");
}

export function list(items: string[], none = "none"): string {
  return items.length ? items.join(", ") : none;
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A tie that has ended (docs/architecture.md: `until` today or earlier has ended). */
export function ended(tie: { until: string | null }, on = today()): boolean {
  return tie.until !== null && tie.until <= on;
}
