import { createHash } from "node:crypto";
import { createIntervalsClient, type IntervalsClient, localDate } from "@mcp-connectors/intervals-icu";
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
  const options = {
    athleteId: config.athleteId,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    retry: { limit: config.maxRetries },
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
  return {
    open(context, athleteId) {
      const base =
        configured ??
        (context.credential ? createIntervalsClient(withCredential(context.credential)) : undefined);
      if (!base) throw new AuthenticationError(MISSING_CREDENTIALS);
      const client = athleteId ? base.forAthlete(athleteId) : base;
      const signal = context.signal;
      if (configured || !context.credential) {
        // The configured client keeps each athlete's time zone for the life of the server.
        return { client, signal, today: () => client.athlete.today({ signal }) };
      }
      // A request's own credential gets a client for that call only; its athletes' time zones are kept here
      // so that each call does not fetch the profile again.
      const key = zoneKey(context.credential, client.athleteId);
      const today = async () =>
        localDate(new Date(), await zones.get(key, () => client.athlete.timeZone({ signal })));
      return { client, signal, today };
    },
  };
}

const ZONES_KEPT = 1_000;
const ZONE_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Where a request's credential and athlete id lead, as a SHA-256 digest: the cache below never holds a
 * credential, and a time zone fetched with one key is never handed to a request with another.
 */
function zoneKey(credential: string, athleteId: string): string {
  return createHash("sha256").update(credential).update("\0").update(athleteId).digest("base64url");
}

/** Time zones by key for an hour, the most recently fetched 1,000 of them; failed fetches are not kept. */
function createZoneCache() {
  const zones = new Map<string, { zone: string; until: number }>();
  return {
    async get(key: string, fetchZone: () => Promise<string>): Promise<string> {
      const kept = zones.get(key);
      if (kept && kept.until > Date.now()) return kept.zone;
      const zone = await fetchZone();
      zones.delete(key);
      if (zones.size >= ZONES_KEPT) zones.delete(zones.keys().next().value as string);
      zones.set(key, { zone, until: Date.now() + ZONE_LIFETIME_MS });
      return zone;
    },
  };
}
