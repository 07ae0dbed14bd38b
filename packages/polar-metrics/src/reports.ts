// The shapes of the client's reports and their parameters, apart from the client so that the query engine
// can use them without importing the client that runs it.
import type { MetricDefinition } from "./catalog.js";
import type { ComparisonTarget, MetricChange } from "./compare.js";
import type { Interval } from "./intervals.js";
import type { PartialPeriod } from "./partial.js";
import type { DateRange, TimeRangeInput } from "./time-range.js";
import type { MetricPeriod } from "./totals.js";

/** Parameters of `GET /v1/metrics/`, as the API names them. */
export interface RawMetricsParams {
  start_date: string;
  end_date: string;
  interval: Interval;
  timezone?: string;
  metrics?: readonly string[];
  product_id?: readonly string[];
  customer_id?: readonly string[];
  billing_type?: readonly BillingType[];
  organization_id?: string;
}

export type BillingType = "one_time" | "recurring";

/** Narrows metrics to some products, customers or billing types; each list matches any of its values. */
export interface MetricsFilters {
  productIds?: readonly string[];
  customerIds?: readonly string[];
  billingTypes?: readonly BillingType[];
}

export interface GetMetricsParams extends TimeRangeInput, MetricsFilters {
  /** Metric slugs (see `METRICS`); names from other products are explained, never aliased. */
  metrics: readonly string[];
  /** Bucket size; picked from the range's length when missing (see `chooseInterval`). */
  interval?: Interval;
  /** Refuse, before any request, a range holding more periods than this (counted from the dates). */
  maxPeriods?: number;
  signal?: AbortSignal;
  /** Keeps only some of the fetched periods (e.g. the elapsed hours of a day); totals are formed over those. */
  keepPeriod?: (period: MetricPeriod) => boolean;
}

/** A resolved range with the interval its periods use. */
export interface MetricsRange extends DateRange {
  interval: Interval;
}

/** Metrics over a range: money in cents, percentages as fractions, fractional values to 6 significant digits. */
export interface MetricsReport {
  range: MetricsRange;
  metrics: MetricDefinition[];
  /**
   * One value per metric over the whole range, formed as the catalog's `period` rule says (sum, value at the
   * end, ratio of the parts such as churned ÷ active at the start), whatever the interval; null when no honest
   * figure exists, with the reason in `notes`.
   */
  totals: Record<string, number | null>;
  /** Per metric slug: why its total is null. */
  notes: Record<string, string>;
  periods: MetricPeriod[];
  /** Periods whose bucket lies only partly inside the range (a month cut by the range, the running day). */
  partial: PartialPeriod[];
  /** How many API calls the report took (long ranges are split). */
  requestCount: number;
}

export interface CompareOptions {
  /** Default `previous_period`. */
  to?: ComparisonTarget;
  /** Relative change, in percent, from which a change is significant. Default 10. */
  thresholdPct?: number;
  /** How many highlights to keep. Default 5. */
  highlightCount?: number;
}

/** Two ranges' totals side by side, metric by metric. */
export interface ComparisonReport {
  to: ComparisonTarget;
  thresholdPct: number;
  current: MetricsReport;
  previous: MetricsReport;
  changes: MetricChange[];
  /** The significant changes, biggest relative move first. */
  highlights: MetricChange[];
  /** How the two ranges were made like for like (a range running to today), for the answer. */
  note?: string;
  /** Why the previous range was not read (it would start before Polar's first date, …); its totals are null. */
  refused?: string;
}
