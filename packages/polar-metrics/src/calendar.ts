import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, differenceInCalendarDays, endOfMonth, format, isLastDayOfMonth } from "date-fns";

/** A calendar date `YYYY-MM-DD`, as the API's `start_date` and `end_date` take it. */
export type CalendarDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar dates are computed in UTC, where every day has 24 hours, so DST never shifts them. */
export function toDate(date: CalendarDate): TZDate {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const value = new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), "UTC");
  if (format(value, "yyyy-MM-dd") !== date) throw new RangeError(`Not a real calendar date: ${date}`);
  return value;
}

export function fromDate(date: Date): CalendarDate {
  return format(date, "yyyy-MM-dd");
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

/** Today's date in an IANA time zone at the instant `now`. */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  return format(new TZDate(now.getTime(), timeZone), "yyyy-MM-dd");
}

/** Whether `timeZone` is an IANA name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
