import type { IncomingHttpHeaders } from "node:http";

export type AuthScheme = "basic" | "bearer" | "none";

/** The outcome of checking a request's credentials the way the live API does. */
export type AuthCheck =
  | { ok: true; scheme: AuthScheme }
  | { ok: false; scheme: AuthScheme; status: 401 | 403; error: string };

/**
 * Basic with user `API_KEY` and one of the keys, or Bearer with the access token. A personal key sent as
 * Bearer gets the live API's `403 Access denied`; anything else wrong gets 401.
 */
export function checkAuth(
  headers: IncomingHttpHeaders,
  apiKeys: ReadonlySet<string>,
  accessToken: string,
): AuthCheck {
  const header = headers.authorization ?? "";
  const [scheme = "", value = ""] = header.split(" ", 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    const user = decoded.slice(0, separator);
    const password = decoded.slice(separator + 1);
    return user === "API_KEY" && apiKeys.has(password)
      ? { ok: true, scheme: "basic" }
      : { ok: false, scheme: "basic", status: 401, error: "Unauthorized" };
  }
  if (/^bearer$/i.test(scheme)) {
    if (value === accessToken) return { ok: true, scheme: "bearer" };
    if (apiKeys.has(value)) return { ok: false, scheme: "bearer", status: 403, error: "Access denied" };
    return { ok: false, scheme: "bearer", status: 401, error: "Unauthorized" };
  }
  return { ok: false, scheme: "none", status: 401, error: "Unauthorized" };
}
