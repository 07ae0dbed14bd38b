import {
  addDays,
  addMonths,
  type CalendarDate,
  daysBetween,
  isMonthEnd,
  monthsSpanned,
} from "@mcp-connectors/client-kit";
import type { MetricDefinition, MetricPolarity } from "./catalog.js";
import { roundToSignificant } from "./rounding.js";
import type { DateRange } from "./time-range.js";

/** What the current range is compared with. */
export type ComparisonTarget = "previous_period" | "previous_year";

export const COMPARISON_TARGETS: readonly ComparisonTarget[] = ["previous_period", "previous_year"];

/**
 * The range a comparison looks back to. `previous_period` is the same number of days just before, except
 * for month, quarter and year ranges (presets, or dates from a 1st to a month end), which step back whole
 * months (March 1–31 → February 1–28/29; month to date on the 15th → the 1st–15th of the previous month). `previous_year` is the same dates a year earlier.
 */
export function previousRange(range: DateRange, to: ComparisonTarget): DateRange {
  const { preset: _preset, ...rest } = range;
  if (to === "previous_year") return { ...rest, ...shiftByMonths(range.start, range.end, 12) };
  const months = { month: 1, quarter: 3, year: 12 }[range.unit as "month" | "quarter" | "year"];
  if (months && range.start.endsWith("-01")) {
    const spanned = monthsSpanned(range.start, range.end);
    return { ...rest, ...shiftByMonths(range.start, range.end, Math.ceil(spanned / months) * months) };
  }
  const span = daysBetween(range.start, range.end) + 1;
  // A week range (a preset or week to date) steps back whole weeks, so Monday–Wednesday meets Monday–Wednesday.
  const days = range.unit === "week" ? Math.ceil(span / 7) * 7 : span;
  return { ...rest, start: addDays(range.start, -days), end: addDays(range.end, -days) };
}

/** The two ranges a comparison actually reads, and what the answer must say about them. */
export interface ComparisonPlan {
  current: DateRange;
  previous: DateRange;
  /** Only the first this-many hours of each range's single day are compared (the elapsed, complete hours of today). */
  hours?: number;
  /** How the ranges were made like for like, for the answer. */
  note?: string;
  /** Why no comparison can be made (the previous range would start before Polar's first date, no hour has elapsed). */
  refused?: string;
}

/**
 * Plans a like-for-like comparison. A range running to today (`today`, the to-date presets, `includeToday`,
 * dates ending today) holds a day
 * still in progress: with complete days before it, today is left out and the same days of the previous
 * period are read (Monday–Wednesday of last week for week to date on Thursday); when today is the only day
 * (`today`, week to date on a Monday, month to date on the 1st), the complete hours of today are compared
 * with the same hours of the previous period's first day. A previous range starting before `minDate` is
 * refused, not shortened.
 */
export function planComparison(
  range: DateRange,
  to: ComparisonTarget,
  today: CalendarDate,
  hourNow: number,
  minDate: CalendarDate,
): ComparisonPlan {
  let current = range;
  let hours: number | undefined;
  let note: string | undefined;
  let refused: string | undefined;
  // A range reaching past today (dates to the end of this month) has data up to now only: it runs to today.
  if (range.end >= today && range.start <= today) {
    const future =
      range.end > today
        ? `, and the days after it (${addDays(today, 1)} … ${range.end}) have no data yet`
        : "";
    if (daysBetween(range.start, today) > 0) {
      current = { ...range, end: addDays(today, -1) };
      note = `like for like: complete days ${current.start} … ${current.end}, today (still running) left out${future}`;
    } else {
      current = { ...range, end: today };
      hours = hourNow;
      if (hourNow === 0) refused = "no complete hour of today has elapsed yet; compare yesterday instead";
    }
  }
  const previous = previousRange(current, to);
  if (hours !== undefined) {
    note = `like for like: the complete hours 00:00–${String(hours).padStart(2, "0")}:00 of ${today}, against the same hours of ${previous.start}`;
  }
  if (daysBetween(minDate, previous.start) < 0) {
    refused = `the ${to === "previous_year" ? "previous year's range" : "previous period"} would start on ${previous.start}, before ${minDate}, the first day Polar has data for; it is not compared rather than shortened`;
  }
  return {
    current,
    previous,
    ...(hours !== undefined ? { hours } : {}),
    ...(note ? { note } : {}),
    ...(refused ? { refused } : {}),
  };
}

function shiftByMonths(start: CalendarDate, end: CalendarDate, months: number) {
  return { start: addMonths(start, -months), end: addMonths(end, -months, isMonthEnd(end)) };
}

/** Whether a move in the metric is good news, bad news, or no move. */
export type ChangeAssessment = "good" | "bad" | "unchanged";

/** One metric's change between two ranges. Money in cents, percentages and changes as fractions, to 6 significant digits. */
export interface MetricChange {
  slug: string;
  name: string;
  type: MetricDefinition["type"];
  unit: MetricDefinition["unit"];
  polarity: MetricPolarity;
  current: number | null;
  previous: number | null;
  /** current − previous, in the metric's unit. */
  absoluteChange: number | null;
  /** (current − previous) / |previous| as a fraction (0.12 = +12%); null when previous is 0 or missing. */
  percentChange: number | null;
  /** For percentage metrics: current − previous as a fraction (0.02 = +2 percentage points). */
  percentagePointChange: number | null;
  direction: "up" | "down" | "flat";
  assessment: ChangeAssessment;
  /** |percentChange| reached the threshold (or, from a zero baseline, the metric moved at all). */
  significant: boolean;
}

/**
 * Compares two sets of totals metric by metric.
 * @param thresholdPct the relative change, in percent, from which a change counts as significant (10 = 10%).
 */
export function compareTotals(
  metrics: readonly MetricDefinition[],
  current: Record<string, number | null>,
  previous: Record<string, number | null>,
  thresholdPct: number,
): MetricChange[] {
  return metrics.map((metric) =>
    compareMetric(metric, current[metric.slug] ?? null, previous[metric.slug] ?? null, thresholdPct),
  );
}

function compareMetric(
  metric: MetricDefinition,
  current: number | null,
  previous: number | null,
  thresholdPct: number,
): MetricChange {
  const difference = current !== null && previous !== null ? current - previous : null;
  const absoluteChange = difference === null ? null : roundToSignificant(difference);
  const percentChange =
    difference !== null && previous ? roundToSignificant(difference / Math.abs(previous)) : null;
  const direction = !absoluteChange ? "flat" : absoluteChange > 0 ? "up" : "down";
  const better = metric.polarity === "higher_is_better" ? "up" : "down";
  return {
    slug: metric.slug,
    name: metric.name,
    type: metric.type,
    unit: metric.unit,
    polarity: metric.polarity,
    current,
    previous,
    absoluteChange,
    percentChange,
    percentagePointChange: metric.type === "percentage" ? absoluteChange : null,
    direction,
    assessment: direction === "flat" ? "unchanged" : direction === better ? "good" : "bad",
    significant:
      percentChange !== null
        ? Math.abs(percentChange) * 100 >= thresholdPct
        : direction !== "flat" && previous === 0,
  };
}

/**
 * The significant changes, biggest relative move first; a move from zero ranks above any percentage.
 * @param count how many to keep.
 */
export function pickHighlights(changes: readonly MetricChange[], count = 5): MetricChange[] {
  const impact = (change: MetricChange) =>
    change.percentChange === null ? Number.POSITIVE_INFINITY : Math.abs(change.percentChange);
  return changes
    .filter((change) => change.significant)
    .sort((a, b) => impact(b) - impact(a))
    .slice(0, count);
}
