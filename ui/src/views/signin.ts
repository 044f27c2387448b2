import { ask } from "../api";
import { signIn, signOut } from "../auth";
import { errorBox, fill, h, uid } from "../dom";
import { WHO_AM_I } from "../queries";

export function renderSignIn(
  main: HTMLElement,
  message: string | undefined,
  signedIn: () => void,
): void {
  const id = uid("token");
  const status = h(
    "div",
    { "aria-live": "polite" },
    message ? h("p", { class: "notice" }, message) : null,
  );
  const input = h("input", {
    id,
    name: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });
  const form = h(
    "form",
    { class: "stack narrow", onsubmit: (e: Event) => void submit(e) },
    h("label", { for: id }, "Bearer token"),
    input,
    h("button", { type: "submit" }, "Sign in"),
  );
  fill(
    main,
    h("h1", { tabindex: "-1" }, "Sign in"),
    h(
      "p",
      {},
      "Paste your bearer token. ",
      h("code", {}, "supportweb token --role ADVISOR --sub <your id>"),
      " prints one; ",
      h("code", {}, "supportweb up"),
      " prints a link that signs the demo admin in. The token stays in this tab only.",
    ),
    status,
    form,
  );
  input.focus();

  async function submit(e: Event): Promise<void> {
    e.preventDefault();
    signIn(input.value);
    fill(status, h("p", { class: "muted", role: "status" }, "Checking the token…"));
    const answer = await ask(WHO_AM_I);
    if (answer.kind === "ok") {
      signedIn();
      return;
    }
    signOut();
    fill(
      status,
      errorBox(
        answer.kind === "hidden"
          ? "This token cannot look people up (researcher tokens use the analytics API); the page is for advisors and admins."
          : answer.message,
      ),
    );
  }
}
