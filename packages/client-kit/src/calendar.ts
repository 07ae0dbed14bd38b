// Calendar dates as the APIs write them, `YYYY-MM-DD` strings, with arithmetic on whole days since the epoch
// in UTC, where every day has 24 hours, so daylight saving time never shifts a date. No date library: the
// steps are few, and date-fns installs 28 MB for them.

/** A calendar date `YYYY-MM-DD`, such as `2024-05-01`. */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch at UTC midnight of a date, with years below 100 kept as they are. */
function utcMidnight(year: number, monthIndex: number, day: number): number {
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

interface DateParts {
  year: number;
  /** 0 = January. */
  monthIndex: number;
  day: number;
}

/** @throws RangeError for text that is not `YYYY-MM-DD` or not a day that exists. */
function partsOf(date: CalendarDate): DateParts {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [year, monthIndex, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const value = new Date(utcMidnight(year, monthIndex, day));
  // February 30 rolls over into March: the parts then differ.
  if (value.getUTCMonth() !== monthIndex || value.getUTCDate() !== day) {
    throw new RangeError(`Not a real calendar date: ${date}`);
  }
  return { year, monthIndex, day };
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** The date `YYYY-MM-DD` of UTC midnight `ms`; `monthIndex` and `day` may run over (they roll on). */
function format(ms: number): CalendarDate {
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

const build = (year: number, monthIndex: number, day: number) => format(utcMidnight(year, monthIndex, day));

/** Days in a month; `monthIndex` counts from 0 and may run past 11 or below 0. */
const daysInMonth = (year: number, monthIndex: number) =>
  new Date(utcMidnight(year, monthIndex + 1, 0)).getUTCDate();

/** True for text `YYYY-MM-DD` naming a day that exists (`2024-02-29` yes, `2023-02-29` no). */
export function isCalendarDate(value: string): boolean {
  try {
    partsOf(value);
    return true;
  } catch {
    return false;
  }
}

/** `date` shifted by whole days (negative goes back). @example addDays("2024-02-28", 2) // "2024-03-01" */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const { year, monthIndex, day } = partsOf(date);
  return build(year, monthIndex, day + days);
}

/**
 * `date` shifted by whole months; a day the target month lacks becomes its last day (Jan 31 + 1 → Feb 29 in
 * a leap year). With `keepMonthEnd`, a month end stays a month end (Feb 29 + 1 → Mar 31).
 */
export function addMonths(date: CalendarDate, months: number, keepMonthEnd = false): CalendarDate {
  const { year, monthIndex, day } = partsOf(date);
  const target = monthIndex + months;
  const lastDay = daysInMonth(year, target);
  const monthEnd = day === daysInMonth(year, monthIndex);
  return build(year, target, keepMonthEnd && monthEnd ? lastDay : Math.min(day, lastDay));
}

/** Days from `start` to `end` (end − start): `daysBetween("2024-05-01", "2024-05-31")` is 30. */
export function daysBetween(start: CalendarDate, end: CalendarDate): number {
  const midnight = (date: CalendarDate) => {
    const { year, monthIndex, day } = partsOf(date);
    return utcMidnight(year, monthIndex, day);
  };
  return Math.round((midnight(end) - midnight(start)) / DAY_MS);
}

/** Every date from `start` to `end`, both included; empty when `end` is before `start`. */
export function datesBetween(start: CalendarDate, end: CalendarDate): CalendarDate[] {
  const count = daysBetween(start, end) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(start, index));
}

/** Calendar months from `start`'s month to `end`'s, both counted (March to May is 3). */
export function monthsSpanned(start: CalendarDate, end: CalendarDate): number {
  const index = (date: CalendarDate) => {
    const { year, monthIndex } = partsOf(date);
    return year * 12 + monthIndex;
  };
  return index(end) - index(start) + 1;
}

/** The Monday on or before `date` (ISO weeks start on Monday). */
export function startOfIsoWeek(date: CalendarDate): CalendarDate {
  const { year, monthIndex, day } = partsOf(date);
  const weekday = new Date(utcMidnight(year, monthIndex, day)).getUTCDay();
  return build(year, monthIndex, day - ((weekday + 6) % 7));
}

export function startOfMonth(date: CalendarDate): CalendarDate {
  const { year, monthIndex } = partsOf(date);
  return build(year, monthIndex, 1);
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  const { year, monthIndex } = partsOf(date);
  return build(year, monthIndex + 1, 0);
}

/** Whether `date` is the last day of its month. */
export function isMonthEnd(date: CalendarDate): boolean {
  return date === endOfMonth(date);
}

/** The first day of `date`'s quarter (January, April, July, October). */
export function startOfQuarter(date: CalendarDate): CalendarDate {
  const { year, monthIndex } = partsOf(date);
  return build(year, monthIndex - (monthIndex % 3), 1);
}

export function endOfQuarter(date: CalendarDate): CalendarDate {
  return endOfMonth(addMonths(startOfQuarter(date), 2));
}

export function startOfYear(date: CalendarDate): CalendarDate {
  return build(partsOf(date).year, 0, 1);
}

export function endOfYear(date: CalendarDate): CalendarDate {
  return build(partsOf(date).year, 11, 31);
}

// One formatter per time zone: building an Intl.DateTimeFormat costs about 40 µs, using one about 1 µs. Only
// zones the runtime knows get one, so there are at most a few hundred.
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
        hour: "2-digit",
        hourCycle: "h23",
      });
    } catch {
      return undefined;
    }
    dayFormats.set(timeZone, dayFormat);
  }
  return dayFormat;
}

/** Whether `timeZone` is an IANA name this runtime knows (`Europe/Amsterdam`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  return dayFormatIn(timeZone) !== undefined;
}

function clockIn(instant: Date, timeZone: string): Record<string, string> {
  const dayFormat = dayFormatIn(timeZone);
  if (!dayFormat) throw new RangeError(`Not an IANA time zone: ${timeZone}`);
  return Object.fromEntries(dayFormat.formatToParts(instant).map((part) => [part.type, part.value]));
}

/**
 * The calendar date of an instant on the clocks of an IANA time zone.
 *
 * @example localDate(new Date("2024-05-01T23:30:00Z"), "Europe/Amsterdam") // "2024-05-02"
 * @throws RangeError for a time zone the runtime does not know.
 */
export function localDate(instant: Date, timeZone: string): CalendarDate {
  const parts = clockIn(instant, timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The hour (0–23) of an instant on the clocks of an IANA time zone. */
export function localHour(instant: Date, timeZone: string): number {
  return Number(clockIn(instant, timeZone).hour);
}
