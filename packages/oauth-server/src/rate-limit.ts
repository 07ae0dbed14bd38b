import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { TokenStore } from "./token-store.js";

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
 * The same fixed window, counted in a shared store (Redis) so that every replica counts the same requests:
 * three replicas give an abuser what one does. The window is named by the limit and a digest of the address.
 * Rejects with the store's error when it cannot be reached (the caller fails the sign-in closed).
 */
export function createSharedRateLimiter(
  name: string,
  limit: RateLimit,
  store: Required<Pick<TokenStore, "countInWindow">>,
) {
  return {
    async take(client: string): Promise<number> {
      const address = createHash("sha256").update(client).digest("base64url").slice(0, 22);
      const { count, secondsLeft } = await store.countInWindow(`${name}:${address}`, limit.windowSeconds);
      return count > limit.max ? secondsLeft : 0;
    },
  };
}

/**
 * What a client is counted by: an IPv4 address, or an IPv6 address's /64 network (one subscriber's
 * allocation, which holds more addresses than a script could ever use up). IPv4-mapped IPv6 addresses count as
 * their IPv4 address; a port or brackets a proxy added are dropped.
 */
export function clientKey(address: string): string {
  const bare =
    /^\[([^\]]+)\](?::\d+)?$/.exec(address)?.[1] ?? address.replace(/^(\d+(?:\.\d+){3}):\d+$/, "$1");
  const host = bare.replace(/%.*$/, "").replace(/^::ffff:(\d+(?:\.\d+){3})$/i, "$1");
  if (isIP(host) !== 6) return host;
  const [left = "", right] = host.split("::");
  const head = left ? left.split(":") : [];
  const tail = right ? right.split(":") : [];
  const groups = [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * The address a request comes from, as {@link clientKey} counts it: the socket's peer, or, behind a proxy you
 * trust (`trustProxy`), the address that proxy saw, which it appended last to `X-Forwarded-For` (earlier
 * entries can be forged).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)?.split(",").at(-1)?.trim();
  return clientKey((trustProxy && last) || req.socket.remoteAddress || "unknown");
}
