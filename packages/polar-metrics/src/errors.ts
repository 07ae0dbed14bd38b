/** What went wrong, in terms a caller can act on. */
export type PolarErrorKind =
  | "auth"
  | "missing_scope"
  | "validation"
  | "not_found"
  | "rate_limited"
  | "server"
  | "timeout"
  | "network"
  | "aborted"
  | "invalid_response"
  | "invalid_input";

/**
 * Base class of every error this package throws. It never holds the access token, the request or the
 * response object, so logging or serializing it is safe.
 */
export class PolarError extends Error {
  override name = "PolarError";
  readonly kind: PolarErrorKind;
  /** The HTTP status, when the API answered. */
  readonly status: number | undefined;

  constructor(kind: PolarErrorKind, message: string, status?: number) {
    super(message);
    this.kind = kind;
    this.status = status;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, kind: this.kind, status: this.status, message: this.message };
  }
}

/** 401: the token is missing, invalid, expired or from the other server (production vs sandbox). */
export class PolarAuthError extends PolarError {
  override name = "PolarAuthError";
  constructor(message: string, status?: number) {
    super("auth", message, status);
  }
}

/** 403: the token lacks a scope; `scope` names it (e.g. `metrics:read`). */
export class PolarScopeError extends PolarError {
  override name = "PolarScopeError";
  readonly scope: string;
  constructor(scope: string, message: string) {
    super("missing_scope", message, 403);
    this.scope = scope;
  }
}

/** One problem the API found with a request (`detail[]` of a 422 body). */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
}

/** 422: the API rejected the parameters; `issues` carries its `detail[].msg`. */
export class PolarValidationError extends PolarError {
  override name = "PolarValidationError";
  readonly issues: ValidationIssue[];
  constructor(message: string, issues: ValidationIssue[]) {
    super("validation", message, 422);
    this.issues = issues;
  }
}

/** 404: no such resource, or an unsupported `Polar-Version`. */
export class PolarNotFoundError extends PolarError {
  override name = "PolarNotFoundError";
  constructor(message: string) {
    super("not_found", message, 404);
  }
}

/** 429 after the retries ran out; `retryAfterSeconds` is the API's advice when it gave one. */
export class PolarRateLimitError extends PolarError {
  override name = "PolarRateLimitError";
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, retryAfterSeconds: number | undefined) {
    super("rate_limited", message, 429);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 5xx after the retries ran out. */
export class PolarServerError extends PolarError {
  override name = "PolarServerError";
  constructor(message: string, status: number) {
    super("server", message, status);
  }
}

/** No answer within `timeoutMs`. */
export class PolarTimeoutError extends PolarError {
  override name = "PolarTimeoutError";
  constructor(message: string) {
    super("timeout", message);
  }
}

/** The connection failed (DNS, refused, reset). */
export class PolarNetworkError extends PolarError {
  override name = "PolarNetworkError";
  constructor(message: string) {
    super("network", message);
  }
}

/** The caller's `AbortSignal` fired. */
export class PolarAbortError extends PolarError {
  override name = "PolarAbortError";
  constructor() {
    super("aborted", "The request to Polar was aborted by the caller.");
  }
}

/** The API answered with a body this client cannot read (HTML, broken JSON, unexpected shape). */
export class PolarResponseError extends PolarError {
  override name = "PolarResponseError";
  constructor(message: string, status?: number) {
    super("invalid_response", message, status);
  }
}

/** The caller's input was rejected before any request: bad preset, date, interval, query. */
export class PolarInputError extends PolarError {
  override name = "PolarInputError";
  /** A valid example to copy, when one helps. */
  readonly example: string | undefined;
  constructor(message: string, example?: string) {
    super("invalid_input", example ? `${message} Example: ${example}` : message);
    this.example = example;
  }
}

/** A metric name Polar does not have; `suggestions` lists the closest slugs. */
export class UnknownMetricError extends PolarInputError {
  override name = "UnknownMetricError";
  readonly metric: string;
  readonly suggestions: string[];
  constructor(metric: string, message: string, suggestions: string[]) {
    super(message);
    this.metric = metric;
    this.suggestions = suggestions;
  }
}

/** A query the SQL-like language does not accept; the message names the part and `example` shows a valid one. */
export class QueryError extends PolarInputError {
  override name = "QueryError";
}
