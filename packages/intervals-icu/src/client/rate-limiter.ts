import { type RequestLimiter, TokenBucket } from "@mcp-connectors/client-kit";

export type { RequestLimiter } from "@mcp-connectors/client-kit";

/** How fast the client may send requests. */
export interface RateLimitOptions {
  /** Sustained rate, in requests per second. Default 10, the rate the API's developer states. */
  requestsPerSecond?: number;
  /** How many requests may go out at once after a quiet spell. Default 10. */
  burst?: number;
}

/** The client's own limiter: a token bucket in requests per second, shared by every request of its state. */
export function createRateLimiter(options: RateLimitOptions = {}): RequestLimiter {
  const requestsPerSecond = options.requestsPerSecond ?? 10;
  const burst = options.burst ?? 10;
  if (!(requestsPerSecond > 0) || !(burst >= 1)) {
    throw new RangeError("rateLimit needs requestsPerSecond > 0 and burst >= 1.");
  }
  return new TokenBucket({ rate: requestsPerSecond, periodMs: 1000, burst });
}
