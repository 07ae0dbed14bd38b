import { type AuthorizationServer, StoreUnavailableError } from "@mcp-connectors/oauth-server";
import { HttpError } from "@mcp-connectors/oauth-server/http";
import { REPORT_UPSTREAM_REFUSAL, UPSTREAM_CREDENTIAL } from "@mcp-connectors/tool-builder";
import { InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

/**
 * Resolves a request's bearer token (one of this server's access tokens) to the auth info the tools see,
 * with the user's upstream access token as `extra.upstreamCredential`.
 * @throws HttpError 401 with an RFC 6750 error code when the token is missing or no longer valid
 */
export async function authenticateWithOAuth(
  server: AuthorizationServer,
  bearer: string | undefined,
): Promise<AuthInfo> {
  if (!bearer) {
    throw new HttpError(401, "Unauthorized: sign in with OAuth; the protected-resource metadata says where.");
  }
  try {
    const user = await server.authenticate(bearer);
    return {
      // The tools get the upstream credential; this server's own token stays with the transport.
      token: "",
      clientId: user.clientId,
      scopes: user.scopes,
      expiresAt: user.expiresAt,
      resource: new URL(server.resource),
      extra: {
        [UPSTREAM_CREDENTIAL]: user.upstreamAccessToken,
        [REPORT_UPSTREAM_REFUSAL]: () => server.markUpstreamRefused(user.grantId),
      },
    };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw new HttpError(401, error.message, "invalid_token");
    // Fail closed: without the store, no token can be checked.
    if (error instanceof StoreUnavailableError) throw new HttpError(503, error.message);
    throw error;
  }
}
