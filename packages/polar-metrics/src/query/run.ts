import { addDays, type CalendarDate, daysBetween, localDate } from "@mcp-connectors/client-kit";
import { findMetric, type MetricDefinition, type MetricUnit } from "../catalog.js";
import { type ComparisonTarget, compareTotals, type MetricChange } from "../compare.js";
import { QueryError } from "../errors.js";
import { bucketStart, chooseInterval, type Interval, MIN_DATE, nextBucketStart } from "../intervals.js";
import { checkEndDate, checkRangeCost, MAX_CALLS_PER_RANGE, minimumCalls } from "../limits.js";
import type { PartialPeriod } from "../partial.js";
import type {
  CompareOptions,
  ComparisonReport,
  GetMetricsParams,
  MetricsRange,
  MetricsReport,
} from "../reports.js";
import { type DateRange, resolveTimeRange } from "../time-range.js";
import type { MetricPeriod } from "../totals.js";
import type { Expression, PeriodCondition, QueryPlan } from "./ast.js";
import { compareValues, containsAggregate, evaluatePlan, type QueryValue } from "./evaluate.js";
import { unitOf } from "./unit.js";

/** One result column; `unit` is set when the column's values have one (a metric, an aggregate of one, money per order; see `unitOf`). */
export interface QueryColumn {
  name: string;
  unit?: MetricUnit;
  /** Decimals the column was rounded to with ROUND(x, n), for writing it. */
  decimals?: number;
}

/** `COMPARE TO`: the same SELECT, WHERE, ORDER BY and LIMIT evaluated over the earlier range. */
export interface QueryComparison {
  to: ComparisonTarget;
  /** The earlier range. */
  range: MetricsRange;
  rows: Record<string, QueryValue>[];
  /** For a query that folds to one row: each numeric column now against then. Empty otherwise. */
  changes: MetricChange[];
  /** How the ranges were made like for like (a range running to today). */
  note?: string;
  /** Why the earlier range was not read. */
  refused?: string;
  requestCount: number;
}

/** A query's answer: rows as objects keyed by column name, money in cents, percentages as fractions. */
export interface QueryResult {
  columns: QueryColumn[];
  rows: Record<string, QueryValue>[];
  /** The range and interval the API was asked for. */
  range: MetricsRange;
  /** Rows whose bucket is only partly inside the range (a month cut by `last_30_days`, the running day). */
  partial: PartialPeriod[];
  /** Cautions about what the answer means (sums of stocks, conditions no bucket meets). */
  notes: string[];
  comparison?: QueryComparison;
  requestCount: number;
}

export interface QueryContext {
  timeZone: string;
  now: Date;
  /** For GROUP BY product_id: every product, and how many API calls listing them took. */
  listProducts?(): Promise<{ products: { id: string; name: string }[]; requestCount: number }>;
  getMetrics(params: GetMetricsParams): Promise<MetricsReport>;
  compare(params: GetMetricsParams, options: CompareOptions): Promise<ComparisonReport>;
}

/**
 * The most periods one query may work on (and so the most rows it can return). Together with the client's
 * cap on API calls per range, it bounds the work a query can ask for.
 */
export const MAX_QUERY_PERIODS = 1_000;

/** The most products `GROUP BY product_id` fans out over: one metrics query (and its API calls) per product. */
export const MAX_QUERY_PRODUCTS = 10;

/**
 * Parses and runs a query, with the meaning SQL would give it over a table of buckets: rows are buckets of
 * the GROUP BY grain (chosen from the range's length without one); `period` conditions compare bucket starts
 * at that grain; conditions combine by AND as an intersection (with `time_range`, default `last_30_days`
 * when no `period` condition bounds the range); buckets only partly inside the range are listed in `partial`.
 */
export async function runQuery(text: string, context: QueryContext): Promise<QueryResult> {
  // The parser (node-sql-parser) loads on the first query rather than with the package.
  const { parseQuery } = await import("./parse.js");
  const plan = parseQuery(text);
  const timeZone = plan.timeZone ?? context.timeZone;
  const today = localDate(context.now, timeZone);
  // A far date is refused before any bucket arithmetic: the year 9999 is no range to work on.
  for (const condition of plan.periodConditions) checkEndDate(condition.date.slice(0, 10), today);
  const base: DateRange =
    plan.timeRange || plan.periodConditions.length === 0
      ? resolveTimeRange({ timeRange: plan.timeRange ?? "last_30_days", timeZone, now: context.now })
      : resolveTimeRange({ startDate: MIN_DATE, endDate: today, timeZone, now: context.now });
  const dayBounds = boundsAt(plan.periodConditions, "day");
  const grain =
    plan.interval ??
    chooseInterval(maxDate(base.start, dayBounds.start), minDate(base.end, dayBounds.end) ?? base.end);
  const bounds = boundsAt(plan.periodConditions, grain);
  const start = maxDate(base.start, bounds.start);
  const end = minDate(base.end, bounds.end) ?? base.end;
  const columns = plan.columns.map((column) => {
    const unit = unitOf(column.expression);
    const decimals = roundedTo(column.expression);
    return { name: column.name, ...(unit ? { unit } : {}), ...(decimals !== undefined ? { decimals } : {}) };
  });
  const notes = stockCautions(plan);
  if (bounds.empty || daysBetween(start, end) < 0) {
    notes.push(
      `No ${grain} bucket starts within both the range ${base.start} … ${base.end} and the period conditions, so there are no rows.`,
    );
    return {
      columns,
      rows: evaluatePlan(plan, []),
      range: { ...base, interval: grain },
      partial: [],
      notes,
      requestCount: 0,
    };
  }
  if (plan.byProduct && plan.compareTo) {
    throw new QueryError(
      "COMPARE TO cannot be combined with GROUP BY product_id; run one query per product with WHERE product_id = '…' and COMPARE TO.",
      "SELECT SUM(revenue) FROM metrics WHERE time_range = 'last_month' AND product_id = '…' COMPARE TO previous_period",
    );
  }
  const whole = start === base.start && end === base.end && plan.timeRange !== undefined;
  const params: GetMetricsParams = {
    metrics: plan.metrics,
    timeZone,
    now: context.now,
    maxPeriods: MAX_QUERY_PERIODS,
    ...(whole ? { timeRange: plan.timeRange } : { startDate: start, endDate: end }),
    interval: grain,
    ...(plan.productIds ? { productIds: plan.productIds } : {}),
    ...(plan.customerIds ? { customerIds: plan.customerIds } : {}),
    ...(plan.billingTypes ? { billingTypes: plan.billingTypes } : {}),
  };
  // Arithmetic on the dates, before anything is listed or fetched: a refused query costs no request.
  checkRangeCost(start, end, grain, MAX_QUERY_PERIODS);
  if (plan.byProduct) {
    return runByProduct(plan, params, context, columns, notes, minimumCalls(start, end, grain));
  }
  let report: MetricsReport;
  let comparison: ComparisonReport | undefined;
  if (plan.compareTo) {
    comparison = await context.compare(params, { to: plan.compareTo });
    report = comparison.current;
  } else {
    report = await context.getMetrics(params);
  }
  const keep = hourFilter(plan.periodConditions, grain);
  const rows = evaluatePlan(plan, report.periods.filter(keep));
  return {
    columns,
    rows,
    range: report.range,
    partial: report.partial,
    notes,
    ...(comparison ? { comparison: compareRows(plan, columns, rows, comparison) } : {}),
    requestCount: report.requestCount + (comparison?.previous.requestCount ?? 0),
  };
}

const maxDate = (a: CalendarDate, b: CalendarDate | undefined) => (b !== undefined && b > a ? b : a);
const minDate = (a: CalendarDate, b: CalendarDate | undefined) => (b !== undefined && b < a ? b : a);

/** The last day of the bucket that holds `date`. */
const bucketEnd = (date: CalendarDate, grain: Interval) => addDays(nextBucketStart(date, grain), -1);

/**
 * The days the `period` conditions allow, at a grain: the first and last day of the buckets whose start
 * meets every condition. At the hour grain, conditions bound days here and hours in `hourFilter`.
 */
export function boundsAt(
  conditions: readonly PeriodCondition[],
  grain: Interval,
): { start?: CalendarDate; end?: CalendarDate; empty: boolean } {
  let start: CalendarDate | undefined;
  let end: CalendarDate | undefined;
  let empty = false;
  const atLeast = (date: CalendarDate) => {
    if (!start || date > start) start = date;
  };
  const atMost = (date: CalendarDate) => {
    if (!end || date < end) end = date;
  };
  /** The first bucket start on or after `date`. */
  const firstFrom = (date: CalendarDate) =>
    bucketStart(date, grain) === date ? date : nextBucketStart(date, grain);
  for (const { operator, date } of conditions) {
    if (grain === "hour") {
      if (operator === ">=" || operator === ">" || operator === "=") atLeast(date);
      if (operator === "<=" || operator === "=") atMost(date);
      if (operator === "<") atMost(addDays(date, -1));
      continue;
    }
    if (operator === ">=") atLeast(firstFrom(date));
    else if (operator === ">") atLeast(nextBucketStart(date, grain));
    else if (operator === "<=") atMost(bucketEnd(date, grain));
    else if (operator === "<") atMost(bucketEnd(addDays(date, -1), grain));
    else if (bucketStart(date, grain) === date) {
      atLeast(date);
      atMost(bucketEnd(date, grain));
    } else empty = true;
  }
  return { ...(start ? { start } : {}), ...(end ? { end } : {}), empty };
}

/** At the hour grain, `period` conditions compare hour starts with the date's midnight. */
function hourFilter(conditions: readonly PeriodCondition[], grain: Interval) {
  if (grain !== "hour" || conditions.length === 0) return () => true;
  return (period: MetricPeriod) =>
    conditions.every(({ operator, date }) => {
      const midnight = `${date} 00:00`;
      const label = period.period;
      if (operator === "=") return label === midnight;
      if (operator === ">") return label > midnight;
      if (operator === ">=") return label >= midnight;
      if (operator === "<") return label < midnight;
      return label <= midnight;
    });
}

/** The n of ROUND(x, n) at the top of a column, if any. */
function roundedTo(expression: Expression): number | undefined {
  if (expression.kind !== "call" || expression.name !== "round") return undefined;
  const digits = expression.args[1];
  if (!digits) return 0;
  return digits.kind === "number" && Number.isInteger(digits.value) && digits.value >= 0 && digits.value <= 10
    ? digits.value
    : undefined;
}

/** One line per SUM or AVG over a stock (a level at each bucket's end) or a rate, which add up to nothing. */
function stockCautions(plan: QueryPlan): string[] {
  const notes = new Set<string>();
  const visit = (expression: Expression) => {
    if (expression.kind === "aggregate" && expression.arg !== "*") {
      if (expression.name === "sum" || expression.name === "avg") {
        for (const slug of columnsIn(expression.arg)) {
          const metric = findMetric(slug);
          if (!metric) continue;
          const verb = expression.name === "sum" ? "adds up" : "averages";
          if (metric.period.kind === "end") {
            notes.add(
              `${expression.name.toUpperCase()}(${slug}) ${verb} a stock (its level at the end of each bucket), not a count over the range; its value over the range is the last bucket's.`,
            );
          } else if (metric.period.kind !== "sum") {
            notes.add(
              `${expression.name.toUpperCase()}(${slug}) ${verb} per-bucket rates; the rate over the range is formed from its parts (get_metrics gives it).`,
            );
          }
        }
      }
      visit(expression.arg);
      return;
    }
    for (const child of childrenOf(expression)) visit(child);
  };
  for (const column of plan.columns) visit(column.expression);
  return [...notes];
}

function childrenOf(expression: Expression): Expression[] {
  switch (expression.kind) {
    case "unary":
      return [expression.operand];
    case "binary":
    case "compare":
      return [expression.left, expression.right];
    case "call":
      return expression.args;
    case "aggregate":
      return expression.arg === "*" ? [] : [expression.arg];
    default:
      return [];
  }
}

function columnsIn(expression: Expression): string[] {
  if (expression.kind === "column") return [expression.name];
  return childrenOf(expression).flatMap(columnsIn);
}

/** Evaluates the same plan over the earlier range; a query folding to one row compares column by column. */
function compareRows(
  plan: QueryPlan,
  columns: readonly QueryColumn[],
  rows: readonly Record<string, QueryValue>[],
  comparison: ComparisonReport,
): QueryComparison {
  const previousRows = comparison.refused ? [] : evaluatePlan(plan, comparison.previous.periods);
  const folded = plan.columns.some((column) => containsAggregate(column.expression));
  const numeric = plan.columns.filter(
    (column) => column.expression.kind !== "column" || column.name !== "period",
  );
  const definitions: MetricDefinition[] = numeric.map((column) => {
    const unit = columns.find((c) => c.name === column.name)?.unit ?? "number";
    const metric = findMetric(columnsIn(column.expression)[0] ?? "");
    return {
      slug: column.name,
      name: column.name,
      type: unit === "cents" ? "currency" : unit === "fraction" ? "percentage" : "scalar",
      unit,
      aggregation: "sum",
      polarity: metric?.polarity ?? "higher_is_better",
      period: { kind: "sum" },
    };
  });
  const numberIn = (row: Record<string, QueryValue> | undefined, name: string) => {
    const value = row?.[name];
    return typeof value === "number" ? value : null;
  };
  const changes = folded
    ? compareTotals(
        definitions,
        Object.fromEntries(definitions.map((d) => [d.slug, numberIn(rows[0], d.slug)])),
        Object.fromEntries(definitions.map((d) => [d.slug, numberIn(previousRows[0], d.slug)])),
        comparison.thresholdPct,
      )
    : [];
  return {
    to: comparison.to,
    range: comparison.previous.range,
    rows: previousRows,
    changes,
    ...(comparison.note ? { note: comparison.note } : {}),
    ...(comparison.refused ? { refused: comparison.refused } : {}),
    requestCount: comparison.previous.requestCount,
  };
}

/**
 * `GROUP BY product_id`: the same query once per product (at most `MAX_QUERY_PRODUCTS`, or those named in
 * `WHERE product_id`), rows tagged with the product, then ORDER BY and LIMIT over all of them. The answer's
 * notes state how many products and API calls it took.
 */
async function runByProduct(
  plan: QueryPlan,
  params: GetMetricsParams,
  context: QueryContext,
  columns: QueryColumn[],
  notes: string[],
  callsPerProduct: number,
): Promise<QueryResult> {
  const twoSteps =
    "list the products (list_products) and run one query per product with WHERE product_id = '…', or name at most " +
    `${MAX_QUERY_PRODUCTS} in WHERE product_id IN (…)`;
  if (!context.listProducts) throw new QueryError(`GROUP BY product_id is not available here; ${twoSteps}.`);
  const listed = await context.listProducts();
  const products = plan.productIds
    ? listed.products.filter((product) => plan.productIds?.includes(product.id))
    : listed.products;
  if (products.length > MAX_QUERY_PRODUCTS) {
    throw new QueryError(
      `GROUP BY product_id runs one query per product, at most ${MAX_QUERY_PRODUCTS}; there are ${products.length}. Narrow it: ${twoSteps}.`,
      "SELECT product, SUM(revenue) FROM metrics WHERE time_range = 'last_month' AND product_id IN ('…', '…') GROUP BY product_id",
    );
  }
  // The fan-out may take as many API calls as a comparison (two ranges), no more.
  if (products.length * callsPerProduct > 2 * MAX_CALLS_PER_RANGE) {
    throw new QueryError(
      `GROUP BY product_id over ${products.length} products would take ${products.length * callsPerProduct} API calls, more than the ${2 * MAX_CALLS_PER_RANGE} a query may take; use a coarser interval, a shorter range or fewer products.`,
      "SELECT product, SUM(revenue) FROM metrics WHERE time_range = 'last_month' AND product_id IN ('…', '…') GROUP BY product_id",
    );
  }
  if (products.length === 0) {
    throw new QueryError(
      "GROUP BY product_id found no products to run the query for (check the product ids, or list_products).",
    );
  }
  const shown = plan.columns.some(
    (column) => column.expression.kind === "column" && column.expression.name === "product",
  );
  if (!shown) columns.unshift({ name: "product" });
  const reports = await Promise.all(
    products.map((product) => context.getMetrics({ ...params, productIds: [product.id] })),
  );
  const keep = hourFilter(plan.periodConditions, params.interval ?? "day");
  const perProduct = { ...plan, orderBy: [], limit: undefined, offset: undefined };
  const tagged = (product: { id: string; name: string }) => ({
    product_id: product.id,
    product: product.name,
  });
  let rows = products.flatMap((product, index) => {
    const periods = (reports[index]?.periods ?? []).filter(keep).map((period) => ({
      ...period,
      values: { ...period.values, ...tagged(product) } as unknown as MetricPeriod["values"],
    }));
    return evaluatePlan(perProduct, periods).map((row) => {
      // A folded row has no product of its own: its product columns take this product.
      const filled = { ...row };
      for (const column of plan.columns) {
        if (column.expression.kind === "column" && column.expression.name in tagged(product)) {
          filled[column.name] = tagged(product)[column.expression.name as "product_id" | "product"];
        }
      }
      return shown ? filled : { product: product.name, ...filled };
    });
  });
  if (plan.orderBy.length > 0) {
    const keys = plan.orderBy.map(({ expression, descending }) => {
      // An output column's name wins (ORDER BY revenue after SUM(revenue) AS revenue), as in SQL.
      const column =
        (expression.kind === "column" &&
          plan.columns.find((candidate) => candidate.name === expression.name)) ||
        plan.columns.find((candidate) => JSON.stringify(candidate.expression) === JSON.stringify(expression));
      if (!column) {
        throw new QueryError(
          "With GROUP BY product_id, ORDER BY a selected column, its alias or its position.",
          "SELECT product, SUM(revenue) AS revenue FROM metrics GROUP BY product_id ORDER BY revenue DESC",
        );
      }
      return { name: column.name, descending };
    });
    rows.sort((a, b) => {
      for (const { name, descending } of keys) {
        const order = compareValues(a[name] ?? null, b[name] ?? null);
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    });
  }
  const from = plan.offset ?? 0;
  rows = rows.slice(from, plan.limit === undefined ? undefined : from + plan.limit);
  const calls = reports.reduce((sum, report) => sum + report.requestCount, listed.requestCount);
  notes.unshift(
    `GROUP BY product_id ran the query once per product: ${products.length} products, ${calls} API calls (${listed.requestCount} to list the products).`,
  );
  const first = reports[0] as MetricsReport;
  return {
    columns,
    rows,
    range: first.range,
    partial: first.partial,
    notes,
    requestCount: calls,
  };
}
