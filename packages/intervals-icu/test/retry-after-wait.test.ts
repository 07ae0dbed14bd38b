// Retry-After read once, by the client kit, over loopback HTTP: the gap between the two attempts the fake sees is
// the wait the client computed (whole seconds, as the error would report it), in either form of the header.
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { clientFor, startFake } from "./helpers.js";

/**
 * Waits until the clock is mid-second. A date then lies a fraction of a second off a whole-second wait: the
 * client waits the whole seconds it reports, where a reader of the date to the millisecond would wait 300 to
 * 700 ms less.
 */
async function midSecond(): Promise<void> {
  const fraction = Date.now() % 1000;
  if (fraction < 300 || fraction > 700) await sleep((1500 - fraction) % 1000);
}

/** Two seconds ahead, as an HTTP date (whole seconds), and the wait the client should compute for it. */
function dateTwoSecondsAhead() {
  const at = (Math.floor(Date.now() / 1000) + 2) * 1000;
  return { header: new Date(at).toUTCString(), waitMs: Math.ceil((at - Date.now()) / 1000) * 1000 };
}

async function gapBetweenAttempts(status: 429 | 503, retryAfter: number | string): Promise<number> {
  const fake = await startFake({
    faults: [{ route: "getAthlete", type: "status", status, retryAfter, times: 1 }],
  });
  await clientFor(fake).athlete.get();
  expect(fake.requests.map((request) => request.status)).toEqual([status, 200]);
  const [first, second] = fake.requests.map((request) => request.at);
  return Number(second) - Number(first);
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
    const { header, waitMs } = dateTwoSecondsAhead();
    expect(waitMs).toBe(2000);
    const gap = await gapBetweenAttempts(status, header);
    expect(gap).toBeGreaterThanOrEqual(waitMs - 50);
    expect(gap).toBeLessThan(waitMs + 1000);
  },
);
