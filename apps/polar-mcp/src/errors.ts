import { PolarError, PolarRateLimitError, PolarScopeError, QueryError } from "@mcp-connectors/polar-metrics";
import {
  AuthenticationError,
  type ErrorContext,
  type ErrorMapper,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ToolError,
  ToolTimeoutError,
  UpstreamUnavailableError,
} from "@mcp-connectors/tool-builder";

/** Where this server takes a token from; the client's message already says how to create one. */
export const TOKEN_SETUP =
  "Set the token as POLAR_ACCESS_TOKEN — or, over HTTP, send it as Authorization: Bearer polar_oat_… — and use --sandbox (or POLAR_SERVER=sandbox) for a sandbox token.";

/** The HTTP header that carries a request's own token (`AppSpec.credentialHeader`). */
export const TOKEN_HEADER = "x-polar-access-token";

/** A token the request sent is the user's to replace, where their connector keeps it; not a variable. */
export const REQUEST_TOKEN_SETUP = `This request sent the token (in its ${TOKEN_HEADER} header, or as Authorization: Bearer): put a valid one in your connector's settings; a sandbox token works only with a server started for the sandbox.`;

/** Under OAuth sign-in a refused token is the user's own sign-in, not a token to set. */
export const SIGN_IN_AGAIN =
  "Polar no longer accepts this sign-in (it may have been revoked in Polar): reconnect the connector to sign in again.";

/**
 * Turns the Polar client's errors into the tool-builder's, each with one sentence to act on. The client's
 * messages already say what failed and what to do, and never contain the token.
 * @param signIn the server signs users in with OAuth (`--oauth`), so a refused token means signing in again
 */
export const errorMapper =
  ({ signIn = false } = {}): ErrorMapper =>
  (error, context) =>
    mapPolarError(error, signIn, context);

function mapPolarError(error: unknown, signIn: boolean, context: ErrorContext) {
  if (!(error instanceof PolarError)) return undefined;
  switch (error.kind) {
    case "auth": {
      if (signIn) return new AuthenticationError(SIGN_IN_AGAIN);
      const setup = context.credentialFrom === "request" ? REQUEST_TOKEN_SETUP : TOKEN_SETUP;
      return new AuthenticationError(`${error.message} ${setup}`);
    }
    case "missing_scope": {
      const scope = error instanceof PolarScopeError ? error.scope : "metrics:read";
      return new PermissionError(
        signIn
          ? `This Polar sign-in lacks the scope ${scope}: reconnect the connector and allow all the access it asks for.`
          : `The Polar token lacks the scope ${scope}; create a token that includes ${scope} (Organization Settings → Developers → New Token) and use it instead.`,
      );
    }
    case "invalid_input":
      if (error instanceof QueryError) return new InvalidInputError("query", error.message);
      return new ToolError("invalid_input", error.message);
    case "validation":
      return new ToolError("invalid_input", error.message);
    case "not_found":
      return new NotFoundError(error.message);
    case "rate_limited":
      return new RateLimitedError(error.message, {
        retryAfterSeconds: error instanceof PolarRateLimitError ? error.retryAfterSeconds : undefined,
      });
    case "timeout":
      // The client names its own option (timeoutMs); a server's user sets the variable instead.
      return new ToolTimeoutError(
        error.message.replace(
          /Try again, or raise timeoutMs\.$/,
          "Try again, or ask for a shorter range; POLAR_TIMEOUT_SECONDS raises the limit.",
        ),
      );
    case "aborted":
      return new ToolTimeoutError(error.message);
    case "server":
    case "network":
    case "invalid_response":
      return new UpstreamUnavailableError(error.message);
  }
}
