/** The kinds of failure a tool reports; each maps to one actionable sentence for the model. */
export type ToolErrorKind =
  | "invalid_input"
  | "not_found"
  | "authentication"
  | "permission"
  | "rate_limited"
  | "upstream_unavailable"
  | "timeout"
  | "internal";

/**
 * A failure a tool handler reports on purpose. Its message is shown to the model as the tool result, so
 * write it as one sentence: what failed, why, and what to do next.
 */
export class ToolError extends Error {
  override name = "ToolError";
  readonly kind: ToolErrorKind;
  /** Seconds after which a retry may succeed (rate limits). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: ToolErrorKind,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** The arguments break a rule the schema could not express (for example end_date before start_date). */
export class InvalidInputError extends ToolError {
  override name = "InvalidInputError";
  /** @param field the argument that is wrong, named as the tool's input names it */
  constructor(
    readonly field: string,
    rule: string,
  ) {
    super("invalid_input", `Invalid ${field}: ${rule}`);
  }
}

export class NotFoundError extends ToolError {
  override name = "NotFoundError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("not_found", message, options);
  }
}

export class AuthenticationError extends ToolError {
  override name = "AuthenticationError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("authentication", message, options);
  }
}

export class PermissionError extends ToolError {
  override name = "PermissionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("permission", message, options);
  }
}

export class RateLimitedError extends ToolError {
  override name = "RateLimitedError";
  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super("rate_limited", message, options);
  }
}

export class UpstreamUnavailableError extends ToolError {
  override name = "UpstreamUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("upstream_unavailable", message, options);
  }
}

export class ToolTimeoutError extends ToolError {
  override name = "ToolTimeoutError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("timeout", message, options);
  }
}

/** What a mapper knows about the call whose error it maps. */
export interface ErrorContext {
  /**
   * Where the upstream credential came from: the server's own settings (an environment variable the operator
   * set), or this request (a header, or an OAuth sign-in), which the user changes in their connector instead.
   */
  credentialFrom: "server" | "request";
}

/** Turns an app's own errors (for example an API client's) into ToolErrors; return undefined to pass. */
export type ErrorMapper = (error: unknown, context: ErrorContext) => ToolError | undefined;

const GENERIC_MESSAGE = "The tool failed unexpectedly; try again, and report it if it keeps happening.";

/**
 * The ToolError for anything a handler threw: the app's mapper first, then ToolErrors as they are, then
 * aborts and timeouts by their standard names; anything else becomes a generic message, so internal
 * details and stack traces never reach the model.
 */
export function toToolError(
  error: unknown,
  mapError?: ErrorMapper,
  context: ErrorContext = { credentialFrom: "server" },
): ToolError {
  const mapped = mapError?.(error, context);
  if (mapped) return mapped;
  if (error instanceof ToolError) return error;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return error.name === "TimeoutError"
      ? new ToolTimeoutError("The request timed out; try again, or ask for a smaller range.")
      : new ToolTimeoutError("The request was cancelled before it finished.");
  }
  return new ToolError("internal", GENERIC_MESSAGE);
}
