import {
  attemptFailure,
  emitter,
  fetchWithBodyLimit,
  type KyModule,
  loadKy,
  parseAnswer,
  type RequestEventListener,
  retryAsAsked,
  waitForTurn,
} from "@mcp-connectors/client-kit";
import { createRedactor } from "@mcp-connectors/redact";
import type { KyInstance, RetryOptions as KyRetryOptions } from "ky";
import type { z } from "zod";
import {
  IntervalsResponseError,
  IntervalsResponseTooLargeError,
  IntervalsServerError,
} from "../errors/index.js";
import { lenient } from "../schemas/lenient.js";
import { toIntervalsError } from "./map-error.js";
import type { RequestLimiter } from "./rate-limiter.js";
import type { RetryOptions } from "./request-options.js";

/** How the transport authenticates: Basic with the literal user `API_KEY`, or Bearer. */
export type Credential = { type: "apiKey"; apiKey: string } | { type: "accessToken"; accessToken: string };

export interface TransportOptions {
  credential: Credential;
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
  totalTimeoutMs: number | undefined;
  retry: Required<RetryOptions> | false;
  rateLimiter: RequestLimiter | undefined;
  fetch: typeof globalThis.fetch | undefined;
  /** The most bytes one answer may have; each attempt's time limit covers reading them. */
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  onEvent: RequestEventListener | undefined;
}

/** One API call: where to send it, what to send, and the schema its JSON answer must satisfy. */
export interface ApiCall<Schema extends z.ZodType> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path below the base URL, e.g. `/athlete/0/activities`. */
  path: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  schema: Schema;
  /** Set for a POST that is safe to repeat (an upsert), so it is retried like GET/PUT/DELETE. */
  repeatable?: boolean;
  signal?: AbortSignal | undefined;
}

/** Sends API calls; shared by every resource group and by clients derived with `forAthlete`. */
export interface Transport {
  send<Schema extends z.ZodType>(call: ApiCall<Schema>): Promise<z.output<Schema>>;
}

// 429 and 503 too, by \`retryAsAsked\`, which honours their Retry-After.
const retriedStatusCodes = [500, 502, 504, 520, 521, 522, 523, 524];
const idempotentMethods: NonNullable<KyRetryOptions["methods"]> = ["get", "put", "delete"];

export function createTransport(options: TransportOptions): Transport {
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, "");
  const secret =
    options.credential.type === "apiKey" ? options.credential.apiKey : options.credential.accessToken;
  // Every encoding of the key, the Basic header built from it included: an upstream or a proxy may echo it.
  const redact = createRedactor([secret]);
  const emit = emitter(options.onEvent);
  const limiter = options.rateLimiter;
  const waitForToken = limiter
    ? ({ request }: { request: Request }) => waitForTurn(limiter, request, emit)
    : undefined;

  const createApi = (ky: KyModule): KyInstance =>
    ky.default.create({
      prefix: options.baseUrl,
      timeout: options.timeoutMs,
      totalTimeout: options.totalTimeoutMs ?? false,
      headers: {
        authorization: authorizationHeader(options.credential),
        "user-agent": options.userAgent,
      },
      hooks: waitForToken ? { beforeRequest: [waitForToken], beforeRetry: [waitForToken] } : {},
      fetch: fetchWithBodyLimit(
        options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        options.maxResponseBytes,
        (answer) => new IntervalsResponseTooLargeError(answer),
      ),
    });
  let api: KyInstance | undefined;

  return {
    async send<Schema extends z.ZodType>(call: ApiCall<Schema>): Promise<z.output<Schema>> {
      const signals = [options.signal, call.signal].filter((signal) => signal !== undefined);
      const path = basePath + call.path;
      const started = performance.now();
      let status: number | undefined;
      let retries = 0;
      const ended = (error?: string) =>
        emit({
          type: "request",
          method: call.method,
          path,
          status,
          ms: Math.round(performance.now() - started),
          retries,
          ...(error !== undefined && { error }),
        });
      const ky = await loadKy();
      api ??= createApi(ky);
      let response: Response;
      let text: string;
      try {
        response = await api(call.path.replace(/^\//, ""), {
          method: call.method,
          searchParams: call.searchParams,
          json: call.json,
          retry: retryPolicy(options.retry, call.repeatable === true),
          ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
          hooks: {
            afterResponse: [
              ({ response }) => {
                status = response.status;
              },
              ...(options.retry ? [retryAsAsked(ky, options.retry.maxRetryAfterMs)] : []),
            ],
            beforeRetry: [
              ({ error, retryCount }) => {
                retries = retryCount;
                emit({
                  type: "retry",
                  method: call.method,
                  path,
                  retry: retryCount,
                  reason: attemptFailure(error),
                });
              },
            ],
          },
        });
        text = await response.text();
      } catch (error) {
        const failure = toIntervalsError(error, {
          method: call.method,
          path,
          timeoutMs: options.timeoutMs,
          totalTimeoutMs: options.totalTimeoutMs,
          elapsedMs: performance.now() - started,
          redact,
          ky,
        });
        ended(redact(failure instanceof Error ? failure.message : String(failure)));
        throw failure;
      }
      const answer = await parseAnswer(text, lenient(call.schema));
      if (answer.ok) {
        ended();
        return answer.value as z.output<Schema>;
      }
      const details = { method: call.method, path, status: response.status };
      const failure =
        answer.reason === "not_json"
          ? new IntervalsServerError({ ...details, reason: `sent a body that is ${answer.problem}` })
          : new IntervalsResponseError({ ...details, field: answer.field, apiMessage: answer.problem });
      ended(failure.message);
      throw failure;
    },
  };
}

function authorizationHeader(credential: Credential): string {
  if (credential.type === "accessToken") return `Bearer ${credential.accessToken}`;
  return `Basic ${Buffer.from(`API_KEY:${credential.apiKey}`).toString("base64")}`;
}

function retryPolicy(retry: Required<RetryOptions> | false, repeatable: boolean): KyRetryOptions {
  if (retry === false) return { limit: 0 };
  return {
    limit: retry.limit,
    methods: repeatable ? [...idempotentMethods, "post"] : idempotentMethods,
    statusCodes: retriedStatusCodes,
    afterStatusCodes: [], // ky reads no Retry-After of its own
    backoffLimit: retry.maxDelayMs,
    delay: (attempt) => retry.baseDelayMs * 2 ** (attempt - 1),
    // Half fixed, half random: spreads clients out without ever retrying instantly.
    jitter: (delay) => delay / 2 + (Math.random() * delay) / 2,
  };
}
