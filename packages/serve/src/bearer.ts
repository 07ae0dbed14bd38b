import { InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { HttpError } from "../http-io.js";
import type { AuthorizationServer } from "./authorization-server.js";
import { StoreUnavailableError } from "./token-store.js";

/**
 * The key in `AuthInfo.extra` of a callback that a tool's `AuthenticationError` triggers: the upstream
 * refused the user's token, so the server refreshes it before the next request or ends the sign-in.
 */
export const REPORT_UPSTREAM_REFUSAL = "reportUpstreamRefusal";

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
        upstreamCredential: user.upstreamAccessToken,
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
