// Routes live in the URL's fragment (#/person/p-000123?depth=2), so the server serves one
// page at /ui and every view can be bookmarked or shared — without a token: that stays in
// sessionStorage.

export type Route =
  | { name: "search"; params: URLSearchParams }
  | { name: "person"; id: string; params: URLSearchParams }
  | { name: "thin"; params: URLSearchParams };

export function current(): Route {
  const raw = window.location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?", 2);
  const params = new URLSearchParams(query);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "person" && parts[1]) return { name: "person", id: parts[1], params };
  if (parts[0] === "thin") return { name: "thin", params };
  return { name: "search", params };
}

export function href(
  path: string,
  params: Record<string, string | number | null | undefined> = {},
): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined && v !== "") query.set(k, String(v));
  const q = query.toString();
  return `#${path}${q ? `?${q}` : ""}`;
}

export function personHref(
  id: string,
  params: Record<string, string | number | null | undefined> = {},
): string {
  return href(`/person/${encodeURIComponent(id)}`, params);
}

/** Change the URL without a new history entry or a re-render (filters, depth). */
export function replace(hash: string): void {
  history.replaceState(null, "", `${window.location.pathname}${window.location.search}${hash}`);
}
