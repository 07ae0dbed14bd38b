import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPolarClient, createSharedState, POLAR_RATE_LIMITS, rateLimitWithin } from "../src/index.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 3 });
});
afterAll(() => fake.close());

const limitsCall = (state: ReturnType<typeof createSharedState>) =>
  createPolarClient({ accessToken: fake.token, baseUrl: fake.url, retry: 0, shared: state }).metrics.limits();

/** Arrival times at the fake of the requests after `before`, earliest first. */
const arrivalsSince = (before: number) =>
  fake.requests
    .slice(before)
    .map((request) => request.at)
    .sort((a, b) => a - b);

describe("the per-token rate limit", () => {
  test("defaults keep every minute within Polar's stated limits (500 in production, 100 in the sandbox)", () => {
    expect(POLAR_RATE_LIMITS).toEqual({ production: 500, sandbox: 100 });
    // A full bucket plus a minute's refill is the whole limit, never more.
    expect(rateLimitWithin(500)).toEqual({ requestsPerMinute: 450, burst: 50 });
    expect(rateLimitWithin(100)).toEqual({ requestsPerMinute: 90, burst: 10 });
  });

  test("clients made per request for one token share one limit", async () => {
    // 600 a minute is one token every 100 ms, after a burst of 3.
    const state = createSharedState({ rateLimit: { requestsPerMinute: 600, burst: 3 } });
    const before = fake.requests.length;
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => limitsCall(state)));
    const sent = arrivalsSince(before);
    expect(sent).toHaveLength(8);
    // Eight separate clients: only a shared bucket holds the 8th request back until 5 more tokens came (500 ms).
    expect(Number(sent[7]) - started).toBeGreaterThanOrEqual(450);
  });

  test("separate tokens keep separate limits", async () => {
    const before = fake.requests.length;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limitsCall(createSharedState({ rateLimit: { requestsPerMinute: 60, burst: 1 } })),
      ),
    );
    const sent = arrivalsSince(before);
    // With one shared 1-a-second bucket this would take 5 s; each state has its own first token.
    expect(Number(sent[5]) - Number(sent[0])).toBeLessThan(1_000);
  });

  test("a caller's signal ends the wait for a turn", async () => {
    const state = createSharedState({ rateLimit: { requestsPerMinute: 1, burst: 1 } });
    await limitsCall(state);
    const controller = new AbortController();
    const client = createPolarClient({ accessToken: fake.token, baseUrl: fake.url, retry: 0, shared: state });
    const waiting = client.metrics.limits(controller.signal);
    setTimeout(() => controller.abort(), 50);
    // The caller's abort passes through as the signal's reason, as in the Intervals.icu client.
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
  });

  test("a limiter of one's own (shared by processes, say) replaces the bucket and is asked for every request", async () => {
    let asked = 0;
    const rateLimiter = {
      acquire: async () => {
        asked++;
      },
    };
    const before = fake.requests.length;
    const state = createSharedState({ rateLimit: { requestsPerMinute: 1, burst: 1 }, rateLimiter });
    // With the one-a-minute bucket these three would take two minutes; the limiter given lets them go.
    await Promise.all([limitsCall(state), limitsCall(state), limitsCall(state)]);
    expect(fake.requests.length - before).toBe(3);
    expect(asked).toBe(3);
  });
});
