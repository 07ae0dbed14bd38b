// `@mcp-connectors/oauth-server/http`: the small HTTP helpers the OAuth endpoints are written with, shared with
// `@mcp-connectors/serve` so that both answer a refused request the same way. Loads nothing of the OAuth server.
export { HttpError, readBodyText, readJsonBody, sendJson } from "./http-io.js";
export { isLoopbackHost, LOOPBACK_NAMES } from "./loopback.js";
export { sameSecret } from "./same-secret.js";
