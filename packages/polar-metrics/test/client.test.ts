import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPolarClient, PolarInputError, roundToSignificant } from "../src/index.js";
import { type FakePolar, type FakeStore, startFakePolar } from "../src/testing/index.js";

const now = new Date("2025-06-15T12:00:00Z");
let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 42, now });
});
afterAll(() => fake.close());

const client = () =>
  createPolarClient({ accessToken: fake.token, baseUrl: fake.url, now: () => now, retry: 0 });

/** Instants of a UTC date range's edges: [first midnight, midnight after the last day). */
const window = (start: string, end: string) =>
  [Date.parse(`${start}T00:00:00Z`), Date.parse(`${end}T00:00:00Z`) + 86_400_000] as const;

function ordersIn(store: FakeStore, [from, to]: readonly [number, number]) {
  return store.orders.filter((order) => order.at >= from && order.at < to);
}

function activeAt(store: FakeStore, time: number) {
  return store.subscriptions.filter(
    (s) =>
      s.startedAt <= time &&
      (s.endedAt === null || s.endedAt > time) &&
      (s.trialEndsAt === null || s.trialEndsAt <= time),
  ).length;
}

describe("requests", () => {
  test("send the version header, the token and repeated metric keys", async () => {
    const before = fake.requests.length;
    await client().getMetrics({ metrics: ["revenue", "orders"], timeRange: "last_7_days" });
    const request = fake.requests[before];
    expect(request).toMatchObject({
      path: "/v1/metrics/",
      polarVersion: "2026-04",
      authorization: "valid",
      status: 200,
    });
    expect(request?.query.metrics).toEqual(["revenue", "orders"]);
    expect(request?.query).toMatchObject({
      start_date: ["2025-06-08"],
      end_date: ["2025-06-14"],
      interval: ["day"],
      timezone: ["UTC"],
    });
  });

  test("filters go out as repeated keys", async () => {
    const [first, second] = fake.store.products;
    const before = fake.requests.length;
    await client().getMetrics({
      metrics: ["revenue"],
      timeRange: "last_month",
      productIds: [first!.id, second!.id],
      billingTypes: ["recurring"],
    });
    expect(fake.requests[before]?.query).toMatchObject({
      product_id: [first!.id, second!.id],
      billing_type: ["recurring"],
    });
  });
});

describe("totals agree with the store", () => {
  test("sum metrics add up the store's orders", async () => {
    const report = await client().getMetrics({
      metrics: ["revenue", "net_revenue", "orders"],
      timeRange: "last_month",
    });
    const orders = ordersIn(fake.store, window("2025-05-01", "2025-05-31"));
    expect(report.totals).toEqual({
      revenue: orders.reduce((sum, order) => sum + order.subtotal, 0),
      net_revenue: orders.reduce((sum, order) => sum + order.net, 0),
      orders: orders.length,
    });
    expect(report.periods).toHaveLength(31);
    expect(report.periods.reduce((sum, period) => sum + (period.values.orders ?? 0), 0)).toBe(orders.length);
  });

  test("last metrics take the value at the end of the range", async () => {
    const report = await client().getMetrics({
      metrics: ["active_subscriptions"],
      timeRange: "last_quarter",
      interval: "week",
    });
    expect(report.totals.active_subscriptions).toBe(
      activeAt(fake.store, window("2025-01-01", "2025-03-31")[1] - 1),
    );
    expect(report.totals.active_subscriptions).toBe(report.periods.at(-1)?.values.active_subscriptions);
  });

  test("ratio metrics divide the sums, not average the periods", async () => {
    const report = await client().getMetrics({
      metrics: ["checkouts_conversion", "average_order_value"],
      timeRange: "last_90_days",
    });
    const [from, to] = window(report.range.start, report.range.end);
    const checkouts = fake.store.checkouts.filter((c) => c.at >= from && c.at < to);
    const orders = ordersIn(fake.store, [from, to]);
    expect(report.totals.checkouts_conversion).toBe(
      roundToSignificant(checkouts.filter((c) => c.succeeded).length / checkouts.length),
    );
    expect(report.totals.average_order_value).toBe(
      Math.round(orders.reduce((s, o) => s + o.subtotal, 0) / orders.length),
    );
  });

  test("fractions come back to six significant digits, whole numbers untouched", async () => {
    const report = await client().getMetrics({
      metrics: ["churn_rate", "checkouts_conversion", "revenue"],
      timeRange: "last_90_days",
    });
    const values = [report.totals, ...report.periods.map((period) => period.values)].flatMap((values) =>
      Object.values(values).filter((value): value is number => value !== null),
    );
    expect(values.some((value) => !Number.isInteger(value))).toBe(true);
    for (const value of values) {
      expect(value).toBe(roundToSignificant(value));
      if (Math.abs(value) < 1) expect(String(value).replace(/^-?0\.0*/, "").length).toBeLessThanOrEqual(6);
    }
  });

  test("a range split into several calls merges to the same totals", async () => {
    const params = {
      metrics: ["revenue", "active_subscriptions", "checkouts_conversion", "cost_per_user"],
      startDate: "2023-02-01",
      endDate: "2025-05-31",
    };
    const split = await client().getMetrics({ ...params, interval: "day" });
    const whole = await client().getMetrics({ ...params, interval: "month" });
    expect(split.requestCount).toBe(3);
    expect(whole.requestCount).toBe(1);
    expect(split.periods).toHaveLength(851);
    expect(new Set(split.periods.map((period) => period.period)).size).toBe(851);
    expect(split.totals.revenue).toBe(whole.totals.revenue);
    expect(split.totals.active_subscriptions).toBe(whole.totals.active_subscriptions);
    expect(split.totals.checkouts_conversion).toBeCloseTo(whole.totals.checkouts_conversion ?? -1, 10);
    expect(split.totals.cost_per_user).toBeCloseTo(whole.totals.cost_per_user ?? -1, 6);
    expect(Object.keys(split.totals)).toEqual(params.metrics);
  });

  test("time zones shift the days the orders fall in", async () => {
    const tokyo = await client().getMetrics({
      metrics: ["orders"],
      startDate: "2025-05-01",
      endDate: "2025-05-31",
      timeZone: "Asia/Tokyo",
    });
    const from = Date.parse("2025-04-30T15:00:00Z");
    const to = Date.parse("2025-05-31T15:00:00Z");
    expect(tokyo.totals.orders).toBe(ordersIn(fake.store, [from, to]).length);
    expect(tokyo.periods[0]?.timestamp).toBe("2025-05-01T00:00:00+09:00");
  });

  test("hourly periods across a DST change are 23 or 25 a day", async () => {
    const spring = await client().getMetrics({
      metrics: ["orders"],
      startDate: "2025-03-30",
      endDate: "2025-03-30",
      timeZone: "Europe/Berlin",
      interval: "hour",
    });
    expect(spring.periods).toHaveLength(23);
    const fall = await client().getMetrics({
      metrics: ["orders"],
      startDate: "2024-10-27",
      endDate: "2024-10-27",
      timeZone: "Europe/Berlin",
      interval: "hour",
    });
    expect(fall.periods).toHaveLength(25);
    expect(fall.periods[3]?.period).toBe("2024-10-27 02:00");
  });

  test("weeks start on Monday and the first period is aligned", async () => {
    const report = await client().getMetrics({
      metrics: ["orders"],
      startDate: "2025-05-07",
      endDate: "2025-05-31",
      interval: "week",
    });
    expect(report.periods[0]?.period).toBe("2025-05-05");
    expect(report.totals.orders).toBe(ordersIn(fake.store, window("2025-05-07", "2025-05-31")).length);
  });
});

describe("compare", () => {
  test("compares the last month with the one before", async () => {
    const result = await client().compare(
      { metrics: ["revenue", "churned_subscriptions"], timeRange: "last_month" },
      { thresholdPct: 5 },
    );
    expect(result.previous.range).toMatchObject({ start: "2025-04-01", end: "2025-04-30" });
    const revenue = (range: readonly [number, number]) =>
      ordersIn(fake.store, range).reduce((s, o) => s + o.subtotal, 0);
    const [change] = result.changes;
    expect(change).toMatchObject({
      current: revenue(window("2025-05-01", "2025-05-31")),
      previous: revenue(window("2025-04-01", "2025-04-30")),
    });
    expect(change?.absoluteChange).toBe((change?.current ?? 0) - (change?.previous ?? 0));
    expect(result.highlights.every((highlight) => highlight.significant)).toBe(true);
  });

  test("a previous range before Polar's first date has no values", async () => {
    const result = await client().compare(
      { metrics: ["revenue"], startDate: "2023-01-01", endDate: "2023-01-31" },
      { to: "previous_year" },
    );
    expect(result.previous.requestCount).toBe(0);
    expect(result.changes[0]).toMatchObject({ previous: null, percentChange: null, significant: false });
  });
});

describe("products and limits", () => {
  test("lists products, filtering by name", async () => {
    const all = await client().products.listAll();
    expect(all.map((product) => product.name)).toContain("Pro Monthly");
    const page = await client().products.list({ query: "pro" });
    expect(page.items.map((product) => product.name)).toEqual(["Pro Monthly", "Pro Yearly"]);
  });

  test("reads the limits", async () => {
    expect(await client().metrics.limits()).toMatchObject({
      min_date: "2023-01-01",
      intervals: { day: { max_days: 366 } },
    });
  });
});

describe("input checks before any request", () => {
  test("an hourly series over years is refused", async () => {
    await expect(
      client().getMetrics({ metrics: ["revenue"], timeRange: "all_time", interval: "hour" }),
    ).rejects.toThrow(/would take \d+ API calls/);
  });

  test("no metric, a bad interval", async () => {
    await expect(client().getMetrics({ metrics: [] })).rejects.toThrow(PolarInputError);
    await expect(client().getMetrics({ metrics: ["revenue"], interval: "minute" as "day" })).rejects.toThrow(
      /not an interval/,
    );
  });

  test("the client object shows no token", () => {
    expect(
      inspect(createPolarClient({ accessToken: fake.token, baseUrl: fake.url }), { depth: 10 }),
    ).not.toContain(fake.token);
  });
});
