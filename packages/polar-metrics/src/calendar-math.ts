import { UTCDate } from "@date-fns/utc";

// The few calendar steps the presets and buckets need, on UTC dates (every day 24 hours, so DST never
// shifts them). Written here rather than taken from date-fns, whose package installs 28 MB for them.

const DAY_MS = 86_400_000;

const utc = (year: number, monthIndex: number, day: number) => new UTCDate(Date.UTC(year, monthIndex, day));

/** Days in a month; `monthIndex` counts from 0 and may run past 11 or below 0. */
const daysInMonth = (year: number, monthIndex: number) =>
  new UTCDate(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

export function addDays(date: Date, days: number): UTCDate {
  return utc(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days);
}

export function subDays(date: Date, days: number): UTCDate {
  return addDays(date, -days);
}

/** Whole months later (or earlier); a day the target month lacks becomes its last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: Date, months: number): UTCDate {
  const year = date.getUTCFullYear();
  const monthIndex = date.getUTCMonth() + months;
  return utc(year, monthIndex, Math.min(date.getUTCDate(), daysInMonth(year, monthIndex)));
}

export function addYears(date: Date, years: number): UTCDate {
  return addMonths(date, 12 * years);
}

/** The Monday on or before the date (ISO weeks start on Monday). */
export function startOfISOWeek(date: Date): UTCDate {
  return addDays(date, -((date.getUTCDay() + 6) % 7));
}

export function startOfMonth(date: Date): UTCDate {
  return utc(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function endOfMonth(date: Date): UTCDate {
  return utc(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
}

export function startOfQuarter(date: Date): UTCDate {
  return utc(date.getUTCFullYear(), date.getUTCMonth() - (date.getUTCMonth() % 3), 1);
}

export function endOfQuarter(date: Date): UTCDate {
  return endOfMonth(addMonths(startOfQuarter(date), 2));
}

export function startOfYear(date: Date): UTCDate {
  return utc(date.getUTCFullYear(), 0, 1);
}

export function endOfYear(date: Date): UTCDate {
  return utc(date.getUTCFullYear(), 11, 31);
}

export function isLastDayOfMonth(date: Date): boolean {
  return date.getUTCDate() === daysInMonth(date.getUTCFullYear(), date.getUTCMonth());
}

/** Calendar days from `earlier` to `later` (later − earlier), counting UTC midnights. */
export function differenceInCalendarDays(later: Date, earlier: Date): number {
  const midnight = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return Math.round((midnight(later) - midnight(earlier)) / DAY_MS);
}
