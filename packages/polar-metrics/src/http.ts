import { createRedactor, type Redactor } from "@mcp-connectors/redact";
import type { HTTPError, KyInstance } from "ky";
import type { z } from "zod";
import {
  PolarAbortError,
  PolarAuthError,
  PolarError,
  PolarNetworkError,
  PolarNotFoundError,
  PolarRateLimitError,
  PolarResponseError,
  PolarScopeError,
  PolarServerError,
  PolarTimeoutError,
  PolarValidationError,
} from "./errors.js";
import { type KyModule, loadKy } from "./load-ky.js";
import type { RequestLimiter } from "./rate-limiter.js";
import { fetchWithWholeBody } from "./read-body.js";
import { attemptFailure, emitter, type RequestEventListener, timedWait } from "./request-events.js";
import { validationBodySchema } from "./schemas.js";

/** Query parameters; arrays become repeated keys (`metrics=a&metrics=b`), undefined values are left out. */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface HttpOptions {
  baseUrl: string;
  accessToken: string | undefined;
  serverName: string;
  timeoutMs: number;
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
  const waitForTurn = async ({ request }: { request: Request }) => {
    if (limiter) await timedWait(() => limiter.acquire(request.signal), request, emit);
  };
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, "");
  const createApi = ({ default: ky, isHTTPError }: KyModule): KyInstance =>
    ky.create({
      prefix: options.baseUrl,
      timeout: options.timeoutMs,
      retry: {
        limit: options.retryLimit,
        methods: ["get"],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: options.maxRetryDelayMs,
        backoffLimit: options.maxRetryDelayMs,
        retryOnTimeout: true,
        // A wait longer than the retry budget is reported at once ("Wait N seconds"), not slept through.
        shouldRetry: ({ error }) => {
          if (!isHTTPError(error)) return undefined;
          return Number(error.response.headers.get("Retry-After")) * 1000 > options.maxRetryDelayMs
            ? false
            : undefined;
        },
      },
      headers: { "Polar-Version": "2026-04", Accept: "application/json" },
      hooks: {
        // The token lives only in this closure, never on an object a caller could print.
        beforeRequest: [
          ({ request }) => request.headers.set("Authorization", `Bearer ${options.accessToken}`),
          waitForTurn,
        ],
        beforeRetry: [waitForTurn],
      },
      fetch: fetchWithWholeBody(
        options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        options.maxResponseBytes,
      ),
    });
  let api: KyInstance | undefined;

  return async <T>(
    path: string,
    params: QueryParams,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<T> => {
    if (!options.accessToken) throw new PolarAuthError(NO_TOKEN);
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
      const failure = await toPolarError(error, path, { ...options, redact, ky }, signal);
      ended(failure.message);
      throw failure;
    }
    ended();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new PolarResponseError(
        `Polar answered ${path} with a body that is not JSON (${describeBody(redact(text))}).`,
        status,
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? ` at ${issue.path.join(".") || "top level"}: ${issue.message}` : "";
      throw new PolarResponseError(`Polar answered ${path} with an unexpected shape${where}.`, status);
    }
    return parsed.data;
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

async function toPolarError(
  error: unknown,
  path: string,
  options: ErrorContext,
  signal?: AbortSignal,
): Promise<PolarError> {
  if (error instanceof PolarError) return error;
  if (signal?.aborted) return new PolarAbortError();
  const { HTTPError, NetworkError, TimeoutError } = options.ky;
  if (error instanceof TimeoutError) {
    return new PolarTimeoutError(
      `Polar did not answer ${path} within ${options.timeoutMs} ms. Try again, or raise timeoutMs.`,
    );
  }
  if (error instanceof HTTPError) return fromResponse(error, path, options);
  if (error instanceof NetworkError || error instanceof TypeError) {
    return new PolarNetworkError(
      `Could not reach Polar at ${options.baseUrl} (${path}): ${options.redact(describeCause(error))}. Check the network and the base URL.`,
    );
  }
  return new PolarNetworkError(
    `The request to Polar (${path}) failed: ${options.redact(describeCause(error))}.`,
  );
}

function fromResponse(error: HTTPError, path: string, options: ErrorContext): PolarError {
  const { status, headers } = error.response;
  const body = redactBody(error.data, options.redact);
  const detail = readDetail(body);
  if (status === 401) {
    return new PolarAuthError(
      `Polar rejected the access token (401 ${detail}) on the ${options.serverName} server. The token may be mistyped, expired or revoked, or belong to the other server (sandbox and production have separate tokens). Create a new Organization Access Token (Organization Settings → Developers → New Token) with the scope metrics:read; Polar shows it only once.`,
      401,
    );
  }
  if (status === 403) {
    const scope =
      /scope="([^"]+)"/.exec(options.redact(headers.get("WWW-Authenticate") ?? ""))?.[1] ?? scopeFor(path);
    return new PolarScopeError(
      scope,
      `The access token lacks the scope ${scope} needed for ${path}. Create a token that includes ${scope} (Organization Settings → Developers).`,
    );
  }
  if (status === 422) {
    const issues = validationBodySchema.safeParse(body);
    const list = issues.success ? issues.data.detail : [];
    const messages = list.map(
      (issue) => `${issue.loc.filter((part) => part !== "query").join(".")}: ${issue.msg}`,
    );
    return new PolarValidationError(
      `Polar rejected the request to ${path}: ${messages.join("; ") || detail}.`,
      list.map(({ loc, msg }) => ({ loc, msg })),
    );
  }
  if (status === 404) {
    return new PolarNotFoundError(
      `Polar found nothing at ${path} (404 ${detail}). Check the base URL and the ids.`,
    );
  }
  if (status === 429) {
    const retryAfter = Number(headers.get("Retry-After"));
    const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
    return new PolarRateLimitError(
      `Polar's rate limit was hit (500 requests a minute in production, 100 in the sandbox) and the retries ran out. Wait ${seconds ?? "a minute"}${seconds ? " seconds" : ""} before trying again.`,
      seconds,
    );
  }
  if (status >= 500) {
    return new PolarServerError(
      `Polar failed with ${status} on ${path} after retries. Try again later.`,
      status,
    );
  }
  return new PolarResponseError(
    `Polar answered ${path} with an unexpected status ${status} (${detail}).`,
    status,
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
