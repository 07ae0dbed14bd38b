// The calendar steps written in src/calendar-math.ts, checked against date-fns (kept as a dev dependency only
// for this comparison) on every kind of day: month ends, leap days, year ends, each weekday.
import { UTCDate } from "@date-fns/utc";
import * as dateFns from "date-fns";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as ours from "../src/calendar-math.js";

const days = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2200, 11, 31) / 86_400_000 })
  .map((day) => new UTCDate(day * 86_400_000));
const day = (date: Date) => date.toISOString().slice(0, 10);

describe("calendar-math agrees with date-fns on UTC dates", () => {
  const unary: Array<[string, (date: Date) => Date, (date: Date) => Date]> = [
    ["startOfISOWeek", ours.startOfISOWeek, dateFns.startOfISOWeek],
    ["startOfMonth", ours.startOfMonth, dateFns.startOfMonth],
    ["endOfMonth", ours.endOfMonth, dateFns.endOfMonth],
    ["startOfQuarter", ours.startOfQuarter, dateFns.startOfQuarter],
    ["endOfQuarter", ours.endOfQuarter, dateFns.endOfQuarter],
    ["startOfYear", ours.startOfYear, dateFns.startOfYear],
    ["endOfYear", ours.endOfYear, dateFns.endOfYear],
  ];
  test.each(unary)("%s", (_name, mine, theirs) => {
    fc.assert(
      fc.property(days, (date) => {
        expect(day(mine(date))).toBe(day(theirs(date)));
      }),
      { numRuns: 2000 },
    );
  });

  const shifts: Array<[string, (date: Date, amount: number) => Date, (date: Date, amount: number) => Date]> =
    [
      ["addDays", ours.addDays, dateFns.addDays],
      ["subDays", ours.subDays, dateFns.subDays],
      ["addMonths", ours.addMonths, dateFns.addMonths],
      ["addYears", ours.addYears, dateFns.addYears],
    ];
  test.each(shifts)("%s", (_name, mine, theirs) => {
    fc.assert(
      fc.property(days, fc.integer({ min: -400, max: 400 }), (date, amount) => {
        expect(day(mine(date, amount))).toBe(day(theirs(date, amount)));
      }),
      { numRuns: 2000 },
    );
  });

  test("isLastDayOfMonth and differenceInCalendarDays", () => {
    fc.assert(
      fc.property(days, days, (a, b) => {
        expect(ours.isLastDayOfMonth(a)).toBe(dateFns.isLastDayOfMonth(a));
        expect(ours.differenceInCalendarDays(a, b)).toBe(dateFns.differenceInCalendarDays(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  test("the edges named in the code", () => {
    expect(day(ours.addMonths(new UTCDate(Date.UTC(2024, 0, 31)), 1))).toBe("2024-02-29");
    expect(day(ours.addMonths(new UTCDate(Date.UTC(2023, 0, 31)), 1))).toBe("2023-02-28");
    expect(day(ours.startOfISOWeek(new UTCDate(Date.UTC(2025, 5, 15))))).toBe("2025-06-09");
    expect(ours.isLastDayOfMonth(new UTCDate(Date.UTC(2100, 1, 28)))).toBe(true);
  });
});
