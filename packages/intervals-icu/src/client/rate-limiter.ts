/** How fast the client may send requests. */
export interface RateLimitOptions {
  /** Sustained rate, in requests per second. Default 10, the rate the API's developer states. */
  requestsPerSecond?: number;
  /** How many requests may go out at once after a quiet spell. Default 10. */
  burst?: number;
}

/**
 * Decides when each request may go out. The client's own is a token bucket; a server with several replicas
 * passes one that shares the key's limit between them (through Redis, say), since the API limits the key.
 */
export interface RequestLimiter {
  /** Resolves when one request may be sent; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A token bucket shared by every request of a client (and of the clients `forAthlete` derives from it).
 * Waiters are served first come, first served, so concurrent callers cannot starve one another.
 */
export class TokenBucket implements RequestLimiter {
  readonly #ratePerMs: number;
  readonly #capacity: number;
  #tokens: number;
  #refilledAt: number;
  readonly #waiters: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: RateLimitOptions = {}) {
    const requestsPerSecond = options.requestsPerSecond ?? 10;
    const burst = options.burst ?? 10;
    if (!(requestsPerSecond > 0) || !(burst >= 1)) {
      throw new RangeError("rateLimit needs requestsPerSecond > 0 and burst >= 1.");
    }
    this.#ratePerMs = requestsPerSecond / 1000;
    this.#capacity = burst;
    this.#tokens = burst;
    this.#refilledAt = performance.now();
  }

  /** Resolves when a request may be sent; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.#refill();
    if (this.#waiters.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#remove(waiter);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#schedule();
    });
  }

  #refill(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#refilledAt) * this.#ratePerMs);
    this.#refilledAt = now;
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index !== -1) this.#waiters.splice(index, 1);
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#waiters.length === 0) return;
    const wait = Math.max(0, (1 - this.#tokens) / this.#ratePerMs);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#release();
    }, Math.ceil(wait));
  }

  #release(): void {
    this.#refill();
    while (this.#tokens >= 1) {
      const waiter = this.#waiters.shift();
      if (!waiter) break;
      this.#tokens -= 1;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve();
    }
    this.#schedule();
  }
}
