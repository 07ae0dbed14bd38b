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
