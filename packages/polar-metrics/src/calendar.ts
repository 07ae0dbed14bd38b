import { UTCDate } from "@date-fns/utc";
import {
  addDays,
  addMonths,
  differenceInCalendarDays,
  endOfMonth,
  isLastDayOfMonth,
} from "./calendar-math.js";

/** A calendar date `YYYY-MM-DD`, as the API's `start_date` and `end_date` take it. */
export type CalendarDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Calendar dates are computed in UTC, where every day has 24 hours, so DST never shifts them. A `UTCDate`
 * does date-fns arithmetic with the UTC methods directly; a `TZDate` in "UTC" asked Intl for the offset on
 * every step, which made resolving a range and bucketing a series several times slower.
 */
export function toDate(date: CalendarDate): UTCDate {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = new UTCDate(year, month - 1, day);
  // February 30 rolls over into March, and years below 100 into the 1900s: either way the parts change.
  if (value.getFullYear() !== year || value.getMonth() !== month - 1 || value.getDate() !== day) {
    throw new RangeError(`Not a real calendar date: ${date}`);
  }
  return value;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** The date's calendar day in its own zone (a `UTCDate`'s or `TZDate`'s, else the runtime's), as `YYYY-MM-DD`. */
export function fromDate(date: Date): CalendarDate {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

export function isCalendarDate(value: string): boolean {
  try {
    toDate(value);
    return true;
  } catch {
    return false;
  }
}

export function shiftDays(date: CalendarDate, days: number): CalendarDate {
  return fromDate(addDays(toDate(date), days));
}

/** Shifts by whole months; a month end stays a month end (Jan 31 → Feb 29 → Mar 31) when `keepMonthEnd`. */
export function shiftMonths(date: CalendarDate, months: number, keepMonthEnd = false): CalendarDate {
  const value = toDate(date);
  const shifted = addMonths(value, months);
  return fromDate(keepMonthEnd && isLastDayOfMonth(value) ? endOfMonth(shifted) : shifted);
}

/** Days from `start` to `end` (end − start), the measure the API's span limits use. */
export function daysBetween(start: CalendarDate, end: CalendarDate): number {
  return differenceInCalendarDays(toDate(end), toDate(start));
}

/** Calendar months from `start`'s month to `end`'s, both counted (March to May is 3). */
export function monthsSpanned(start: CalendarDate, end: CalendarDate): number {
  const index = (date: CalendarDate) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return index(end) - index(start) + 1;
}

export function isMonthEnd(date: CalendarDate): boolean {
  return isLastDayOfMonth(toDate(date));
}

// One day formatter per time zone: building an Intl.DateTimeFormat costs about 40 µs, using one about 1 µs.
// Only zones the runtime knows get one, so there are at most a few hundred.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormatIn(timeZone: string): Intl.DateTimeFormat | undefined {
  let dayFormat = dayFormats.get(timeZone);
  if (!dayFormat) {
    try {
      dayFormat = new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
    } catch {
      return undefined;
    }
    dayFormats.set(timeZone, dayFormat);
  }
  return dayFormat;
}

/** Today's date in an IANA time zone at the instant `now`. */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  const dayFormat = dayFormatIn(timeZone);
  if (!dayFormat) throw new RangeError(`Not an IANA time zone: ${timeZone}`);
  const parts = Object.fromEntries(dayFormat.formatToParts(now).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whether `timeZone` is an IANA name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  return dayFormatIn(timeZone) !== undefined;
}

/** The hour (0–23) of the instant `now` on the clock of an IANA time zone. */
export function hourIn(timeZone: string, now: Date): number {
  const hour = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" })
    .formatToParts(now)
    .find((part) => part.type === "hour")?.value;
  return Number(hour ?? 0);
}
