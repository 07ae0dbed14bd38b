import type { AthleteSettingsCache } from "../resources/athlete.js";
import type { GearCache } from "../resources/gear.js";
import { type RateLimitOptions, TokenBucket } from "./rate-limiter.js";

/** What a client remembers between calls, per athlete: profile settings (time zone, units) and gear lists. */
export interface ClientCache {
  athleteSettings: AthleteSettingsCache;
  gearLists: GearCache;
}

/**
 * What clients made for one credential share: its rate limit and what they remember between calls. A server
 * that makes a client per request for the request's own key passes each the state kept for that key, so
 * that the key stays within the API's limit and a call does not fetch the profile again.
 */
export interface SharedClientState {
  readonly rateLimiter: TokenBucket | undefined;
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
export function createSharedState(options: { rateLimit?: RateLimitOptions | false } = {}): SharedClientState {
  return {
    rateLimiter: options.rateLimit === false ? undefined : new TokenBucket(options.rateLimit),
    cache: { athleteSettings: new Map(), gearLists: new Map() },
  };
}
