// GraphiQL built from npm and served by the server itself (development mode only), instead
// of Strawberry's page that loads React and GraphiQL from a public CDN. Same GraphiQL and
// explorer plugin as that page; two differences on purpose:
// - the headers start with this tab's sign-in token, if the advisor's page has one, and are
//   not persisted (GraphiQL would keep them, token included, in localStorage);
// - subscriptions sign in with the headers as the connection_init payload, as the server
//   expects ({"Authorization": "Bearer …"}).

import "graphiql/graphiql.css";
import "@graphiql/plugin-explorer/dist/style.css";
import "./graphiql.css";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { getOperationAST } from "graphql";
import { createClient } from "graphql-ws";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

const url = `${window.location.origin}/graphql`;
const wsUrl = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/graphql`;
const http = createGraphiQLFetcher({ url, enableIncrementalDelivery: false });

const fetcher: Fetcher = (params, options) => {
  const document = options?.documentAST;
  const operation = document ? getOperationAST(document, params.operationName ?? undefined) : null;
  if (operation?.operation === "subscription") {
    // One connection per subscription, signed in with the headers as they are now.
    const client = createClient({
      url: wsUrl,
      connectionParams: { ...(options?.headers ?? {}) },
      lazy: true,
      retryAttempts: 0,
    });
    const results = client.iterate({
      query: params.query,
      variables: params.variables,
      operationName: params.operationName ?? undefined,
    });
    // graphql-ws yields results as sent over the wire (errors as plain objects); GraphiQL
    // only displays them, so the stricter type its signature names makes no difference.
    return results as unknown as ReturnType<Fetcher>;
  }
  return http(params, options);
};

const token = sessionStorage.getItem("supportweb.token");
const headers = JSON.stringify(
  { Authorization: `Bearer ${token ?? "<paste a token: supportweb token --role ADMIN>"}` },
  null,
  2,
);

const explorer = explorerPlugin();
const root = createRoot(document.getElementById("graphiql") as HTMLElement);
root.render(
  createElement(GraphiQL, {
    fetcher,
    plugins: [explorer],
    defaultHeaders: headers,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    inputValueDeprecation: true,
  }),
);
