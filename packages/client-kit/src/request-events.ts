import type { RequestLimiter } from "./rate-limiter.js";

/**
 * What the client reports as it works, for logs and progress: each request once it is answered or has failed
 * (`request`), each retry (`retry`) and each wait for the rate limiter (`rate-limit`). A path is the URL's path
 * below the host, without the query string; no event carries a credential.
 */
export type RequestEvent =
  | {
      type: "request";
      method: string;
      path: string;
      /** The last answer's HTTP status; undefined when none came (network error, timeout, abort). */
      status: number | undefined;
      /** Milliseconds from the first attempt to the end, retries and waits included. */
      ms: number;
      retries: number;
      /** Why the request failed, when it did. */
      error?: string;
    }
  | { type: "retry"; method: string; path: string; retry: number; reason: string }
  | { type: "rate-limit"; method: string; path: string; waitMs: number };

/** The `onEvent` option: called synchronously; whatever it throws is ignored. */
export type RequestEventListener = (event: RequestEvent) => void;

/** Calls the listener, never letting it break a request. */
export function emitter(listener: RequestEventListener | undefined): RequestEventListener {
  if (!listener) return () => {};
  return (event) => {
    try {
      listener(event);
    } catch {
      // A logging or progress listener must not fail the call it observes.
    }
  };
}

/** Why an attempt failed, in a few words: `503`, `timeout`, `network error: …`. */
export function attemptFailure(error: unknown): string {
  // By the errors' names, so that this module does not load ky before the first request (ky names its errors).
  if (!(error instanceof Error)) return String(error);
  if (error.name === "HTTPError" && "response" in error) {
    return String((error as Error & { response: Response }).response.status);
  }
  if (error.name === "TimeoutError") return "timeout";
  // A retry forced by `retryAsAsked` carries the status it retries.
  if (error.name === "ForceRetryError" && "code" in error && typeof error.code === "string")
    return error.code;
  return `${error.name}: ${error.message}`;
}

/**
 * Waits for the rate limiter's turn and reports the wait when the limiter queued the request. A limiter that does
 * not say whether it queued (its `acquire` resolves nothing) is taken to have queued when the wait took 1 ms or more.
 */
export async function waitForTurn(
  limiter: RequestLimiter,
  request: Request,
  emit: RequestEventListener,
): Promise<void> {
  const started = performance.now();
  const queued = await limiter.acquire(request.signal);
  const waitMs = Math.round(performance.now() - started);
  if (queued === true || (typeof queued !== "boolean" && waitMs >= 1))
    emit({ type: "rate-limit", method: request.method, path: new URL(request.url).pathname, waitMs });
}
