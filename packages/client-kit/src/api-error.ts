/**
 * What a caller can do about a failed call, one value per remedy. The words are the tool errors' of
 * `@mcp-connectors/tool-builder` (its `ToolErrorKind` without `internal`), so that a server maps a client
 * error onto a tool error by its kind alone; what exactly happened (a 5xx, a dropped connection, an answer of
 * the wrong shape) is the subclass, and `status`.
 *
 * - `invalid_input`: the arguments were refused, by the API (400, 422, other 4xx) or by the client before
 *   sending; change them.
 * - `not_found`: nothing at that id (404).
 * - `authentication`: the credential was refused (401) or is missing.
 * - `permission`: the credential is valid but may not do this (403, a missing scope).
 * - `rate_limited`: too many requests (429) after the retries; wait `retryAfterSeconds`.
 * - `upstream_unavailable`: the API failed (5xx), could not be reached, or answered with something unusable.
 * - `timeout`: no answer within the time limit.
 */
export type ApiErrorKind =
  | "invalid_input"
  | "not_found"
  | "authentication"
  | "permission"
  | "rate_limited"
  | "upstream_unavailable"
  | "timeout";

/** The facts an API error carries; none of them may hold a credential. */
export interface ApiErrorDetails {
  /** HTTP status of the answer; undefined when none arrived (timeout, network) or none was sent. */
  status?: number | undefined;
  /** HTTP method of the request, e.g. `GET`; undefined when the client refused before sending. */
  method?: string | undefined;
  /** URL path of the request, without the query string or credentials. */
  path?: string | undefined;
  /** The API's own words from its error body, redacted and shortened. */
  apiMessage?: string | undefined;
  /** Seconds the API asked to wait (`Retry-After`), when it said. */
  retryAfterSeconds?: number | undefined;
  /** A secret-free description of the underlying failure (e.g. `ECONNRESET`). */
  cause?: Error | undefined;
}

/**
 * The one layout of every error both API clients throw: a `kind` from {@link ApiErrorKind}, whether repeating
 * may help (`retryable`), and the request's facts under the same names in both clients. The message is one
 * sentence: what failed, why, and what to do. Errors never hold the request, its headers or the credential,
 * so `message`, `toJSON()` and `util.inspect()` are safe to log.
 */
export abstract class ApiError extends Error {
  abstract readonly kind: ApiErrorKind;
  /** Whether repeating the same call later may succeed. */
  abstract readonly retryable: boolean;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly apiMessage: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: ApiErrorDetails = {}) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.apiMessage = details.apiMessage;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** The error as plain data, for logs and results. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      apiMessage: this.apiMessage,
      retryable: this.retryable,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}
