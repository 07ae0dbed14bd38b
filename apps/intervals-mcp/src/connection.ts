import {
  type AthleteSettings,
  createIntervalsClient,
  createSharedState,
  type IntervalsClient,
  type RequestEventListener,
} from "@mcp-connectors/intervals-icu";
import { perCredential, type ScaleOut } from "@mcp-connectors/serve";
import { AuthenticationError, type ToolContext } from "@mcp-connectors/tool-builder";
import type { IntervalsConfig } from "./config.js";

/** What a tool call works with: a client for the right athlete and that athlete's calendar. */
export interface Session {
  client: IntervalsClient;
  /** Cancels the upstream requests when the MCP client cancels the call. */
  signal: AbortSignal;
  /** The athlete's local date today, `YYYY-MM-DD`, in the time zone of their Intervals.icu profile. */
  today(): Promise<string>;
  /** How the athlete reads their data (pace units, form as %), from their profile; fetched once, with `today`. */
  settings(): Promise<AthleteSettings>;
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
 * @param onEvent told of every request, retry and rate-limit wait (the server's logs and progress reports)
 */
export function createConnection(
  config: IntervalsConfig,
  userAgent: string,
  requestCredential: "apiKey" | "accessToken" = "apiKey",
  onEvent?: RequestEventListener,
  { shared, replicas = 1 }: ScaleOut = {},
): Connection {
  // A process's own bucket holds its share of the API's limit; shared state holds the whole limit in Redis.
  const ownShare = config.maxRequestsPerSecond / replicas;
  const rate = { requestsPerSecond: ownShare, burst: Math.max(1, Math.floor(ownShare)) };
  const options = {
    ...(onEvent ? { onEvent } : {}),
    athleteId: config.athleteId,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    retry: { limit: config.maxRetries },
    userAgent,
  };
  // The state of one key: its rate limit (the API limits the key, whichever request uses it) and what the
  // clients remember (athletes' time zones and gear).
  const stateFor = (credential: string) =>
    createSharedState({
      rateLimit: rate,
      ...(shared && {
        rateLimiter: shared.limiter("intervals", credential, {
          max: config.maxRequestsPerSecond,
          windowSeconds: 1,
        }),
        store: shared.cache("intervals", credential),
      }),
    });
  const configured = config.apiKey
    ? createIntervalsClient({ ...options, apiKey: config.apiKey, shared: stateFor(config.apiKey) })
    : config.accessToken
      ? createIntervalsClient({
          ...options,
          accessToken: config.accessToken,
          shared: stateFor(config.accessToken),
        })
      : undefined;
  const withCredential = (credential: string) =>
    requestCredential === "accessToken"
      ? { ...options, accessToken: credential }
      : { ...options, apiKey: credential };
  // Kept per key (by its digest) for the 1,000 keys used most recently.
  const stateOf = perCredential(stateFor);
  // A request's own credential gets a client for that call only, with the state kept for that key.
  const clientForRequest = (credential: string) =>
    createIntervalsClient({ ...withCredential(credential), shared: stateOf(credential) });
  return {
    open(context, athleteId) {
      const base = configured ?? (context.credential ? clientForRequest(context.credential) : undefined);
      if (!base) throw new AuthenticationError(MISSING_CREDENTIALS);
      const client = athleteId ? base.forAthlete(athleteId) : base;
      const signal = context.signal;
      return {
        client,
        signal,
        today: () => client.athlete.today({ signal }),
        settings: () => client.athlete.settings({ signal }),
      };
    },
  };
}
