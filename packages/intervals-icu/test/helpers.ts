import { readFileSync } from "node:fs";
import { afterEach } from "vitest";
import { createIntervalsClient, type IntervalsClientOptions } from "../src/index.js";
import { type FakeIntervals, type FakeIntervalsOptions, startFakeIntervals } from "../src/testing/index.js";

/**
 * The fakes the read and write suites run against: the default one, and the strict one, which serves the
 * narrowest answers the API description allows (fields honoured literally, no nulls, undocumented keys).
 */
export const fakeModes = [
  { name: "default", strict: false },
  { name: "strict", strict: true },
];

/** A fixed "today" so generated data and date windows are the same on every run. */
export const TODAY = "2025-06-15";

const running: FakeIntervals[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

/** Starts a fake that is closed after the current test. */
export async function startFake(options: FakeIntervalsOptions = {}): Promise<FakeIntervals> {
  const fake = await startFakeIntervals({ seed: 11, today: TODAY, ...options });
  running.push(fake);
  return fake;
}

type Tuning = Omit<Partial<IntervalsClientOptions>, "apiKey" | "accessToken"> & {
  apiKey?: string;
  accessToken?: string;
};

/** A client for the fake with quick retries, so failure paths run in milliseconds. */
export function clientFor(fake: FakeIntervals, tuning: Tuning = {}) {
  const { apiKey, accessToken, ...rest } = tuning;
  const credential = accessToken !== undefined ? { accessToken } : { apiKey: apiKey ?? fake.apiKey };
  return createIntervalsClient({
    ...credential,
    baseUrl: fake.url,
    retry: { limit: 2, baseDelayMs: 5, maxDelayMs: 20 },
    rateLimit: false,
    ...rest,
  } as IntervalsClientOptions);
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as T;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("Expected the call to fail, but it succeeded.");
}
