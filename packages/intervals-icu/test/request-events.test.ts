import { expect, test, vi } from "vitest";
import type { RequestEvent } from "../src/index.js";
import { clientFor, rejectionOf, startFake } from "./helpers.js";

test("onEvent hears each request with its status, time and retries, and each retry with its reason", async () => {
  const fake = await startFake({ faults: [{ route: "getAthlete", type: "status", status: 503, times: 1 }] });
  const events: RequestEvent[] = [];
  await clientFor(fake, { onEvent: (event) => events.push(event) }).athlete.get();
  expect(events.map((event) => event.type)).toEqual(["retry", "request"]);
  expect(events[0]).toEqual({
    type: "retry",
    method: "GET",
    path: "/api/v1/athlete/0",
    retry: 1,
    reason: "503",
  });
  expect(events[1]).toMatchObject({
    type: "request",
    method: "GET",
    path: "/api/v1/athlete/0",
    status: 200,
    retries: 1,
  });
  expect((events[1] as { ms: number }).ms).toBeGreaterThanOrEqual(0);
  expect(fake.requests).toHaveLength(2);
});

test("a failed request is reported with its status and the error, never the key", async () => {
  const fake = await startFake({ faults: [{ route: "getAthlete", type: "status", status: 401 }] });
  const events: RequestEvent[] = [];
  const key = "canary-key-7f3a91";
  await rejectionOf(clientFor(fake, { apiKey: key, onEvent: (event) => events.push(event) }).athlete.get());
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    type: "request",
    status: 401,
    retries: 0,
    error: expect.stringMatching(/\S/),
  });
  expect(JSON.stringify(events)).not.toContain(key);
});

test("a wait for the rate limiter is reported, with the request's path and no query string", async () => {
  const fake = await startFake();
  const events: RequestEvent[] = [];
  const client = clientFor(fake, {
    rateLimit: { requestsPerSecond: 5, burst: 1 },
    onEvent: (event) => events.push(event),
  });
  await Promise.all([
    client.gear.list(),
    client.wellness.list({ oldest: "2025-06-01", newest: "2025-06-10" }),
  ]);
  const waits = events.filter((event) => event.type === "rate-limit");
  expect(waits).toHaveLength(1);
  expect(waits[0]?.waitMs).toBeGreaterThan(50);
  expect(waits[0]?.path).not.toContain("?");
  expect(events.filter((event) => event.type === "request")).toHaveLength(2);
});

test("on a loaded machine, only the request the limiter queued is reported as a wait", async () => {
  // A busy event loop, made certain: every clock reading is 5 ms after the last, so even the request that took
  // a free token at once spends milliseconds "waiting". Only the limiter's own word tells the two apart.
  const now = performance.now.bind(performance);
  let skewMs = 0;
  const clock = vi.spyOn(performance, "now").mockImplementation(() => {
    skewMs += 5;
    return now() + skewMs;
  });
  try {
    const fake = await startFake();
    const events: RequestEvent[] = [];
    const client = clientFor(fake, {
      rateLimit: { requestsPerSecond: 5, burst: 1 },
      onEvent: (event) => events.push(event),
    });
    await Promise.all([client.gear.list(), client.athlete.get()]);
    expect(events.filter((event) => event.type === "rate-limit")).toHaveLength(1);
  } finally {
    clock.mockRestore();
  }
});

test("a listener that throws does not break the call", async () => {
  const fake = await startFake();
  const client = clientFor(fake, {
    onEvent: () => {
      throw new Error("listener bug");
    },
  });
  await expect(client.athlete.get()).resolves.toMatchObject({ id: expect.any(String) });
});
