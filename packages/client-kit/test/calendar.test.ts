// The calendar steps, checked against date-fns (a dev dependency only for this comparison) on every kind of
// day: month ends, leap days, year ends, each weekday, across four centuries.
import { UTCDate } from "@date-fns/utc";
import * as dateFns from "date-fns";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as ours from "../src/calendar.js";

const DAY_MS = 86_400_000;
const dayNumbers = fc.integer({ min: Date.UTC(1900, 0, 1) / DAY_MS, max: Date.UTC(2300, 11, 31) / DAY_MS });
/** The same day twice: as date-fns takes it, and as text. */
const days = dayNumbers.map((day) => {
  const date = new UTCDate(day * DAY_MS);
  return { date, text: date.toISOString().slice(0, 10) };
});
const text = (date: Date) => date.toISOString().slice(0, 10);

describe("the calendar agrees with date-fns on UTC dates", () => {
  const unary: Array<[string, (date: string) => string, (date: Date) => Date]> = [
    ["startOfIsoWeek", ours.startOfIsoWeek, dateFns.startOfISOWeek],
    ["startOfMonth", ours.startOfMonth, dateFns.startOfMonth],
    ["endOfMonth", ours.endOfMonth, dateFns.endOfMonth],
    ["startOfQuarter", ours.startOfQuarter, dateFns.startOfQuarter],
    ["endOfQuarter", ours.endOfQuarter, dateFns.endOfQuarter],
    ["startOfYear", ours.startOfYear, dateFns.startOfYear],
    ["endOfYear", ours.endOfYear, dateFns.endOfYear],
  ];
  test.each(unary)("%s", (_name, mine, theirs) => {
    fc.assert(
      fc.property(days, (day) => {
        expect(mine(day.text)).toBe(text(theirs(day.date)));
      }),
      { numRuns: 2000 },
    );
  });

  const shifts: Array<[string, (date: string, amount: number) => string, (date: Date, n: number) => Date]> = [
    ["addDays", ours.addDays, dateFns.addDays],
    ["addMonths", ours.addMonths, dateFns.addMonths],
  ];
  test.each(shifts)("%s", (_name, mine, theirs) => {
    fc.assert(
      fc.property(days, fc.integer({ min: -5000, max: 5000 }), (day, amount) => {
        expect(mine(day.text, amount)).toBe(text(theirs(day.date, amount)));
      }),
      { numRuns: 2000 },
    );
  });

  test("addMonths keeping month ends agrees with date-fns' endOfMonth", () => {
    fc.assert(
      fc.property(days, fc.integer({ min: -400, max: 400 }), (day, months) => {
        const shifted = dateFns.addMonths(day.date, months);
        const expected = dateFns.isLastDayOfMonth(day.date) ? dateFns.endOfMonth(shifted) : shifted;
        expect(ours.addMonths(day.text, months, true)).toBe(text(expected));
      }),
      { numRuns: 2000 },
    );
  });

  test("isMonthEnd, daysBetween, monthsSpanned and datesBetween", () => {
    fc.assert(
      fc.property(days, days, (a, b) => {
        expect(ours.isMonthEnd(a.text)).toBe(dateFns.isLastDayOfMonth(a.date));
        expect(ours.daysBetween(a.text, b.text)).toBe(dateFns.differenceInCalendarDays(b.date, a.date));
        expect(ours.monthsSpanned(a.text, b.text)).toBe(
          dateFns.differenceInCalendarMonths(b.date, a.date) + 1,
        );
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(days, fc.integer({ min: 0, max: 60 }), (day, length) => {
        const end = text(dateFns.addDays(day.date, length));
        const dates = ours.datesBetween(day.text, end);
        expect(dates).toHaveLength(length + 1);
        expect(dates.at(-1)).toBe(end);
        expect([...dates].sort()).toEqual(dates);
      }),
    );
  });

  test("isCalendarDate accepts exactly the days that exist", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const value = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          const exists =
            day <= dateFns.getDaysInMonth(new UTCDate(Date.UTC(2000, month - 1, 1)).setUTCFullYear(year));
          expect(ours.isCalendarDate(value)).toBe(exists);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("the edges named in the code", () => {
  test("month steps clamp to the month's last day", () => {
    expect(ours.addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(ours.addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(ours.addMonths("2024-02-29", 1, true)).toBe("2024-03-31");
    expect(ours.startOfIsoWeek("2025-06-15")).toBe("2025-06-09");
    expect(ours.isMonthEnd("2100-02-28")).toBe(true);
  });

  test("years below 100 stay themselves (Date.UTC would move them into the 1900s)", () => {
    expect(ours.isCalendarDate("0050-02-28")).toBe(true);
    expect(ours.addDays("0050-02-28", 1)).toBe("0050-03-01");
    expect(ours.daysBetween("0099-12-31", "0100-01-01")).toBe(1);
  });

  test("text that is not a real date is refused with a RangeError", () => {
    for (const bad of ["2024-02-30", "2024-13-01", "2024-1-01", "20240101", "", "2024-02-29T00:00"]) {
      expect(ours.isCalendarDate(bad), bad).toBe(false);
      expect(() => ours.addDays(bad, 1), bad).toThrow(RangeError);
    }
  });

  test("the date and hour of an instant in a time zone", () => {
    const instant = new Date("2024-05-01T23:30:00Z");
    expect(ours.localDate(instant, "Europe/Amsterdam")).toBe("2024-05-02");
    expect(ours.localDate(instant, "America/Los_Angeles")).toBe("2024-05-01");
    expect(ours.localDate(instant, "UTC")).toBe("2024-05-01");
    expect(ours.localHour(instant, "Europe/Amsterdam")).toBe(1);
    expect(ours.localHour(new Date("2024-05-01T00:10:00Z"), "UTC")).toBe(0);
    expect(ours.isTimeZone("Asia/Kolkata")).toBe(true);
    expect(ours.isTimeZone("Mars/Olympus")).toBe(false);
    expect(() => ours.localDate(instant, "Mars/Olympus")).toThrow(/Not an IANA time zone: Mars\/Olympus/);
  });

  test("localDate agrees with date arithmetic on the zone's fixed offset", () => {
    // Asia/Kolkata has kept +05:30 since 1945, so an independent answer is the UTC date 5.5 hours later.
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const shifted = new Date(ms + 5.5 * 3_600_000).toISOString().slice(0, 10);
        expect(ours.localDate(new Date(ms), "Asia/Kolkata")).toBe(shifted);
      }),
      { numRuns: 1000 },
    );
  });
});
