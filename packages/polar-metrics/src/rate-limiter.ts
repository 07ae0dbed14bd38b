import { type RequestLimiter, TokenBucket } from "@mcp-connectors/client-kit";
import type { PolarServer } from "./servers.js";

export type { RequestLimiter } from "@mcp-connectors/client-kit";

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
 * A token bucket for every request made with one token, in Polar's per-minute units (the one token bucket of
 * both clients, from the client kit); waiters are served first come, first served.
 */
export class RequestRateLimiter extends TokenBucket {
  constructor(options: Required<RateLimitOptions>) {
    if (!(options.requestsPerMinute > 0) || !(options.burst >= 1)) {
      throw new RangeError("rateLimit needs requestsPerMinute > 0 and burst >= 1.");
    }
    super({ rate: options.requestsPerMinute, periodMs: 60_000, burst: options.burst });
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
