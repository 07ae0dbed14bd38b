// @mcp-connectors/oauth-server: an OAuth 2.1 authorization server for a hosted MCP server, whose users sign in
// at the upstream API's own OAuth provider. `@mcp-connectors/serve` mounts it with `--oauth`; it can be mounted
// on any Node HTTP server with `createOAuthServer` and `createOAuthEndpoints`.
export type { AuthorizationServer, SignedInUser } from "./authorization-server.js";
export type { FetchClientMetadata } from "./client-metadata.js";
export { createOAuthEndpoints, type OAuthEndpoints } from "./endpoints.js";
export type { Logger } from "./log.js";
export { createMemoryTokenStore } from "./memory-token-store.js";
export { AUTHORIZATION_SERVER_PATH, PROTECTED_RESOURCE_PATH } from "./metadata.js";
export { createOAuthServer, type OAuthOptions, parsePublicUrl } from "./options.js";
export type { OAuthRateLimits, RateLimit } from "./rate-limit.js";
export { STORE_UNAVAILABLE, StoreUnavailableError, type TokenStore } from "./token-store.js";
export {
  createOAuth2Upstream,
  discoverOAuth2Upstream,
  type OAuth2UpstreamOptions,
  type UpstreamOAuthProvider,
  UpstreamRefusedError,
  type UpstreamTokens,
} from "./upstream.js";
