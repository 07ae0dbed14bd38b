import type { MetricUnit } from "../catalog.js";
import type {
  CompareOptions,
  ComparisonReport,
  GetMetricsParams,
  MetricsRange,
  MetricsReport,
} from "../client.js";
import { evaluatePlan, type QueryValue } from "./evaluate.js";
import { unitOf } from "./unit.js";

/** One result column; `unit` is set when the column's values have one (a metric, an aggregate of one, money per order; see `unitOf`). */
export interface QueryColumn {
  name: string;
  unit?: MetricUnit;
}

/** A query's answer: rows as objects keyed by column name, money in cents, percentages as fractions. */
export interface QueryResult {
  columns: QueryColumn[];
  rows: Record<string, QueryValue>[];
  /** The range and interval the API was asked for. */
  range: MetricsRange;
  /** With `COMPARE TO`: the selected metrics' totals against the earlier range. */
  comparison?: ComparisonReport;
  requestCount: number;
}

export interface QueryContext {
  timeZone: string;
  now: Date;
  getMetrics(params: GetMetricsParams): Promise<MetricsReport>;
  compare(params: GetMetricsParams, options: CompareOptions): Promise<ComparisonReport>;
}

/**
 * The most periods one query may work on (and so the most rows it can return). Together with the client's
 * cap on API calls per range, it bounds the work a query can ask for.
 */
export const MAX_QUERY_PERIODS = 1_000;

/**
 * Parses and runs a query: the date range, interval and filters go to the API, the rest is computed here.
 * The range defaults to `last_30_days`.
 */
export async function runQuery(text: string, context: QueryContext): Promise<QueryResult> {
  // The parser (node-sql-parser) loads on the first query rather than with the package.
  const { parseQuery } = await import("./parse.js");
  const plan = parseQuery(text);
  const params: GetMetricsParams = {
    metrics: plan.metrics,
    timeZone: plan.timeZone ?? context.timeZone,
    now: context.now,
    maxPeriods: MAX_QUERY_PERIODS,
    ...(plan.startDate || plan.endDate
      ? { startDate: plan.startDate, endDate: plan.endDate }
      : { timeRange: plan.timeRange ?? "last_30_days" }),
    ...(plan.interval ? { interval: plan.interval } : {}),
    ...(plan.productIds ? { productIds: plan.productIds } : {}),
    ...(plan.customerIds ? { customerIds: plan.customerIds } : {}),
    ...(plan.billingTypes ? { billingTypes: plan.billingTypes } : {}),
  };
  let report: MetricsReport;
  let comparison: ComparisonReport | undefined;
  if (plan.compareTo) {
    comparison = await context.compare(params, { to: plan.compareTo });
    report = comparison.current;
  } else {
    report = await context.getMetrics(params);
  }
  return {
    columns: plan.columns.map((column) => {
      const unit = unitOf(column.expression);
      return unit ? { name: column.name, unit } : { name: column.name };
    }),
    rows: evaluatePlan(plan, report.periods),
    range: report.range,
    ...(comparison ? { comparison } : {}),
    requestCount: report.requestCount + (comparison?.previous.requestCount ?? 0),
  };
}
