import { createHash } from "node:crypto";
import type { ConsentRequest } from "./authorization-server.js";

/** Where the consent page's form posts the user's answer. */
export const CONSENT_PATH = "/oauth/consent";
const COOKIE_SECONDS = 10 * 60;

/** One cookie per pending approval, named after its token, so that approvals in several tabs do not clash. */
const cookieName = (token: string) =>
  `mcp_consent_${createHash("sha256").update(token).digest("base64url").slice(0, 16)}`;

/** The secret of the consent cookie that belongs to `token`, from a request's Cookie header. */
export function consentCookieValue(cookieHeader: string | undefined, token: string): string | undefined {
  const name = cookieName(token);
  for (const pair of (cookieHeader ?? "").split(";")) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/**
 * The Set-Cookie header for a consent page. Lax keeps it off cross-site form posts, so another site cannot
 * approve on the user's behalf even with a token it obtained itself; HttpOnly keeps it from scripts.
 */
export function consentCookie(token: string, secret: string, secure: boolean): string {
  return `${cookieName(token)}=${secret}; Path=${CONSENT_PATH}; Max-Age=${COOKIE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function expiredConsentCookie(token: string, secure: boolean): string {
  return `${cookieName(token)}=; Path=${CONSENT_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char,
  );

/** Headers that keep the page out of frames (clickjacking) and caches, and let it run no script. */
export const CONSENT_PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

/** The approval page: which client asks, where it will receive the result, and where the user signs in. */
export function renderConsentPage(request: ConsentRequest, serverName: string): string {
  const name = request.clientName ? escapeHtml(request.clientName) : "An unnamed MCP client";
  // A metadata document's host is known (the server fetched it from there); the name is only claimed.
  const client = request.clientHost
    ? `<strong>${name}</strong> (from <strong>${escapeHtml(request.clientHost)}</strong>)`
    : `<strong>${name}</strong>`;
  const server = escapeHtml(serverName);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Allow access to ${server}?</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}code{word-break:break-all}button{font:inherit;padding:.4rem 1.2rem;margin-right:.5rem}</style>
</head><body>
<h1>Allow access to ${server}?</h1>
<p>${client} asks to use ${server} with your account. The name is the client's own claim:
approve only if you started this from an MCP client you trust.</p>
<p>It will receive access at <code>${escapeHtml(request.redirectUri)}</code>.</p>
<p>If you approve, you sign in at <strong>${escapeHtml(request.upstreamHost)}</strong> next.</p>
<form method="post" action="${CONSENT_PATH}">
<input type="hidden" name="consent" value="${escapeHtml(request.token)}">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</body></html>
`;
}
