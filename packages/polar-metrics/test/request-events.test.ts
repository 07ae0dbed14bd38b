import { afterEach, expect, test } from "vitest";
import { createPolarClient, type PolarClientOptions, type RequestEvent } from "../src/index.js";
import { type FakePolar, type FakePolarOptions, startFakePolar } from "../src/testing/index.js";

const now = new Date("2025-06-15T12:00:00Z");
const running: FakePolar[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

async function setUp(fakeOptions: FakePolarOptions = {}, clientOptions: Partial<PolarClientOptions> = {}) {
  const fake = await startFakePolar({ seed: 5, now, ...fakeOptions });
  running.push(fake);
  const events: RequestEvent[] = [];
  const client = createPolarClient({
    accessToken: fake.token,
    baseUrl: fake.url,
    now: () => now,
    retry: { limit: 2, maxDelayMs: 50 },
    onEvent: (event) => events.push(event),
    ...clientOptions,
  });
  return { fake, client, events };
}

test("onEvent hears each request with its status, time and retries, and each retry with its reason", async () => {
  const { client, events } = await setUp({ faults: { limits: { type: "status", status: 503, times: 1 } } });
  await client.metrics.limits();
  expect(events.map((event) => event.type)).toEqual(["retry", "request"]);
  expect(events[0]).toEqual({
    type: "retry",
    method: "GET",
    path: "/v1/metrics/limits",
    retry: 1,
    reason: "503",
  });
  expect(events[1]).toMatchObject({
    type: "request",
    method: "GET",
    path: "/v1/metrics/limits",
    status: 200,
    retries: 1,
  });
});

test("a failed request is reported with its status and error, never the token", async () => {
  const token = "polar_oat_canary7f3a91";
  const { client, events } = await setUp({ token, faults: { limits: { type: "status", status: 401 } } });
  await expect(client.metrics.limits()).rejects.toThrow();
  expect(events).toEqual([
    expect.objectContaining({ type: "request", status: 401, retries: 0, error: expect.stringMatching(/\S/) }),
  ]);
  expect(JSON.stringify(events)).not.toContain(token);
});

test("a range split over several calls reports each, and waits for the rate limiter are reported", async () => {
  const { client, events } = await setUp({}, { rateLimit: { requestsPerMinute: 600, burst: 1 } });
  await client.getMetrics({
    startDate: "2024-01-01",
    endDate: "2025-06-01",
    interval: "day",
    metrics: ["revenue"],
  });
  const requests = events.filter((event) => event.type === "request");
  expect(requests.length).toBeGreaterThan(1);
  for (const request of requests) expect(request).toMatchObject({ path: "/v1/metrics/", status: 200 });
  expect(events.filter((event) => event.type === "rate-limit").length).toBeGreaterThan(0);
  expect(JSON.stringify(events)).not.toContain("?");
});
