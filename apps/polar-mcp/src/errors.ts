import {
  PolarError,
  PolarRateLimitError,
  PolarScopeError,
  QueryError,
  UnknownMetricError,
} from "@mcp-connectors/polar-metrics";
import {
  AuthenticationError,
  type ErrorMapper,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ToolError,
  ToolTimeoutError,
  UpstreamUnavailableError,
} from "@mcp-connectors/tool-builder";

/** How to get a working token, for every authentication failure. */
export const TOKEN_HELP =
  "Create an Organization Access Token in Polar (Organization Settings → Developers → New Token) with the scope metrics:read, copy it at once (Polar shows it only once), and set it as POLAR_ACCESS_TOKEN — or, over HTTP, send it as Authorization: Bearer polar_oat_….";

/**
 * Turns the Polar client's errors into the tool-builder's, each with one sentence to act on. The client's
 * messages already say what failed and what to do, and never contain the token.
 */
export const mapError: ErrorMapper = (error) => {
  if (!(error instanceof PolarError)) return undefined;
  switch (error.kind) {
    case "auth":
      return new AuthenticationError(
        error.status === 401
          ? `Polar rejected the access token: it is mistyped, expired or revoked, or belongs to the other server (a sandbox token needs --sandbox or POLAR_SERVER=sandbox). ${TOKEN_HELP}`
          : `No Polar access token is configured. ${TOKEN_HELP}`,
      );
    case "missing_scope": {
      const scope = error instanceof PolarScopeError ? error.scope : "metrics:read";
      return new PermissionError(
        `The Polar token lacks the scope ${scope}; create a token that includes ${scope} (Organization Settings → Developers → New Token) and use it instead.`,
      );
    }
    case "invalid_input":
      // Metric names are checked by the tools' schemas, so an unknown one here came from inside a query.
      if (error instanceof QueryError || error instanceof UnknownMetricError) {
        return new InvalidInputError("query", error.message);
      }
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
    case "aborted":
      return new ToolTimeoutError(error.message);
    case "server":
    case "network":
    case "invalid_response":
      return new UpstreamUnavailableError(error.message);
  }
};
