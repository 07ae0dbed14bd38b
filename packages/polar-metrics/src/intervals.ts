import {
  addDays,
  addMonths,
  type CalendarDate,
  daysBetween,
  startOfIsoWeek,
  startOfMonth,
  startOfYear,
} from "@mcp-connectors/client-kit";
import { PolarInputError } from "./errors.js";

/** The bucket size of a metrics series. */
export type Interval = "hour" | "day" | "week" | "month" | "year";

export const INTERVALS: readonly Interval[] = ["hour", "day", "week", "month", "year"];

/** The earliest date the API serves. */
export const MIN_DATE: CalendarDate = "2023-01-01";

/** The longest span (end − start, in days) the API accepts per interval, as `GET /v1/metrics/limits` reports. */
export const MAX_SPAN_DAYS: Readonly<Record<Interval, number>> = {
  hour: 7,
  day: 366,
  week: 371,
  month: 1460,
  year: 3650,
};

/** Spans (end − start, days) up to which each interval is picked automatically: fine, yet few periods. */
const AUTO_INTERVAL_UP_TO: readonly [Interval, number][] = [
  ["hour", 1],
  ["day", 92],
  ["week", 371],
  ["month", 1460],
  ["year", Number.POSITIVE_INFINITY],
];

export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}

/**
 * The interval used when the caller gives none: hours for a day or two, days up to a quarter,
 * weeks up to a year, months up to four years, then years.
 */
export function chooseInterval(start: CalendarDate, end: CalendarDate): Interval {
  const span = daysBetween(start, end);
  return (AUTO_INTERVAL_UP_TO.find(([, upTo]) => span <= upTo) ?? ["year"])[0];
}

/** The first day of the bucket that contains `date` (weeks start on Monday). */
export function bucketStart(date: CalendarDate, interval: Interval): CalendarDate {
  if (interval === "week") return startOfIsoWeek(date);
  if (interval === "month") return startOfMonth(date);
  if (interval === "year") return startOfYear(date);
  return date;
}

/** One API call's worth of a range. */
export interface RangeChunk {
  start: CalendarDate;
  end: CalendarDate;
}

/**
 * Splits a range into the fewest chunks the API accepts for `interval`. Chunks after the first start on a
 * bucket boundary, so no week, month or year is cut in two and the periods can simply be concatenated.
 */
export function splitRange(start: CalendarDate, end: CalendarDate, interval: Interval): RangeChunk[] {
  if (daysBetween(start, end) < 0)
    throw new PolarInputError(`The range ends (${end}) before it starts (${start}).`);
  const chunks: RangeChunk[] = [];
  let chunkStart = start;
  while (daysBetween(chunkStart, end) > MAX_SPAN_DAYS[interval]) {
    const limit = addDays(chunkStart, MAX_SPAN_DAYS[interval] + 1);
    let next = bucketStart(limit, interval);
    if (daysBetween(chunkStart, next) <= 0) next = limit;
    chunks.push({ start: chunkStart, end: addDays(next, -1) });
    chunkStart = next;
  }
  chunks.push({ start: chunkStart, end });
  return chunks;
}

/** The first day after `date`'s bucket. */
export function nextBucketStart(date: CalendarDate, interval: Interval): CalendarDate {
  const start = bucketStart(date, interval);
  if (interval === "week") return addDays(start, 7);
  if (interval === "month") return addMonths(start, 1);
  if (interval === "year") return addMonths(start, 12);
  return addDays(date, 1);
}
