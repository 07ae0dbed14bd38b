/**
 * Waits until one more upstream request may go out, resolving whether the request had to wait for its turn;
 * rejects with the signal's reason if it aborts first.
 */
export interface RequestLimiter {
  acquire(signal?: AbortSignal): Promise<boolean>;
}

/** Small values kept between calls (an athlete's time zone, a gear list), each with a lifetime. */
export interface SharedCache {
  /** The value, or undefined when there is none, it expired, or the store cannot be reached. */
  get(key: string): Promise<string | undefined>;
  /** Keeps `value` for `ttlSeconds`; a store that cannot be reached keeps nothing and does not throw. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** At most `max` upstream requests in any window of `windowSeconds` (the API's own limit per credential). */
export interface UpstreamLimit {
  max: number;
  windowSeconds: number;
}

/**
 * What a server keeps per upstream credential across requests and replicas: its rate limit and small caches.
 * With `REDIS_URL` set (over HTTP), apps get one backed by Redis as `shared` in `AppSpec.create`'s context;
 * entries are found by a SHA-256 digest of the credential, never the credential itself.
 */
export interface SharedState {
  /** How many replicas serve together (`MCP_REPLICAS`, default 1). */
  readonly replicas: number;
  /**
   * The limiter of one credential's upstream requests, shared by every replica. When Redis cannot be reached
   * it falls back to a limit of this process's own, `max` divided by `replicas`, and warns in the log.
   * Keep the limiter per credential: its callers queue in turn.
   * @param scope names the API, so that two servers can share one Redis (`intervals`, `polar`)
   */
  limiter(scope: string, credential: string, limit: UpstreamLimit): RequestLimiter;
  /** The cache of one credential, shared by every replica. */
  cache(scope: string, credential: string): SharedCache;
}

/** What an app's upstream client needs to know of its replicas: hand it on from `create`'s context and settings. */
export interface ScaleOut {
  /** With `REDIS_URL`: each credential's limits and caches, shared by every replica. */
  shared?: SharedState;
  /** `MCP_REPLICAS`: without shared state, each replica keeps this share of a credential's limit. */
  replicas?: number;
}
