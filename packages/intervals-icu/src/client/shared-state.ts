import type { AthleteSettingsCache } from "../resources/athlete.js";
import type { GearCache } from "../resources/gear.js";
import { createRateLimiter, type RateLimitOptions, type RequestLimiter } from "./rate-limiter.js";
import type { ClientStateStore } from "./state-store.js";

export type { ClientStateStore } from "./state-store.js";

/** What a client remembers between calls, per athlete: profile settings (time zone, units) and gear lists. */
export interface ClientCache {
  athleteSettings: AthleteSettingsCache;
  gearLists: GearCache;
  store: ClientStateStore | undefined;
}

/**
 * What clients made for one credential share: its rate limit and what they remember between calls. A server
 * that makes a client per request for the request's own key passes each the state kept for that key, so
 * that the key stays within the API's limit and a call does not fetch the profile again.
 */
export interface SharedClientState {
  readonly rateLimiter: RequestLimiter | undefined;
  readonly cache: ClientCache;
}

/**
 * State to pass as `shared` to every client made for one credential.
 *
 * @example
 * const state = createSharedState();
 * const a = createIntervalsClient({ apiKey, shared: state });
 * const b = createIntervalsClient({ apiKey, shared: state }); // one 10 requests/s limit, one cache
 */
export function createSharedState(options: SharedStateOptions = {}): SharedClientState {
  return {
    rateLimiter:
      options.rateLimiter ?? (options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit)),
    cache: { athleteSettings: new Map(), gearLists: new Map(), store: options.store },
  };
}

export interface SharedStateOptions {
  /** The token bucket's rate (default 10 requests/s, burst 10); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * A limiter of your own instead of the token bucket, such as one that replicas share through Redis; it
   * should hold the key to the API's 10 requests/s.
   */
  rateLimiter?: RequestLimiter;
  /**
   * Keeps time zones and gear lists beyond this process (for a day and an hour), so that other processes
   * using the same credential need not fetch them again.
   */
  store?: ClientStateStore;
}
