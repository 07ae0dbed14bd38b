// Retry-After read once, by the client kit, over loopback HTTP: the gap between the two attempts the fake sees is
// the wait the client computed (whole seconds, as the error would report it), in either form of the header.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createPolarClient } from "../src/index.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

let fake: FakePolar;
beforeAll(async () => {
  fake = await startFakePolar({ seed: 3 });
});
afterEach(() => fake.clearFaults());
afterAll(() => fake.close());

/** Waits until the clock is mid-second, so a date lies 300 to 700 ms off a whole-second wait (see intervals-icu). */
async function midSecond(): Promise<void> {
  const fraction = Date.now() % 1000;
  if (fraction < 300 || fraction > 700) await sleep((1500 - fraction) % 1000);
}

async function gapBetweenAttempts(status: 429 | 503, retryAfter: number | string): Promise<number> {
  fake.setFault("metrics", { type: "status", status, retryAfter, times: 1 });
  const before = fake.requests.length;
  const client = createPolarClient({ accessToken: fake.token, baseUrl: fake.url, retry: 1 });
  await client.getMetrics({ metrics: ["revenue"], timeRange: "last_7_days" });
  const attempts = fake.requests.slice(before);
  expect(attempts.map((request) => request.status)).toEqual([status, 200]);
  return Number(attempts[1]?.at) - Number(attempts[0]?.at);
}

test("429 with Retry-After: 2 is retried two seconds later", async () => {
  const gap = await gapBetweenAttempts(429, 2);
  expect(gap).toBeGreaterThanOrEqual(2000 - 50);
  expect(gap).toBeLessThan(2000 + 1000);
});

test.each([429, 503] as const)(
  "%i with Retry-After as an HTTP date is retried after the whole seconds until it",
  async (status) => {
    await midSecond();
    const at = (Math.floor(Date.now() / 1000) + 2) * 1000;
    const waitMs = Math.ceil((at - Date.now()) / 1000) * 1000;
    expect(waitMs).toBe(2000);
    const gap = await gapBetweenAttempts(status, new Date(at).toUTCString());
    expect(gap).toBeGreaterThanOrEqual(waitMs - 50);
    expect(gap).toBeLessThan(waitMs + 1000);
  },
);
