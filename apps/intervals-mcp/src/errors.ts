import {
  IntervalsAuthenticationError,
  IntervalsError,
  IntervalsNetworkError,
  IntervalsNotFoundError,
  IntervalsPermissionError,
  IntervalsRateLimitError,
  IntervalsResponseError,
  IntervalsServerError,
  IntervalsTimeoutError,
  IntervalsValidationError,
} from "@mcp-connectors/intervals-icu";
import {
  AuthenticationError,
  type ErrorContext,
  type ErrorMapper,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ToolError,
  ToolTimeoutError,
  UpstreamUnavailableError,
} from "@mcp-connectors/tool-builder";

const reason = (error: IntervalsError) => (error.apiMessage ? ` (${error.apiMessage})` : "");

/** The HTTP header that carries a request's own API key (`AppSpec.credentialHeader`). */
export const API_KEY_HEADER = "x-intervals-api-key";

/**
 * What the user does when Intervals.icu refuses the credential: with the server's key, the operator fixes
 * INTERVALS_API_KEY; with a key the request sent, the user fixes it where their connector keeps it; signed in,
 * they sign in again.
 */
const REFUSED = {
  apiKey:
    "Intervals.icu rejected the API key: check INTERVALS_API_KEY against Intervals.icu → Settings → Developer Settings (or generate a new key there).",
  requestKey: `Intervals.icu rejected the API key this request sent (in its ${API_KEY_HEADER} header, or as Authorization: Bearer): correct the key in your connector's settings, copying it from Intervals.icu → Settings → Developer Settings (or generate a new key there).`,
  signIn:
    "Intervals.icu no longer accepts this sign-in (the app may have been removed from the athlete's Intervals.icu settings): reconnect the connector to sign in again.",
};

/**
 * Turns the client's errors into tool errors, one sentence each saying what to do next. Every tool's
 * failures pass through here, so no handler catches anything itself.
 * @param signIn the server signs users in with OAuth (`--oauth`), so a refused token means signing in again
 */
export const errorMapper =
  ({ signIn = false } = {}): ErrorMapper =>
  (error, context) =>
    mapIntervalsError(error, signIn, context);

function mapIntervalsError(error: unknown, signIn: boolean, context: ErrorContext) {
  if (!(error instanceof IntervalsError)) return undefined;
  if (error instanceof IntervalsAuthenticationError) {
    if (signIn) return new AuthenticationError(REFUSED.signIn);
    return new AuthenticationError(
      context.credentialFrom === "request" ? REFUSED.requestKey : REFUSED.apiKey,
    );
  }
  if (error instanceof IntervalsPermissionError) {
    const credential = signIn
      ? "if it is the signed-in athlete's own data, reconnect the connector and allow all the access it asks for"
      : "check that the key is a personal API key, not an OAuth token without the needed scope";
    return new PermissionError(
      `Intervals.icu denied access${reason(error)}: check athlete_id (that athlete must share their data with you); ${credential}.`,
    );
  }
  if (error instanceof IntervalsNotFoundError) {
    return new NotFoundError(
      `Intervals.icu has no such item${reason(error)}: check the id (list activities or events to find it); it may have been deleted or belong to another athlete.`,
    );
  }
  if (error instanceof IntervalsValidationError) {
    return new ToolError(
      "invalid_input",
      `Intervals.icu rejected the request${reason(error)}: correct the arguments and try again.`,
    );
  }
  if (error instanceof IntervalsRateLimitError) {
    const wait = error.retryAfterSeconds === undefined ? "a minute" : `${error.retryAfterSeconds} seconds`;
    return new RateLimitedError(`Intervals.icu is rate limiting requests: wait ${wait} and try again.`, {
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  if (error instanceof IntervalsTimeoutError) {
    return new ToolTimeoutError(
      "Intervals.icu did not answer in time: try again, or ask for a shorter date range.",
    );
  }
  if (error instanceof IntervalsNetworkError) {
    return new UpstreamUnavailableError(
      "Could not reach Intervals.icu: check the network connection (and INTERVALS_API_BASE_URL if set), then try again.",
    );
  }
  if (error instanceof IntervalsResponseError) {
    return new UpstreamUnavailableError(
      `Intervals.icu answered without a usable "${error.field}"${reason(error)}, which this answer needs; the same request gets the same answer, so check the item in Intervals.icu itself.`,
    );
  }
  if (error instanceof IntervalsServerError) {
    return new UpstreamUnavailableError(
      "Intervals.icu is having trouble (a server error or an unexpected answer): try again in a few minutes.",
    );
  }
  return undefined;
}
