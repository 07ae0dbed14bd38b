import { describe, expect, test } from "vitest";
import {
  checkRangeCost,
  INTERVALS,
  type Interval,
  latestEndDate,
  MAX_CALLS_PER_RANGE,
  minimumCalls,
  periodCount,
  resolveTimeRange,
  splitRange,
} from "../src/index.js";
import { nextBucketStart } from "../src/intervals.js";

/** Counts buckets by walking them one by one: slow, obviously right, independent of `periodCount`. */
function walkBuckets(start: string, end: string, interval: Interval): number {
  if (interval === "hour") return walkBuckets(start, end, "day") * 24;
  let count = 0;
  for (let day = start; day <= end; day = nextBucketStart(day, interval)) count++;
  return count;
}

describe("counting work from the dates alone", () => {
  test("the hostile range: 2,913,539 days by the hour would be 364,193 calls, refused by arithmetic", () => {
    // 2023-01-01 … 9999-12-31 inclusive is 2,913,539 days (Python: (date(9999,12,31)-date(2023,1,1)).days + 1);
    // a call covers 8 days by the hour, so ceil(2,913,539 / 8) = 364,193.
    expect(minimumCalls("2023-01-01", "9999-12-31", "hour")).toBe(364_193);
    expect(() => checkRangeCost("2023-01-01", "9999-12-31", "hour")).toThrow(
      "A hour series over 2913539 days would take 364193 API calls, more than the 24 one range may take",
    );
  });

  test.each([
    ["2025-01-01", "2025-12-31", "week", 53], // Monday 2024-12-30 … Monday 2025-12-29
    ["2025-01-01", "2025-12-31", "month", 12],
    ["2023-01-01", "2025-06-15", "year", 3],
    ["2025-03-30", "2025-03-31", "hour", 48],
    ["2024-02-01", "2024-03-01", "day", 30],
  ] as const)("%s … %s by %s holds %i periods", (start, end, interval, expected) => {
    expect(periodCount(start, end, interval)).toBe(expected);
  });

  test.each(
    INTERVALS.flatMap((interval) =>
      [
        ["2023-01-01", "2023-01-01"],
        ["2023-01-05", "2024-02-29"],
        ["2024-12-30", "2026-12-31"],
        ["2023-03-15", "2027-11-02"],
      ].map(([start, end]) => [start as string, end as string, interval] as const),
    ),
  )(
    "%s … %s by %s: periods match a walk, calls match the split (at most one more per ten)",
    (start, end, interval) => {
      expect(periodCount(start, end, interval)).toBe(walkBuckets(start, end, interval));
      const calls = splitRange(start, end, interval).length;
      const minimum = minimumCalls(start, end, interval);
      if (interval === "hour" || interval === "day") expect(calls).toBe(minimum);
      else expect(calls).toBeLessThanOrEqual(minimum + Math.ceil(minimum / 10));
      expect(calls).toBeGreaterThanOrEqual(minimum);
    },
  );

  test("more periods than allowed is refused with the count and the limit", () => {
    expect(() => checkRangeCost("2025-04-01", "2025-05-15", "hour", 1000)).toThrow(
      "The range spans 1080 hour periods; at most 1000 are allowed here.",
    );
    expect(() => checkRangeCost("2025-04-01", "2025-05-15", "day", 1000)).not.toThrow();
    expect(MAX_CALLS_PER_RANGE).toBe(24);
  });
});

describe("date bounds", () => {
  const now = new Date("2025-06-15T12:00:00Z");

  test("an end date more than a year after today is refused, naming the date and the latest allowed", () => {
    expect(latestEndDate("2025-06-15")).toBe("2026-06-16");
    expect(() => resolveTimeRange({ startDate: "2023-01-01", endDate: "9999-12-31", now })).toThrow(
      "The end date 9999-12-31 is more than 366 days after today (2025-06-15); Polar has no metrics for the future. End the range on 2026-06-16 or earlier.",
    );
    expect(resolveTimeRange({ startDate: "2025-01-01", endDate: "2026-06-16", now }).end).toBe("2026-06-16");
  });

  test("a start date before Polar's first day is refused", () => {
    expect(() => resolveTimeRange({ startDate: "2022-12-31", endDate: "2023-01-31", now })).toThrow(
      /from 2023-01-01 on; 2022-12-31 is earlier/,
    );
  });
});
