import {
  PolarError,
  type PolarErrorKind,
  PolarScopeError,
  PolarTimeoutError,
  QueryError,
} from "@mcp-connectors/polar-metrics";
import {
  type ErrorContext,
  type ErrorMapper,
  InvalidInputError,
  ToolError,
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

type Sentence = (error: PolarError, signIn: boolean, context: ErrorContext) => string;

/**
 * The sentence for each kind. The client's messages already say what failed and what to do, and never hold the
 * token; the server words its own only where its user acts differently from a library user (a variable or a
 * sign-in instead of an option).
 */
const sentences: Record<PolarErrorKind, Sentence> = {
  authentication: (error, signIn, context) => {
    if (signIn) return SIGN_IN_AGAIN;
    return `${error.message} ${context.credentialFrom === "request" ? REQUEST_TOKEN_SETUP : TOKEN_SETUP}`;
  },
  permission: (error, signIn) => {
    const scope = error instanceof PolarScopeError ? error.scope : "metrics:read";
    return signIn
      ? `This Polar sign-in lacks the scope ${scope}: reconnect the connector and allow all the access it asks for.`
      : `The Polar token lacks the scope ${scope}; create a token that includes ${scope} (Organization Settings → Developers → New Token) and use it instead.`;
  },
  invalid_input: (error) => error.message,
  not_found: (error) => error.message,
  rate_limited: (error) => error.message,
  timeout: (error) => {
    const limit = error instanceof PolarTimeoutError ? ` within ${error.timeoutMs} ms` : " in time";
    return `Polar did not answer${limit}. Try again, or ask for a shorter range; POLAR_TIMEOUT_SECONDS raises the limit.`;
  },
  upstream_unavailable: (error) => error.message,
};

/**
 * Turns the Polar client's errors into the tool-builder's: the client's kinds are the tool errors' own words
 * (the compiler checks it, as `error.kind` is passed as a `ToolErrorKind`), so the kind is kept and the
 * sentence comes from the table above. A refused query keeps its argument's name.
 * @param signIn the server signs users in with OAuth (`--oauth`), so a refused token means signing in again
 */
export const errorMapper =
  ({ signIn = false } = {}): ErrorMapper =>
  (error, context) => {
    if (error instanceof QueryError) return new InvalidInputError("query", error.message);
    if (error instanceof PolarError) {
      const { kind, retryAfterSeconds } = error;
      return new ToolError(kind, sentences[kind](error, signIn, context), { retryAfterSeconds });
    }
    return undefined;
  };
