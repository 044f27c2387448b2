// supportAlerts over graphql-transport-ws on the same path as queries, signed in with the
// connection_init payload {"Authorization": "Bearer …"} (README, Operations).

import { createClient, type Client } from "graphql-ws";
import { currentToken } from "./auth";
import { ALERTS } from "./queries";
import type { Alert } from "./types";

type State = "live" | "connecting" | "closed";
let client: Client | null = null;
// The view on screen hears about the connection (one view at a time watches alerts).
let onState: (state: State, why?: string) => void = () => undefined;

function shared(): Client {
  if (client) return client;
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  client = createClient({
    url: `${scheme}://${window.location.host}/graphql`,
    connectionParams: () => ({ Authorization: `Bearer ${currentToken() ?? ""}` }),
    lazy: true,
    retryAttempts: 5,
    on: {
      connecting: () => onState("connecting"),
      connected: () => onState("live"),
      closed: (event) => {
        const reason = (event as CloseEvent | undefined)?.reason;
        onState("closed", reason || undefined);
      },
    },
  });
  return client;
}

/** Start receiving alerts for people matching `filter`; returns the function that stops. */
export function watchAlerts(
  filter: Record<string, unknown> | null,
  onAlert: (alert: Alert) => void,
  stateChanged: (state: State, why?: string) => void,
  onError: (message: string) => void,
): () => void {
  onState = stateChanged;
  return shared().subscribe<{ supportAlerts: Alert }>(
    { query: ALERTS, variables: { filter } },
    {
      next: (message) => {
        if (message.data?.supportAlerts) onAlert(message.data.supportAlerts);
        if (message.errors?.length) onError(message.errors.map((e) => e.message).join(" "));
      },
      error: (error) => onError(error instanceof Error ? error.message : "live updates stopped"),
      complete: () => undefined,
    },
  );
}

/** After sign-out: a new token needs a new connection. */
export function closeLive(): void {
  // dispose() waits for a connection under way and rejects with its CloseEvent when the
  // server refused it (an expired token): that refusal is already known, so let it go.
  Promise.resolve(client?.dispose()).catch(() => undefined);
  client = null;
}
