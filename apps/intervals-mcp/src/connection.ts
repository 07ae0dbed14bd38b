import { createHash } from "node:crypto";
import {
  createIntervalsClient,
  createRateLimiter,
  type IntervalsClient,
  localDate,
  type RateLimiter,
  type RateLimitOptions,
} from "@mcp-connectors/intervals-icu";
import { AuthenticationError, type ToolContext } from "@mcp-connectors/tool-builder";
import type { IntervalsConfig } from "./config.js";

/** What a tool call works with: a client for the right athlete and that athlete's calendar. */
export interface Session {
  client: IntervalsClient;
  /** Cancels the upstream requests when the MCP client cancels the call. */
  signal: AbortSignal;
  /** The athlete's local date today, `YYYY-MM-DD`, in the time zone of their Intervals.icu profile. */
  today(): Promise<string>;
}

/** Opens a session for each tool call, from the configured credentials or the request's own key. */
export interface Connection {
  open(context: ToolContext, athleteId: string | undefined): Session;
}

export const MISSING_CREDENTIALS =
  "No Intervals.icu API key is configured: set INTERVALS_API_KEY to the key shown in Intervals.icu → Settings → Developer Settings (over HTTP a request may send it in the x-intervals-api-key header instead), then try again.";

/**
 * @param requestCredential what a request's own credential is: a personal API key (sent with Basic auth),
 *   or with OAuth sign-in the user's access token (sent as Bearer)
 */
export function createConnection(
  config: IntervalsConfig,
  userAgent: string,
  requestCredential: "apiKey" | "accessToken" = "apiKey",
): Connection {
  const rate = { requestsPerSecond: config.maxRequestsPerSecond, burst: config.maxRequestsPerSecond };
  const options = {
    athleteId: config.athleteId,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    retry: { limit: config.maxRetries },
    rateLimit: rate,
    userAgent,
  };
  const configured = config.apiKey
    ? createIntervalsClient({ ...options, apiKey: config.apiKey })
    : config.accessToken
      ? createIntervalsClient({ ...options, accessToken: config.accessToken })
      : undefined;
  const withCredential = (credential: string) =>
    requestCredential === "accessToken"
      ? { ...options, accessToken: credential }
      : { ...options, apiKey: credential };
  const zones = createZoneCache();
  const limiters = createLimiterCache(rate);
  return {
    open(context, athleteId) {
      const signal = context.signal;
      if (configured) {
        const client = athleteId ? configured.forAthlete(athleteId) : configured;
        // The configured client keeps its rate limiter and each athlete's time zone for the server's life.
        return { client, signal, today: () => client.athlete.today({ signal }) };
      }
      if (!context.credential) throw new AuthenticationError(MISSING_CREDENTIALS);
      // A request's own credential gets a client for that call only. What the API limits and what a call
      // would otherwise fetch again is kept here, by a digest of the credential: its rate limiter (the
      // API's limit is per key, whichever request uses it) and its athletes' time zones.
      const keyDigest = digest(context.credential);
      const base = createIntervalsClient({
        ...withCredential(context.credential),
        rateLimit: limiters.get(keyDigest),
      });
      const client = athleteId ? base.forAthlete(athleteId) : base;
      const zoneKey = `${keyDigest}:${client.athleteId}`;
      const today = async () =>
        localDate(new Date(), await zones.get(zoneKey, () => client.athlete.timeZone({ signal })));
      return { client, signal, today };
    },
  };
}

const KEYS_KEPT = 1_000;
const ZONE_LIFETIME_MS = 60 * 60 * 1000;

/** A credential as the caches below know it: its SHA-256 digest, never the credential itself. */
function digest(credential: string): string {
  return createHash("sha256").update(credential).digest("base64url");
}

/** Adds `key` as the newest entry of a map kept to KEYS_KEPT entries, dropping the oldest. */
function keep<V>(map: Map<string, V>, key: string, value: V): V {
  map.delete(key);
  if (map.size >= KEYS_KEPT) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

/** Time zones by key for an hour, the most recently fetched 1,000 of them; failed fetches are not kept. */
function createZoneCache() {
  const zones = new Map<string, { zone: string; until: number }>();
  return {
    async get(key: string, fetchZone: () => Promise<string>): Promise<string> {
      const kept = zones.get(key);
      if (kept && kept.until > Date.now()) return kept.zone;
      const zone = await fetchZone();
      keep(zones, key, { zone, until: Date.now() + ZONE_LIFETIME_MS });
      return zone;
    },
  };
}

/** One rate limiter per credential digest, for the 1,000 credentials used most recently. */
function createLimiterCache(rate: RateLimitOptions) {
  const limiters = new Map<string, RateLimiter>();
  return {
    get(key: string): RateLimiter {
      return keep(limiters, key, limiters.get(key) ?? createRateLimiter(rate));
    },
  };
}
