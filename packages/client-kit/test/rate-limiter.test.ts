// The one token bucket of both clients, on a fake clock: random arrivals against an oracle written in whole
// numbers (token units of 1/periodMs, so no rounding), and the "did it queue" answer the clients report.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type LimiterClock, TokenBucket } from "../src/rate-limiter.js";
import { waitForTurn } from "../src/request-events.js";

/** A clock that moves only when told, firing its timers in order. */
function fakeClock() {
  let now = 0;
  const timers: { at: number; callback: () => void }[] = [];
  const clock: LimiterClock = {
    now: () => now,
    setTimeout: (callback, ms) => timers.push({ at: now + ms, callback }),
  };
  return {
    clock,
    now: () => now,
    nextTimer: () => Math.min(...timers.map((timer) => timer.at)),
    /** Moves to `at` and fires the timers due by then (unless `fire` is false). */
    moveTo(at: number, fire = true) {
      now = at;
      if (!fire) return;
      for (
        let due = timers.findIndex((t) => t.at <= now);
        due !== -1;
        due = timers.findIndex((t) => t.at <= now)
      )
        timers.splice(due, 1)[0]?.callback();
    },
  };
}

/** Lets the promises settled so far run their callbacks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Bucket {
  rate: number;
  periodMs: number;
  burst: number;
}

/** When each request leaves, and whether it queued, for arrivals at the given whole milliseconds. */
async function simulate(bucket: Bucket, arrivals: number[]) {
  const time = fakeClock();
  const limiter = new TokenBucket({ ...bucket, clock: time.clock });
  const left: { at: number; queued: boolean }[] = [];
  let next = 0;
  while (left.filter(Boolean).length < arrivals.length) {
    const arrival = arrivals[next] ?? Number.POSITIVE_INFINITY;
    const at = Math.min(arrival, time.nextTimer());
    if (at === Number.POSITIVE_INFINITY) throw new Error("requests wait with no timer set to wake them");
    // A request arriving at the moment a timer is due comes first: it must not take the waiters' token.
    time.moveTo(at, false);
    if (arrival === at) {
      const index = next++;
      void limiter.acquire().then((queued) => {
        left[index] = { at: time.now(), queued };
      });
    }
    time.moveTo(at);
    await settle();
  }
  return left;
}

/**
 * A token bucket in whole numbers: `periodMs` units per token, `rate` units a millisecond, first come first
 * served. The earliest moment each request may leave.
 */
function oracle({ rate, periodMs, burst }: Bucket, arrivals: number[]): number[] {
  const capacity = burst * periodMs;
  let units = capacity;
  let lastAt = 0;
  return arrivals.map((arrival) => {
    const from = Math.max(arrival, lastAt);
    const available = Math.min(capacity, units + rate * (from - lastAt));
    const at = available >= periodMs ? from : lastAt + Math.ceil((periodMs - units) / rate);
    units = Math.min(capacity, units + rate * (at - lastAt)) - periodMs;
    lastAt = at;
    return at;
  });
}

const buckets = fc.record({
  rate: fc.integer({ min: 1, max: 20 }),
  periodMs: fc.oneof(fc.constantFrom(1000, 60_000), fc.integer({ min: 1, max: 5000 })),
  burst: fc.integer({ min: 1, max: 10 }),
});
/**
 * Arrival times in bursts: each after a quiet spell of up to three periods, a run of requests at most a token's
 * time apart, often more of them than the bucket holds plus a period's refill.
 */
const arrivalsFor = ({ rate, periodMs, burst }: Bucket) =>
  fc
    .array(
      fc.record({
        quietMs: fc.integer({ min: 0, max: 3 * periodMs }),
        count: fc.integer({ min: 1, max: burst + rate + 3 }),
        apartMs: fc.integer({ min: 0, max: Math.ceil(periodMs / rate) }),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((runs) => {
      const times: number[] = [];
      let at = 0;
      for (const run of runs) {
        at += run.quietMs;
        for (let index = 0; index < run.count; index++) {
          if (index > 0) at += run.apartMs;
          times.push(at);
        }
      }
      return times;
    });

describe("TokenBucket", () => {
  test("no window of one period, both ends included, lets more than burst + rate requests through", async () => {
    await fc.assert(
      fc.asyncProperty(
        buckets.chain((bucket) => fc.tuple(fc.constant(bucket), arrivalsFor(bucket))),
        async ([bucket, arrivals]) => {
          const times = (await simulate(bucket, arrivals)).map((request) => request.at);
          for (const start of times) {
            const inWindow = times.filter((at) => at >= start && at <= start + bucket.periodMs).length;
            expect(inWindow).toBeLessThanOrEqual(bucket.burst + bucket.rate);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test("each request leaves at the millisecond the oracle's bucket has its token, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        buckets.chain((bucket) => fc.tuple(fc.constant(bucket), arrivalsFor(bucket))),
        async ([bucket, arrivals]) => {
          const left = await simulate(bucket, arrivals);
          const expected = oracle(bucket, arrivals);
          for (const [index, request] of left.entries()) {
            expect(request.at, `request ${index}`).toBe(expected[index]);
            if (index > 0) expect(request.at).toBeGreaterThanOrEqual(Number(left[index - 1]?.at));
            // It says it queued exactly when it could not leave on arrival.
            if (!request.queued) expect(request.at).toBe(arrivals[index]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test("it says whether the request queued: the burst goes at once, the next one queues", async () => {
    const time = fakeClock();
    const limiter = new TokenBucket({ rate: 1, periodMs: 1000, burst: 2, clock: time.clock });
    await expect(limiter.acquire()).resolves.toBe(false);
    await expect(limiter.acquire()).resolves.toBe(false);
    const third = limiter.acquire();
    time.moveTo(1000);
    await expect(third).resolves.toBe(true);
  });

  test("an aborted waiter leaves the queue with the signal's reason and the next one moves up", async () => {
    const time = fakeClock();
    const limiter = new TokenBucket({ rate: 1, periodMs: 1000, burst: 1, clock: time.clock });
    await limiter.acquire();
    const controller = new AbortController();
    const first = limiter.acquire(controller.signal);
    const second = limiter.acquire();
    controller.abort(new Error("gave up"));
    await expect(first).rejects.toThrow("gave up");
    time.moveTo(1000);
    await expect(second).resolves.toBe(true);
    expect(() => limiter.acquire(controller.signal)).toThrow("gave up");
  });

  test("a rate, period or burst that cannot work is refused", () => {
    for (const bad of [
      { rate: 0, periodMs: 1000, burst: 1 },
      { rate: 1, periodMs: 0, burst: 1 },
      { rate: 1, periodMs: 1000, burst: 0.5 },
      { rate: Number.NaN, periodMs: 1000, burst: 1 },
    ])
      expect(() => new TokenBucket(bad), JSON.stringify(bad)).toThrow(RangeError);
  });
});

describe("waitForTurn", () => {
  const request = new Request("http://api.test/v1/items?token=x");
  const waits = async (acquire: () => Promise<boolean | undefined>) => {
    const events: unknown[] = [];
    await waitForTurn({ acquire }, request, (event) => events.push(event));
    return events;
  };
  const slowly = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 20));

  test("reports a wait when the limiter says it queued the request, however short, and never otherwise", async () => {
    expect(await waits(async () => true)).toEqual([
      { type: "rate-limit", method: "GET", path: "/v1/items", waitMs: expect.any(Number) },
    ]);
    // A busy event loop can make a free token take milliseconds; the limiter's word decides, not the clock.
    expect(await waits(() => slowly(false))).toEqual([]);
  });

  test("a limiter that does not say is timed instead", async () => {
    expect(await waits(() => slowly(undefined))).toHaveLength(1);
  });
});
