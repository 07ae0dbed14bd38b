import type { OAuthMetadata, OAuthProtectedResourceMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";

/** Where MCP clients find the protected-resource metadata (RFC 9728); the WWW-Authenticate header points here. */
export const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";
/** Where MCP clients find the authorization-server metadata (RFC 8414). */
export const AUTHORIZATION_SERVER_PATH = "/.well-known/oauth-authorization-server";

/** The endpoints of the built-in authorization server, as paths below the issuer. */
export const ENDPOINTS = {
  authorize: "/authorize",
  token: "/token",
  register: "/register",
  revoke: "/revoke",
} as const;

const CLIENT_AUTH_METHODS = ["none", "client_secret_post", "client_secret_basic"];

/** RFC 9728: this server is the resource, and its own origin is the authorization server. */
export function protectedResourceMetadata(
  issuer: string,
  resourceName?: string,
): OAuthProtectedResourceMetadata {
  return {
    resource: issuer,
    authorization_servers: [issuer],
    bearer_methods_supported: ["header"],
    ...(resourceName && { resource_name: resourceName }),
  };
}

/**
 * RFC 8414: authorization code with S256 PKCE, refresh tokens, dynamic registration, client ID metadata
 * documents and revocation.
 */
export function authorizationServerMetadata(issuer: string, scopes: readonly string[]): OAuthMetadata {
  return {
    issuer,
    ...(scopes.length > 0 && { scopes_supported: [...scopes] }),
    authorization_endpoint: `${issuer}${ENDPOINTS.authorize}`,
    token_endpoint: `${issuer}${ENDPOINTS.token}`,
    registration_endpoint: `${issuer}${ENDPOINTS.register}`,
    revocation_endpoint: `${issuer}${ENDPOINTS.revoke}`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    authorization_response_iss_parameter_supported: true,
    // A client may use the https URL of its metadata document as its client_id instead of registering.
    client_id_metadata_document_supported: true,
  };
}
