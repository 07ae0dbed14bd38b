/**
 * Decides when each request may go out. The clients' own is a {@link TokenBucket}; a server with several replicas
 * passes one that shares the credential's limit between them (through Redis, say), since APIs limit the credential.
 */
export interface RequestLimiter {
  /**
   * Resolves when one request may be sent; rejects with the signal's reason if it aborts first. Resolves `true`
   * when the request had to queue for its turn and `false` when it went at once; a limiter that does not say
   * (resolves nothing) has its wait timed instead.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a limiter written as `Promise<void>` (resolving nothing) still fits
  acquire(signal?: AbortSignal): Promise<boolean | undefined | void>;
}

/** The time a limiter reads and the timer it sleeps on; tests pass a fake one. */
export interface LimiterClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
}

export interface TokenBucketOptions {
  /** Sustained rate: how many requests per `periodMs`. */
  rate: number;
  /** The period `rate` counts in, in milliseconds: 1000 for requests per second, 60 000 per minute. */
  periodMs: number;
  /** How many requests may go out at once after a quiet spell (the bucket's size). */
  burst: number;
  /** Default: `performance.now` and `setTimeout`. */
  clock?: LimiterClock;
}

/** Floating-point slack, so that a token due at a whole millisecond is not taken for one due a millisecond later. */
const SLACK = 1e-6;

const realClock: LimiterClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
};

interface Waiter {
  release: () => void;
}

/**
 * A token bucket: `burst` tokens, refilled at `rate` per `periodMs`, one per request. No window of `periodMs`
 * lets more than `burst + rate` requests through. Waiters are served first come, first served, so concurrent
 * callers cannot starve one another.
 * @example new TokenBucket({ rate: 10, periodMs: 1000, burst: 10 }) // 10 requests a second
 */
export class TokenBucket implements RequestLimiter {
  readonly #tokensPerMs: number;
  readonly #capacity: number;
  readonly #clock: LimiterClock;
  #tokens: number;
  #updatedAt: number;
  readonly #queue: Waiter[] = [];
  #timerSet = false;

  constructor(options: TokenBucketOptions) {
    if (!(options.rate > 0) || !(options.periodMs > 0) || !(options.burst >= 1)) {
      throw new RangeError("A token bucket needs a rate > 0, a period > 0 and a burst >= 1.");
    }
    this.#tokensPerMs = options.rate / options.periodMs;
    this.#capacity = options.burst;
    this.#tokens = options.burst;
    this.#clock = options.clock ?? realClock;
    this.#updatedAt = this.#clock.now();
  }

  /** Resolves `false` when a token was free, `true` once a queued request's turn came; rejects on abort. */
  acquire(signal?: AbortSignal): Promise<boolean> {
    signal?.throwIfAborted();
    this.#refill();
    if (this.#queue.length === 0 && this.#hasToken()) {
      this.#tokens -= 1;
      return Promise.resolve(false);
    }
    return new Promise<boolean>((resolve, reject) => {
      const onAbort = () => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        release: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(true);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      this.#wake();
    });
  }

  #hasToken(): boolean {
    return this.#tokens >= 1 - SLACK;
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#tokensPerMs);
    this.#updatedAt = now;
  }

  /** Sleeps until the next token is due, then serves the queue's head while tokens last. */
  #wake(): void {
    if (this.#timerSet || this.#queue.length === 0) return;
    this.#timerSet = true;
    const dueInMs = Math.ceil(Math.max(0, 1 - this.#tokens) / this.#tokensPerMs - SLACK);
    this.#clock.setTimeout(() => {
      this.#timerSet = false;
      this.#refill();
      for (let waiter = this.#queue[0]; waiter && this.#hasToken(); waiter = this.#queue[0]) {
        this.#queue.shift();
        this.#tokens -= 1;
        waiter.release();
      }
      this.#wake();
    }, dueInMs);
  }
}
