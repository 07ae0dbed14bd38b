import { isLoopbackHost } from "./loopback.js";

/** What the rule accepts, for error messages. */
export const REDIRECT_URI_RULE =
  "https URLs, http URLs on a loopback host (127.0.0.1, [::1], localhost), or a native app's private-use scheme in reverse-domain form (com.example.app:/callback), without user info or fragments";

/**
 * Whether a client may register `uri` as a redirect URI: an allow-list, per OAuth 2.1 and RFC 8252.
 * - `https:` to any host;
 * - `http:` only to a loopback host, where a native app listens on a port of its own;
 * - a private-use scheme for native apps, which RFC 8252 (section 7.1) requires to be a reversed domain name,
 *   so it holds a dot (`com.example.app:`): that keeps out `javascript:`, `data:`, `file:`, `ftp:`, `ws:` and
 *   every other scheme a browser or the system would hand to something else.
 * User info is refused everywhere (`https://localhost@evil.example/` is a URL of evil.example), as are fragments.
 */
export function isAcceptableRedirectUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash || uri.includes("#") || url.username || url.password || /^[^:]+:\/\/[^/?]*@/.test(uri)) {
    return false;
  }
  if (url.protocol === "https:") return url.hostname !== "";
  if (url.protocol === "http:") return isLoopbackHost(url.hostname);
  return /^[a-z][a-z\d+-]*(\.[a-z\d+-]+)+:$/i.test(url.protocol);
}
