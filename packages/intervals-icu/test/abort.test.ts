import { expect, test } from "vitest";
import { clientFor, rejectionOf, startFake } from "./helpers.js";

test("aborting a call in flight rejects with the abort reason", async () => {
  const fake = await startFake({ faults: [{ route: "getAthlete", type: "slow", delayMs: 2_000 }] });
  const controller = new AbortController();
  const call = clientFor(fake).athlete.get({ signal: controller.signal });
  setTimeout(() => controller.abort(new Error("user cancelled")), 50);
  const error = await rejectionOf(call);
  expect((error as Error).message).toBe("user cancelled");
});

test("the client-wide signal aborts every call", async () => {
  const fake = await startFake({ faults: [{ route: "*", type: "slow", delayMs: 2_000 }] });
  const controller = new AbortController();
  const client = clientFor(fake, { signal: controller.signal });
  const calls = [client.gear.list(), client.athlete.get()].map(rejectionOf);
  setTimeout(() => controller.abort(), 50);
  for (const error of await Promise.all(calls)) expect((error as Error).name).toBe("AbortError");
});

test("aborting while waiting for the rate limiter sends nothing", async () => {
  const fake = await startFake();
  const client = clientFor(fake, { rateLimit: { requestsPerSecond: 1, burst: 1 } });
  await client.gear.list();
  const controller = new AbortController();
  const waiting = rejectionOf(client.gear.list({ signal: controller.signal }));
  controller.abort();
  expect(((await waiting) as Error).name).toBe("AbortError");
  expect(fake.requests).toHaveLength(1);
});

test("aborting during a retry delay stops the retries", async () => {
  const fake = await startFake({ faults: [{ route: "getAthlete", type: "status", status: 503 }] });
  const controller = new AbortController();
  const client = clientFor(fake, { retry: { limit: 5, baseDelayMs: 500 } });
  const call = rejectionOf(client.athlete.get({ signal: controller.signal }));
  setTimeout(() => controller.abort(), 100);
  expect(((await call) as Error).name).toBe("AbortError");
  expect(fake.requests).toHaveLength(1);
});
