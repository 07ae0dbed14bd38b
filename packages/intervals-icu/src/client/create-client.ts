import { type ActivitiesResource, createActivitiesResource } from "../resources/activities.js";
import { type AthleteResource, createAthleteResource } from "../resources/athlete.js";
import { type CurvesResource, createCurvesResource } from "../resources/curves.js";
import { createEventsResource, type EventsResource } from "../resources/events.js";
import { createGearResource, type GearResource } from "../resources/gear.js";
import { createSportSettingsResource, type SportSettingsResource } from "../resources/sport-settings.js";
import { createWellnessResource, type WellnessResource } from "../resources/wellness.js";
import type { IntervalsClientOptions, RetryOptions } from "./options.js";
import { type ClientCache, createSharedState } from "./shared-state.js";
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

/** The most bytes one answer may have unless `maxResponseBytes` says otherwise (a day-long activity's streams are ~10 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

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
    totalTimeoutMs: options.totalTimeoutMs,
    retry: options.retry === false ? false : { ...defaultRetry, ...options.retry },
    rateLimiter: shared.rateLimiter,
    fetch: options.fetch,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    signal: options.signal,
    onEvent: options.onEvent,
  });
  return clientFor(transport, normalizeAthleteId(options.athleteId ?? "0"), shared.cache);
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
