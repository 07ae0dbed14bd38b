import {
  type CalendarDate,
  daysBetween,
  isMonthEnd,
  monthsSpanned,
  shiftDays,
  shiftMonths,
} from "./calendar.js";
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
  const days = daysBetween(range.start, range.end) + 1;
  return { ...rest, start: shiftDays(range.start, -days), end: shiftDays(range.end, -days) };
}

function shiftByMonths(start: CalendarDate, end: CalendarDate, months: number) {
  return { start: shiftMonths(start, -months), end: shiftMonths(end, -months, isMonthEnd(end)) };
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
