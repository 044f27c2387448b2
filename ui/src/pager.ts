// Paging through a Relay list: the cursors of the pages before this one (so that "Previous
// page" can go back) and the two buttons. The thin-support list, the programs and a
// program's audience page this way.

import { h } from "./dom";

export class Pager {
  private before: (string | null)[] = [];
  /** The cursor of the page on screen (null: the first page). */
  after: string | null = null;

  constructor(
    private readonly load: () => void,
    private readonly label = "Pages",
  ) {}

  /** Back to the first page (the filter changed). */
  reset(): void {
    this.before.length = 0;
    this.after = null;
  }

  /** How many rows the pages before this one hold, for numbering. */
  offset(size: number): number {
    return this.before.length * size;
  }

  nav(page: { hasNextPage: boolean; endCursor: string | null }): HTMLElement {
    return h(
      "nav",
      { class: "row pager", "aria-label": this.label },
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          disabled: this.before.length === 0,
          onclick: () => {
            this.after = this.before.pop() ?? null;
            this.load();
          },
        },
        "Previous page",
      ),
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          disabled: !page.hasNextPage,
          onclick: () => {
            this.before.push(this.after);
            this.after = page.endCursor;
            this.load();
          },
        },
        "Next page",
      ),
    );
  }
}
