import { addDays, type CalendarDate, daysBetween, monthsSpanned } from "@mcp-connectors/client-kit";
import { PolarInputError } from "./errors.js";
import { bucketStart, type Interval, MAX_SPAN_DAYS } from "./intervals.js";

/** The most API calls one range may take (a long range at a fine interval is split into many). */
export const MAX_CALLS_PER_RANGE = 24;

/**
 * How many days after today a range may end. Polar has no figures for the future; a far end date would only
 * make work (an end in the year 9999 at hour grain is hundreds of thousands of calls).
 */
export const MAX_DAYS_AFTER_TODAY = 366;

/** The latest end date accepted when today is `today`. */
export function latestEndDate(today: CalendarDate): CalendarDate {
  return addDays(today, MAX_DAYS_AFTER_TODAY);
}

/** @throws PolarInputError when `end` lies more than `MAX_DAYS_AFTER_TODAY` days after `today`. */
export function checkEndDate(end: CalendarDate, today: CalendarDate): void {
  if (daysBetween(latestEndDate(today), end) > 0) {
    throw new PolarInputError(
      `The end date ${end} is more than ${MAX_DAYS_AFTER_TODAY} days after today (${today}); Polar has no metrics for the future. End the range on ${latestEndDate(today)} or earlier.`,
    );
  }
}

/**
 * The fewest API calls a range needs at an interval, from the dates alone: one call covers at most
 * `MAX_SPAN_DAYS[interval] + 1` days. Exact for hours and days; week, month and year calls end on a bucket
 * boundary, so those may take a few more (at most one more per ten).
 */
export function minimumCalls(start: CalendarDate, end: CalendarDate, interval: Interval): number {
  return Math.ceil((daysBetween(start, end) + 1) / (MAX_SPAN_DAYS[interval] + 1));
}

/**
 * How many periods a range holds at an interval, from the dates alone. Hours count 24 a day (a day that
 * changes clocks has 23 or 25); weeks start on Monday.
 */
export function periodCount(start: CalendarDate, end: CalendarDate, interval: Interval): number {
  switch (interval) {
    case "hour":
      return (daysBetween(start, end) + 1) * 24;
    case "day":
      return daysBetween(start, end) + 1;
    case "week":
      return daysBetween(bucketStart(start, "week"), bucketStart(end, "week")) / 7 + 1;
    case "month":
      return monthsSpanned(start, end);
    case "year":
      return Number(end.slice(0, 4)) - Number(start.slice(0, 4)) + 1;
  }
}

/**
 * Refuses, before anything is split or fetched, a range that needs more API calls than a range may take, or
 * more periods than `maxPeriods`. The counts are arithmetic on the two dates, so a hostile range costs
 * nothing to refuse.
 * @throws PolarInputError naming the count, the limit and what to change.
 */
export function checkRangeCost(
  start: CalendarDate,
  end: CalendarDate,
  interval: Interval,
  maxPeriods: number = Number.POSITIVE_INFINITY,
): void {
  const days = daysBetween(start, end) + 1;
  const calls = minimumCalls(start, end, interval);
  if (calls > MAX_CALLS_PER_RANGE) {
    throw new PolarInputError(
      `A ${interval} series over ${days} days would take ${calls} API calls, more than the ${MAX_CALLS_PER_RANGE} one range may take; use a coarser interval or a shorter range.`,
    );
  }
  const periods = periodCount(start, end, interval);
  if (periods > maxPeriods) {
    throw new PolarInputError(
      `The range spans ${periods} ${interval} periods; at most ${maxPeriods} are allowed here. Use a coarser interval or a shorter range.`,
    );
  }
}
