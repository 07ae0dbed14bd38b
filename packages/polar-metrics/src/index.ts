export type { CalendarDate, RequestEvent, RequestEventListener } from "@mcp-connectors/client-kit";
export {
  closestSlugs,
  describePeriodRule,
  findMetric,
  isStock,
  METRIC_SLUGS,
  METRICS,
  type MetricAggregation,
  type MetricDefinition,
  type MetricPolarity,
  type MetricType,
  type MetricUnit,
  type PeriodRule,
  resolveMetric,
  resolveMetrics,
} from "./catalog.js";
export {
  type BillingType,
  type CompareOptions,
  type ComparisonReport,
  createPolarClient,
  type GetMetricsParams,
  MAX_PRODUCT_PAGES,
  type MetricsFilters,
  type MetricsRange,
  type MetricsReport,
  type PolarClient,
  type PolarClientOptions,
  type PolarServer,
  type QueryOptions,
  type RawMetricsParams,
  SERVER_URLS,
} from "./client.js";
export {
  type ChangeAssessment,
  COMPARISON_TARGETS,
  type ComparisonPlan,
  type ComparisonTarget,
  compareTotals,
  type MetricChange,
  pickHighlights,
  planComparison,
  previousRange,
} from "./compare.js";
export {
  PolarAuthError,
  PolarError,
  type PolarErrorDetails,
  type PolarErrorKind,
  PolarInputError,
  PolarNetworkError,
  PolarNotFoundError,
  PolarRateLimitError,
  PolarResponseError,
  PolarResponseTooLargeError,
  PolarScopeError,
  PolarServerError,
  PolarTimeoutError,
  PolarValidationError,
  QueryError,
  UnknownMetricError,
  type ValidationIssue,
} from "./errors.js";
export { type FormatOptions, formatChange, formatMetricValue, formatMoney, formatPercent } from "./format.js";
export { DEFAULT_MAX_RESPONSE_BYTES } from "./http.js";
export {
  bucketStart,
  chooseInterval,
  INTERVALS,
  type Interval,
  isInterval,
  MAX_SPAN_DAYS,
  MIN_DATE,
  type RangeChunk,
  splitRange,
} from "./intervals.js";
export {
  checkRangeCost,
  latestEndDate,
  MAX_CALLS_PER_RANGE,
  MAX_DAYS_AFTER_TODAY,
  minimumCalls,
  periodCount,
} from "./limits.js";
export { type PartialPeriod, partialPeriods } from "./partial.js";
export type { Expression, QueryPlan } from "./query/ast.js";
export type { QueryValue } from "./query/evaluate.js";
export { QUERY_EXAMPLE } from "./query/example.js";
export type { QueryColumn, QueryComparison, QueryResult } from "./query/run.js";
export { MAX_QUERY_PERIODS } from "./query/run.js";
export {
  createSharedState,
  POLAR_RATE_LIMITS,
  type RateLimitOptions,
  type RequestLimiter,
  RequestRateLimiter,
  rateLimitWithin,
  type SharedClientState,
} from "./rate-limiter.js";
export { roundToSignificant, SIGNIFICANT_DIGITS } from "./rounding.js";
export type { MetricsLimits, MetricsResponse, Product, ProductList } from "./schemas.js";
export {
  type DateRange,
  isTimeRangePreset,
  type RangeUnit,
  resolveTimeRange,
  TIME_RANGE_PRESETS,
  type TimeRangeInput,
  type TimeRangePreset,
} from "./time-range.js";
export { aggregateTotals, type MetricPeriod, type PeriodTotals, periodTotals } from "./totals.js";
