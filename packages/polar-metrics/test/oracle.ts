import type { FakeStore, FakeSubscription } from "../src/testing/index.js";

/**
 * An independent oracle: each metric's value over a span [from, to) of instants, computed straight from the
 * fake's raw orders, subscriptions, checkouts and costs by the metric's definition (Polar's docs), without
 * the client, the fake's metric endpoint or its bucket code. Stocks are read at the span's last instant
 * (or now, when the span runs past the store's end); churn rate is churned in the span ÷ active at its start.
 */
export function oracleValues(store: FakeStore, from: number, to: number): Record<string, number | null> {
  const asOf = Math.min(to, store.endsAt);
  const at = asOf - 1;
  const inSpan = (time: number | null) => time !== null && time >= from && time < to;
  const orders = store.orders.filter((order) => inSpan(order.at));
  const checkouts = store.checkouts.filter((checkout) => inSpan(checkout.at));
  const costs = store.costs.filter((cost) => inSpan(cost.at)).reduce((sum, cost) => sum + cost.amount, 0);
  const seatProducts = new Set(store.products.filter((p) => p.seatBased).map((p) => p.id));
  const live = (s: FakeSubscription, time: number) =>
    s.startedAt <= time && !(s.endedAt !== null && s.endedAt <= time);
  const trial = (s: FakeSubscription, time: number) => s.trialEndsAt !== null && time < s.trialEndsAt;
  const committed = (s: FakeSubscription, time: number) => s.canceledAt === null || s.canceledAt > time;
  const active = (time: number) => store.subscriptions.filter((s) => live(s, time) && !trial(s, time));
  const trials = store.subscriptions.filter((s) => live(s, at) && trial(s, at));
  const activeEnd = active(at);
  const activeStart = active(from - 1).length;
  const seatSubs = activeEnd.filter((s) => seatProducts.has(s.productId));
  const sum = <T>(items: readonly T[], value: (item: T) => number) =>
    items.reduce((total, item) => total + value(item), 0);
  const mrr = sum(activeEnd, (s) => s.monthlyCents);
  const committedMrr = sum(
    activeEnd.filter((s) => committed(s, at)),
    (s) => s.monthlyCents,
  );
  const revenue = sum(orders, (o) => o.subtotal);
  const net = sum(orders, (o) => o.net);
  const before = store.orders.filter((order) => order.at < asOf);
  const cumulativeNet = sum(before, (o) => o.net);
  const cumulativeCosts = sum(
    store.costs.filter((cost) => cost.at < asOf),
    (c) => c.amount,
  );
  const customers = new Set(before.map((order) => order.customerId)).size;
  const ended = store.subscriptions.filter((s) => inSpan(s.endedAt));
  // A trial that was canceled and simply ran out never became a paying subscription: not churn.
  const churned = ended.filter(
    (s) =>
      !(
        s.trialEndsAt !== null &&
        s.endedAt === s.trialEndsAt &&
        s.canceledAt !== null &&
        s.canceledAt < s.trialEndsAt
      ),
  ).length;
  const canceled = store.subscriptions.filter((s) => inSpan(s.canceledAt));
  const succeeded = checkouts.filter((c) => c.succeeded).length;
  const kind = (k: string) => orders.filter((o) => o.kind === k);
  const seats = sum(seatSubs, (s) => s.seats);
  const claimed = sum(seatSubs, (s) => s.claimedSeats);
  const grossMargin = Math.round(cumulativeNet - cumulativeCosts);
  const ratio = (a: number, b: number) => (b ? a / b : null);
  const values: Record<string, number | null> = {
    active_subscriptions: activeEnd.length,
    committed_subscriptions: activeEnd.filter((s) => committed(s, at)).length,
    monthly_recurring_revenue: mrr,
    committed_monthly_recurring_revenue: committedMrr,
    trial_monthly_recurring_revenue: sum(trials, (s) => s.monthlyCents),
    trial_committed_monthly_recurring_revenue: sum(
      trials.filter((s) => committed(s, at)),
      (s) => s.monthlyCents,
    ),
    annual_recurring_revenue: mrr * 12,
    committed_annual_recurring_revenue: committedMrr * 12,
    average_revenue_per_user: activeEnd.length ? Math.round(mrr / activeEnd.length) : 0,
    checkouts: checkouts.length,
    succeeded_checkouts: succeeded,
    checkouts_conversion: ratio(succeeded, checkouts.length),
    churned_subscriptions: churned,
    churn_rate: ratio(churned, activeStart),
    seats_total: seats,
    seats_claimed: claimed,
    seats_pending: seats - claimed,
    seat_customers: seatSubs.length,
    new_seat_customers: store.subscriptions.filter(
      (s) => inSpan(s.startedAt) && seatProducts.has(s.productId),
    ).length,
    churned_seat_customers: ended.filter((s) => seatProducts.has(s.productId)).length,
    average_seats_per_customer: seatSubs.length ? seats / seatSubs.length : 0,
    seat_utilization_rate: seats ? claimed / seats : 0,
    ltv: customers ? Math.round(cumulativeNet / customers) : 0,
    orders: orders.length,
    revenue,
    net_revenue: net,
    cumulative_revenue: sum(before, (o) => o.subtotal),
    net_cumulative_revenue: cumulativeNet,
    average_order_value: orders.length ? Math.round(revenue / orders.length) : null,
    net_average_order_value: orders.length ? Math.round(net / orders.length) : null,
    one_time_products: kind("one_time").length,
    one_time_products_revenue: sum(kind("one_time"), (o) => o.subtotal),
    one_time_products_net_revenue: sum(kind("one_time"), (o) => o.net),
    new_subscriptions: store.subscriptions.filter((s) => inSpan(s.startedAt)).length,
    new_subscriptions_revenue: sum(kind("new_subscription"), (o) => o.subtotal),
    new_subscriptions_net_revenue: sum(kind("new_subscription"), (o) => o.net),
    renewed_subscriptions: kind("renewal").length,
    renewed_subscriptions_revenue: sum(kind("renewal"), (o) => o.subtotal),
    renewed_subscriptions_net_revenue: sum(kind("renewal"), (o) => o.net),
    costs,
    cumulative_costs: cumulativeCosts,
    cost_per_user: ratio(costs, activeEnd.length),
    active_user_by_event: new Set([...orders, ...checkouts].map((event) => event.customerId)).size,
    gross_margin: grossMargin,
    gross_margin_percentage: cumulativeNet ? grossMargin / cumulativeNet : 0,
    cashflow: Math.round(net - costs),
    canceled_subscriptions: canceled.length,
  };
  for (const s of canceled) {
    const key = `canceled_subscriptions_${s.reason}`;
    values[key] = (values[key] ?? 0) + 1;
  }
  for (const reason of [
    "customer_service",
    "low_quality",
    "missing_features",
    "switched_service",
    "too_complex",
    "too_expensive",
    "unused",
    "other",
  ]) {
    values[`canceled_subscriptions_${reason}`] ??= 0;
  }
  return values;
}

/**
 * The instant a calendar day starts in an IANA zone, found with Intl alone (no date library): the UTC
 * midnight of that date, moved by the zone's offset, re-checked once for days where the offset changes.
 */
export function zoneMidnight(date: string, timeZone: string): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const utc = Date.UTC(year, month - 1, day);
  let guess = utc - offsetAt(utc, timeZone);
  guess = utc - offsetAt(guess, timeZone);
  return guess;
}

function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const local = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return local - Math.floor(instant / 1000) * 1000;
}

/** [first instant, instant after the last day) of a range of calendar days in a zone. */
export function spanOf(start: string, end: string, timeZone: string): [number, number] {
  const next = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return [zoneMidnight(start, timeZone), zoneMidnight(next, timeZone)];
}
