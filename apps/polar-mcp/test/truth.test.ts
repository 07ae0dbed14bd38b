import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import type { ConnectedClient } from "@mcp-connectors/test-kit";
import { connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, CLEAN_ENV, churnOver, dataOf, textOf } from "./helpers.js";

// Answers a business owner sees, checked against figures counted straight from the fake's store
// (subscriptions and orders), never against the client or the fake's metric endpoint.
let fake: FakePolar;
let server: ConnectedClient;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 11 });
  server = await connectClient({
    transport: "stdio",
    script: BIN,
    env: { ...CLEAN_ENV, POLAR_ACCESS_TOKEN: fake.token, POLAR_API_BASE_URL: fake.url },
  });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const call = (name: string, args: Record<string, unknown> = {}) =>
  server.client.callTool({ name, arguments: args });

const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The first and last day of the month before today's (UTC). */
function lastMonth(): [string, string] {
  const today = new Date();
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
}

function monthBefore([start]: [string, string]): [string, string] {
  const first = new Date(utc(start));
  const previous = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1));
  return [previous.toISOString().slice(0, 10), new Date(utc(start) - DAY).toISOString().slice(0, 10)];
}

interface Total {
  metric: string;
  value?: number | null;
  formed: string;
  note?: string;
}

describe("rates over a period (Why: rates over a period)", () => {
  test("get_metrics churn_rate over last_month is churned in the month ÷ active at its start, fetched by day", async () => {
    const result = await call("get_metrics", { metric_names: ["churn_rate"], time_range: "last_month" });
    const data = dataOf<{ range: { interval: string }; totals: Total[] }>(result);
    expect(data.range.interval).toBe("day");
    const expected = churnOver(fake.store, ...lastMonth());
    const churn = data.totals[0]?.value ?? Number.NaN;
    expect(Math.abs(churn - expected)).toBeLessThan(1e-6);
    expect(textOf(result)).toContain("churned_subscriptions in the span ÷ active_subscriptions at its start");
  });

  test("audit_performance compares last_month's churn and AOV as whole-month figures", async () => {
    const data = dataOf<{ changes: { metric: string; current?: number; previous?: number }[] }>(
      await call("audit_performance", { time_range: "last_month" }),
    );
    const churn = data.changes.find((change) => change.metric === "churn_rate");
    const month = lastMonth();
    expect(Math.abs((churn?.current ?? Number.NaN) - churnOver(fake.store, ...month))).toBeLessThan(1e-6);
    expect(
      Math.abs((churn?.previous ?? Number.NaN) - churnOver(fake.store, ...monthBefore(month))),
    ).toBeLessThan(1e-6);
    const orders = fake.store.orders.filter((o) => o.at >= utc(month[0]) && o.at < utc(month[1]) + DAY);
    const aov = data.changes.find((change) => change.metric === "average_order_value");
    expect(aov?.current).toBe(Math.round(orders.reduce((sum, o) => sum + o.subtotal, 0) / orders.length));
  });

  test("a figure that cannot be formed over several buckets is said to be missing, not printed", async () => {
    const result = await call("get_metrics", {
      metric_names: ["active_user_by_event"],
      time_range: "last_7_days",
    });
    const data = dataOf<{ totals: Total[] }>(result);
    expect(data.totals[0]?.value ?? null).toBeNull();
    expect(textOf(result)).toMatch(
      /Active Users: n\/a \(distinct active users over several buckets cannot be added up/,
    );
  });
});

const iso = (time: number) => new Date(time).toISOString().slice(0, 10);
const revenueIn = (from: number, to: number) =>
  fake.store.orders.filter((o) => o.at >= from && o.at < to).reduce((sum, o) => sum + o.subtotal, 0);

interface Audit {
  current: { start: string; end: string };
  previous: { start: string; end: string };
  changes: { metric: string; current?: number | null; previous?: number | null }[];
  like_for_like?: string;
  no_comparison?: string;
}

describe("partial periods against whole ones (Why: like for like)", () => {
  test("week_to_date compares the same weekdays of last week, today's running day left out or matched by hours", async () => {
    const result = await call("audit_performance", { metric_names: ["revenue"], time_range: "week_to_date" });
    const data = dataOf<Audit>(result);
    const today = utc(new Date().toISOString().slice(0, 10));
    const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
    const change = data.changes[0];
    if (monday === today) {
      const hours = Number(/complete hours 00:00–(\d\d):00 of/.exec(data.like_for_like ?? "")?.[1]);
      expect(data.previous).toMatchObject({ start: iso(today - 7 * DAY), end: iso(today - 7 * DAY) });
      expect(change?.current).toBe(revenueIn(today, today + hours * 3_600_000));
      expect(change?.previous).toBe(revenueIn(today - 7 * DAY, today - 7 * DAY + hours * 3_600_000));
    } else {
      expect(data.current).toMatchObject({ start: iso(monday), end: iso(today - DAY) });
      expect(data.previous).toMatchObject({ start: iso(monday - 7 * DAY), end: iso(today - 8 * DAY) });
      expect(change?.current).toBe(revenueIn(monday, today));
      expect(change?.previous).toBe(revenueIn(monday - 7 * DAY, today - 7 * DAY));
      expect(textOf(result)).toContain("today (still running) left out");
    }
  });

  test("today compares the complete hours elapsed with the same hours of yesterday, and says so", async () => {
    const result = await call("audit_performance", { metric_names: ["revenue"], time_range: "today" });
    const data = dataOf<Audit>(result);
    const today = utc(new Date().toISOString().slice(0, 10));
    if (data.no_comparison) {
      expect(data.no_comparison).toMatch(/no complete hour of today/);
      return;
    }
    const hours = Number(/complete hours 00:00–(\d\d):00 of/.exec(data.like_for_like ?? "")?.[1]);
    expect(textOf(result)).toContain(
      `complete hours 00:00–${String(hours).padStart(2, "0")}:00 of ${iso(today)}, against the same hours of ${iso(today - DAY)}`,
    );
    expect(data.changes[0]?.current).toBe(revenueIn(today, today + hours * 3_600_000));
    expect(data.changes[0]?.previous).toBe(revenueIn(today - DAY, today - DAY + hours * 3_600_000));
  });
});

describe("smaller items (Why: smaller)", () => {
  test("a previous period that would start before 2023-01-01 is not compared, and the answer says why", async () => {
    const result = await call("audit_performance", {
      metric_names: ["revenue"],
      start_date: "2023-01-05",
      end_date: "2023-01-20",
    });
    const data = dataOf<Audit>(result);
    expect(data.no_comparison).toMatch(/would start on 2022-12-20, before 2023-01-01/);
    expect(data.changes[0]?.previous ?? null).toBeNull();
    expect(textOf(result)).toMatch(/No comparison: the previous period would start on 2022-12-20/);
    expect(textOf(result)).not.toMatch(/%/);
  });

  test("the hours of today that have not happened are not printed as $0.00", async () => {
    const result = await call("get_metrics", {
      metric_names: ["revenue"],
      time_range: "today",
      include_periods: true,
    });
    const data = dataOf<{ periods: { period: string }[] }>(result);
    const now = Date.now();
    expect(data.periods.length).toBeGreaterThan(0);
    for (const period of data.periods)
      expect(Date.parse(`${period.period.replace(" ", "T")}:00Z`)).toBeLessThanOrEqual(now);
    expect(data.periods.length).toBe(new Date(now).getUTCHours() + 1);
  });
});

interface QueryData {
  range: { start: string; end: string; interval: string };
  rows: Record<string, string | number | null>[];
  partial?: { period: string; start: string; end: string; reason: string }[];
  notes?: string[];
  comparison?: {
    previous: { start: string; end: string };
    changes: { metric: string; current?: number | null; previous?: number | null }[];
  };
}

const query = async (text: string) => {
  const result = await call("query", { query: text });
  return { data: dataOf<QueryData>(result), text: textOf(result) };
};
const revenueOver = (start: string, end: string) => revenueIn(utc(start), utc(end) + DAY);
const monthEnd = (month: string) => iso(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));

describe("query has SQL semantics over rows of buckets (Why: query and period)", () => {
  test("period = '2025-03-01' GROUP BY month is the whole of March", async () => {
    const { data } = await query(
      "SELECT period, revenue FROM metrics WHERE period = '2025-03-01' GROUP BY month",
    );
    expect(data.rows).toEqual([{ period: "2025-03-01", revenue: revenueOver("2025-03-01", "2025-03-31") }]);
    expect(data.partial ?? []).toEqual([]);
  });

  test("period > '2025-01-01' keeps the months that start after it, each whole; no January remnant", async () => {
    const { data } = await query(
      "SELECT period, revenue FROM metrics WHERE period > '2025-01-01' AND period < '2025-05-01' GROUP BY month",
    );
    expect(data.rows).toEqual(
      ["2025-02-01", "2025-03-01", "2025-04-01"].map((month) => ({
        period: month,
        revenue: revenueOver(month, monthEnd(month)),
      })),
    );
  });

  test("GROUP BY month over last_30_days marks the months the range cuts as partial, with their days", async () => {
    const { data, text } = await query(
      "SELECT period, revenue FROM metrics WHERE time_range = 'last_30_days' GROUP BY month",
    );
    const { start, end } = data.range;
    expect(data.rows.length).toBeGreaterThan(0);
    const wholeMonth = start.endsWith("-01") && end === monthEnd(start);
    expect((data.partial ?? []).length > 0).toBe(!wholeMonth);
    for (const row of data.rows) {
      const month = String(row.period);
      const entry = data.partial?.find((p) => p.period === month);
      const from = [start, month].sort()[1] as string;
      const to = [end, monthEnd(month)].sort()[0] as string;
      expect(row.revenue).toBe(revenueOver(from, to));
      // A month the range holds whole (last_30_days can be a whole 30-day month) is not partial.
      if (from === month && to === monthEnd(month)) {
        expect(entry).toBeUndefined();
        continue;
      }
      expect(entry).toMatchObject({ start: from, end: to, reason: "cut by the range" });
      expect(text).toContain(`${month} (partial: ${from} … ${to}, cut by the range)`);
    }
  });
});

describe("time_range AND period intersect (Why: time_range AND period)", () => {
  test("last_month AND period >= the 15th sums the 15th to the month's end, not up to today", async () => {
    const [first, last] = lastMonth();
    const fifteenth = `${first.slice(0, 8)}15`;
    const { data } = await query(
      `SELECT SUM(revenue) AS total FROM metrics WHERE time_range = 'last_month' AND period >= '${fifteenth}'`,
    );
    expect(data.range).toMatchObject({ start: fifteenth, end: last });
    expect(data.rows).toEqual([{ total: revenueOver(fifteenth, last) }]);
  });
});

describe("COMPARE TO evaluates the same SELECT and WHERE over the earlier range (Why: COMPARE TO)", () => {
  test("MAX(churn_rate) over days with more than two orders, now and in the previous month", async () => {
    const month = lastMonth();
    const before = monthBefore(month);
    const { data, text } = await query(
      "SELECT MAX(churn_rate) AS worst, SUM(revenue) AS revenue FROM metrics WHERE time_range = 'last_month' AND orders > 2 COMPARE TO previous_period",
    );
    /** Over the days of [start, end] with more than two orders: the highest daily churn and the revenue. */
    const expected = ([start, end]: [string, string]) => {
      let worst = 0;
      let revenue = 0;
      for (let day = utc(start); day <= utc(end); day += DAY) {
        const orders = fake.store.orders.filter((o) => o.at >= day && o.at < day + DAY);
        if (orders.length <= 2) continue;
        worst = Math.max(worst, churnOver(fake.store, iso(day), iso(day)));
        revenue += orders.reduce((sum, o) => sum + o.subtotal, 0);
      }
      return { worst, revenue };
    };
    const now = expected(month);
    const then = expected(before);
    const change = (metric: string) => data.comparison?.changes.find((c) => c.metric === metric);
    expect(data.comparison?.previous).toMatchObject({ start: before[0], end: before[1] });
    expect(Math.abs((change("worst")?.current ?? -1) - now.worst)).toBeLessThan(1e-6);
    expect(Math.abs((change("worst")?.previous ?? -1) - then.worst)).toBeLessThan(1e-6);
    expect(change("revenue")).toMatchObject({ current: now.revenue, previous: then.revenue });
    expect(text).toMatch(/worst: [\d.]+% → [\d.]+%/);
  });
});

describe("revenue by product and stocks (Why: names / smaller)", () => {
  test("revenue by product: GROUP BY product_id fans out over the products, says how many calls, matches the store", async () => {
    const [first, last] = lastMonth();
    const result = await call("query", {
      query:
        "SELECT product_id, SUM(revenue) AS revenue FROM metrics WHERE time_range = 'last_month' GROUP BY product_id ORDER BY revenue DESC",
    });
    const data = dataOf<QueryData & { columns: { name: string }[] }>(result);
    expect(data.columns.map((column) => column.name)).toEqual(["product", "product_id", "revenue"]);
    expect(data.rows).toHaveLength(fake.store.products.length);
    for (const row of data.rows) {
      const product = fake.store.products.find((p) => p.id === row.product_id);
      expect(row.product).toBe(product?.name);
      const orders = fake.store.orders.filter(
        (o) => o.productId === row.product_id && o.at >= utc(first) && o.at < utc(last) + DAY,
      );
      expect(row.revenue).toBe(orders.reduce((sum, o) => sum + o.subtotal, 0));
    }
    const revenues = data.rows.map((row) => row.revenue as number);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    expect(textOf(result)).toMatch(
      new RegExp(
        `GROUP BY product_id ran the query once per product: ${fake.store.products.length} products, \\d+ API calls`,
      ),
    );
  });

  test("GROUP BY customer_id names the two-step way", async () => {
    const result = await call("query", { query: "SELECT SUM(revenue) FROM metrics GROUP BY customer_id" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/one query per value with WHERE customer_id = '…'/);
  });

  test("SUM() of a stock comes with a one-line caution", async () => {
    const { data, text } = await query(
      "SELECT SUM(active_subscriptions) FROM metrics WHERE time_range = 'last_7_days'",
    );
    expect(data.notes).toHaveLength(1);
    expect(text).toMatch(/Note: SUM\(active_subscriptions\) adds up a stock/);
  });

  test("ROUND(x, 4) renders with 4 decimals", async () => {
    const [first, last] = lastMonth();
    const { text } = await query(
      "SELECT ROUND(SUM(net_revenue) / SUM(revenue), 4) AS kept FROM metrics WHERE time_range = 'last_month'",
    );
    const orders = fake.store.orders.filter((o) => o.at >= utc(first) && o.at < utc(last) + DAY);
    const kept = orders.reduce((s, o) => s + o.net, 0) / orders.reduce((s, o) => s + o.subtotal, 0);
    expect(text.split("\n")).toContain((Math.round(kept * 1e4) / 1e4).toFixed(4));
  });
});

describe("names Polar does not have (Why: names)", () => {
  test.each([
    ["cac", /Polar has no CAC data/, /cost_per_user/],
    ["ad_spend", /Polar has no ad spend data.*different metric: `costs` \(usage costs/, /nearest/],
    ["refunds", /no refunds data.*different metric: `net_revenue`/, /nearest/],
  ])(
    "get_metrics %s says Polar has no such data, and labels any related metric as different",
    async (name, says, never) => {
      const result = await call("get_metrics", { metric_names: [name] });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(says);
      expect(textOf(result)).not.toMatch(never);
    },
  );

  test("query names the missing data too", async () => {
    const result = await call("query", { query: "SELECT SUM(refunds) FROM metrics" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no refunds data/);
  });
});

describe("sub-cent money (Why: smaller)", () => {
  test("cost per user over last_month is Σcosts ÷ active at the end, and its text keeps the fractions of a cent", async () => {
    const [first, last] = lastMonth();
    const result = await call("get_metrics", { metric_names: ["cost_per_user"], time_range: "last_month" });
    const data = dataOf<{ totals: Total[] }>(result);
    const end = utc(last) + DAY;
    const costs = fake.store.costs
      .filter((c) => c.at >= utc(first) && c.at < end)
      .reduce((s, c) => s + c.amount, 0);
    const active = fake.store.subscriptions.filter(
      (s) =>
        s.startedAt <= end - 1 &&
        (s.endedAt === null || s.endedAt > end - 1) &&
        (s.trialEndsAt === null || s.trialEndsAt <= end - 1),
    ).length;
    const expected = costs / active;
    const value = data.totals[0]?.value ?? Number.NaN;
    expect(Math.abs(value - expected) / expected).toBeLessThan(1e-5);
    expect(expected).toBeLessThan(100);
    const dollars = /Cost per User: \$(\d+\.\d+)/.exec(textOf(result))?.[1] ?? "";
    // Written to a hundredth of a cent (a thousandth below a cent), not rounded to whole cents.
    expect(Math.abs(Number(dollars) - expected / 100)).toBeLessThan(expected < 1 ? 0.000006 : 0.00006);
  });

  test("a monthly series of cost per user is written to fractions of a cent, row by row", async () => {
    const result = await call("query", {
      query: "SELECT period, cost_per_user FROM metrics WHERE time_range = 'last_12_months' GROUP BY month",
    });
    const data = dataOf<QueryData>(result);
    const lines = textOf(result).split("\n");
    expect(data.rows).toHaveLength(12);
    for (const row of data.rows) {
      const cents = row.cost_per_user as number;
      const line = lines.find((candidate) => candidate.startsWith(`${row.period} |`)) ?? "";
      const dollars = Number(/\$(\d+\.\d+)/.exec(line)?.[1]);
      expect(Math.abs(dollars - cents / 100), line).toBeLessThan(cents < 1 ? 0.000006 : 0.00006);
    }
  });
});

describe("null entries the OpenAPI description allows (Why: smaller)", () => {
  test("get_metrics answers from a metrics response whose metrics, periods and totals hold nulls", async () => {
    const body = JSON.stringify({
      periods: [
        { timestamp: "2025-05-01T00:00:00Z", revenue: 1200, orders: null },
        { timestamp: "2025-05-02T00:00:00Z", revenue: null, orders: 3 },
      ],
      totals: { revenue: 1200, orders: null },
      metrics: { revenue: { slug: "revenue", display_name: "Revenue", type: "currency" }, orders: null },
    });
    const stub = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    const { port } = stub.address() as AddressInfo;
    const own = await connectClient({
      transport: "stdio",
      script: BIN,
      env: {
        ...CLEAN_ENV,
        POLAR_ACCESS_TOKEN: "polar_oat_fake_for_tests",
        POLAR_API_BASE_URL: `http://127.0.0.1:${port}`,
      },
    });
    try {
      const result = await own.client.callTool({
        name: "get_metrics",
        arguments: { metric_names: ["revenue", "orders"], start_date: "2025-05-01", end_date: "2025-05-02" },
      });
      const data = dataOf<{ totals: Total[] }>(result);
      expect(data.totals.map((t) => [t.metric, t.value])).toEqual([
        ["revenue", 1200],
        ["orders", 3],
      ]);
    } finally {
      await own.close();
      stub.close();
    }
  });
});

describe("get_metrics marks partial periods too (Why: query and period)", () => {
  test("a monthly series of last_90_days marks the months the range cuts, with the days each holds", async () => {
    const result = await call("get_metrics", {
      metric_names: ["revenue"],
      time_range: "last_90_days",
      interval: "month",
      include_periods: true,
    });
    const data = dataOf<{
      range: { start: string; end: string };
      periods: { period: string; revenue: number }[];
      partial?: { period: string; start: string; end: string; reason: string }[];
    }>(result);
    const { start, end } = data.range;
    expect((data.partial ?? []).length > 0).toBe(!(start.endsWith("-01") && end === monthEnd(end)));
    for (const period of data.periods) {
      const from = [start, period.period].sort()[1] as string;
      const to = [end, monthEnd(period.period)].sort()[0] as string;
      const entry = data.partial?.find((p) => p.period === period.period);
      expect(period.revenue).toBe(revenueOver(from, to));
      if (from === period.period && to === monthEnd(period.period)) {
        expect(entry).toBeUndefined();
        continue;
      }
      expect(entry).toMatchObject({ start: from, end: to, reason: "cut by the range" });
      expect(textOf(result)).toContain(`${period.period} (partial: ${from} … ${to}, cut by the range)`);
    }
  });
});
