import { expect, test } from "vitest";
import { clientFor, startFake } from "./helpers.js";

test("50 concurrent calls respect the token bucket", async () => {
  const fake = await startFake();
  const client = clientFor(fake, { rateLimit: { requestsPerSecond: 20, burst: 5 } });
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: 50 }, () => client.gear.list()));
  expect(results).toHaveLength(50);
  expect(fake.requests).toHaveLength(50);
  // In any one-second window at most burst + rate requests may arrive.
  const times = fake.requests.map((request) => request.at).sort((a, b) => a - b);
  for (const [index, time] of times.entries()) {
    const inWindow = times.filter((other) => other >= time && other < time + 1000).length;
    expect(inWindow, `window starting at request ${index}`).toBeLessThanOrEqual(5 + 20 + 1);
  }
  // 45 requests beyond the burst need about 45 / 20 s.
  expect(performance.now() - started).toBeGreaterThan(1800);
});

test("clients derived with forAthlete share one bucket", async () => {
  const fake = await startFake();
  const client = clientFor(fake, { rateLimit: { requestsPerSecond: 10, burst: 2 } });
  const other = client.forAthlete(fake.athleteId);
  await Promise.all([client.gear.list(), other.gear.list(), client.gear.list(), other.gear.list()]);
  const times = fake.requests.map((request) => request.at).sort((a, b) => a - b);
  expect(Number(times[3]) - Number(times[0])).toBeGreaterThan(150);
});

test("with the limiter off, calls go out at once", async () => {
  const fake = await startFake();
  const client = clientFor(fake, { rateLimit: false });
  await Promise.all(Array.from({ length: 30 }, () => client.gear.list()));
  const times = fake.requests.map((request) => request.at).sort((a, b) => a - b);
  expect(Number(times.at(-1)) - Number(times[0])).toBeLessThan(1000);
});
