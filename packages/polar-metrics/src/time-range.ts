import {
  addDays,
  addMonths,
  type CalendarDate,
  daysBetween,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  isCalendarDate,
  isMonthEnd,
  isTimeZone,
  localDate,
  monthsSpanned,
  startOfIsoWeek,
  startOfMonth,
  startOfQuarter,
  startOfYear,
} from "@mcp-connectors/client-kit";
import { PolarInputError } from "./errors.js";
import { MIN_DATE } from "./intervals.js";
import { checkEndDate } from "./limits.js";

/** Named time ranges, resolved against today's date in the caller's time zone. */
export const TIME_RANGE_PRESETS = [
  "today",
  "yesterday",
  "last_7_days",
  "last_14_days",
  "last_28_days",
  "last_30_days",
  "last_90_days",
  "last_365_days",
  "week_to_date",
  "month_to_date",
  "quarter_to_date",
  "year_to_date",
  "last_week",
  "last_month",
  "last_quarter",
  "last_year",
  "last_12_months",
  "all_time",
] as const;

export type TimeRangePreset = (typeof TIME_RANGE_PRESETS)[number];

/** The calendar unit a range is made of; comparisons shift whole months for month, quarter and year ranges. */
export type RangeUnit = "day" | "week" | "month" | "quarter" | "year";

/** A range of whole days, both ends inclusive, in `timeZone`. */
export interface DateRange {
  start: CalendarDate;
  end: CalendarDate;
  timeZone: string;
  /** The preset it came from, if any. */
  preset?: TimeRangePreset;
  unit: RangeUnit;
}

export interface TimeRangeInput {
  /** A preset name (see the README's table). Ignored when `startDate` is given. */
  timeRange?: TimeRangePreset;
  /** `YYYY-MM-DD`, inclusive; needs `endDate` or defaults it to today. */
  startDate?: CalendarDate;
  /** `YYYY-MM-DD`, inclusive. */
  endDate?: CalendarDate;
  /** IANA time zone the dates and presets are read in. Default `UTC`. */
  timeZone?: string;
  /** `last_N_days` ends yesterday unless this is true, then it ends today. */
  includeToday?: boolean;
  /** The instant "today" is taken from. Default: the current time. */
  now?: Date;
}

export function isTimeRangePreset(value: string): value is TimeRangePreset {
  return (TIME_RANGE_PRESETS as readonly string[]).includes(value);
}

/**
 * Resolves a preset or explicit dates to a range of whole days.
 * @example resolveTimeRange({ timeRange: "last_month", timeZone: "Europe/Paris" })
 * @throws PolarInputError for an unknown preset or time zone, a malformed date, or an end before the start.
 */
export function resolveTimeRange(input: TimeRangeInput): DateRange {
  const timeZone = input.timeZone ?? "UTC";
  if (!isTimeZone(timeZone)) {
    throw new PolarInputError(
      `"${timeZone}" is not an IANA time zone.`,
      '"Europe/Berlin", "America/New_York" or "UTC"',
    );
  }
  const today = localDate(input.now ?? new Date(), timeZone);
  if (input.startDate !== undefined || input.endDate !== undefined) {
    return explicitRange(input.startDate ?? MIN_DATE, input.endDate ?? today, timeZone, today);
  }
  const name = input.timeRange ?? "last_30_days";
  if (!isTimeRangePreset(name)) {
    throw new PolarInputError(
      `"${name}" is not a time range preset. Use one of: ${TIME_RANGE_PRESETS.join(", ")}; or give start and end dates.`,
    );
  }
  return { ...presetRange(name, today, input.includeToday ?? false), timeZone, preset: name };
}

function explicitRange(start: string, end: string, timeZone: string, today: CalendarDate): DateRange {
  for (const date of [start, end]) {
    if (!isCalendarDate(date))
      throw new PolarInputError(`"${date}" is not a date.`, '"2025-01-31" (YYYY-MM-DD)');
  }
  if (daysBetween(start, end) < 0)
    throw new PolarInputError(`The end date ${end} is before the start date ${start}.`);
  if (daysBetween(MIN_DATE, start) < 0) {
    throw new PolarInputError(`Polar serves metrics from ${MIN_DATE} on; ${start} is earlier.`);
  }
  checkEndDate(end, today);
  return { start, end, timeZone, unit: unitOfDates(start, end) };
}

/** Dates from a 1st to a month end are whole months (quarters, years), so comparisons step back by months. */
function unitOfDates(start: CalendarDate, end: CalendarDate): RangeUnit {
  if (!start.endsWith("-01") || !isMonthEnd(end)) return "day";
  const months = monthsSpanned(start, end);
  const firstMonth = Number(start.slice(5, 7));
  if (firstMonth === 1 && months % 12 === 0) return "year";
  if (firstMonth % 3 === 1 && months % 3 === 0) return "quarter";
  return "month";
}

function presetRange(
  preset: TimeRangePreset,
  today: CalendarDate,
  includeToday: boolean,
): Omit<DateRange, "timeZone" | "preset"> {
  const lastDays = /^last_(\d+)_days$/.exec(preset);
  if (lastDays) {
    const days = Number(lastDays[1]);
    const end = includeToday ? today : addDays(today, -1);
    return { start: addDays(end, 1 - days), end, unit: "day" };
  }
  const thisMonday = startOfIsoWeek(today);
  switch (preset) {
    case "today":
      return { start: today, end: today, unit: "day" };
    case "yesterday":
      return { start: addDays(today, -1), end: addDays(today, -1), unit: "day" };
    case "week_to_date":
      return { start: thisMonday, end: today, unit: "week" };
    case "month_to_date":
      return { start: startOfMonth(today), end: today, unit: "month" };
    case "quarter_to_date":
      return { start: startOfQuarter(today), end: today, unit: "quarter" };
    case "year_to_date":
      return { start: startOfYear(today), end: today, unit: "year" };
    case "last_week":
      return { start: addDays(thisMonday, -7), end: addDays(thisMonday, -1), unit: "week" };
    case "last_month": {
      const month = addMonths(startOfMonth(today), -1);
      return { start: month, end: endOfMonth(month), unit: "month" };
    }
    case "last_quarter": {
      const quarter = addMonths(startOfQuarter(today), -3);
      return { start: quarter, end: endOfQuarter(quarter), unit: "quarter" };
    }
    case "last_year": {
      const year = startOfYear(addMonths(startOfYear(today), -12));
      return { start: year, end: endOfYear(year), unit: "year" };
    }
    case "last_12_months": {
      const thisMonth = startOfMonth(today);
      return {
        start: addMonths(thisMonth, -12),
        end: addDays(thisMonth, -1),
        unit: "month",
      };
    }
    default:
      return { start: MIN_DATE, end: today, unit: "day" };
  }
}
