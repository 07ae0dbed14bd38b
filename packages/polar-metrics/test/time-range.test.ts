import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PolarInputError, resolveTimeRange, TIME_RANGE_PRESETS, type TimeRangePreset } from "../src/index.js";

// Wednesday 2025-03-19, 15:00 UTC.
const now = new Date("2025-03-19T15:00:00Z");

describe("presets in UTC", () => {
  test.each<[TimeRangePreset, string, string]>([
    ["today", "2025-03-19", "2025-03-19"],
    ["yesterday", "2025-03-18", "2025-03-18"],
    ["last_7_days", "2025-03-12", "2025-03-18"],
    ["last_14_days", "2025-03-05", "2025-03-18"],
    ["last_28_days", "2025-02-19", "2025-03-18"],
    ["last_30_days", "2025-02-17", "2025-03-18"],
    ["last_90_days", "2024-12-19", "2025-03-18"],
    ["last_365_days", "2024-03-19", "2025-03-18"],
    ["week_to_date", "2025-03-17", "2025-03-19"],
    ["month_to_date", "2025-03-01", "2025-03-19"],
    ["quarter_to_date", "2025-01-01", "2025-03-19"],
    ["year_to_date", "2025-01-01", "2025-03-19"],
    ["last_week", "2025-03-10", "2025-03-16"],
    ["last_month", "2025-02-01", "2025-02-28"],
    ["last_quarter", "2024-10-01", "2024-12-31"],
    ["last_year", "2024-01-01", "2024-12-31"],
    ["last_12_months", "2024-03-01", "2025-02-28"],
    ["all_time", "2023-01-01", "2025-03-19"],
  ])("%s is %s to %s", (preset, start, end) => {
    expect(resolveTimeRange({ timeRange: preset, now })).toMatchObject({
      start,
      end,
      timeZone: "UTC",
      preset,
    });
  });

  test("the table covers every preset", () => {
    expect(TIME_RANGE_PRESETS).toHaveLength(18);
  });

  test("last_N_days includes today only when asked", () => {
    expect(resolveTimeRange({ timeRange: "last_7_days", includeToday: true, now })).toMatchObject({
      start: "2025-03-13",
      end: "2025-03-19",
    });
  });
});

describe("time zones", () => {
  test("the same instant is a different day east and west of UTC", () => {
    const lateUtc = new Date("2025-03-31T23:30:00Z");
    expect(resolveTimeRange({ timeRange: "today", timeZone: "Asia/Tokyo", now: lateUtc }).start).toBe(
      "2025-04-01",
    );
    expect(
      resolveTimeRange({ timeRange: "today", timeZone: "America/Los_Angeles", now: lateUtc }).start,
    ).toBe("2025-03-31");
    expect(
      resolveTimeRange({ timeRange: "month_to_date", timeZone: "Asia/Tokyo", now: lateUtc }),
    ).toMatchObject({
      start: "2025-04-01",
      end: "2025-04-01",
    });
    expect(resolveTimeRange({ timeRange: "last_month", timeZone: "Asia/Tokyo", now: lateUtc })).toMatchObject(
      {
        start: "2025-03-01",
        end: "2025-03-31",
      },
    );
  });

  test("year and quarter boundaries follow the local date", () => {
    const newYearUtc = new Date("2025-01-01T03:00:00Z");
    expect(
      resolveTimeRange({ timeRange: "last_year", timeZone: "America/New_York", now: newYearUtc }),
    ).toMatchObject({
      start: "2023-01-01",
      end: "2023-12-31",
    });
    expect(
      resolveTimeRange({ timeRange: "quarter_to_date", timeZone: "Europe/Paris", now: newYearUtc }),
    ).toMatchObject({
      start: "2025-01-01",
      end: "2025-01-01",
    });
  });

  test("DST changes do not move day boundaries", () => {
    // New York springs forward on 2025-03-09 and falls back on 2025-11-02.
    const afterSpring = new Date("2025-03-10T04:30:00Z"); // 00:30 EDT on March 10
    expect(
      resolveTimeRange({ timeRange: "yesterday", timeZone: "America/New_York", now: afterSpring }).start,
    ).toBe("2025-03-09");
    const beforeFall = new Date("2025-11-03T04:30:00Z"); // 23:30 EST on November 2
    expect(
      resolveTimeRange({ timeRange: "today", timeZone: "America/New_York", now: beforeFall }).start,
    ).toBe("2025-11-02");
    expect(
      resolveTimeRange({
        timeRange: "last_week",
        timeZone: "Europe/Berlin",
        now: new Date("2025-04-01T12:00:00Z"),
      }),
    ).toMatchObject({
      start: "2025-03-24",
      end: "2025-03-30",
    });
  });
});

describe("leap years", () => {
  test("last_month in March of a leap year ends on February 29", () => {
    expect(
      resolveTimeRange({ timeRange: "last_month", now: new Date("2024-03-05T00:00:00Z") }),
    ).toMatchObject({
      start: "2024-02-01",
      end: "2024-02-29",
    });
  });

  test("last_365_days across February 29 spans 365 days", () => {
    expect(
      resolveTimeRange({ timeRange: "last_365_days", now: new Date("2024-03-01T12:00:00Z") }),
    ).toMatchObject({
      start: "2023-03-02",
      end: "2024-02-29",
    });
  });
});

describe("explicit dates and bad input", () => {
  test("explicit dates win over a preset", () => {
    expect(
      resolveTimeRange({ timeRange: "today", startDate: "2024-02-01", endDate: "2024-02-29", now }),
    ).toMatchObject({
      start: "2024-02-01",
      end: "2024-02-29",
      unit: "month",
    });
  });

  test.each([
    ["2024-03-01", "2024-03-31", "month"],
    ["2024-02-01", "2024-03-31", "month"],
    ["2024-04-01", "2024-09-30", "quarter"],
    ["2024-01-01", "2024-12-31", "year"],
    ["2024-03-01", "2024-03-15", "day"],
    ["2024-03-02", "2024-03-31", "day"],
  ] as const)("%s … %s is made of %ss", (startDate, endDate, unit) => {
    expect(resolveTimeRange({ startDate, endDate, now }).unit).toBe(unit);
  });

  test.each([
    // The type refuses it; JavaScript callers still get the check.
    [{ timeRange: "last_fortnight" as TimeRangePreset }, /not a time range preset/],
    [{ timeZone: "Mars/Olympus" }, /not an IANA time zone/],
    [{ startDate: "2024-02-30", endDate: "2024-03-01" }, /not a date/],
    [{ startDate: "2024-03-02", endDate: "2024-03-01" }, /before the start date/],
    [{ startDate: "2022-12-01", endDate: "2023-03-01" }, /from 2023-01-01 on/],
  ])("%o is rejected", (input, message) => {
    expect(() => resolveTimeRange({ ...input, now })).toThrow(PolarInputError);
    expect(() => resolveTimeRange({ ...input, now })).toThrow(message);
  });
});

describe("properties of every preset", () => {
  const instants = fc.date({
    min: new Date("2024-01-01T00:00:00Z"),
    max: new Date("2030-12-31T23:59:59Z"),
    noInvalidDate: true,
  });
  const zones = fc.constantFrom(
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "Pacific/Honolulu",
  );

  test("start ≤ end, and no range ends after today", () => {
    fc.assert(
      fc.property(instants, zones, fc.constantFrom(...TIME_RANGE_PRESETS), (instant, timeZone, preset) => {
        const range = resolveTimeRange({ timeRange: preset, timeZone, now: instant });
        const today = resolveTimeRange({ timeRange: "today", timeZone, now: instant }).start;
        return range.start <= range.end && range.end <= today;
      }),
    );
  });

  test("last_N_days covers exactly N days and ends yesterday", () => {
    fc.assert(
      fc.property(instants, zones, fc.constantFrom(7, 14, 28, 30, 90, 365), (instant, timeZone, days) => {
        const range = resolveTimeRange({ timeRange: `last_${days}_days`, timeZone, now: instant });
        const yesterday = resolveTimeRange({ timeRange: "yesterday", timeZone, now: instant }).end;
        const span = (Date.parse(range.end) - Date.parse(range.start)) / 86_400_000 + 1;
        return span === days && range.end === yesterday;
      }),
    );
  });

  test("weeks start on Monday", () => {
    fc.assert(
      fc.property(instants, zones, (instant, timeZone) => {
        const { start, end } = resolveTimeRange({ timeRange: "last_week", timeZone, now: instant });
        return (
          new Date(`${start}T00:00:00Z`).getUTCDay() === 1 && new Date(`${end}T00:00:00Z`).getUTCDay() === 0
        );
      }),
    );
  });
});
