// Retry-After in both of its forms, against an independent oracle: the HTTP-date texts are built here from a
// Date's own UTC fields (or by toUTCString), and the expected wait is plain arithmetic on the instant.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseHttpDate, parseRetryAfter } from "../src/retry-after.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (value: number) => String(value).padStart(2, "0");
const clock = (date: Date) =>
  `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;

/** The three forms RFC 9110 §5.6.7 allows, written from the date's fields. */
const forms = {
  imf: (date: Date) => date.toUTCString(),
  rfc850: (date: Date) =>
    `${WEEKDAYS[date.getUTCDay()]}, ${two(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${two(date.getUTCFullYear() % 100)} ${clock(date)} GMT`,
  asctime: (date: Date) =>
    `${WEEKDAYS[date.getUTCDay()]?.slice(0, 3)} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, " ")} ${clock(date)} ${date.getUTCFullYear()}`,
};

/** Whole-second instants from 1000 to 9999 (HTTP dates have four-digit years and no fractions). */
const instants = fc
  .integer({ min: Date.UTC(1000, 0, 1) / 1000, max: Date.UTC(9999, 11, 31) / 1000 })
  .map((seconds) => new Date(seconds * 1000));
/** Within 40 years of now, where a two-digit RFC 850 year is unambiguous. */
const nearInstants = fc
  .integer({ min: (NOW - 40 * 365 * 86_400_000) / 1000, max: (NOW + 40 * 365 * 86_400_000) / 1000 })
  .map((seconds) => new Date(seconds * 1000));
const expectedWait = (date: Date) => Math.max(0, Math.ceil((date.getTime() - NOW) / 1000));

describe("parseRetryAfter", () => {
  test("delay-seconds is the number itself", () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom("", " ", "\t"), (seconds, space) => {
        expect(parseRetryAfter(`${space}${seconds}${space}`, NOW)).toBe(seconds);
      }),
    );
    expect(parseRetryAfter("0", NOW)).toBe(0);
  });

  test("an IMF-fixdate is the seconds until it, rounded up, and 0 once it has passed", () => {
    fc.assert(
      fc.property(instants, (date) => {
        expect(parseRetryAfter(forms.imf(date), NOW)).toBe(expectedWait(date));
      }),
      { numRuns: 2000 },
    );
    expect(parseRetryAfter("Sun, 01 Jun 2025 12:00:07 GMT", NOW)).toBe(7);
    expect(parseRetryAfter("Sun, 01 Jun 2025 11:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("Sun, 01 Jun 2025 12:00:07 GMT", NOW + 500)).toBe(7);
  });

  test("the obsolete RFC 850 and asctime forms read the same instant", () => {
    fc.assert(
      fc.property(instants, (date) => {
        expect(parseHttpDate(forms.asctime(date))).toBe(date.getTime());
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(nearInstants, (date) => {
        expect(parseHttpDate(forms.rfc850(date))).toBe(date.getTime());
        expect(parseRetryAfter(forms.rfc850(date), NOW)).toBe(expectedWait(date));
      }),
      { numRuns: 2000 },
    );
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  test("anything else is no advice at all", () => {
    for (const header of [
      null,
      undefined,
      "",
      "soon",
      "-5",
      "1.5",
      "1e3",
      "2025-06-01T12:00:07Z",
      "Sun, 31 Feb 2025 12:00:00 GMT",
      "Sun, 01 Jun 2025 25:00:00 GMT",
      "Sun, 01 Jun 2025 12:00:00 UTC",
      "Sun, 1 Jun 2025 12:00:00 GMT",
    ]) {
      expect(parseRetryAfter(header, NOW), String(header)).toBeUndefined();
    }
  });

  test("random text never throws and never gives a negative or fractional wait", () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        const seconds = parseRetryAfter(header, NOW);
        if (seconds !== undefined) expect(Number.isInteger(seconds) && seconds >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
