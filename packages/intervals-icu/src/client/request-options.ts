// Options of one request and of its retries: a leaf, so that the resources and the transport can use them
// without importing the client's options (which name the shared state, which names the resources' caches).

/** How failed requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  limit?: number;
  /** Delay before the first retry, in milliseconds; it doubles on each retry (with jitter). Default 500. */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay, in milliseconds. Default 10 000. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client will wait, in milliseconds. A longer one ends the retries with an
   * `IntervalsRateLimitError` that carries `retryAfterSeconds`. Default 60 000.
   */
  maxRetryAfterMs?: number;
}

/** Options every client method accepts as its last argument. */
export interface RequestOptions {
  /** Aborts this request (including any wait for the rate limiter or a retry). */
  signal?: AbortSignal;
}
