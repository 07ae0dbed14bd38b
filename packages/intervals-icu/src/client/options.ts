import type { RequestEventListener } from "@mcp-connectors/client-kit";
import type { RateLimitOptions } from "./rate-limiter.js";
import type { RetryOptions } from "./request-options.js";
import type { SharedClientState } from "./shared-state.js";

export type { RequestOptions, RetryOptions } from "./request-options.js";

interface CommonClientOptions {
  /**
   * Athlete whose data to read and write. `"0"` (the default) means the owner of the key or token;
   * coaches pass an athlete id such as `"i12345"`.
   */
  athleteId?: string | number;
  /** API root including `/api/v1`. Default `https://intervals.icu/api/v1`. */
  baseUrl?: string;
  /** A `fetch` implementation to use instead of the global one (proxies, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /**
   * Time limit of one attempt, in milliseconds, reading the whole answer included. Default 30 000. Each retry
   * gets its own, so a call may take several times this plus the waits between attempts: set
   * `totalTimeoutMs` to bound the whole call.
   */
  timeoutMs?: number;
  /**
   * Time limit of the whole call, in milliseconds: every attempt, the backoff between them and any
   * `Retry-After` wait. Past it the call ends with an `IntervalsTimeoutError` whose `limit` is `"call"`.
   * Default: none (each attempt is still bounded by `timeoutMs`).
   */
  totalTimeoutMs?: number;
  /**
   * The most bytes one answer may have; a longer one is cancelled as it streams in, with an
   * `IntervalsResponseTooLargeError`. Default 32 MiB.
   */
  maxResponseBytes?: number;
  /** Retry policy for 429, 5xx and network errors on GET, PUT and DELETE; `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Client-side token bucket; `false` turns it off. Default 10 requests/s with a burst of 10. */
  rateLimit?: RateLimitOptions | false;
  /**
   * What this client shares with the other clients made for the same credential (`createSharedState`): the
   * rate limit, which the API applies per credential, and what clients remember (athletes' time zones, gear
   * lists). `rateLimit` is then the shared state's. Default: state of this client's own.
   */
  shared?: SharedClientState;
  /**
   * Your application's name and version, e.g. `"my-coach-app/1.2 (me@example.com)"`, sent in front of this
   * library's own `User-Agent` (the API sits behind a CDN that challenges anonymous agents).
   */
  userAgent?: string;
  /** Aborts every request of this client when it fires. */
  signal?: AbortSignal;
  /**
   * Told about each request once it ends (method, path, status, milliseconds, retries), each retry and each
   * wait for the rate limiter: wire it to your logger, or to progress reports. No event carries a credential
   * or a query string; whatever the listener throws is ignored.
   * @example onEvent: (event) => { if (event.type === "retry") console.warn(event) }
   */
  onEvent?: RequestEventListener;
}

/** Personal use: the API key from Intervals.icu → Settings → Developer Settings, sent with HTTP Basic. */
export interface ApiKeyClientOptions extends CommonClientOptions {
  apiKey: string;
  accessToken?: never;
}

/** Apps: an OAuth access token, sent as `Authorization: Bearer`. */
export interface AccessTokenClientOptions extends CommonClientOptions {
  accessToken: string;
  apiKey?: never;
}

/** Options of {@link createIntervalsClient}: one credential plus optional tuning. */
export type IntervalsClientOptions = ApiKeyClientOptions | AccessTokenClientOptions;
