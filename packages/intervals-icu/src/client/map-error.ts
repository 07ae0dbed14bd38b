import { type KyModule, parseRetryAfter, timeLimitHit } from "@mcp-connectors/client-kit";
import type { HTTPError } from "ky";
import {
  IntervalsAuthenticationError,
  type IntervalsErrorDetails,
  IntervalsNetworkError,
  IntervalsNotFoundError,
  IntervalsPermissionError,
  IntervalsRateLimitError,
  IntervalsServerError,
  IntervalsTimeoutError,
  IntervalsValidationError,
} from "../errors/index.js";

/** What the error mapper knows about the request that failed. */
export interface FailedRequest {
  method: string;
  path: string;
  timeoutMs: number;
  /** The whole call's time limit, in milliseconds, when there is one. */
  totalTimeoutMs: number | undefined;
  /** Milliseconds the call had taken when it failed. */
  elapsedMs: number;
  /** Replaces any credential inside text that came from the network. */
  redact: (text: string) => string;
  /** ky, whose errors these are (loaded with the first request). */
  ky: KyModule;
}

const htmlPage = "the response was an HTML page instead of JSON (often a CDN challenge or outage page)";

/**
 * Turns whatever ky threw into one of the library's errors, keeping nothing that could hold a credential (ky's
 * errors carry the request and its headers). The library's own errors (an answer over the size limit), aborts
 * and programming errors pass through.
 */
export function toIntervalsError(error: unknown, request: FailedRequest): unknown {
  const base = { method: request.method, path: request.path };
  const { HTTPError, isHTTPError, isNetworkError, isTimeoutError } = request.ky;
  if (error instanceof HTTPError || isHTTPError(error)) {
    return fromResponse(error, base, request.redact);
  }
  if (isTimeoutError(error)) {
    const total = request.totalTimeoutMs;
    return total !== undefined && timeLimitHit(request.elapsedMs, total) === "call"
      ? new IntervalsTimeoutError({ ...base, timeoutMs: total, limit: "call" })
      : new IntervalsTimeoutError({ ...base, timeoutMs: request.timeoutMs, limit: "attempt" });
  }
  if (isNetworkError(error)) {
    return new IntervalsNetworkError({ ...base, cause: rootCause(error, request.redact) });
  }
  return error;
}

function fromResponse(
  error: HTTPError,
  base: Pick<IntervalsErrorDetails, "method" | "path">,
  redact: (text: string) => string,
) {
  const status = error.response.status;
  const details: IntervalsErrorDetails = { ...base, status, apiMessage: messageOf(error.data, redact) };
  if (status === 401) return new IntervalsAuthenticationError(details);
  if (status === 403) return new IntervalsPermissionError(details);
  if (status === 404) return new IntervalsNotFoundError(details);
  if (status === 429) {
    return new IntervalsRateLimitError({
      ...details,
      retryAfterSeconds: parseRetryAfter(error.response.headers.get("retry-after")),
    });
  }
  if (status >= 400 && status < 500) return new IntervalsValidationError(details);
  return new IntervalsServerError(details);
}

/** The API's own words from an error body: `{"error": "..."}`, `{"message": "..."}` or short plain text. */
export function messageOf(data: unknown, redact: (text: string) => string): string | undefined {
  if (typeof data === "string") {
    const text = data.trim();
    if (text === "") return undefined;
    if (text.startsWith("<")) return htmlPage;
    // Redacted before it is cut: a cut through a credential would leave its first characters behind.
    const clean = redact(text);
    return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
  }
  if (data && typeof data === "object") {
    const record = data as Record<string, unknown>;
    const message = record.error ?? record.message;
    if (typeof message === "string" && message !== "") return redact(message);
  }
  return undefined;
}

/** The innermost cause of a network failure (`ECONNRESET`, `ENOTFOUND`, …), copied without its objects. */
function rootCause(error: Error, redact: (text: string) => string): Error {
  let current: unknown = error.cause ?? error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const inner = current instanceof Error ? current : error;
  const code = (inner as { code?: unknown }).code;
  const text =
    typeof code === "string" && !inner.message.includes(code) ? `${code}: ${inner.message}` : inner.message;
  return new Error(redact(text));
}
