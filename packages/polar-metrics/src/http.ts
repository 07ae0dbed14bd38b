import {
  attemptFailure,
  emitter,
  fetchWithBodyLimit,
  type KyModule,
  loadKy,
  parseAnswer,
  parseRetryAfter,
  type RequestEventListener,
  retryAsAsked,
  timeLimitHit,
  waitForTurn,
} from "@mcp-connectors/client-kit";
import { createRedactor, type Redactor } from "@mcp-connectors/redact";
import type { HTTPError, KyInstance } from "ky";
import type { z } from "zod";
import {
  PolarAuthError,
  PolarError,
  type PolarErrorDetails,
  PolarNetworkError,
  PolarNotFoundError,
  PolarRateLimitError,
  PolarResponseError,
  PolarResponseTooLargeError,
  PolarScopeError,
  PolarServerError,
  PolarTimeoutError,
  PolarValidationError,
} from "./errors.js";
import type { RequestLimiter } from "./rate-limiter.js";
import { validationBodySchema } from "./schemas.js";

/** The most bytes one answer may have unless `maxResponseBytes` says otherwise; Polar's largest are ~1 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Query parameters; arrays become repeated keys (`metrics=a&metrics=b`), undefined values are left out. */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface HttpOptions {
  baseUrl: string;
  accessToken: string | undefined;
  serverName: string;
  timeoutMs: number;
  /** The whole call's time limit, retries and waits included; undefined for none. */
  totalTimeoutMs: number | undefined;
  retryLimit: number;
  maxRetryDelayMs: number;
  fetch: typeof globalThis.fetch | undefined;
  /** The most bytes one answer may have; the time limit of an attempt covers reading them. */
  maxResponseBytes: number;
  /** Shared by every client of the same token; each attempt, retries included, waits for its turn. */
  rateLimiter: RequestLimiter | undefined;
  onEvent: RequestEventListener | undefined;
}

export type HttpGet = <T>(
  path: string,
  params: QueryParams,
  schema: z.ZodType<T>,
  signal?: AbortSignal,
) => Promise<T>;

const NO_TOKEN =
  "No Polar access token is configured. Create an Organization Access Token in Polar (Organization Settings → Developers → New Token) with the scope metrics:read; Polar shows it only once.";

/** The one place requests are made, retried and turned into typed errors. */
export function createHttpGet(options: HttpOptions): HttpGet {
  // Every encoding of the token: an upstream or a proxy may echo the Authorization header in an error body.
  const redact = createRedactor([options.accessToken]);
  const emit = emitter(options.onEvent);
  const limiter = options.rateLimiter;
  const waitForToken = async ({ request }: { request: Request }) => {
    if (limiter) await waitForTurn(limiter, request, emit);
  };
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, "");
  const createApi = (kyModule: KyModule): KyInstance =>
    kyModule.default.create({
      prefix: options.baseUrl,
      timeout: options.timeoutMs,
      totalTimeout: options.totalTimeoutMs ?? false,
      retry: {
        limit: options.retryLimit,
        methods: ["get"],
        // 429 and 503 are retried by `retryAsAsked`, after the wait their Retry-After asks; ky reads none itself.
        statusCodes: [408, 500, 502, 504],
        afterStatusCodes: [],
        backoffLimit: options.maxRetryDelayMs,
        retryOnTimeout: true,
      },
      headers: { "Polar-Version": "2026-04", Accept: "application/json" },
      hooks: {
        // The token lives only in this closure, never on an object a caller could print.
        beforeRequest: [
          ({ request }) => request.headers.set("Authorization", `Bearer ${options.accessToken}`),
          waitForToken,
        ],
        beforeRetry: [waitForToken],
        // A wait longer than the retry budget is reported at once ("Wait N seconds"), not slept through.
        afterResponse: [retryAsAsked(kyModule, options.maxRetryDelayMs)],
      },
      fetch: fetchWithBodyLimit(
        options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        options.maxResponseBytes,
        ({ method, path, status, maxBytes }) =>
          new PolarResponseTooLargeError(
            `Polar answered ${path} with more than ${maxBytes} bytes, far more than any of its answers, so the client stopped reading; check that the base URL reaches Polar's API (maxResponseBytes sets the limit).`,
            maxBytes,
            { method, path, status },
          ),
      ),
    });
  let api: KyInstance | undefined;

  return async <T>(
    path: string,
    params: QueryParams,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<T> => {
    if (!options.accessToken)
      throw new PolarAuthError(NO_TOKEN, { method: "GET", path: `${basePath}/${path}` });
    const urlPath = `${basePath}/${path}`;
    const started = performance.now();
    let lastStatus: number | undefined;
    let retries = 0;
    const ended = (error?: string) =>
      emit({
        type: "request",
        method: "GET",
        path: urlPath,
        status: lastStatus,
        ms: Math.round(performance.now() - started),
        retries,
        ...(error !== undefined && { error }),
      });
    const ky = await loadKy();
    api ??= createApi(ky);
    let text: string;
    let status: number;
    try {
      const response = await api.get(path, {
        searchParams: toSearchParams(params),
        ...(signal ? { signal } : {}),
        hooks: {
          afterResponse: [
            ({ response }) => {
              lastStatus = response.status;
            },
          ],
          beforeRetry: [
            ({ error, retryCount }) => {
              retries = retryCount;
              emit({
                type: "retry",
                method: "GET",
                path: urlPath,
                retry: retryCount,
                reason: attemptFailure(error),
              });
            },
          ],
        },
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const request = { path, urlPath, elapsedMs: performance.now() - started };
      const failure = toPolarError(error, request, { ...options, redact, ky });
      ended(failure instanceof Error ? failure.message : String(failure));
      throw failure;
    }
    const answer = await parseAnswer(text, schema);
    if (answer.ok) {
      ended();
      return answer.value;
    }
    const details = { method: "GET", path: urlPath, status };
    const failure =
      answer.reason === "not_json"
        ? new PolarServerError(
            `Polar answered ${path} with a body that is ${answer.problem}. Try again later.`,
            details,
          )
        : new PolarResponseError(
            `Polar answered ${path} with an unexpected shape at ${answer.problem}.`,
            answer.field,
            details,
          );
    ended(failure.message);
    throw failure;
  };
}

function toSearchParams(params: QueryParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  return search;
}

type ErrorContext = HttpOptions & { redact: Redactor; ky: KyModule };

/** The request that failed: its path below the base URL, its URL path, and how long it had run. */
interface FailedRequest {
  path: string;
  urlPath: string;
  elapsedMs: number;
}

/**
 * Turns whatever ky threw into one of the library's errors, keeping nothing that could hold the token. The
 * library's own errors (an answer over the size limit) and the caller's abort pass through, as in the
 * Intervals.icu client.
 */
function toPolarError(error: unknown, request: FailedRequest, options: ErrorContext): unknown {
  if (error instanceof PolarError) return error;
  const { path, urlPath } = request;
  const details = { method: "GET", path: urlPath };
  const { isHTTPError, isNetworkError, isTimeoutError } = options.ky;
  if (isTimeoutError(error)) {
    const total = options.totalTimeoutMs;
    if (total !== undefined && timeLimitHit(request.elapsedMs, total) === "call") {
      return new PolarTimeoutError(
        `Polar did not answer ${path} within ${total} ms, retries included. Try again, or raise totalTimeoutMs.`,
        { timeoutMs: total, limit: "call" },
        details,
      );
    }
    return new PolarTimeoutError(
      `Polar did not answer ${path} within ${options.timeoutMs} ms. Try again, or raise timeoutMs.`,
      { timeoutMs: options.timeoutMs, limit: "attempt" },
      details,
    );
  }
  if (isHTTPError(error)) return fromResponse(error, path, details, options);
  if (isNetworkError(error)) {
    return new PolarNetworkError(
      `Could not reach Polar at ${options.baseUrl} (${path}): ${options.redact(describeCause(error))}. Check the network and the base URL.`,
      details,
    );
  }
  return error;
}

function fromResponse(
  error: HTTPError,
  path: string,
  request: PolarErrorDetails,
  options: ErrorContext,
): PolarError {
  const { status, headers } = error.response;
  const body = redactBody(error.data, options.redact);
  const detail = readDetail(body);
  const details = { ...request, status, apiMessage: detail === "no detail" ? undefined : detail };
  if (status === 401) {
    return new PolarAuthError(
      `Polar rejected the access token (401 ${detail}) on the ${options.serverName} server. The token may be mistyped, expired or revoked, or belong to the other server (sandbox and production have separate tokens). Create a new Organization Access Token (Organization Settings → Developers → New Token) with the scope metrics:read; Polar shows it only once.`,
      details,
    );
  }
  if (status === 403) {
    const scope =
      /scope="([^"]+)"/.exec(options.redact(headers.get("WWW-Authenticate") ?? ""))?.[1] ?? scopeFor(path);
    return new PolarScopeError(
      scope,
      `The access token lacks the scope ${scope} needed for ${path}. Create a token that includes ${scope} (Organization Settings → Developers).`,
      details,
    );
  }
  if (status === 404) {
    return new PolarNotFoundError(
      `Polar found nothing at ${path} (404 ${detail}). Check the base URL and the ids.`,
      details,
    );
  }
  if (status === 429) {
    const seconds = parseRetryAfter(headers.get("Retry-After"));
    const wait = seconds === undefined ? "a minute" : `${seconds} seconds`;
    return new PolarRateLimitError(
      `Polar's rate limit was hit (500 requests a minute in production, 100 in the sandbox) and the retries ran out. Wait ${wait} before trying again.`,
      { ...details, retryAfterSeconds: seconds },
    );
  }
  if (status >= 500) {
    return new PolarServerError(
      `Polar failed with ${status} on ${path} after retries. Try again later.`,
      details,
    );
  }
  const issues = validationBodySchema.safeParse(body);
  const list = issues.success ? issues.data.detail : [];
  const messages = list.map(
    (issue) => `${issue.loc.filter((part) => part !== "query").join(".")}: ${issue.msg}`,
  );
  return new PolarValidationError(
    `Polar rejected the request to ${path} (${status}): ${messages.join("; ") || detail}.`,
    list.map(({ loc, msg }) => ({ loc, msg })),
    details,
  );
}

/** The error body with the token scrubbed, before any of it is read or cut. */
function redactBody(body: unknown, redact: Redactor): unknown {
  if (typeof body === "string") return redact(body);
  if (body === undefined) return body;
  const json = JSON.stringify(body);
  const clean = redact(json);
  return clean === json ? body : JSON.parse(clean);
}

function scopeFor(path: string): string {
  return path.includes("products") ? "products:read" : "metrics:read";
}

function readDetail(body: unknown): string {
  if (body && typeof body === "object" && "detail" in body && typeof body.detail === "string")
    return body.detail;
  if (typeof body === "string") return describeBody(body);
  return "no detail";
}

function describeBody(text: string): string {
  if (/^\s*</.test(text)) return "an HTML page";
  return text.length > 80 ? `${text.slice(0, 80)}…` : text || "empty";
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
