import { addDays, type CalendarDate } from "@mcp-connectors/client-kit";
import { type Interval, nextBucketStart } from "./intervals.js";
import type { MetricPeriod } from "./totals.js";

/** A period's bucket that only partly lies inside the range: its days inside, and why. */
export interface PartialPeriod {
  period: string;
  start: CalendarDate;
  end: CalendarDate;
  reason: "cut by the range" | "still running";
}

/**
 * The periods whose bucket lies only partly inside the range: a month cut by `last_30_days` (Polar's bucket
 * then holds the days inside the range only), or the bucket still running today. Hours are never partial.
 */
export function partialPeriods(
  range: { start: CalendarDate; end: CalendarDate; interval: Interval },
  periods: readonly MetricPeriod[],
  today: CalendarDate,
): PartialPeriod[] {
  const { interval, start, end } = range;
  if (interval === "hour") return [];
  const partial: PartialPeriod[] = [];
  for (const period of periods) {
    const first = period.period.slice(0, 10);
    const last = addDays(nextBucketStart(first, interval), -1);
    const running = first <= today && today <= last && end >= today;
    if (first >= start && last <= end && !running) continue;
    partial.push({
      period: period.period,
      start: [first, start].sort()[1] as CalendarDate,
      end: [last, end, today].sort()[0] as CalendarDate,
      reason: running ? "still running" : "cut by the range",
    });
  }
  return partial;
}
