/** What kind of failure an {@link IntervalsError} reports, one value per subclass. */
export type IntervalsErrorKind =
  | "authentication"
  | "permission"
  | "not_found"
  | "validation"
  | "rate_limited"
  | "server"
  | "response"
  | "timeout"
  | "network";

/** The facts every Intervals.icu error carries; none of them can hold a credential. */
export interface IntervalsErrorDetails {
  /** HTTP status of the response, or undefined when none arrived (timeout, network). */
  status?: number | undefined;
  /** HTTP method of the request, e.g. `GET`. */
  method: string;
  /** URL path of the request, e.g. `/api/v1/athlete/0/activities`, without query or credentials. */
  path: string;
  /** The message the API sent in its error body, when it sent one. */
  apiMessage?: string | undefined;
  /** A secret-free description of the underlying failure (e.g. `ECONNRESET`). */
  cause?: Error | undefined;
}

/**
 * Base class of every error the client throws for a failed request. Catch a subclass to act on one kind
 * (`IntervalsRateLimitError`, `IntervalsNotFoundError`, …) or this class to catch them all.
 *
 * Errors never hold the request, its headers or the API key: `message`, `toString()`, `JSON.stringify()`
 * and `util.inspect()` are safe to log.
 */
export abstract class IntervalsError extends Error {
  abstract readonly kind: IntervalsErrorKind;
  /** Whether repeating the same request later may succeed. */
  abstract readonly retryable: boolean;
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly apiMessage: string | undefined;

  constructor(message: string, details: IntervalsErrorDetails) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.apiMessage = details.apiMessage;
  }

  /** The error as plain data, for logs and tool results. */
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
    };
  }
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
