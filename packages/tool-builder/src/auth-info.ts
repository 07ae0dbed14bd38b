/**
 * What a transport may put into a request's `AuthInfo.extra` for the tools (`registerTools` reads both keys).
 * They live in the core so that a transport with a sign-in of its own (`@mcp-connectors/serve`'s OAuth gate,
 * or an embedder's) can set them without the core knowing anything of serving or OAuth.
 */

/** The key of the user's upstream credential (a string), handed to the tool as `context.credential`. */
export const UPSTREAM_CREDENTIAL = "upstreamCredential";

/**
 * The key of a callback that a tool's `AuthenticationError` triggers: the upstream refused the user's token,
 * so the server refreshes it before the next request or ends the sign-in.
 */
export const REPORT_UPSTREAM_REFUSAL = "reportUpstreamRefusal";
