import { UnknownMetricError } from "./errors.js";

/** How the API reports a metric's values. */
export type MetricType = "scalar" | "currency" | "currency_sub_cent" | "percentage";

/** The unit of a metric's values in data: money is always in cents, percentages are fractions (0.25 = 25%). */
export type MetricUnit = "count" | "cents" | "fraction" | "number";

/**
 * How the API folds a metric's periods into its total:
 * `sum` adds the periods, `last` takes the last period, `ratio` divides two summed (or last) metrics.
 */
export type MetricAggregation = "sum" | "last" | "ratio";

/** Whether a rise in the metric is good news (`higher_is_better`) or bad news (churn, cancellations, costs). */
export type MetricPolarity = "higher_is_better" | "lower_is_better";

/** One metric of the Polar metrics API, as this package describes it. */
export interface MetricDefinition {
  /** The API's slug, e.g. `monthly_recurring_revenue`. */
  slug: string;
  /** The display name Polar's dashboard uses. */
  name: string;
  type: MetricType;
  unit: MetricUnit;
  aggregation: MetricAggregation;
  polarity: MetricPolarity;
  /** For `ratio` metrics: the total is `Σ numerator / Σ denominator` (or the denominator's last value, see `denominatorAggregation`). */
  ratio?: { numerator: string; denominator: string; denominatorAggregation: "sum" | "last" };
  /**
   * How this package forms the metric's value over a whole span (a day, a week, a month, any range), whatever
   * interval the series was fetched at. May differ from the API's `aggregation` (churn rate: see `PeriodRule`).
   */
  period: PeriodRule;
}

/**
 * How a value over a span is formed from the span's buckets:
 * - `sum`: the buckets added up (orders, revenue, churned subscriptions: flows);
 * - `end`: the value at the end of the span, i.e. its last bucket's (active subscriptions, MRR: stocks);
 * - `ratio`: `numerator` summed over the span divided by `denominator` summed over it (`sum`), taken at the
 *   span's end (`end`) or just before its start (`start`): churn rate = churned in the span ÷ active at its start;
 * - `unavailable`: no honest figure can be formed from several buckets (`reason` says why); a span that is a
 *   single bucket still has its value.
 */
export type PeriodRule =
  | { kind: "sum" }
  | { kind: "end" }
  | { kind: "ratio"; numerator: string; denominator: string; denominatorAt: "sum" | "end" | "start" }
  | { kind: "unavailable"; reason: string };

type Row = [slug: string, name: string, type: MetricType, aggregation: MetricAggregation, polarity?: "lower"];

const ROWS: Row[] = [
  ["active_subscriptions", "Active Subscriptions", "scalar", "last"],
  ["committed_subscriptions", "Committed Subscriptions", "scalar", "last"],
  ["monthly_recurring_revenue", "Monthly Recurring Revenue", "currency", "last"],
  ["committed_monthly_recurring_revenue", "Committed Monthly Recurring Revenue", "currency", "last"],
  ["trial_monthly_recurring_revenue", "Trial Monthly Recurring Revenue", "currency", "last"],
  [
    "trial_committed_monthly_recurring_revenue",
    "Trial Committed Monthly Recurring Revenue",
    "currency",
    "last",
  ],
  ["annual_recurring_revenue", "Annual Recurring Revenue", "currency", "last"],
  ["committed_annual_recurring_revenue", "Committed Annual Recurring Revenue", "currency", "last"],
  ["average_revenue_per_user", "Average Revenue Per User", "currency", "last"],
  ["checkouts", "Checkouts", "scalar", "sum"],
  ["succeeded_checkouts", "Succeeded Checkouts", "scalar", "sum"],
  ["checkouts_conversion", "Checkouts Conversion Rate", "percentage", "ratio"],
  ["churned_subscriptions", "Churned Subscriptions", "scalar", "sum", "lower"],
  ["churn_rate", "Churn Rate", "percentage", "last", "lower"],
  ["seats_total", "Total Seats", "scalar", "last"],
  ["seats_claimed", "Claimed Seats", "scalar", "last"],
  ["seats_pending", "Pending Seats", "scalar", "last", "lower"],
  ["seat_customers", "Seat Customers", "scalar", "last"],
  ["new_seat_customers", "New Seat Customers", "scalar", "sum"],
  ["churned_seat_customers", "Churned Seat Customers", "scalar", "sum", "lower"],
  ["average_seats_per_customer", "Average Seats per Customer", "scalar", "last"],
  ["seat_utilization_rate", "Seat Utilization Rate", "percentage", "last"],
  ["ltv", "Lifetime Value", "currency", "last"],
  ["orders", "Orders", "scalar", "sum"],
  ["revenue", "Revenue", "currency", "sum"],
  ["net_revenue", "Net Revenue", "currency", "sum"],
  ["cumulative_revenue", "Cumulative Revenue", "currency", "last"],
  ["net_cumulative_revenue", "Net Cumulative Revenue", "currency", "last"],
  ["average_order_value", "Average Order Value", "currency", "ratio"],
  ["net_average_order_value", "Net Average Order Value", "currency", "ratio"],
  ["one_time_products", "One-Time Products", "scalar", "sum"],
  ["one_time_products_revenue", "One-Time Products Revenue", "currency", "sum"],
  ["one_time_products_net_revenue", "One-Time Products Net Revenue", "currency", "sum"],
  ["new_subscriptions", "New Subscriptions", "scalar", "sum"],
  ["new_subscriptions_revenue", "New Subscriptions Revenue", "currency", "sum"],
  ["new_subscriptions_net_revenue", "New Subscriptions Net Revenue", "currency", "sum"],
  ["renewed_subscriptions", "Renewed Subscriptions", "scalar", "sum"],
  ["renewed_subscriptions_revenue", "Renewed Subscriptions Revenue", "currency", "sum"],
  ["renewed_subscriptions_net_revenue", "Renewed Subscriptions Net Revenue", "currency", "sum"],
  ["costs", "Costs", "currency_sub_cent", "sum", "lower"],
  ["cumulative_costs", "Cumulative Costs", "currency_sub_cent", "last", "lower"],
  ["cost_per_user", "Cost per User", "currency_sub_cent", "ratio", "lower"],
  ["active_user_by_event", "Active Users", "scalar", "last"],
  ["gross_margin", "Gross Margin", "currency", "last"],
  ["gross_margin_percentage", "Gross Margin %", "percentage", "last"],
  ["cashflow", "Cashflow", "currency", "sum"],
  ["canceled_subscriptions", "Canceled Subscriptions", "scalar", "sum", "lower"],
  ["canceled_subscriptions_customer_service", "Canceled: Customer Service", "scalar", "sum", "lower"],
  ["canceled_subscriptions_low_quality", "Canceled: Low Quality", "scalar", "sum", "lower"],
  ["canceled_subscriptions_missing_features", "Canceled: Missing Features", "scalar", "sum", "lower"],
  ["canceled_subscriptions_switched_service", "Canceled: Switched Service", "scalar", "sum", "lower"],
  ["canceled_subscriptions_too_complex", "Canceled: Too Complex", "scalar", "sum", "lower"],
  ["canceled_subscriptions_too_expensive", "Canceled: Too Expensive", "scalar", "sum", "lower"],
  ["canceled_subscriptions_unused", "Canceled: Unused", "scalar", "sum", "lower"],
  ["canceled_subscriptions_other", "Canceled: Other", "scalar", "sum", "lower"],
];

const RATIOS: Record<string, NonNullable<MetricDefinition["ratio"]>> = {
  checkouts_conversion: {
    numerator: "succeeded_checkouts",
    denominator: "checkouts",
    denominatorAggregation: "sum",
  },
  average_order_value: { numerator: "revenue", denominator: "orders", denominatorAggregation: "sum" },
  net_average_order_value: { numerator: "net_revenue", denominator: "orders", denominatorAggregation: "sum" },
  cost_per_user: { numerator: "costs", denominator: "active_subscriptions", denominatorAggregation: "last" },
};

function unitOf(type: MetricType): MetricUnit {
  if (type === "percentage") return "fraction";
  if (type === "scalar") return "count";
  return "cents";
}

/** Metrics whose period value the API's own fold gets wrong, or that cannot be folded at all. */
const PERIOD_RULES: Record<string, PeriodRule> = {
  churn_rate: {
    kind: "ratio",
    numerator: "churned_subscriptions",
    denominator: "active_subscriptions",
    denominatorAt: "start",
  },
  active_user_by_event: {
    kind: "unavailable",
    reason:
      "distinct active users over several buckets cannot be added up, since one customer may be active in each; this figure exists per bucket only",
  },
};

function periodRuleOf(slug: string, aggregation: MetricAggregation): PeriodRule {
  const special = PERIOD_RULES[slug];
  if (special) return special;
  const ratio = RATIOS[slug];
  if (ratio) {
    return {
      kind: "ratio",
      numerator: ratio.numerator,
      denominator: ratio.denominator,
      denominatorAt: ratio.denominatorAggregation === "sum" ? "sum" : "end",
    };
  }
  return aggregation === "sum" ? { kind: "sum" } : { kind: "end" };
}

/** Every metric the Polar metrics API (version 2026-04) computes, in the order Polar lists them. */
export const METRICS: readonly MetricDefinition[] = ROWS.map(([slug, name, type, aggregation, polarity]) => {
  const ratio = RATIOS[slug];
  return {
    slug,
    name,
    type,
    unit: slug === "average_seats_per_customer" ? "number" : unitOf(type),
    aggregation,
    polarity: polarity === "lower" ? "lower_is_better" : "higher_is_better",
    ...(ratio ? { ratio } : {}),
    period: periodRuleOf(slug, aggregation),
  };
});

/** How a metric's value over a span is formed, in words, e.g. "churned_subscriptions in the span ÷ active_subscriptions at its start". */
export function describePeriodRule(metric: Pick<MetricDefinition, "period">): string {
  const rule = metric.period;
  if (rule.kind === "sum") return "sum of the buckets";
  if (rule.kind === "end") return "value at the end of the span";
  if (rule.kind === "unavailable") return `no figure over several buckets: ${rule.reason}`;
  const at = { sum: "in the span", end: "at its end", start: "at its start" }[rule.denominatorAt];
  return `${rule.numerator} in the span ÷ ${rule.denominator} ${at}`;
}

/** Whether the metric is a stock (a level at an instant, e.g. active subscriptions): adding it over buckets means nothing. */
export function isStock(metric: Pick<MetricDefinition, "period">): boolean {
  return metric.period.kind === "end";
}

/** All 55 metric slugs. */
export const METRIC_SLUGS: readonly string[] = METRICS.map((metric) => metric.slug);

const BY_SLUG = new Map(METRICS.map((metric) => [metric.slug, metric]));

/**
 * Names people bring from other analytics products. An abbreviation of a Polar metric (`mrr`, `aov`) names
 * that metric (`alias`). For a figure Polar has no data for (CAC, ROAS, ad spend, refunds…) we say so, and may
 * name a Polar metric that answers a *related* question (`related`), labelled as a different metric and never
 * offered as a suggestion to use in its place.
 */
const FOREIGN_NAMES: Record<string, { explanation: string; alias?: string; related?: [string, string] }> = {
  gross_sales: {
    explanation: "Polar calls gross order value before fees and tax `revenue`.",
    alias: "revenue",
  },
  total_sales: {
    explanation: "Polar calls gross order value before fees and tax `revenue`.",
    alias: "revenue",
  },
  sales: { explanation: "Polar calls gross order value before fees and tax `revenue`.", alias: "revenue" },
  mrr: { explanation: "MRR is spelled out in Polar's slugs.", alias: "monthly_recurring_revenue" },
  arr: { explanation: "ARR is spelled out in Polar's slugs.", alias: "annual_recurring_revenue" },
  aov: { explanation: "AOV is spelled out in Polar's slugs.", alias: "average_order_value" },
  arpu: { explanation: "ARPU is spelled out in Polar's slugs.", alias: "average_revenue_per_user" },
  churn: { explanation: "Polar's churn metrics are spelled out.", alias: "churn_rate" },
  net_sales: {
    explanation:
      "Polar has no net sales data: net sales (gross sales minus discounts and returns) is a Shopify-style figure.",
    related: ["net_revenue", "revenue after Polar's and the payment processor's fees, not after returns"],
  },
  roas: {
    explanation: "Polar has no ROAS data: return on ad spend needs ad spend, which Polar does not know.",
    related: ["revenue", "gross order value; the ad spend to divide it by must come from the ad platform"],
  },
  blended_roas: {
    explanation: "Polar has no blended ROAS data: it needs total marketing spend, which Polar does not know.",
  },
  cac: {
    explanation:
      "Polar has no CAC data: customer acquisition cost needs marketing spend, which Polar does not know.",
    related: ["new_subscriptions", "how many subscriptions started, to divide your own marketing spend by"],
  },
  ad_spend: {
    explanation: "Polar has no ad spend data: ad costs live in the ad platforms, not in Polar.",
    related: ["costs", "usage costs your product reported to Polar (e.g. LLM calls), not advertising"],
  },
  marketing_spend: {
    explanation:
      "Polar has no marketing spend data: it lives in the ad platforms and your books, not in Polar.",
  },
  refunds: {
    explanation: "Polar's metrics API has no refunds data.",
    related: ["net_revenue", "revenue after fees, which does not take refunds out"],
  },
  returns: {
    explanation: "Polar's metrics API has no returns data: Polar sells digital products and subscriptions.",
  },
  conversion_rate: {
    explanation: "Polar has no visit-to-order conversion data (it does not see your site's visitors).",
    related: ["checkouts_conversion", "the share of opened checkouts that were paid"],
  },
  customers: {
    explanation: "Polar's metrics API has no customer count.",
    related: [
      "active_subscriptions",
      "paying subscriptions at the end of the range; one customer may hold several",
    ],
  },
  profit: {
    explanation: "Polar has no profit data: it knows neither your salaries nor your other expenses.",
    related: ["gross_margin", "cumulative net revenue minus the usage costs reported to Polar"],
  },
};

/** Returns the metric with this slug, or `undefined`. */
export function findMetric(slug: string): MetricDefinition | undefined {
  return BY_SLUG.get(slug);
}

/**
 * Resolves a metric name to its definition. Accepts slugs in any case, with spaces or dashes.
 * @throws UnknownMetricError naming the closest slugs, or explaining a name from another analytics product.
 */
export function resolveMetric(name: string): MetricDefinition {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  const metric = BY_SLUG.get(key);
  if (metric) return metric;
  const foreign = FOREIGN_NAMES[key];
  if (foreign?.alias) {
    throw new UnknownMetricError(name, `${foreign.explanation} Use \`${foreign.alias}\`.`, [foreign.alias]);
  }
  if (foreign) {
    const related = foreign.related
      ? ` Related but a different metric: \`${foreign.related[0]}\` (${foreign.related[1]}).`
      : "";
    throw new UnknownMetricError(name, `${foreign.explanation}${related}`, []);
  }
  const suggestions = closestSlugs(key);
  throw new UnknownMetricError(
    name,
    `Polar has no metric "${name}". Did you mean ${suggestions.map((slug) => `\`${slug}\``).join(", ")}? List the metrics to see all ${METRICS.length}.`,
    suggestions,
  );
}

/** Resolves several names, dropping duplicates and keeping their order. */
export function resolveMetrics(names: readonly string[]): MetricDefinition[] {
  return [...new Set(names.map((name) => resolveMetric(name)))];
}

/** The slugs nearest to `name` by edit distance, with slugs containing it first. */
export function closestSlugs(name: string, count = 3): string[] {
  return METRIC_SLUGS.map((slug) => ({
    slug,
    score: slug.includes(name) || name.includes(slug) ? -1 : editDistance(name, slug),
  }))
    .sort((a, b) => a.score - b.score || a.slug.length - b.slug.length)
    .slice(0, count)
    .map((entry) => entry.slug);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
