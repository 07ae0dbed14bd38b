import type { PolarServer } from "./servers.js";

/** How fast a client may send requests: a sustained rate plus a burst after a quiet spell. */
export interface RateLimitOptions {
  /** Sustained rate, in requests per minute. */
  requestsPerMinute?: number;
  /** How many requests may go out at once after a quiet spell. */
  burst?: number;
}

/** The limits Polar states per token, in requests per minute. */
export const POLAR_RATE_LIMITS: Readonly<Record<PolarServer, number>> = {
  production: 500,
  sandbox: 100,
};

/**
 * A rate that keeps every 60-second window within `limitPerMinute`: a tenth of it as a burst, the rest as the
 * sustained rate (a full bucket plus one minute's refill is exactly the limit).
 * @example rateLimitWithin(500) // { requestsPerMinute: 450, burst: 50 }
 */
export function rateLimitWithin(limitPerMinute: number): Required<RateLimitOptions> {
  const burst = Math.max(1, Math.floor(limitPerMinute / 10));
  return { requestsPerMinute: Math.max(1, limitPerMinute - burst), burst };
}

/**
 * Decides when each request may go out. The client's own is a token bucket; a server with several replicas
 * passes one that shares the token's limit between them (through Redis, say), since Polar limits the token.
 */
export interface RequestLimiter {
  /** Resolves when one request may be sent; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
}

interface Waiter {
  release: () => void;
}

/**
 * A token bucket for every request made with one token, served first come, first served so that concurrent
 * callers cannot starve one another. Parallel to the Intervals client's, with Polar's per-minute units.
 */
export class RequestRateLimiter implements RequestLimiter {
  readonly #tokensPerMs: number;
  readonly #capacity: number;
  #tokens: number;
  #updatedAt = performance.now();
  readonly #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: Required<RateLimitOptions>) {
    if (!(options.requestsPerMinute > 0) || !(options.burst >= 1)) {
      throw new RangeError("rateLimit needs requestsPerMinute > 0 and burst >= 1.");
    }
    this.#tokensPerMs = options.requestsPerMinute / 60_000;
    this.#capacity = options.burst;
    this.#tokens = options.burst;
  }

  /** Resolves when one request may be sent; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.#refill();
    if (this.#queue.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        release: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      this.#wake();
    });
  }

  #refill(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#tokensPerMs);
    this.#updatedAt = now;
  }

  /** Sleeps until the next token is due, then serves the queue's head while tokens last. */
  #wake(): void {
    if (this.#timer !== undefined || this.#queue.length === 0) return;
    const dueInMs = Math.ceil(Math.max(0, 1 - this.#tokens) / this.#tokensPerMs);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#refill();
      for (let waiter = this.#queue[0]; waiter && this.#tokens >= 1; waiter = this.#queue[0]) {
        this.#queue.shift();
        this.#tokens -= 1;
        waiter.release();
      }
      this.#wake();
    }, dueInMs);
  }
}

/**
 * What clients made for one token share: its rate limit, which Polar applies per token. A server that makes a
 * client per request for the request's own token passes each the state kept for that token.
 */
export interface SharedClientState {
  readonly rateLimiter: RequestLimiter | undefined;
}

/**
 * State to pass as `shared` to every client made for one token.
 * @param options.server whose stated limit applies by default (500 a minute in production, 100 in the sandbox)
 * @param options.rateLimit overrides it; `false` turns the limiter off
 * @param options.rateLimiter a limiter of your own instead, such as one that replicas share through Redis
 * @example
 * const state = createSharedState({ server: "sandbox" });
 * const a = createPolarClient({ accessToken, server: "sandbox", shared: state });
 * const b = createPolarClient({ accessToken, server: "sandbox", shared: state }); // one 100/min limit
 */
export function createSharedState(
  options: { server?: PolarServer; rateLimit?: RateLimitOptions | false; rateLimiter?: RequestLimiter } = {},
): SharedClientState {
  if (options.rateLimiter) return { rateLimiter: options.rateLimiter };
  if (options.rateLimit === false) return { rateLimiter: undefined };
  const defaults = rateLimitWithin(POLAR_RATE_LIMITS[options.server ?? "production"]);
  return { rateLimiter: new RequestRateLimiter({ ...defaults, ...options.rateLimit }) };
}
