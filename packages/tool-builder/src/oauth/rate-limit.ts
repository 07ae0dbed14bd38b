import type { IncomingMessage } from "node:http";

/** At most `max` requests per `windowSeconds` from one client address. */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Limits on the sign-in endpoints, per client address; `false` turns one off. The defaults are far above what
 * a person signing in needs and far below what a script hammering the server sends.
 */
export interface OAuthRateLimits {
  /** Dynamic client registration (`/register`). Default 20 per 15 minutes. */
  register?: RateLimit | false;
  /** Code exchange and refresh (`/token`) and revocation (`/revoke`). Default 60 per minute. */
  token?: RateLimit | false;
  /** The sign-in pages (`/authorize`, the consent form, the provider's callback). Default 60 per minute. */
  authorize?: RateLimit | false;
}

export const DEFAULT_RATE_LIMITS: Required<OAuthRateLimits> = {
  register: { max: 20, windowSeconds: 15 * 60 },
  token: { max: 60, windowSeconds: 60 },
  authorize: { max: 60, windowSeconds: 60 },
};

/** The most client addresses a limiter remembers; beyond it, the oldest windows are forgotten first. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * A fixed window per client address. `take` counts a request and returns 0 when it may proceed, or the
 * seconds until its window ends (for `Retry-After`) when it may not.
 */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  const windowMs = limit.windowSeconds * 1000;
  return {
    take(client: string): number {
      const time = now();
      let window = windows.get(client);
      if (!window || time - window.start >= windowMs) {
        windows.delete(client);
        if (windows.size >= MAX_TRACKED_CLIENTS) {
          // Map keeps insertion order, and a window is re-inserted when it starts: the first is the oldest.
          for (const [key, old] of windows) {
            if (time - old.start < windowMs && windows.size < MAX_TRACKED_CLIENTS) break;
            windows.delete(key);
          }
        }
        window = { start: time, count: 0 };
        windows.set(client, window);
      }
      window.count++;
      return window.count > limit.max ? Math.max(1, Math.ceil((window.start + windowMs - time) / 1000)) : 0;
    },
    /** How many client addresses are remembered (for tests of the memory bound). */
    get size() {
      return windows.size;
    },
  };
}

/**
 * The address a request comes from: the socket's peer, or, behind a proxy you trust (`trustProxy`), the
 * address that proxy saw, which it appended last to `X-Forwarded-For` (earlier entries can be forged).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)?.split(",").at(-1)?.trim();
  return (trustProxy && last) || req.socket.remoteAddress || "unknown";
}
