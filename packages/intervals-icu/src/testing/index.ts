/**
 * A local fake of the Intervals.icu API for tests, demos and benchmarks: a real HTTP server on 127.0.0.1
 * with a generated athlete, in-memory writes, request recording and fault injection.
 *
 * @example
 * const fake = await startFakeIntervals({ seed: 7 });
 * const client = createIntervalsClient({ apiKey: fake.apiKey, baseUrl: fake.url });
 * await fake.close();
 */
import { generateAthleteData } from "./generate/athlete-data.js";
import { defaultProfile, type FakeAthleteProfile } from "./generate/profile.js";
import { createFakeIntervalsOAuth, type FakeIntervalsOAuth } from "./oauth/provider.js";
import { type Fault, FaultTable } from "./server/faults.js";
import type { FakeQuirks } from "./server/routes.js";
import { type RecordedRequest, startServer } from "./server/server.js";
import type { FakeStore } from "./store.js";

export type { FakeAthleteProfile } from "./generate/profile.js";
export type { FakeIntervalsOAuth } from "./oauth/provider.js";
export { type Fault, type FaultEffect, type RouteName, routeNames } from "./server/faults.js";
export type { FakeQuirks } from "./server/routes.js";
export type { RecordedRequest } from "./server/server.js";
export { undocumentedFields } from "./server/strict.js";
export type { FakeStore } from "./store.js";

export interface FakeIntervalsOptions {
  /** Seed of the generated athlete; the same seed (and `today`) gives the same data. Default 1. */
  seed?: number;
  /** Who the athlete is: id, time zone, thresholds, starting fitness. */
  athlete?: Partial<FakeAthleteProfile>;
  /** Days of history ending today. Default 120. */
  days?: number;
  /** The athlete's local "today", `YYYY-MM-DD`; default the real date in the athlete's time zone. */
  today?: string;
  /** Faults in force from the start. */
  faults?: readonly Fault[];
  /** The personal API key the fake accepts (Basic, user `API_KEY`). Default `fake-intervals-api-key`. */
  apiKey?: string;
  /**
   * More keys it accepts for the same athlete, as if several people held one. A server limits requests per
   * key, so a benchmark that wants more than 10 requests/s spreads its calls over such keys.
   */
  moreApiKeys?: readonly string[];
  /** The OAuth access token the fake accepts (Bearer). Default `fake-intervals-access-token`. */
  accessToken?: string;
  /** Live-API misbehaviours to reproduce. */
  quirks?: FakeQuirks;
  /**
   * Serve the narrowest answers the API description allows, to prove a client depends on nothing more:
   * a `fields` list is honoured literally (no `id` unless asked for), every `null` is left out (the
   * description marks no field required), and every object carries keys the description does not list.
   * Default false: `id` comes with any `fields` list and nulls are sent as the captures show them.
   */
  strict?: boolean;
}

export interface FakeIntervals {
  /** Base URL including `/api/v1`, e.g. `http://127.0.0.1:53412/api/v1`. */
  url: string;
  apiKey: string;
  accessToken: string;
  /** The athlete's id, e.g. `i1234567`. */
  athleteId: string;
  /** Every request received so far, oldest first. */
  requests: RecordedRequest[];
  /** The data served, live: reads see writes, and tests may change it. */
  store: FakeStore;
  /**
   * Its OAuth provider, as Intervals.icu's at `/oauth/authorize` and `/api/oauth/token` on the same origin.
   * Any athlete id signs in; the fake's own athlete gets `store`, other ids data generated for them.
   */
  oauth: FakeIntervalsOAuth;
  /** Adds a fault for one route (or `"*"`), optionally for a number of requests only. */
  setFault(fault: Fault): void;
  clearFaults(): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** Starts the fake API. Resolves once it listens; generating the athlete takes a few milliseconds. */
export async function startFakeIntervals(options: FakeIntervalsOptions = {}): Promise<FakeIntervals> {
  const seed = options.seed ?? 1;
  const apiKey = options.apiKey ?? "fake-intervals-api-key";
  const accessToken = options.accessToken ?? "fake-intervals-access-token";
  const profile = { ...defaultProfile, ...options.athlete };
  const store = generateAthleteData({
    seed,
    days: options.days ?? 120,
    today: options.today,
    profile,
    apiKey,
  });
  const faults = new FaultTable();
  for (const fault of options.faults ?? []) faults.add(fault);
  const requests: RecordedRequest[] = [];
  const oauth = createFakeIntervalsOAuth({
    ownStore: store,
    athleteData: (id) =>
      generateAthleteData({
        seed: Number(id.slice(1)),
        days: options.days ?? 120,
        today: store.today,
        profile: { ...profile, id, firstname: "Athlete", lastname: id },
        apiKey,
      }),
  });
  const server = await startServer({
    oauth,
    store,
    seed,
    apiKeys: new Set([apiKey, ...(options.moreApiKeys ?? [])]),
    accessToken,
    quirks: options.quirks ?? {},
    strict: options.strict ?? false,
    faults,
    requests,
  });
  return {
    url: `http://127.0.0.1:${server.port}/api/v1`,
    apiKey,
    accessToken,
    athleteId: profile.id,
    requests,
    store,
    oauth,
    setFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    close: () => server.close(),
  };
}
