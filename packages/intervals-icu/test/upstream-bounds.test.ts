import { expect, test } from "vitest";
import { DEFAULT_MAX_RESPONSE_BYTES, IntervalsServerError, IntervalsTimeoutError } from "../src/index.js";
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
  expect(error).toBeInstanceOf(IntervalsServerError);
  expect((error as Error).message).toBe(
    "Intervals.icu sent an answer larger than this client's limit of 1000000 bytes (maxResponseBytes) (200) on GET /api/v1/athlete/0/activities; try again in a minute.",
  );
  expect(fake.requests).toHaveLength(1);
  // Before, the whole body was held (838 MB of RSS for 200 MB); a generous bound on what reading it cost.
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100_000_000);
});
