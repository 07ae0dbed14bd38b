import type { RequestEventListener } from "@mcp-connectors/client-kit";
import { addDays, daysBetween, localDate, localHour } from "@mcp-connectors/client-kit";
import { type MetricDefinition, resolveMetrics } from "./catalog.js";
import { compareTotals, pickHighlights, planComparison } from "./compare.js";
import { PolarInputError } from "./errors.js";
import { createHttpGet, DEFAULT_MAX_RESPONSE_BYTES, type HttpGet } from "./http.js";
import {
  chooseInterval,
  type Interval,
  isInterval,
  MIN_DATE,
  type RangeChunk,
  splitRange,
} from "./intervals.js";
import { checkRangeCost, MAX_CALLS_PER_RANGE } from "./limits.js";
import { partialPeriods } from "./partial.js";
import { type QueryResult, runQuery } from "./query/run.js";
import { createSharedState, type RateLimitOptions, type SharedClientState } from "./rate-limiter.js";
import type {
  CompareOptions,
  ComparisonReport,
  GetMetricsParams,
  MetricsReport,
  RawMetricsParams,
} from "./reports.js";
import { roundValues } from "./rounding.js";
import {
  type MetricsLimits,
  type MetricsResponse,
  metricsLimitsSchema,
  metricsResponseSchema,
  type Product,
  type ProductList,
  productListSchema,
} from "./schemas.js";
import { type PolarServer, SERVER_URLS } from "./servers.js";
import { type DateRange, resolveTimeRange } from "./time-range.js";
import { type MetricPeriod, periodDependencies, periodTotals, startDependencies } from "./totals.js";

export { type PolarServer, SERVER_URLS } from "./servers.js";

export interface PolarClientOptions {
  /** An Organization Access Token (`polar_oat_…`), personal token or OAuth token with `metrics:read`. When missing, every call fails with a PolarAuthError explaining how to create one. */
  accessToken?: string | undefined;
  /** Default `production`. */
  server?: PolarServer;
  /** Overrides the server's URL, e.g. a proxy or the local fake. */
  baseUrl?: string;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /**
   * Told about each request once it ends (method, path, status, milliseconds, retries), each retry and each
   * wait for the rate limiter: wire it to your logger, or to progress reports. No event carries the token
   * or a query string; whatever the listener throws is ignored.
   * @example onEvent: (event) => { if (event.type === "retry") console.warn(event) }
   */
  onEvent?: RequestEventListener;
  /**
   * Time limit of one attempt, in milliseconds, reading the whole answer included. Default 30 000. Each retry
   * gets its own, so a call may take several times this plus the waits between attempts: set
   * `totalTimeoutMs` to bound the whole call.
   */
  timeoutMs?: number;
  /**
   * Time limit of one whole request, in milliseconds: every attempt, the backoff between them and any
   * `Retry-After` wait. Past it the request ends with a `PolarTimeoutError` whose `limit` is `"call"`.
   * Default: none (each attempt is still bounded by `timeoutMs`).
   */
  totalTimeoutMs?: number;
  /** The most bytes one answer may have; a longer one is cancelled with a PolarResponseTooLargeError. Default 8 MiB. */
  maxResponseBytes?: number;
  /** Retries of a failed GET (429, 5xx, timeouts, network); a number is the limit. Default 2 retries, delays capped at 30 s. */
  retry?: number | { limit?: number; maxDelayMs?: number };
  /** Sent as `organization_id`; only needed with tokens that reach several organizations (not with an OAT). */
  organizationId?: string;
  /** IANA time zone presets and dates are read in, unless a call says otherwise. Default `UTC`. */
  timeZone?: string;
  /** The clock presets are resolved against. Default: the system clock. */
  now?: () => Date;
  /**
   * Client-side rate limit; `false` turns it off. Default: within Polar's stated limit per token for the
   * server (500 requests a minute in production, 100 in the sandbox; see `rateLimitWithin`).
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * What this client shares with the other clients made for the same token (`createSharedState`): the rate
   * limit, which Polar applies per token. `rateLimit` is then the shared state's. Default: state of its own.
   */
  shared?: SharedClientState;
}

export type {
  BillingType,
  CompareOptions,
  ComparisonReport,
  GetMetricsParams,
  MetricsFilters,
  MetricsRange,
  MetricsReport,
  RawMetricsParams,
} from "./reports.js";

export interface QueryOptions {
  /** IANA time zone for the query's dates and presets; a `timezone = '…'` condition wins. */
  timeZone?: string;
  signal?: AbortSignal;
}

export interface PolarClient {
  /** The raw endpoints, with validated responses. */
  metrics: {
    /** `GET /v1/metrics/`. */
    get(params: RawMetricsParams, signal?: AbortSignal): Promise<MetricsResponse>;
    /** `GET /v1/metrics/limits`: earliest date and longest span per interval. */
    limits(signal?: AbortSignal): Promise<MetricsLimits>;
  };
  products: {
    /** `GET /v1/products/` (one page; needs `products:read`). */
    list(
      params?: { query?: string; isArchived?: boolean; page?: number; limit?: number },
      signal?: AbortSignal,
    ): Promise<ProductList>;
    /** Every product whose name contains `query`, across pages (at most `MAX_PRODUCT_PAGES` of 100). */
    listAll(params?: { query?: string; isArchived?: boolean }, signal?: AbortSignal): Promise<Product[]>;
  };
  /**
   * Metrics over a preset or explicit range, splitting ranges longer than the API allows and merging the parts.
   * @example await client.getMetrics({ metrics: ["revenue", "orders"], timeRange: "last_30_days" })
   */
  getMetrics(params: GetMetricsParams): Promise<MetricsReport>;
  /**
   * The range against the previous period or the same range a year earlier.
   * @example await client.compare({ metrics: ["revenue"], timeRange: "last_month" }, { to: "previous_year" })
   */
  compare(params: GetMetricsParams, options?: CompareOptions): Promise<ComparisonReport>;
  /**
   * Runs a SQL-like query over the virtual table `metrics` (grammar in the README).
   * @example await client.query("SELECT period, revenue FROM metrics WHERE time_range = 'last_month' GROUP BY week")
   */
  query(text: string, options?: QueryOptions): Promise<QueryResult>;
}

const PRODUCTS_PER_PAGE = 100;

/** The most pages `products.listAll` reads (2,000 products); the page count is the server's word, so it is capped. */
export const MAX_PRODUCT_PAGES = 20;

/** A range checked and split into API calls, not yet fetched. */
interface RangePlan {
  range: DateRange;
  metrics: MetricDefinition[];
  interval: Interval;
  chunks: RangeChunk[];
}

/** Creates a client for the Polar metrics API. No request is made until a method is called. */
export function createPolarClient(options: PolarClientOptions): PolarClient {
  const server = options.server ?? "production";
  const retry = typeof options.retry === "number" ? { limit: options.retry } : (options.retry ?? {});
  const shared = options.shared ?? createSharedState({ server, rateLimit: options.rateLimit });
  const get: HttpGet = createHttpGet({
    baseUrl: (options.baseUrl ?? SERVER_URLS[server]).replace(/\/+$/, ""),
    accessToken: options.accessToken,
    serverName: server,
    timeoutMs: options.timeoutMs ?? 30_000,
    totalTimeoutMs: options.totalTimeoutMs,
    retryLimit: retry.limit ?? 2,
    maxRetryDelayMs: retry.maxDelayMs ?? 30_000,
    fetch: options.fetch,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    rateLimiter: shared.rateLimiter,
    onEvent: options.onEvent,
  });
  const clock = options.now ?? (() => new Date());
  const organization = options.organizationId;

  const rawMetrics = (params: RawMetricsParams, signal?: AbortSignal) =>
    get("v1/metrics/", { organization_id: organization, ...params }, metricsResponseSchema, signal);

  const listProducts: PolarClient["products"]["list"] = (params = {}, signal) =>
    get(
      "v1/products/",
      {
        organization_id: organization,
        query: params.query,
        is_archived: params.isArchived,
        page: params.page,
        limit: params.limit,
      },
      productListSchema,
      signal,
    );

  async function getMetrics(params: GetMetricsParams): Promise<MetricsReport> {
    const range = resolveTimeRange({ timeZone: options.timeZone, now: clock(), ...params });
    return fetchPlan(params, planRange(params, range));
  }

  /** Checks a range and works out its API calls, without making any: a refused range costs no request. */
  function planRange(params: GetMetricsParams, range: DateRange): RangePlan {
    const metrics = resolveMetrics(params.metrics);
    if (metrics.length === 0) throw new PolarInputError("Name at least one metric.", '["revenue", "orders"]');
    if (params.interval !== undefined && !isInterval(params.interval)) {
      throw new PolarInputError(
        `"${params.interval}" is not an interval. Use hour, day, week, month or year.`,
      );
    }
    const interval = params.interval ?? chooseInterval(range.start, range.end);
    checkRangeCost(range.start, range.end, interval, params.maxPeriods);
    const chunks = splitRange(range.start, range.end, interval);
    if (chunks.length > MAX_CALLS_PER_RANGE) {
      throw new PolarInputError(
        `A ${interval} series over ${daysBetween(range.start, range.end) + 1} days would take ${chunks.length} API calls, more than the ${MAX_CALLS_PER_RANGE} one range may take; use a coarser interval or a shorter range.`,
      );
    }
    return { range, metrics, interval, chunks };
  }

  async function fetchPlan(params: GetMetricsParams, plan: RangePlan): Promise<MetricsReport> {
    const { range, metrics, interval, chunks } = plan;
    const slugs = [...new Set(metrics.flatMap((metric) => [metric.slug, ...periodDependencies(metric)]))];
    const atStartSlugs = [...new Set(metrics.flatMap(startDependencies))];
    const dayBefore = addDays(range.start, -1);
    const atStartCall =
      atStartSlugs.length > 0 && daysBetween(MIN_DATE, dayBefore) >= 0
        ? rawMetrics(
            {
              start_date: dayBefore,
              end_date: dayBefore,
              interval: "day",
              timezone: range.timeZone,
              metrics: atStartSlugs,
              product_id: params.productIds,
              customer_id: params.customerIds,
              billing_type: params.billingTypes,
            },
            params.signal,
          )
        : undefined;
    const calls = chunks.map((chunk) =>
      rawMetrics(
        {
          start_date: chunk.start,
          end_date: chunk.end,
          interval,
          timezone: range.timeZone,
          metrics: slugs,
          product_id: params.productIds,
          customer_id: params.customerIds,
          billing_type: params.billingTypes,
        },
        params.signal,
      ),
    );
    const [responses, before] = await Promise.all([Promise.all(calls), atStartCall]);
    const nowMs = clock().getTime();
    // Buckets that start after now hold nothing yet: they are left out rather than shown as zeros.
    const periods = responses
      .flatMap((response) => response.periods.map((period) => toPeriod(period, interval)))
      .filter((period) => !(Date.parse(period.timestamp) > nowMs));
    const kept = params.keepPeriod ? periods.filter(params.keepPeriod) : periods;
    // Before Polar's earliest date there is nothing: stocks there are 0.
    const atStart = Object.fromEntries(
      atStartSlugs.map((slug) => [slug, before ? (before.periods[0]?.[slug] ?? null) : 0]),
    );
    const only = (values: Record<string, number | null>) =>
      roundValues(Object.fromEntries(metrics.map((metric) => [metric.slug, values[metric.slug] ?? null])));
    const formed = periodTotals(metrics, kept, atStart);
    return {
      range: { ...range, interval },
      metrics,
      totals: only(formed.totals),
      notes: formed.notes,
      periods: kept.map((period) => ({ ...period, values: only(period.values) })),
      partial: partialPeriods({ ...range, interval }, kept, localDate(clock(), range.timeZone)),
      requestCount: responses.length + (before ? 1 : 0),
    };
  }

  async function compare(
    params: GetMetricsParams,
    compareOptions: CompareOptions = {},
  ): Promise<ComparisonReport> {
    const to = compareOptions.to ?? "previous_period";
    const thresholdPct = compareOptions.thresholdPct ?? 10;
    const now = clock();
    const range = resolveTimeRange({ timeZone: options.timeZone, now, ...params });
    const plan = planComparison(
      range,
      to,
      localDate(now, range.timeZone),
      localHour(now, range.timeZone),
      MIN_DATE,
    );
    const hourly: Partial<GetMetricsParams> =
      plan.hours === undefined
        ? {}
        : {
            interval: "hour",
            keepPeriod: (period: MetricPeriod) => Number(period.period.slice(11, 13)) < (plan.hours ?? 0),
          };
    // Both ranges are checked before either is fetched, so a refused comparison makes no request.
    const currentParams = { ...params, ...(plan.refused ? {} : hourly) };
    const previousParams = { ...params, ...hourly };
    const currentPlan = planRange(currentParams, plan.refused ? range : plan.current);
    const previousPlan = plan.refused ? undefined : planRange(previousParams, plan.previous);
    const [current, previous] = await Promise.all([
      fetchPlan(currentParams, currentPlan),
      previousPlan ? fetchPlan(previousParams, previousPlan) : emptyReport(params, plan.previous),
    ]);
    const changes = compareTotals(current.metrics, current.totals, previous.totals, thresholdPct);
    return {
      to,
      thresholdPct,
      current,
      previous,
      changes,
      highlights: pickHighlights(changes, compareOptions.highlightCount),
      ...(plan.note && !plan.refused ? { note: plan.note } : {}),
      ...(plan.refused ? { refused: plan.refused } : {}),
    };
  }

  function emptyReport(params: GetMetricsParams, range: DateRange): MetricsReport {
    const metrics = resolveMetrics(params.metrics);
    return {
      range: { ...range, interval: params.interval ?? chooseInterval(range.start, range.end) },
      metrics,
      totals: Object.fromEntries(metrics.map((metric) => [metric.slug, null])),
      notes: {},
      periods: [],
      partial: [],
      requestCount: 0,
    };
  }

  return {
    metrics: {
      get: rawMetrics,
      limits: (signal) => get("v1/metrics/limits", {}, metricsLimitsSchema, signal),
    },
    products: {
      list: listProducts,
      async listAll(params = {}, signal) {
        const first = await listProducts({ ...params, page: 1, limit: PRODUCTS_PER_PAGE }, signal);
        const { max_page: pages, total_count: total } = first.pagination;
        // The page count comes from the server: it is checked before it is followed.
        if (pages > MAX_PRODUCT_PAGES) {
          throw new PolarInputError(
            `Polar reports ${total} products on ${pages} pages; listing every product stops at ${MAX_PRODUCT_PAGES} pages of ${PRODUCTS_PER_PAGE}. Search by part of the name to narrow the list.`,
          );
        }
        const products: Product[] = [...first.items];
        for (let page = 2; page <= pages; page++) {
          const result = await listProducts({ ...params, page, limit: PRODUCTS_PER_PAGE }, signal);
          if (result.items.length === 0) break;
          products.push(...result.items);
        }
        return products;
      },
    },
    getMetrics,
    compare,
    query: (text, queryOptions = {}) =>
      runQuery(text, {
        timeZone: queryOptions.timeZone ?? options.timeZone ?? "UTC",
        now: clock(),
        getMetrics: (params) => getMetrics({ ...params, signal: queryOptions.signal }),
        listProducts: async () => {
          const products: Product[] = [];
          let requestCount = 0;
          for (let page = 1; ; page++) {
            const result = await listProducts({ page, limit: 100 }, queryOptions.signal);
            requestCount++;
            products.push(...result.items);
            // Ten pages (1,000 products) are far more than a fan-out may take; the count is what matters then.
            if (page >= result.pagination.max_page || page >= 10) break;
          }
          return { products: products.map(({ id, name }) => ({ id, name })), requestCount };
        },
        compare: (params, compareOptions) =>
          compare({ ...params, signal: queryOptions.signal }, compareOptions),
      }),
  };
}

function toPeriod(period: MetricsResponse["periods"][number], interval: Interval): MetricPeriod {
  const { timestamp, ...values } = period;
  const label =
    interval === "hour" ? `${timestamp.slice(0, 10)} ${timestamp.slice(11, 16)}` : timestamp.slice(0, 10);
  return { timestamp, period: label, values: values as Record<string, number | null> };
}
