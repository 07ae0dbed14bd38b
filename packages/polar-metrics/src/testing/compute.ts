import { TZDate } from "@date-fns/tz";
import { addDays, type CalendarDate } from "@mcp-connectors/client-kit";
import { findMetric, METRICS } from "../catalog.js";
import { bucketStart, type Interval, nextBucketStart } from "../intervals.js";
import {
  CANCELLATION_REASONS,
  type FakeBillingType,
  type FakeStore,
  type FakeSubscription,
} from "./store.js";

/** The parameters of one `GET /v1/metrics/` call, already validated. */
export interface MetricsQuery {
  startDate: CalendarDate;
  endDate: CalendarDate;
  interval: Interval;
  timeZone: string;
  metrics: string[];
  productIds: string[];
  customerIds: string[];
  billingTypes: FakeBillingType[];
}

/** One bucket of the series: its nominal start, and the instants [from, to) of data it covers. */
export interface Bucket {
  timestamp: string;
  from: number;
  to: number;
}

const HOUR = 3_600_000;

function midnight(date: CalendarDate, timeZone: string): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, timeZone).getTime();
}

const twoDigits = (value: number) => String(value).padStart(2, "0");

/** `YYYY-MM-DDTHH:mm:ss±HH:mm` in the zone (`Z` when the offset is zero), as the API writes timestamps. */
function isoTimestamp(at: number, timeZone: string): string {
  const local = new TZDate(at, timeZone);
  const time = [local.getHours(), local.getMinutes(), local.getSeconds()].map(twoDigits).join(":");
  const offset = -local.getTimezoneOffset();
  const zone =
    offset === 0
      ? "Z"
      : `${offset < 0 ? "-" : "+"}${twoDigits(Math.floor(Math.abs(offset) / 60))}:${twoDigits(Math.abs(offset) % 60)}`;
  const date = `${local.getFullYear()}-${twoDigits(local.getMonth() + 1)}-${twoDigits(local.getDate())}`;
  return `${date}T${time}${zone}`;
}

/** The buckets of a range: aligned to the interval (weeks on Monday), with data clipped to the range. */
export function bucketsOf(
  query: Pick<MetricsQuery, "startDate" | "endDate" | "interval" | "timeZone">,
): Bucket[] {
  const { startDate, endDate, interval, timeZone } = query;
  const rangeFrom = midnight(startDate, timeZone);
  const rangeTo = midnight(addDays(endDate, 1), timeZone);
  const buckets: Bucket[] = [];
  if (interval === "hour") {
    for (let at = rangeFrom; at < rangeTo; at += HOUR) {
      buckets.push({ timestamp: isoTimestamp(at, timeZone), from: at, to: Math.min(at + HOUR, rangeTo) });
    }
    return buckets;
  }
  for (let date = bucketStart(startDate, interval); date <= endDate; date = nextBucketStart(date, interval)) {
    const nominal = midnight(date, timeZone);
    buckets.push({
      timestamp: isoTimestamp(nominal, timeZone),
      from: Math.max(nominal, rangeFrom),
      to: Math.min(midnight(nextBucketStart(date, interval), timeZone), rangeTo),
    });
  }
  return buckets;
}

/** The first index whose `at` is ≥ `time` in a list sorted by `at`. */
function lowerBound(items: readonly { at: number }[], time: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((items[middle]?.at ?? 0) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

function prefixSums<T extends { at: number }>(items: readonly T[], value: (item: T) => number): number[] {
  const sums = [0];
  for (const item of items) sums.push((sums.at(-1) ?? 0) + value(item));
  return sums;
}

/** Computes every metric over each bucket from the store, then the totals the way the API folds them. */
export function computeMetrics(store: FakeStore, query: MetricsQuery) {
  const products = new Map(store.products.map((product) => [product.id, product]));
  const matches = (productId: string | null, customerId: string | null) => {
    if (query.productIds.length > 0 && (productId === null || !query.productIds.includes(productId)))
      return false;
    if (query.customerIds.length > 0 && (customerId === null || !query.customerIds.includes(customerId)))
      return false;
    if (query.billingTypes.length > 0) {
      const product = productId === null ? undefined : products.get(productId);
      if (!product || !query.billingTypes.includes(product.billingType)) return false;
    }
    return true;
  };
  const orders = store.orders.filter((order) => matches(order.productId, order.customerId));
  const checkouts = store.checkouts.filter((checkout) => matches(checkout.productId, checkout.customerId));
  const costs = store.costs.filter((cost) =>
    query.productIds.length + query.customerIds.length + query.billingTypes.length === 0
      ? true
      : matches(cost.productId, cost.customerId),
  );
  const subscriptions = store.subscriptions.filter((subscription) =>
    matches(subscription.productId, subscription.customerId),
  );
  const seatProducts = new Set(
    store.products.filter((product) => product.seatBased).map((product) => product.id),
  );
  const revenueSums = prefixSums(orders, (order) => order.subtotal);
  const netSums = prefixSums(orders, (order) => order.net);
  const costSums = prefixSums(costs, (cost) => cost.amount);
  const firstOrders = [...new Map(orders.toReversed().map((order) => [order.customerId, order.at])).values()]
    .sort((a, b) => a - b)
    .map((at) => ({ at }));

  // A bucket's start stock is the previous bucket's end stock: each instant is counted once.
  const stocks = new Map<number, ReturnType<typeof countStock>>();
  const stockAt = (time: number) => {
    let stock = stocks.get(time);
    if (!stock) {
      stock = countStock(time);
      stocks.set(time, stock);
    }
    return stock;
  };
  // Subscriptions by the instant each event happened, for the ones that happened inside a bucket.
  const byEvent = (field: "startedAt" | "endedAt" | "canceledAt") => {
    const events = subscriptions
      .filter((subscription) => subscription[field] !== null)
      .map((subscription) => ({ at: subscription[field] as number, subscription }))
      .sort((a, b) => a.at - b.at);
    return (from: number, to: number) =>
      events.slice(lowerBound(events, from), lowerBound(events, to)).map((event) => event.subscription);
  };
  const startedIn = byEvent("startedAt");
  const endedIn = byEvent("endedAt");
  const canceledIn = byEvent("canceledAt");

  const countStock = (time: number) => {
    const stock = {
      active: 0,
      committed: 0,
      mrr: 0,
      committedMrr: 0,
      trialMrr: 0,
      trialCommittedMrr: 0,
      seats: 0,
      claimed: 0,
      seatCustomers: 0,
    };
    for (const subscription of subscriptions) {
      if (subscription.startedAt > time) break;
      if (subscription.endedAt !== null && subscription.endedAt <= time) continue;
      const committed = subscription.canceledAt === null || subscription.canceledAt > time;
      if (inTrial(subscription, time)) {
        stock.trialMrr += subscription.monthlyCents;
        if (committed) stock.trialCommittedMrr += subscription.monthlyCents;
        continue;
      }
      stock.active++;
      stock.mrr += subscription.monthlyCents;
      if (committed) {
        stock.committed++;
        stock.committedMrr += subscription.monthlyCents;
      }
      if (seatProducts.has(subscription.productId)) {
        stock.seats += subscription.seats;
        stock.claimed += subscription.claimedSeats;
        stock.seatCustomers++;
      }
    }
    return stock;
  };

  const valuesOf = (from: number, to: number): Record<string, number> => {
    const asOf = Math.min(to, store.endsAt);
    const [o0, o1] = [lowerBound(orders, from), lowerBound(orders, to)];
    const window = orders.slice(o0, o1);
    const windowCheckouts = checkouts.slice(lowerBound(checkouts, from), lowerBound(checkouts, to));
    const [c0, c1] = [lowerBound(costs, from), lowerBound(costs, to)];
    const count = (kind: string) => window.filter((order) => order.kind === kind);
    const sum = (list: typeof window, field: "subtotal" | "net") =>
      list.reduce((total, order) => total + order[field], 0);
    const started = startedIn(from, to);
    const ended = endedIn(from, to);
    const canceled = canceledIn(from, to);
    const stock = stockAt(asOf - 1);
    const activeAtStart = stockAt(from - 1).active;
    const revenue = sum(window, "subtotal");
    const net = sum(window, "net");
    const cost = (costSums[c1] ?? 0) - (costSums[c0] ?? 0);
    const cumulativeNet = netSums[lowerBound(orders, asOf)] ?? 0;
    const cumulativeCosts = costSums[lowerBound(costs, asOf)] ?? 0;
    const customersToDate = lowerBound(firstOrders, asOf);
    const succeeded = windowCheckouts.filter((checkout) => checkout.succeeded).length;
    const oneTime = count("one_time");
    const fresh = count("new_subscription");
    const renewals = count("renewal");
    const churned = ended.filter(
      (s) =>
        !(
          s.trialEndsAt !== null &&
          s.endedAt === s.trialEndsAt &&
          s.canceledAt !== null &&
          s.canceledAt < s.trialEndsAt
        ),
    );
    const grossMargin = Math.round(cumulativeNet - cumulativeCosts);
    const values: Record<string, number> = {
      active_subscriptions: stock.active,
      committed_subscriptions: stock.committed,
      monthly_recurring_revenue: stock.mrr,
      committed_monthly_recurring_revenue: stock.committedMrr,
      trial_monthly_recurring_revenue: stock.trialMrr,
      trial_committed_monthly_recurring_revenue: stock.trialCommittedMrr,
      annual_recurring_revenue: stock.mrr * 12,
      committed_annual_recurring_revenue: stock.committedMrr * 12,
      average_revenue_per_user: stock.active ? Math.round(stock.mrr / stock.active) : 0,
      checkouts: windowCheckouts.length,
      succeeded_checkouts: succeeded,
      checkouts_conversion: windowCheckouts.length ? succeeded / windowCheckouts.length : 0,
      churned_subscriptions: churned.length,
      churn_rate: activeAtStart ? churned.length / activeAtStart : 0,
      seats_total: stock.seats,
      seats_claimed: stock.claimed,
      seats_pending: stock.seats - stock.claimed,
      seat_customers: stock.seatCustomers,
      new_seat_customers: started.filter((s) => seatProducts.has(s.productId)).length,
      churned_seat_customers: ended.filter((s) => seatProducts.has(s.productId)).length,
      average_seats_per_customer: stock.seatCustomers ? stock.seats / stock.seatCustomers : 0,
      seat_utilization_rate: stock.seats ? stock.claimed / stock.seats : 0,
      ltv: customersToDate ? Math.round(cumulativeNet / customersToDate) : 0,
      orders: window.length,
      revenue,
      net_revenue: net,
      cumulative_revenue: revenueSums[lowerBound(orders, asOf)] ?? 0,
      net_cumulative_revenue: cumulativeNet,
      average_order_value: window.length ? Math.round(revenue / window.length) : 0,
      net_average_order_value: window.length ? Math.round(net / window.length) : 0,
      one_time_products: oneTime.length,
      one_time_products_revenue: sum(oneTime, "subtotal"),
      one_time_products_net_revenue: sum(oneTime, "net"),
      new_subscriptions: started.length,
      new_subscriptions_revenue: sum(fresh, "subtotal"),
      new_subscriptions_net_revenue: sum(fresh, "net"),
      renewed_subscriptions: renewals.length,
      renewed_subscriptions_revenue: sum(renewals, "subtotal"),
      renewed_subscriptions_net_revenue: sum(renewals, "net"),
      costs: cost,
      cumulative_costs: cumulativeCosts,
      cost_per_user: stock.active ? cost / stock.active : 0,
      active_user_by_event: new Set([...window, ...windowCheckouts].map((event) => event.customerId)).size,
      gross_margin: grossMargin,
      gross_margin_percentage: cumulativeNet ? grossMargin / cumulativeNet : 0,
      cashflow: Math.round(net - cost),
      canceled_subscriptions: canceled.length,
    };
    for (const reason of CANCELLATION_REASONS) {
      values[`canceled_subscriptions_${reason}`] = canceled.filter((s) => s.reason === reason).length;
    }
    return values;
  };

  const slugs = query.metrics.length > 0 ? query.metrics : METRICS.map((metric) => metric.slug);
  const buckets = bucketsOf(query);
  const computed = buckets.map((bucket) => valuesOf(bucket.from, bucket.to));
  const whole = buckets.length > 0 ? valuesOf(buckets[0]?.from ?? 0, buckets.at(-1)?.to ?? 0) : {};
  const periods = buckets.map((bucket, index) => ({
    timestamp: bucket.timestamp,
    ...Object.fromEntries(slugs.map((slug) => [slug, computed[index]?.[slug] ?? 0])),
  }));
  const totals = Object.fromEntries(
    slugs.map((slug) => {
      const aggregation = findMetric(slug)?.aggregation;
      if (aggregation === "ratio") return [slug, whole[slug] ?? 0];
      if (aggregation === "last") return [slug, computed.at(-1)?.[slug] ?? 0];
      return [slug, computed.reduce((total, values) => total + (values[slug] ?? 0), 0)];
    }),
  );
  const metrics = Object.fromEntries(
    slugs.map((slug) => {
      const metric = findMetric(slug);
      return [slug, { slug, display_name: metric?.name ?? slug, type: metric?.type ?? "scalar" }];
    }),
  );
  return { periods, totals, metrics };
}

function inTrial(subscription: FakeSubscription, time: number): boolean {
  return subscription.trialEndsAt !== null && time < subscription.trialEndsAt;
}
