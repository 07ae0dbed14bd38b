import type { ConsentRequest } from "./authorization-server.js";
import { CONSENT_PATH } from "./browser-binding.js";

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

const PAGE_HEAD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`;
const PAGE_STYLE =
  "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}code{word-break:break-all}button{font:inherit;padding:.4rem 1.2rem;margin-right:.5rem}</style>";

/**
 * The page a browser gets when a sign-in step is refused and an automatic redirect is not safe.
 * @param backToClient the client's redirect URI with the error, offered as a link the user may follow
 */
export function renderErrorPage(message: string, serverName: string, backToClient?: string): string {
  const server = escapeHtml(serverName);
  const next = backToClient
    ? `<p>To tell the client, which will show the error, continue to
<a href="${escapeHtml(backToClient)}">${escapeHtml(new URL(backToClient).host || backToClient)}</a>.</p>`
    : `<p>Nothing was shared with the client. If you did not start this sign-in yourself, someone may have sent
you this link: close this page.</p>`;
  return `${PAGE_HEAD}
<title>Sign-in to ${server} stopped</title>
${PAGE_STYLE}
</head><body>
<h1>Sign-in to ${server} stopped</h1>
<p>${escapeHtml(message)}</p>
${next}
</body></html>
`;
}

/** The approval page: which client asks, where it will receive the result, and where the user signs in. */
export function renderConsentPage(request: ConsentRequest, serverName: string): string {
  const name = request.clientName ? escapeHtml(request.clientName) : "An unnamed MCP client";
  // A metadata document's host is known (the server fetched it from there); the name is only claimed.
  const client = request.clientHost
    ? `<strong>${name}</strong> (from <strong>${escapeHtml(request.clientHost)}</strong>)`
    : `<strong>${name}</strong>`;
  const server = escapeHtml(serverName);
  return `${PAGE_HEAD}
<title>Allow access to ${server}?</title>
${PAGE_STYLE}
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
