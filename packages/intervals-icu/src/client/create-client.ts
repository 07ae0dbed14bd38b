import { type ActivitiesResource, createActivitiesResource } from "../resources/activities.js";
import {
  type AthleteResource,
  type AthleteSettingsCache,
  createAthleteResource,
} from "../resources/athlete.js";
import { type CurvesResource, createCurvesResource } from "../resources/curves.js";
import { createEventsResource, type EventsResource } from "../resources/events.js";
import { createGearResource, type GearCache, type GearResource } from "../resources/gear.js";
import { createSportSettingsResource, type SportSettingsResource } from "../resources/sport-settings.js";
import { createWellnessResource, type WellnessResource } from "../resources/wellness.js";
import type { IntervalsClientOptions, RetryOptions } from "./options.js";
import { type RateLimitOptions, type RequestLimiter, TokenBucket } from "./rate-limiter.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./read-body.js";
import { type Credential, createTransport, type Transport } from "./transport.js";

/** The Intervals.icu API, grouped by resource. Every method accepts `{ signal }` as its last argument. */
export interface IntervalsClient {
  /** The athlete this client reads and writes (`"0"` = the owner of the credential). */
  readonly athleteId: string;
  readonly athlete: AthleteResource;
  readonly activities: ActivitiesResource;
  readonly wellness: WellnessResource;
  readonly events: EventsResource;
  readonly curves: CurvesResource;
  readonly gear: GearResource;
  readonly sportSettings: SportSettingsResource;
  /**
   * The same client for another athlete (coaches), sharing credentials, retries and the rate limiter.
   *
   * @example client.forAthlete("i12345").activities.list({ oldest: "2024-05-01" })
   */
  forAthlete(athleteId: string | number): IntervalsClient;
}

/** The API root the client talks to unless told otherwise. */
export const DEFAULT_BASE_URL = "https://intervals.icu/api/v1";

const libraryAgent =
  "mcp-connectors-intervals-icu (+https://www.npmjs.com/package/@mcp-connectors/intervals-icu)";

const defaultRetry: Required<RetryOptions> = {
  limit: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Creates a client for the Intervals.icu API.
 *
 * @example
 * const client = createIntervalsClient({ apiKey: process.env.INTERVALS_API_KEY! });
 * const { activities } = await client.activities.list({ oldest: "2024-05-01", newest: "2024-05-31" });
 */
export function createIntervalsClient(options: IntervalsClientOptions): IntervalsClient {
  const shared = options.shared ?? createSharedState({ rateLimit: options.rateLimit });
  const transport = createTransport({
    credential: credentialFrom(options),
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    userAgent: options.userAgent ? `${options.userAgent} ${libraryAgent}` : libraryAgent,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry === false ? false : { ...defaultRetry, ...options.retry },
    rateLimiter: shared.rateLimiter,
    fetch: options.fetch,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    signal: options.signal,
    onEvent: options.onEvent,
  });
  return clientFor(transport, normalizeAthleteId(options.athleteId ?? "0"), shared.cache);
}

/**
 * Where clients made for one credential keep what they remember (time zones, gear lists) beyond this process,
 * such as Redis shared by a server's replicas. Values are strings (JSON) with a lifetime. A store that cannot
 * be reached should answer `undefined` and keep nothing: the client then asks the API.
 */
export interface ClientStateStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** What a client remembers between calls, per athlete: profile settings (time zone, units) and gear lists. */
interface ClientCache {
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
      options.rateLimiter ?? (options.rateLimit === false ? undefined : new TokenBucket(options.rateLimit)),
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

function clientFor(transport: Transport, athleteId: string, cache: ClientCache): IntervalsClient {
  const context = { transport, athletePath: `/athlete/${encodeURIComponent(athleteId)}` };
  return {
    athleteId,
    athlete: createAthleteResource(context, athleteId, cache.athleteSettings, cache.store),
    activities: createActivitiesResource(context),
    wellness: createWellnessResource(context),
    events: createEventsResource(context),
    curves: createCurvesResource(context),
    gear: createGearResource(context, athleteId, cache.gearLists, cache.store),
    sportSettings: createSportSettingsResource(context),
    forAthlete: (otherAthleteId) => clientFor(transport, normalizeAthleteId(otherAthleteId), cache),
  };
}

function credentialFrom(options: IntervalsClientOptions): Credential {
  if (typeof options.apiKey === "string" && options.apiKey.trim() !== "") {
    return { type: "apiKey", apiKey: options.apiKey.trim() };
  }
  if (typeof options.accessToken === "string" && options.accessToken.trim() !== "") {
    return { type: "accessToken", accessToken: options.accessToken.trim() };
  }
  throw new TypeError(
    "createIntervalsClient needs an apiKey (Intervals.icu → Settings → Developer Settings) or an OAuth accessToken.",
  );
}

/** `0`, `"0"`, `12345`, `"12345"` and `"i12345"` are all accepted; numeric ids gain the `i` prefix. */
export function normalizeAthleteId(athleteId: string | number): string {
  const id = String(athleteId).trim();
  if (id === "0") return "0";
  if (/^\d+$/.test(id)) return `i${id}`;
  if (/^i\d+$/i.test(id)) return id.toLowerCase();
  throw new TypeError(`athleteId must look like "i12345", "12345" or "0", got ${JSON.stringify(athleteId)}.`);
}
