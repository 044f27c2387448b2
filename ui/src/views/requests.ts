// Mentorship requests (SPEC §8) on a person's page: the requests they are part of, as mentee
// and as mentor, with what the viewer may do about each, and the form that asks a suggested
// mentor for a mentorship.
//
// The page offers an action only where the API would take it (docs/programs.md, "Who may
// do what"). Whether the viewer acts for someone in mentoring is asked of the API itself:
// it answers `mentorshipRequests(personId)` only for the person themself, the people the
// viewer supports, or anyone for an admin. The token's roles say the rest: of the people
// who support someone, only an advisor acts for them; a mentee never answers their own
// request. A refusal that comes anyway (the page is older than a change) is shown in words.

import { act, ask, gql, isForbidden } from "../api";
import { viewer } from "../auth";
import { done, errorBox, fill, h, loading, uid } from "../dom";
import { personHref, programHref } from "../router";
import {
  ACCEPT_REQUEST,
  CANCEL_REQUEST,
  COMPLETE_MENTORSHIP,
  DECLINE_REQUEST,
  OPEN_PROGRAMS,
  REQUESTS,
  REQUEST_MENTORSHIP,
  actsFor,
} from "../queries";
import type { Connection, MentorshipRequest, Named } from "../types";
import { REQUEST_STATUS_WORDS, day } from "../words";

const PAGE = 10;

/** An open program that both people are enrolled in, on their sides. */
interface Choice {
  id: string;
  name: string;
  places: number | null; // the mentor's places in it (null: no program cap)
  load: number;
}

interface OpenProgram {
  id: string;
  name: string;
  mentors: { person: { id: string }; capacity: number | null; load: number }[];
  mentees: { person: { id: string } }[];
}

export interface RequestsPanel {
  /** Settled by the panel's first answer: whether the viewer may ask for a mentorship for
   * this person (as the person themself, an advisor who supports them, or an admin). */
  mayRequest: Promise<boolean>;
  /** The form that asks `mentor` to mentor this person. */
  form(mentor: Named, sent: (request: MentorshipRequest) => void, close: () => void): HTMLElement;
}

/**
 * Fill `panel` with the person's requests. `changed` is called after an answer that begins
 * or ends a mentorship (the web and the profile change with it).
 */
export function requestsPanel(
  panel: HTMLElement,
  personId: string,
  alive: () => boolean,
  changed: () => void,
): RequestsPanel {
  const me = viewer();
  const rows: MentorshipRequest[] = [];
  const advised = new Map<string, boolean>(); // whether an advisor supports each mentee
  const said = h("div", { "aria-live": "polite" }); // what the last action did
  let after: string | null = null;
  let more = false;
  let total = 0;
  let programs: Promise<OpenProgram[] | string> | null = null;
  let readable: (ok: boolean) => void = () => undefined;
  const mayRead = new Promise<boolean>((resolve) => (readable = resolve));
  const title = () => h("h2", { id: "requests-h" }, "Mentorship requests");

  void load("first");

  /**
   * "first": the panel's first answer, with its loading state. "more": the next page, added
   * below. "again": after an action, the rows shown so far asked again in place — the list
   * and what the action said stay on screen until the new answer replaces them.
   */
  async function load(how: "first" | "more" | "again"): Promise<void> {
    if (how === "first") loading(panel, "mentorship requests");
    else panel.setAttribute("aria-busy", "true");
    const answer = await ask<{ mentorshipRequests: Connection<MentorshipRequest> }>(REQUESTS, {
      id: personId,
      first: how === "again" ? Math.min(100, Math.max(PAGE, rows.length)) : PAGE,
      after: how === "more" ? after : null,
    });
    if (!alive()) return;
    done(panel);
    if (how === "first") readable(answer.kind === "ok");
    if (answer.kind === "hidden") return void (panel.hidden = true);
    if (answer.kind === "error") return fill(panel, title(), said, errorBox(answer.message));
    const page = answer.data.mentorshipRequests;
    if (how !== "more") rows.length = 0;
    rows.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.endCursor;
    more = page.pageInfo.hasNextPage;
    total = page.totalCount;
    await learnAdvised(rows.map((r) => r.mentee.id));
    if (alive()) draw();
  }

  /** For an advisor: which of these mentees they support, asked of the API (it refuses
   * their requests to anyone else). Nobody else's answers depend on it. */
  async function learnAdvised(ids: string[]): Promise<void> {
    if (me.admin || !me.advisor) return;
    const unknown = [...new Set(ids)].filter((id) => id !== personId && !advised.has(id));
    for (let i = 0; i < unknown.length; i += 20) {
      const batch = unknown.slice(i, i + 20);
      try {
        const vars = Object.fromEntries(batch.map((id, k) => [`p${k}`, id]));
        const { errors } = await gql(actsFor(batch), vars);
        const refused = new Set(errors.filter(isForbidden).map((e) => String(e.path?.[0])));
        const unsure = errors.some((e) => !isForbidden(e) || !e.path);
        batch.forEach((id, k) => advised.set(id, !unsure && !refused.has(`p${k}`)));
      } catch {
        // Not known: nothing is offered that would need it.
      }
    }
  }

  function draw(): void {
    const asMentee = rows.filter((r) => r.mentee.id === personId);
    const asMentor = rows.filter((r) => r.mentee.id !== personId);
    fill(
      panel,
      title(),
      said,
      total
        ? h(
            "p",
            { class: "muted" },
            `${total} ${total === 1 ? "request" : "requests"}, newest first.`,
          )
        : h("p", { class: "empty" }, "No mentorship requests yet."),
      asMentee.length
        ? [h("h3", {}, "As mentee"), h("ul", { class: "requests" }, asMentee.map(item))]
        : null,
      asMentor.length
        ? [h("h3", {}, "As mentor"), h("ul", { class: "requests" }, asMentor.map(item))]
        : null,
      more
        ? h(
            "button",
            { type: "button", class: "secondary small", onclick: () => void load("more") },
            "Show more requests",
          )
        : null,
    );
  }

  function item(r: MentorshipRequest): HTMLElement {
    const asMentee = r.mentee.id === personId;
    const other = asMentee ? r.mentor : r.mentee;
    const note = h("div", { "aria-live": "polite" });
    const when = [`asked ${day(r.createdAt)}`];
    if (r.status === "PENDING") when.push(`answer due by ${day(r.expiresAt)}`);
    else if (r.decidedAt) when.push(`${REQUEST_STATUS_WORDS[r.status]} ${day(r.decidedAt)}`);
    return h(
      "li",
      { "data-request": r.id, "data-status": r.status },
      h(
        "div",
        { class: "row spread" },
        h(
          "span",
          {},
          asMentee ? "To " : "From ",
          h("a", { href: personHref(other.id) }, other.name),
        ),
        h(
          "span",
          { class: `badge status ${r.status.toLowerCase()}` },
          REQUEST_STATUS_WORDS[r.status],
        ),
      ),
      h(
        "p",
        { class: "muted" },
        r.program
          ? ["in ", h("a", { href: programHref(r.program.id) }, r.program.name)]
          : "outside any program",
        ` · ${when.join(" · ")}`,
      ),
      r.message ? h("p", { class: "message" }, `“${r.message}”`) : null,
      r.reason ? h("p", {}, h("strong", {}, "Reason: "), r.reason) : null,
      actions(r, note),
      note,
    );
  }

  function actions(r: MentorshipRequest, note: HTMLElement): HTMLElement | null {
    const isMentee = me.sub === r.mentee.id;
    const isMentor = me.sub === r.mentor.id;
    // An advisor supports the mentee: this page's person (they could read the panel) or a
    // mentee the API said they act for.
    const advises =
      me.advisor && !isMentee && (r.mentee.id === personId || advised.get(r.mentee.id) === true);
    const forMentee = me.admin || isMentee || advises;
    const answers = isMentor || ((me.admin || advises) && !isMentee);
    const buttons: HTMLButtonElement[] = [];
    const button = (label: string, run: () => void, secondary = false) => {
      const b = h(
        "button",
        { type: "button", class: secondary ? "small secondary" : "small", onclick: run },
        label,
      );
      buttons.push(b);
      return b;
    };
    const send = async (query: string, vars: Record<string, unknown>, prefix: string) => {
      for (const b of buttons) b.disabled = true;
      fill(note, h("p", { class: "muted", role: "status" }, "Sending…"));
      const answer = await act<Record<string, MentorshipRequest>>(query, { id: r.id, ...vars });
      if (!alive()) return;
      if (answer.kind === "error") {
        for (const b of buttons) b.disabled = false;
        return fill(note, errorBox(answer.message));
      }
      const now = Object.values(answer.data)[0];
      fill(said, h("p", { class: "notice", role: "status" }, prefix, statusWords(now)));
      if (now.status === "ACCEPTED" || now.status === "COMPLETED") changed();
      await load("again");
    };
    const who = `The request from ${r.mentee.name} to ${r.mentor.name}: `;
    const decline = () => {
      const id = uid("reason");
      const reason = h("input", { id, type: "text", name: "reason", maxlength: 1000 });
      fill(
        note,
        h(
          "form",
          {
            class: "stack",
            onsubmit: (e: Event) => {
              e.preventDefault();
              void send(DECLINE_REQUEST, { reason: reason.value.trim() || null }, who);
            },
          },
          h("label", { for: id }, "Reason (optional)"),
          reason,
          h(
            "div",
            { class: "row" },
            h("button", { type: "submit", class: "small" }, "Decline request"),
            h(
              "button",
              { type: "button", class: "small secondary", onclick: () => fill(note) },
              "Back",
            ),
          ),
        ),
      );
      reason.focus();
    };

    if (r.status === "PENDING") {
      if (answers) {
        button("Accept", () => void send(ACCEPT_REQUEST, {}, who));
        button("Decline", decline, true);
      }
      if (forMentee) button("Cancel request", () => void send(CANCEL_REQUEST, {}, who), true);
    } else if (r.status === "ACCEPTED" && (forMentee || isMentor)) {
      button("Complete mentorship", () => void send(COMPLETE_MENTORSHIP, {}, who), true);
    }
    return buttons.length ? h("div", { class: "row actions" }, buttons) : null;
  }

  /** The open programs both people are enrolled in (read once per page). */
  async function choices(mentorId: string): Promise<Choice[] | string> {
    programs ??= ask<{ programs: Connection<OpenProgram> }>(OPEN_PROGRAMS).then((answer) =>
      answer.kind === "ok"
        ? answer.data.programs.edges.map((e) => e.node)
        : answer.kind === "error"
          ? answer.message
          : [],
    );
    const open = await programs;
    if (typeof open === "string") return open;
    const found: Choice[] = [];
    for (const p of open) {
      const seat = p.mentors.find((m) => m.person.id === mentorId);
      if (seat && p.mentees.some((m) => m.person.id === personId))
        found.push({ id: p.id, name: p.name, places: seat.capacity, load: seat.load });
    }
    return found;
  }

  function form(
    mentor: Named,
    sent: (request: MentorshipRequest) => void,
    close: () => void,
  ): HTMLElement {
    const programId = uid("program");
    const messageId = uid("message");
    const program = h("select", { id: programId, name: "program" });
    const message = h("textarea", { id: messageId, name: "message", rows: 3, maxlength: 1000 });
    const result = h("div", { "aria-live": "polite" });
    const submit = h("button", { type: "submit", class: "small" }, "Send request");
    const programBox = h(
      "div",
      { class: "stack" },
      h("p", { class: "muted" }, "Loading programs…"),
    );
    const box = h(
      "form",
      {
        class: "stack request-form",
        "aria-label": `Request mentorship from ${mentor.name}`,
        onsubmit: (e: Event) => (e.preventDefault(), void send()),
      },
      programBox,
      h("label", { for: messageId }, "Message (optional)"),
      message,
      h(
        "div",
        { class: "row" },
        submit,
        h("button", { type: "button", class: "small secondary", onclick: close }, "Close"),
      ),
      result,
    );
    void choices(mentor.id).then((found) => {
      if (typeof found === "string") return fill(programBox, errorBox(found));
      fill(
        program,
        h("option", { value: "" }, "No program"),
        found.map((c) =>
          h(
            "option",
            { value: c.id },
            c.places === null
              ? c.name
              : `${c.name} (${Math.max(0, c.places - c.load)} of ${c.places} places free)`,
          ),
        ),
      );
      if (found.length) program.value = found[0].id;
      fill(
        programBox,
        h("label", { for: programId }, "Program"),
        program,
        found.length
          ? null
          : h(
              "p",
              { class: "muted" },
              "They are not both enrolled in an open program: the request will be outside any program.",
            ),
      );
    });

    async function send(): Promise<void> {
      submit.disabled = true;
      fill(result, h("p", { class: "muted", role: "status" }, "Sending…"));
      const answer = await act<{ requestMentorship: MentorshipRequest }>(REQUEST_MENTORSHIP, {
        mentee: personId,
        mentor: mentor.id,
        program: program.value || null,
        message: message.value.trim() || null,
      });
      if (!alive()) return;
      submit.disabled = false;
      if (answer.kind === "error") return fill(result, errorBox(answer.message));
      sent(answer.data.requestMentorship);
      await load("again");
    }
    return box;
  }

  return { mayRequest: mayRead.then((ok) => ok && mayAskFor()), form };

  function mayAskFor(): boolean {
    return me.admin || me.sub === personId || me.advisor;
  }
}

/** "pending, answer due by 2026-12-20", "accepted", … */
export function statusWords(r: MentorshipRequest): string {
  const status = REQUEST_STATUS_WORDS[r.status];
  if (r.status === "PENDING") return `${status}, answer due by ${day(r.expiresAt)}.`;
  return r.reason ? `${status} (${r.reason}).` : `${status}.`;
}
