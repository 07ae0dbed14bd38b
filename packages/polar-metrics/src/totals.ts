import type { MetricDefinition } from "./catalog.js";
import { findMetric } from "./catalog.js";

/** One period of a series: its start timestamp as the API gave it, and one value per metric. */
export interface MetricPeriod {
  /** ISO timestamp of the period's start, in the request's time zone. */
  timestamp: string;
  /** The period's first day (`YYYY-MM-DD`), or `YYYY-MM-DD HH:00` for hourly periods, in the request's time zone. */
  period: string;
  values: Record<string, number | null>;
}

/** Metrics a definition's total needs besides itself (the parts of a ratio). */
export function totalDependencies(metric: MetricDefinition): string[] {
  return metric.ratio ? [metric.ratio.numerator, metric.ratio.denominator] : [];
}

/**
 * Folds periods into one total per metric the way the API does: `sum` adds them, `last` takes the last
 * period, `ratio` divides the summed numerator by the summed (or last) denominator; null when it is 0.
 * Ratio metrics need their parts among the periods' values.
 */
export function aggregateTotals(
  metrics: readonly MetricDefinition[],
  periods: readonly MetricPeriod[],
): Record<string, number | null> {
  const totals: Record<string, number | null> = {};
  for (const metric of metrics) totals[metric.slug] = aggregate(metric, periods);
  return totals;
}

function aggregate(metric: MetricDefinition, periods: readonly MetricPeriod[]): number | null {
  if (periods.length === 0) return null;
  if (metric.aggregation === "sum") return sumOf(metric.slug, periods);
  if (metric.aggregation === "last" || !metric.ratio) return periods.at(-1)?.values[metric.slug] ?? null;
  const numerator = sumOf(metric.ratio.numerator, periods);
  const denominator =
    metric.ratio.denominatorAggregation === "sum"
      ? sumOf(metric.ratio.denominator, periods)
      : (periods.at(-1)?.values[metric.ratio.denominator] ?? 0);
  if (!denominator) return 0;
  const ratio = numerator / denominator;
  return metric.type === "currency" ? Math.round(ratio) : ratio;
}

function sumOf(slug: string, periods: readonly MetricPeriod[]): number {
  const sum = periods.reduce((total, period) => total + (period.values[slug] ?? 0), 0);
  return findMetric(slug)?.type === "currency_sub_cent" ? sum : Math.round(sum * 1e6) / 1e6;
}

/** Metrics a definition's period value needs besides itself (the parts of its ratio). */
export function periodDependencies(metric: MetricDefinition): string[] {
  return metric.period.kind === "ratio" ? [metric.period.numerator, metric.period.denominator] : [];
}

/** Metrics whose value just before the span starts is needed (denominators taken at the start). */
export function startDependencies(metric: MetricDefinition): string[] {
  return metric.period.kind === "ratio" && metric.period.denominatorAt === "start"
    ? [metric.period.denominator]
    : [];
}

/** Values over a span, and for metrics without one, why. */
export interface PeriodTotals {
  totals: Record<string, number | null>;
  /** Per metric slug: why its value over the span is missing (null). */
  notes: Record<string, string>;
}

/**
 * Forms each metric's value over the whole span its periods cover, the way the catalog's `period` rule says
 * (see `PeriodRule`), whatever interval the periods are: sums for flows, the last period for stocks, ratios
 * of the parts (churn rate = Σ churned ÷ active just before the span; null when the denominator is 0). A
 * metric that cannot be folded still has its value over a span of one period.
 * @param atStart values of the metrics at the instant before the span starts (the end of the previous day);
 *   a missing one makes the ratio null, with a note.
 */
export function periodTotals(
  metrics: readonly MetricDefinition[],
  periods: readonly MetricPeriod[],
  atStart: Record<string, number | null> = {},
): PeriodTotals {
  const totals: Record<string, number | null> = {};
  const notes: Record<string, string> = {};
  for (const metric of metrics) {
    const rule = metric.period;
    if (periods.length === 0) {
      totals[metric.slug] = null;
      notes[metric.slug] = "no data in the span";
      continue;
    }
    if (periods.length === 1 && rule.kind === "unavailable") {
      totals[metric.slug] = periods[0]?.values[metric.slug] ?? null;
      continue;
    }
    if (rule.kind === "sum") totals[metric.slug] = sumOf(metric.slug, periods);
    else if (rule.kind === "end") totals[metric.slug] = periods.at(-1)?.values[metric.slug] ?? null;
    else if (rule.kind === "unavailable") {
      totals[metric.slug] = null;
      notes[metric.slug] = rule.reason;
    } else {
      const numerator = sumOf(rule.numerator, periods);
      const denominator =
        rule.denominatorAt === "sum"
          ? sumOf(rule.denominator, periods)
          : rule.denominatorAt === "end"
            ? (periods.at(-1)?.values[rule.denominator] ?? null)
            : (atStart[rule.denominator] ?? null);
      if (!denominator) {
        totals[metric.slug] = null;
        notes[metric.slug] =
          denominator === null
            ? `${rule.denominator} at the start of the span is unknown`
            : `${rule.denominator} ${rule.denominatorAt === "start" ? "at the start of the span" : "over the span"} is 0`;
        continue;
      }
      const ratio = numerator / denominator;
      totals[metric.slug] = metric.type === "currency" ? Math.round(ratio) : ratio;
    }
  }
  return { totals, notes };
}
