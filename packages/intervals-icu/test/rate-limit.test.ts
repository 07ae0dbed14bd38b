import { expect, test } from "vitest";
import { createSharedState } from "../src/index.js";
import { clientFor, startFake } from "./helpers.js";

/**
 * A fetch that notes when the client let each request go, and how many were in flight at once. The limiter
 * decides the moment a request goes out, so this is where it is measured: a busy machine can only delay
 * requests further, never make them leave earlier.
 */
function recordingFetch() {
  const sentAt: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sentAt.push(performance.now());
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      return await globalThis.fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  return { fetch, sentAt, maxInFlight: () => maxInFlight };
}

test("50 concurrent calls respect the token bucket", async () => {
  const fake = await startFake();
  const recorder = recordingFetch();
  const client = clientFor(fake, { rateLimit: { requestsPerSecond: 20, burst: 5 }, fetch: recorder.fetch });
  const results = await Promise.all(Array.from({ length: 50 }, () => client.gear.list()));
  expect(results).toHaveLength(50);
  expect(fake.requests).toHaveLength(50);
  const times = [...recorder.sentAt].sort((a, b) => a - b);
  // In any one-second window at most burst + rate requests may leave (one more for timer rounding).
  for (const [index, time] of times.entries()) {
    const inWindow = times.filter((other) => other >= time && other < time + 1000).length;
    expect(inWindow, `window starting at request ${index}`).toBeLessThanOrEqual(5 + 20 + 1);
  }
  // The 45 requests beyond the burst cannot all have left in less than 45 / 20 s.
  expect(Number(times.at(-1)) - Number(times[0])).toBeGreaterThan(2000);
});

test("clients derived with forAthlete share one bucket", async () => {
  const fake = await startFake();
  const recorder = recordingFetch();
  const client = clientFor(fake, { rateLimit: { requestsPerSecond: 10, burst: 2 }, fetch: recorder.fetch });
  const other = client.forAthlete(fake.athleteId);
  await Promise.all([client.gear.list(), other.gear.list(), client.gear.list(), other.gear.list()]);
  const times = [...recorder.sentAt].sort((a, b) => a - b);
  // Two tokens at once, then one per 100 ms: the fourth leaves at least 200 ms after the first.
  expect(Number(times[3]) - Number(times[0])).toBeGreaterThan(150);
});

test("with the limiter off, calls go out at once", async () => {
  const fake = await startFake();
  const recorder = recordingFetch();
  // A slow fake keeps every request open, so all 30 are in flight together unless something holds them back.
  fake.setFault({ route: "listGear", type: "slow", delayMs: 300 });
  const client = clientFor(fake, { rateLimit: false, fetch: recorder.fetch });
  await Promise.all(Array.from({ length: 30 }, () => client.gear.list()));
  expect(recorder.maxInFlight()).toBe(30);
});

test("clients sharing state share its rate limit's tokens; clients with their own do not", async () => {
  const fake = await startFake();
  // Two tokens, and the next one in about 17 minutes: a third request waits until its signal gives up.
  const slow = { requestsPerSecond: 0.001, burst: 2 };
  const shared = createSharedState({ rateLimit: slow });
  const [a, b] = [clientFor(fake, { shared }), clientFor(fake, { shared })];
  await a.gear.list();
  await b.gear.list();
  const third = a.gear.list({ signal: AbortSignal.timeout(200) });
  await expect(third).rejects.toThrow();
  expect(fake.requests).toHaveLength(2);

  const [c, d] = [clientFor(fake, { rateLimit: slow }), clientFor(fake, { rateLimit: slow })];
  await Promise.all([c.gear.list(), c.gear.list(), d.gear.list(), d.gear.list()]);
  expect(fake.requests).toHaveLength(6);
});
