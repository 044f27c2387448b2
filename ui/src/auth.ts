// The bearer token lives in sessionStorage: it survives reloads of this tab but not the
// tab itself, and is never put back into a URL. `supportweb up` prints a sign-in link
// (/ui#token=…); takeTokenFromUrl() moves that token into storage and removes it from the
// address bar and the history entry before the page does anything else. The fragment is
// never sent to the server, so the token does not reach access logs either.

const KEY = "supportweb.token";

export function takeTokenFromUrl(): void {
  const hash = window.location.hash;
  if (!hash.startsWith("#token=")) return;
  const token = decodeURIComponent(hash.slice("#token=".length)).trim();
  history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
  if (token) sessionStorage.setItem(KEY, token);
}

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, ""));
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

export interface Claims {
  roles: string[];
  sub?: string;
  exp?: number;
}

/** What the token says about its holder, for display only: the server verifies it. */
export function claims(token: string | null): Claims | null {
  if (!token) return null;
  try {
    const payload = token.split(".")[1];
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const parsed = JSON.parse(json) as Partial<Claims>;
    return {
      roles: Array.isArray(parsed.roles) ? parsed.roles : [],
      sub: parsed.sub,
      exp: parsed.exp,
    };
  } catch {
    return null;
  }
}
