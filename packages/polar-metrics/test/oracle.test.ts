import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPolarClient, type Interval, METRIC_SLUGS, METRICS } from "../src/index.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";
import { oracleValues, spanOf } from "./oracle.js";

// Every metric of the catalog over day, week, month and year spans, in four zones (two with DST changes
// inside some spans), each fetched at two intervals: the period figure must not depend on the interval.
const now = new Date("2025-06-15T12:00:00Z");
let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 7, now });
});
afterAll(() => fake.close());

const client = (timeZone: string) =>
  createPolarClient({ accessToken: fake.token, baseUrl: fake.url, now: () => now, retry: 0, timeZone });

const SPANS: { name: string; start: string; end: string; intervals: Interval[] }[] = [
  { name: "day with the EU DST switch", start: "2025-03-30", end: "2025-03-30", intervals: ["day", "hour"] },
  { name: "day with the US DST switch", start: "2025-03-09", end: "2025-03-09", intervals: ["day", "hour"] },
  {
    name: "ISO week with the EU DST switch",
    start: "2025-03-24",
    end: "2025-03-30",
    intervals: ["day", "week"],
  },
  { name: "month", start: "2025-05-01", end: "2025-05-31", intervals: ["day", "month"] },
  { name: "month with the US DST end", start: "2024-11-01", end: "2024-11-30", intervals: ["week", "month"] },
  { name: "year", start: "2024-01-01", end: "2024-12-31", intervals: ["month", "week"] },
  { name: "unaligned 70 days", start: "2025-02-10", end: "2025-04-20", intervals: ["day", "month"] },
  { name: "to date, ending today", start: "2025-06-01", end: "2025-06-15", intervals: ["day", "week"] },
];
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo"];
const CASES = SPANS.flatMap((span) =>
  ZONES.flatMap((zone) => span.intervals.map((interval) => ({ ...span, zone, interval }))),
);

/** Exact for counts and cents; 6 significant digits (the client's rounding) for fractions and sub-cents. */
function expectClose(actual: number | null | undefined, expected: number | null, label: string) {
  if (expected === null) return expect(actual ?? null, label).toBeNull();
  expect(actual, label).not.toBeNull();
  const tolerance = Math.max(Math.abs(expected) * 1e-5, 1e-9);
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

describe("every metric over a span agrees with the oracle computed from the store", () => {
  test(`${CASES.length} cases × ${METRICS.length} metrics`, { timeout: 60_000 }, async () => {
    let checked = 0;
    for (const { name, start, end, zone, interval } of CASES) {
      const report = await client(zone).getMetrics({
        metrics: [...METRIC_SLUGS],
        startDate: start,
        endDate: end,
        interval,
      });
      const [from, to] = spanOf(start, end, zone);
      const expected = oracleValues(fake.store, from, to);
      for (const metric of METRICS) {
        const label = `${metric.slug} over ${name} (${start}…${end}, ${zone}, by ${interval})`;
        const value = report.totals[metric.slug];
        if (metric.period.kind === "unavailable" && report.periods.length > 1) {
          expect(value, label).toBeNull();
          expect(report.notes[metric.slug], label).toMatch(/cannot be added up/);
        } else if (metric.slug === "cashflow") {
          // The API rounds each bucket's net − costs to a cent: the sum may drift by half a cent a bucket.
          expect(Math.abs((value ?? Number.NaN) - (expected.cashflow ?? 0)), label).toBeLessThanOrEqual(
            report.periods.length / 2,
          );
        } else expectClose(value, expected[metric.slug] ?? null, label);
        checked++;
      }
    }
    expect(checked).toBe(CASES.length * METRICS.length);
  });
});
