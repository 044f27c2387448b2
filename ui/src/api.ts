// The only way this page reaches data: POST /graphql with the bearer token, the public
// API any client uses (SPEC §5). Errors come back as words an advisor can act on.

import { currentToken, signOut } from "./auth";

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string };
}

export interface Answer<T> {
  data: T | null;
  errors: GqlError[];
}

/** Raised when a request failed as a whole (network, HTTP status, sign-in). */
export class ApiFailure extends Error {}

/** Called when the server says the token is no longer good (set by main.ts). */
let onSignedOut: (message: string) => void = () => undefined;
export function whenSignedOut(handler: (message: string) => void): void {
  onSignedOut = handler;
}

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer<T>> {
  const token = currentToken();
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiFailure("The server cannot be reached. Check that it is running, then try again.");
  }
  if (response.status === 429) {
    const wait = response.headers.get("retry-after");
    throw new ApiFailure(
      `Too many requests from this token; try again${wait ? ` in ${wait} s` : " shortly"}.`,
    );
  }
  let body: { data?: T | null; errors?: GqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiFailure(`The server answered HTTP ${response.status} without a usable answer.`);
  }
  const errors = body.errors ?? [];
  const signIn = errors.find((e) => e.extensions?.code === "UNAUTHENTICATED");
  if (signIn) {
    signOut();
    onSignedOut(`Please sign in again: ${signIn.message}`);
    throw new ApiFailure(`Please sign in again: ${signIn.message}`);
  }
  return { data: body.data ?? null, errors };
}

export function isForbidden(error: GqlError): boolean {
  return error.extensions?.code === "FORBIDDEN" && error.extensions?.reason !== "RATE_LIMITED";
}

/** An error in words; the server's own message where it is already written for people. */
export function words(error: GqlError): string {
  switch (error.extensions?.code) {
    case "UNAVAILABLE":
      return "The database cannot be reached right now; try again in a moment.";
    case "TIMEOUT":
      return "That took too long to answer; try a smaller depth or fewer results.";
    case "INTERNAL":
      return "Something went wrong on the server (it has been logged). Try again, or tell the team.";
    case "FORBIDDEN":
      return error.extensions?.reason === "RATE_LIMITED"
        ? "Too many requests from this token; wait a little and try again."
        : `Not allowed: ${error.message}`;
    default:
      return error.message;
  }
}

export type Outcome<T> =
  | { kind: "ok"; data: T }
  | { kind: "hidden" } // refused to this viewer: the panel is simply not shown
  | { kind: "error"; message: string };

/**
 * One panel's request. A refusal (FORBIDDEN) of the whole answer hides the panel rather
 * than showing an error: advisors see only what they may, without noise. Any other
 * error is given in words.
 */
export async function ask<T>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Outcome<T>> {
  try {
    const { data, errors } = await gql<T>(query, variables);
    const serious = errors.filter((e) => !isForbidden(e));
    if (serious.length) return { kind: "error", message: serious.map(words).join(" ") };
    if (
      errors.length &&
      (data === null || Object.values(data as object).every((v) => v === null))
    ) {
      return { kind: "hidden" };
    }
    if (data === null) return { kind: "error", message: "The server sent no answer." };
    return { kind: "ok", data };
  } catch (failure) {
    return { kind: "error", message: failure instanceof Error ? failure.message : String(failure) };
  }
}
