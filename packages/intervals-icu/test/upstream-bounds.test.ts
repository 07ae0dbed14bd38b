import { describe, expect, test } from "vitest";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  IntervalsResponseTooLargeError,
  IntervalsTimeoutError,
} from "../src/index.js";
import { clientFor, rejectionOf, startFake } from "./helpers.js";

test("a body trickling in for 4 s fails at the 500 ms time limit of the attempt", async () => {
  // The headers come at once; the body in 20 parts, one every 200 ms.
  const fake = await startFake({ faults: [{ route: "getAthlete", type: "trickle", intervalMs: 200 }] });
  const started = performance.now();
  const error = await rejectionOf(clientFor(fake, { timeoutMs: 500, retry: false }).athlete.get());
  expect(error).toBeInstanceOf(IntervalsTimeoutError);
  // Generous: before, the body read had a time limit of its own after the attempt's, and retries on top.
  expect(performance.now() - started).toBeLessThan(3_000);
});

test("the time limit covers the headers and the body together", async () => {
  // Headers after 700 ms, the body over 700 ms more: each part within 1 s, the whole answer not.
  const fake = await startFake({
    faults: [{ route: "getAthlete", type: "trickle", delayMs: 700, intervalMs: 35 }],
  });
  const error = await rejectionOf(clientFor(fake, { timeoutMs: 1_000, retry: false }).athlete.get());
  expect(error).toBeInstanceOf(IntervalsTimeoutError);
});

test("a body that trickles within the limit is read whole", async () => {
  const fake = await startFake({ faults: [{ route: "getAthlete", type: "trickle", intervalMs: 5 }] });
  const athlete = await clientFor(fake, { timeoutMs: 5_000 }).athlete.get();
  expect(athlete.id).toBe(fake.athleteId);
});

test("the default size limit is 32 MiB", () => {
  expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(32 * 1024 * 1024);
});

test("a 200 MB body is cancelled past the size limit with a clear error, and not retried", async () => {
  const fake = await startFake({
    faults: [{ route: "listActivities", type: "hugeBody", bytes: 200_000_000 }],
  });
  const rssBefore = process.memoryUsage().rss;
  const error = await rejectionOf(
    clientFor(fake, { maxResponseBytes: 1_000_000 }).activities.list({ oldest: "2025-06-01" }),
  );
  expect(error).toBeInstanceOf(IntervalsResponseTooLargeError);
  expect(error).toMatchObject({
    kind: "upstream_unavailable",
    retryable: false,
    maxBytes: 1_000_000,
    status: 200,
  });
  // It says what to do instead: the same request would get the same answer, so not "try again".
  expect((error as Error).message).toBe(
    "Intervals.icu answered GET /api/v1/athlete/0/activities with more than this client's limit of 1000000 bytes (maxResponseBytes), so it stopped reading; ask for a shorter date window or fewer streams or fields.",
  );
  expect(fake.requests).toHaveLength(1);
  // Before, the whole body was held (838 MB of RSS for 200 MB); a generous bound on what reading it cost.
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100_000_000);
});

describe("timeoutMs bounds each attempt; totalTimeoutMs bounds the whole call", () => {
  // Every answer is a 503 asking for a one-second wait: each attempt is quick, the call is not.
  const unavailable = { route: "getAthlete", type: "status", status: 503, retryAfter: 1 } as const;

  test("without totalTimeoutMs, retries run on past the per-attempt limit", async () => {
    const fake = await startFake({ faults: [unavailable] });
    const started = performance.now();
    const error = await rejectionOf(
      clientFor(fake, { timeoutMs: 500, retry: { limit: 2, baseDelayMs: 1 } }).athlete.get(),
    );
    expect(error).toMatchObject({ kind: "upstream_unavailable", status: 503 });
    expect(fake.requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThan(1_500);
  });

  test("with totalTimeoutMs, the call ends at that limit, retries and waits included", async () => {
    const fake = await startFake({ faults: [unavailable] });
    const started = performance.now();
    const error = await rejectionOf(
      clientFor(fake, {
        timeoutMs: 500,
        totalTimeoutMs: 1_500,
        retry: { limit: 5, baseDelayMs: 1 },
      }).athlete.get(),
    );
    expect(error).toBeInstanceOf(IntervalsTimeoutError);
    expect(error).toMatchObject({ kind: "timeout", limit: "call", timeoutMs: 1_500 });
    expect((error as Error).message).toMatch(/within 1500 ms, retries included; .*raise totalTimeoutMs\.$/);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  test("an attempt that runs out is reported as the attempt's limit", async () => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "slow", delayMs: 1_000 }] });
    const error = await rejectionOf(
      clientFor(fake, { timeoutMs: 200, totalTimeoutMs: 5_000, retry: false }).athlete.get(),
    );
    expect(error).toMatchObject({ kind: "timeout", limit: "attempt", timeoutMs: 200 });
    expect((error as Error).message).toMatch(/within 200 ms; .*raise timeoutMs\.$/);
  });
});
