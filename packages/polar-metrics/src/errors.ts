import { ApiError, type ApiErrorDetails, type ApiErrorKind } from "@mcp-connectors/client-kit";

/**
 * What a caller can do about a {@link PolarError}: the vocabulary both clients share (and the tool-builder's
 * tool errors use), so `invalid_input`, `not_found`, `authentication`, `permission`, `rate_limited`,
 * `upstream_unavailable` or `timeout`. The subclass says what exactly happened.
 */
export type PolarErrorKind = ApiErrorKind;

/** The facts a Polar error carries; none of them can hold the token. */
export type PolarErrorDetails = ApiErrorDetails;

/**
 * Base class of every error this package throws. Catch a subclass to act on what happened, switch on `kind` to
 * act on what to do. The layout (`kind`, `retryable`, `status`, `method`, `path`, `apiMessage`,
 * `retryAfterSeconds`) is `@mcp-connectors/client-kit`'s `ApiError`, the same as the Intervals.icu client's. It
 * never holds the access token, the request or the response object, so logging or serializing it is safe.
 */
export abstract class PolarError extends ApiError {}

/** 401, or no token at all: the token is missing, invalid, expired or from the other server (production vs sandbox). */
export class PolarAuthError extends PolarError {
  readonly kind = "authentication";
  readonly retryable = false;
}

/** 403: the token lacks a scope; `scope` names it (e.g. `metrics:read`). */
export class PolarScopeError extends PolarError {
  readonly kind = "permission";
  readonly retryable = false;
  readonly scope: string;
  constructor(scope: string, message: string, details: PolarErrorDetails = {}) {
    super(message, details);
    this.scope = scope;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), scope: this.scope };
  }
}

/** One problem the API found with a request (`detail[]` of a 422 body). */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
}

/** 422 and other 4xx: the API rejected the parameters; `issues` carries a 422's `detail[].msg`. */
export class PolarValidationError extends PolarError {
  readonly kind = "invalid_input";
  readonly retryable = false;
  readonly issues: ValidationIssue[];
  constructor(message: string, issues: ValidationIssue[], details: PolarErrorDetails = {}) {
    super(message, details);
    this.issues = issues;
  }
}

/** 404: no such resource, or an unsupported `Polar-Version`. */
export class PolarNotFoundError extends PolarError {
  readonly kind = "not_found";
  readonly retryable = false;
}

/**
 * 429 after the retries ran out, or a wait (`retryAfterSeconds`, from `Retry-After` as seconds or as a date)
 * longer than the retry budget.
 */
export class PolarRateLimitError extends PolarError {
  readonly kind = "rate_limited";
  readonly retryable = true;
}

/** 5xx after the retries ran out, or an answer that is not JSON at all (an HTML error page). */
export class PolarServerError extends PolarError {
  readonly kind = "upstream_unavailable";
  readonly retryable = true;
}

/**
 * No answer within a time limit: one attempt's `timeoutMs` (`limit: "attempt"`) or the whole call's
 * `totalTimeoutMs`, retries and waits included (`limit: "call"`).
 */
export class PolarTimeoutError extends PolarError {
  readonly kind = "timeout";
  readonly retryable = true;
  /** The time limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** Which limit ran out: each attempt's (`timeoutMs`) or the whole call's (`totalTimeoutMs`). */
  readonly limit: "attempt" | "call";
  constructor(
    message: string,
    timeout: { timeoutMs: number; limit: "attempt" | "call" },
    details: PolarErrorDetails = {},
  ) {
    super(message, details);
    this.timeoutMs = timeout.timeoutMs;
    this.limit = timeout.limit;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, limit: this.limit };
  }
}

/** The connection failed (DNS, refused, reset). */
export class PolarNetworkError extends PolarError {
  readonly kind = "upstream_unavailable";
  readonly retryable = true;
}

/**
 * JSON that lacks what the result needs; `field` names where (row numbers left out). The same request gets
 * the same answer, so it is not retryable.
 */
export class PolarResponseError extends PolarError {
  readonly kind = "upstream_unavailable";
  readonly retryable = false;
  /** The field that was missing or malformed, e.g. `periods.timestamp`; `(root)` for the whole body. */
  readonly field: string;
  constructor(message: string, field: string, details: PolarErrorDetails = {}) {
    super(message, details);
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** An answer longer than `maxResponseBytes`; the client stopped reading it. Not retryable. */
export class PolarResponseTooLargeError extends PolarError {
  readonly kind = "upstream_unavailable";
  readonly retryable = false;
  /** The limit that was exceeded, in bytes. */
  readonly maxBytes: number;
  constructor(message: string, maxBytes: number, details: PolarErrorDetails = {}) {
    super(message, details);
    this.maxBytes = maxBytes;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxBytes: this.maxBytes };
  }
}

/** The caller's input was rejected before any request: bad preset, date, interval, query. */
export class PolarInputError extends PolarError {
  readonly kind = "invalid_input";
  readonly retryable = false;
  /** A valid example to copy, when one helps. */
  readonly example: string | undefined;
  constructor(message: string, example?: string) {
    super(example ? `${message} Example: ${example}` : message);
    this.example = example;
  }
}

/** A metric name Polar does not have; `suggestions` lists the closest slugs. */
export class UnknownMetricError extends PolarInputError {
  readonly metric: string;
  readonly suggestions: string[];
  constructor(metric: string, message: string, suggestions: string[]) {
    super(message);
    this.metric = metric;
    this.suggestions = suggestions;
  }
}

/** A query the SQL-like language does not accept; the message names the part and `example` shows a valid one. */
export class QueryError extends PolarInputError {}
