import { ApiError, type ApiErrorDetails, type ApiErrorKind } from "@mcp-connectors/client-kit";

/**
 * What a caller can do about an {@link IntervalsError}: the vocabulary both clients share (and the
 * tool-builder's tool errors use), so `invalid_input`, `not_found`, `authentication`, `permission`,
 * `rate_limited`, `upstream_unavailable` or `timeout`. The subclass says what exactly happened.
 */
export type IntervalsErrorKind = ApiErrorKind;

/** The facts every Intervals.icu error carries; none of them can hold a credential. */
export interface IntervalsErrorDetails extends ApiErrorDetails {
  /** HTTP method of the request, e.g. `GET`. */
  method: string;
  /** URL path of the request, e.g. `/api/v1/athlete/0/activities`, without query or credentials. */
  path: string;
}

/**
 * Base class of every error the client throws for a failed request. Catch a subclass to act on what happened
 * (`IntervalsRateLimitError`, `IntervalsNotFoundError`, …), switch on `kind` to act on what to do, or catch this
 * class to catch them all. The layout (`kind`, `retryable`, `status`, `method`, `path`, `apiMessage`,
 * `retryAfterSeconds`) is `@mcp-connectors/client-kit`'s `ApiError`, the same as the Polar client's.
 *
 * Errors never hold the request, its headers or the API key: `message`, `toString()`, `JSON.stringify()`
 * and `util.inspect()` are safe to log.
 */
export abstract class IntervalsError extends ApiError {
  declare readonly method: string;
  declare readonly path: string;
}

/** `GET /api/v1/athlete/0` — the request as it appears in error messages. */
export function describeRequest(details: IntervalsErrorDetails): string {
  return `${details.method} ${details.path}`;
}

/** ` (422)` or an empty string when there was no status. */
export function statusSuffix(details: IntervalsErrorDetails): string {
  return details.status === undefined ? "" : ` (${details.status})`;
}

/** `: Activity not found` or an empty string when the API gave no message. */
export function apiMessageSuffix(details: IntervalsErrorDetails): string {
  return details.apiMessage ? `: ${details.apiMessage}` : "";
}
