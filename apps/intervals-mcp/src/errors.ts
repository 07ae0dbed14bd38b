import { IntervalsError, type IntervalsErrorKind } from "@mcp-connectors/intervals-icu";
import { type ErrorContext, type ErrorMapper, ToolError } from "@mcp-connectors/tool-builder";

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

interface Call {
  signIn: boolean;
  context: ErrorContext;
}

const reason = (error: IntervalsError) => (error.apiMessage ? ` (${error.apiMessage})` : "");

/**
 * One sentence per kind for someone using the server, not the library: where the client's own message names a
 * library option or a credential the server's user does not handle, the server says what they do instead.
 */
const sentences: Record<IntervalsErrorKind, (error: IntervalsError, call: Call) => string> = {
  authentication: (_error, { signIn, context }) => {
    if (signIn) return REFUSED.signIn;
    return context.credentialFrom === "request" ? REFUSED.requestKey : REFUSED.apiKey;
  },
  permission: (error, { signIn }) => {
    const credential = signIn
      ? "if it is the signed-in athlete's own data, reconnect the connector and allow all the access it asks for"
      : "check that the key is a personal API key, not an OAuth token without the needed scope";
    return `Intervals.icu denied access${reason(error)}: check athlete_id (that athlete must share their data with you); ${credential}.`;
  },
  not_found: (error) =>
    `Intervals.icu has no such item${reason(error)}: check the id (list activities or events to find it); it may have been deleted or belong to another athlete.`,
  invalid_input: (error) =>
    `Intervals.icu rejected the request${reason(error)}: correct the arguments and try again.`,
  rate_limited: (error) => {
    const wait = error.retryAfterSeconds === undefined ? "a minute" : `${error.retryAfterSeconds} seconds`;
    return `Intervals.icu is rate limiting requests: wait ${wait} and try again.`;
  },
  timeout: () => "Intervals.icu did not answer in time: try again, or ask for a shorter date range.",
  // The client's sentence already says what happened and what to do (try again, check the item, ask for less).
  upstream_unavailable: (error) => error.message,
};

/**
 * Every tool's failures pass through here, so no handler catches anything itself. An Intervals.icu error keeps
 * its kind (the client uses the tool errors' words; passing `error.kind` as a `ToolErrorKind` makes the
 * compiler check that) and gets the sentence the table above has for it.
 * @param signIn the server signs users in with OAuth (`--oauth`), so a refused token means signing in again
 */
export function errorMapper({ signIn = false } = {}): ErrorMapper {
  return (error, context) =>
    error instanceof IntervalsError
      ? new ToolError(error.kind, sentences[error.kind](error, { signIn, context }), {
          retryAfterSeconds: error.retryAfterSeconds,
        })
      : undefined;
}
