import type { HTTPError } from "ky";
import {
  IntervalsAuthenticationError,
  type IntervalsErrorDetails,
  IntervalsNetworkError,
  IntervalsNotFoundError,
  IntervalsPermissionError,
  IntervalsRateLimitError,
  IntervalsResponseError,
  IntervalsServerError,
  IntervalsTimeoutError,
  IntervalsValidationError,
} from "../errors/index.js";
import type { KyModule } from "./load-ky.js";

/** What the error mapper knows about the request that failed. */
export interface FailedRequest {
  method: string;
  path: string;
  timeoutMs: number;
  /** Replaces any credential inside text that came from the network. */
  redact: (text: string) => string;
  /** ky, whose errors these are (loaded with the first request). */
  ky: KyModule;
}

const htmlPage = "the response was an HTML page instead of JSON (often a CDN challenge or outage page)";

/**
 * Turns whatever ky or the schema threw into one of the library's errors, keeping nothing that could hold a
 * credential (ky's errors carry the request and its headers). Aborts and programming errors pass through.
 */
export function toIntervalsError(error: unknown, request: FailedRequest): unknown {
  const base = { method: request.method, path: request.path };
  const { HTTPError, isHTTPError, isNetworkError, isTimeoutError, SchemaValidationError } = request.ky;
  if (error instanceof HTTPError || isHTTPError(error)) {
    return fromResponse(error, base, request.redact);
  }
  if (isTimeoutError(error)) {
    return new IntervalsTimeoutError({ ...base, timeoutMs: request.timeoutMs });
  }
  if (isNetworkError(error)) {
    return new IntervalsNetworkError({ ...base, cause: rootCause(error, request.redact) });
  }
  if (error instanceof SchemaValidationError) {
    const issue = error.issues[0];
    const path = issue?.path?.map((key) => (typeof key === "object" ? key.key : key)) ?? [];
    const field = path.filter((key) => typeof key === "string").join(".") || "(root)";
    return new IntervalsResponseError({
      ...base,
      status: 200,
      field,
      apiMessage: issue ? `${path.join(".") || "(root)"}: ${issue.message}` : undefined,
    });
  }
  if (error instanceof SyntaxError) {
    return new IntervalsServerError({
      ...base,
      status: 200,
      reason: "sent a response that is not valid JSON",
    });
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
      retryAfterSeconds: retryAfterSeconds(error.response.headers.get("retry-after")),
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

/** `Retry-After` as whole seconds: either delay-seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
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
