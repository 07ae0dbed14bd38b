import { roundToSignificant } from "@mcp-connectors/polar-metrics";
import {
  computeMetrics,
  type FakePolar,
  type MetricsQuery,
  startFakePolar,
} from "@mcp-connectors/polar-metrics/testing";
import type { ConnectedClient } from "@mcp-connectors/test-kit";
import { connectClient } from "@mcp-connectors/test-kit";
import { TRUNCATED_META_KEY } from "@mcp-connectors/tool-builder";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, CLEAN_ENV, churnOver, dataOf, dayFromToday, salesIn, textOf } from "./helpers.js";

let fake: FakePolar;
let server: ConnectedClient;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 3 });
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

/** What the fake itself computes for a query, as an independent expectation. */
function fakeTotals(query: Partial<MetricsQuery> & Pick<MetricsQuery, "startDate" | "endDate" | "metrics">) {
  return computeMetrics(fake.store, {
    interval: "day",
    timeZone: "UTC",
    productIds: [],
    customerIds: [],
    billingTypes: [],
    ...query,
  }).totals as Record<string, number>;
}

interface MetricsData {
  range: { start: string; end: string; interval: string; timezone: string; preset?: string };
  totals: { metric: string; unit: string; value?: number }[];
  periods?: Record<string, string | number>[];
  periods_omitted?: number;
}

const total = (data: MetricsData, metric: string) =>
  data.totals.find((entry) => entry.metric === metric)?.value;

describe("the advertised tools", () => {
  test("are exactly the six the issue names, all read-only with every hint stated", async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "audit_performance",
      "get_metrics",
      "get_metrics_limits",
      "list_metrics",
      "list_products",
      "query",
    ]);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
      expect(typeof tool.annotations?.openWorldHint).toBe("boolean");
    }
  });

  test("stay lean: the whole tools/list answer is under 11,500 characters", async () => {
    const listed = await server.client.listTools();
    expect(JSON.stringify(listed).length).toBeLessThan(11_500);
  });

  test("the query tool's description carries the grammar and two examples", async () => {
    const { tools } = await server.client.listTools();
    const description = tools.find((tool) => tool.name === "query")?.description ?? "";
    expect(description).toContain("COMPARE TO previous_period|previous_year");
    expect(description.match(/E\.g\. SELECT/g)).toHaveLength(2);
  });

  test("the server says how money and percentages are written", () => {
    expect(server.client.getInstructions()).toMatch(/USD cents.*fractions/s);
    expect(server.client.getInstructions()).toContain("production");
  });
});

describe("get_metrics", () => {
  test("last_7_days: revenue and orders match the store, series included, money in cents and as currency", async () => {
    const result = await call("get_metrics", {
      metric_names: ["revenue", "orders"],
      time_range: "last_7_days",
    });
    const data = dataOf<MetricsData>(result);
    const start = dayFromToday(-7);
    const end = dayFromToday(-1);
    expect(data.range).toMatchObject({ start, end, interval: "day", timezone: "UTC", preset: "last_7_days" });
    const expected = salesIn(fake.store, start, end);
    expect(total(data, "revenue")).toBe(expected.revenue);
    expect(total(data, "orders")).toBe(expected.orders);
    expect(data.totals.map((entry) => entry.unit)).toEqual(["cents", "count"]);
    expect(data.periods).toHaveLength(7);
    expect(data.periods?.[0]).toEqual({ period: start, ...salesIn(fake.store, start, start) });
    const dollars = (expected.revenue / 100).toLocaleString("en-US", { minimumFractionDigits: 2 });
    expect(textOf(result)).toContain(`Revenue: $${dollars}`);
  });

  test("explicit dates by month, with MRR as the fake computes it and churn over the six months from the store", async () => {
    const result = await call("get_metrics", {
      metric_names: ["monthly_recurring_revenue", "churn_rate", "revenue"],
      start_date: "2024-01-01",
      end_date: "2024-06-30",
      interval: "month",
    });
    const data = dataOf<MetricsData>(result);
    const expected = fakeTotals({
      startDate: "2024-01-01",
      endDate: "2024-06-30",
      interval: "month",
      metrics: ["monthly_recurring_revenue", "churn_rate", "revenue"],
    });
    expect(total(data, "monthly_recurring_revenue")).toBe(expected.monthly_recurring_revenue);
    expect(total(data, "churn_rate")).toBe(
      roundToSignificant(churnOver(fake.store, "2024-01-01", "2024-06-30")),
    );
    expect(total(data, "revenue")).toBe(salesIn(fake.store, "2024-01-01", "2024-06-30").revenue);
    expect(data.periods?.map((period) => period.period)).toEqual([
      "2024-01-01",
      "2024-02-01",
      "2024-03-01",
      "2024-04-01",
      "2024-05-01",
      "2024-06-01",
    ]);
    expect(textOf(result)).toMatch(/Churn Rate: [\d.]+%/);
  });

  test("a product filter narrows revenue to that product's orders", async () => {
    const product = fake.store.products.find((candidate) => candidate.billingType === "one_time")!;
    const data = dataOf<MetricsData>(
      await call("get_metrics", {
        metric_names: ["revenue"],
        time_range: "last_90_days",
        product_ids: [product.id],
      }),
    );
    expect(total(data, "revenue")).toBe(
      salesIn(fake.store, dayFromToday(-90), dayFromToday(-1), product.id).revenue,
    );
  });

  test("a long daily series is left out by default and said so, and sent when asked", async () => {
    const args = {
      metric_names: ["revenue", "orders", "net_revenue"],
      time_range: "last_365_days",
      interval: "day",
    };
    const lean = await call("get_metrics", args);
    expect(dataOf<MetricsData>(lean).periods).toBeUndefined();
    expect(dataOf<MetricsData>(lean).periods_omitted).toBe(365);
    expect(textOf(lean)).toContain("365 periods left out; ask with include_periods: true");
    const fullResult = await call("get_metrics", { ...args, include_periods: true });
    const full = dataOf<MetricsData>(fullResult);
    const truncated = fullResult._meta?.[TRUNCATED_META_KEY] as Record<string, number> | undefined;
    expect(full.periods?.length).toBeGreaterThan(100);
    expect((full.periods?.length ?? 0) + (truncated?.periods ?? 0)).toBe(365);
    const none = dataOf<MetricsData>(
      await call("get_metrics", { ...args, time_range: "last_7_days", include_periods: false }),
    );
    expect(none.periods).toBeUndefined();
  });

  test.each([
    ["last_month", () => lastMonth()],
    ["yesterday", () => [dayFromToday(-1), dayFromToday(-1)]],
    ["year_to_date", () => [`${dayFromToday(0).slice(0, 4)}-01-01`, dayFromToday(0)]],
  ])("preset %s resolves to the right days", async (preset, range) => {
    const data = dataOf<MetricsData>(
      await call("get_metrics", { metric_names: ["orders"], time_range: preset }),
    );
    const [start, end] = range();
    expect([data.range.start, data.range.end]).toEqual([start, end]);
    expect(total(data, "orders")).toBe(salesIn(fake.store, start!, end!).orders);
  });

  test("a name from another analytics product is explained, not aliased", async () => {
    const result = await call("get_metrics", { metric_names: ["net_sales"] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/metric_names.*net_revenue|net_revenue.*metric_names/);
  });
});

function lastMonth(): [string, string] {
  const today = new Date();
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
}

interface AuditData {
  current: { start: string; end: string };
  previous: { start: string; end: string };
  highlights: string[];
  changes: {
    metric: string;
    current?: number;
    previous?: number;
    change_pct?: number;
    assessment: string;
    significant: boolean;
    summary: string;
  }[];
}

describe("audit_performance", () => {
  test("defaults to the key metrics against the previous period, values from the store", async () => {
    const result = await call("audit_performance", { time_range: "last_30_days" });
    const data = dataOf<AuditData>(result);
    expect(data.changes.map((change) => change.metric)).toEqual([
      "revenue",
      "net_revenue",
      "orders",
      "average_order_value",
      "monthly_recurring_revenue",
      "active_subscriptions",
      "churn_rate",
      "checkouts_conversion",
    ]);
    expect(data.current).toMatchObject({ start: dayFromToday(-30), end: dayFromToday(-1) });
    expect(data.previous).toMatchObject({ start: dayFromToday(-60), end: dayFromToday(-31) });
    const now = salesIn(fake.store, dayFromToday(-30), dayFromToday(-1));
    const before = salesIn(fake.store, dayFromToday(-60), dayFromToday(-31));
    const revenue = data.changes.find((change) => change.metric === "revenue")!;
    expect([revenue.current, revenue.previous]).toEqual([now.revenue, before.revenue]);
    expect(revenue.change_pct).toBe(roundToSignificant((now.revenue - before.revenue) / before.revenue));
    expect(revenue.assessment).toBe(now.revenue > before.revenue ? "good" : "bad");
    expect(revenue.significant).toBe(Math.abs(revenue.change_pct!) >= 0.1);
    expect(textOf(result)).toContain(revenue.summary);
  });

  test("previous_year with a threshold: highlights are exactly the changes at or above it, churn rising is bad", async () => {
    const data = dataOf<AuditData>(
      await call("audit_performance", {
        metric_names: ["revenue", "churn_rate", "costs", "orders"],
        time_range: "last_quarter",
        compare_to: "previous_year",
        threshold_pct: 5,
      }),
    );
    expect(data.previous.start).toBe(
      `${Number(data.current.start.slice(0, 4)) - 1}${data.current.start.slice(4)}`,
    );
    for (const change of data.changes) {
      if (change.change_pct !== undefined)
        expect(change.significant).toBe(Math.abs(change.change_pct) >= 0.05);
    }
    expect([...data.highlights].sort()).toEqual(
      data.changes
        .filter((change) => change.significant)
        .map((change) => change.metric)
        .sort(),
    );
    for (const change of data.changes.filter((candidate) =>
      ["churn_rate", "costs"].includes(candidate.metric),
    )) {
      if (change.current! > change.previous!) expect(change.assessment).toBe("bad");
      if (change.current! < change.previous!) expect(change.assessment).toBe("good");
    }
  });
});

describe("query", () => {
  test("monthly revenue ordered and limited, values from the store", async () => {
    const result = await call("query", {
      query:
        "SELECT period, revenue, orders FROM metrics WHERE period BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY month ORDER BY revenue DESC LIMIT 3",
    });
    const data = dataOf<{
      columns: { name: string; unit?: string }[];
      rows: Record<string, number | string>[];
    }>(result);
    expect(data.columns).toEqual([
      { name: "period" },
      { name: "revenue", unit: "cents" },
      { name: "orders", unit: "count" },
    ]);
    const months = Array.from({ length: 12 }, (_, index) => {
      const start = new Date(Date.UTC(2024, index, 1)).toISOString().slice(0, 10);
      const end = new Date(Date.UTC(2024, index + 1, 0)).toISOString().slice(0, 10);
      return { period: start, ...salesIn(fake.store, start, end) };
    });
    const top = [...months].sort((a, b) => b.revenue - a.revenue).slice(0, 3);
    expect(data.rows).toEqual(top);
    expect(textOf(result)).toContain("period | revenue | orders");
  });

  test("money per order is money: the column has the unit cents and the text shows dollars", async () => {
    const result = await call("query", {
      query:
        "SELECT period, revenue / NULLIF(orders, 0) AS aov FROM metrics WHERE period BETWEEN '2024-03-01' AND '2024-03-31' GROUP BY month",
    });
    const data = dataOf<{ columns: { name: string; unit?: string }[]; rows: Record<string, number>[] }>(
      result,
    );
    expect(data.columns).toEqual([{ name: "period" }, { name: "aov", unit: "cents" }]);
    const { revenue, orders } = salesIn(fake.store, "2024-03-01", "2024-03-31");
    expect(data.rows[0]?.aov).toBe(roundToSignificant(revenue / orders));
    expect(textOf(result)).toMatch(/^2024-03-01 \| \$[\d,]+\.\d\d$/m);
  });

  test("COMPARE TO previous_period evaluates the same SELECT over the earlier range", async () => {
    const data = dataOf<{
      comparison: { to: string; previous: { start: string; end: string }; changes: AuditData["changes"] };
    }>(
      await call("query", {
        query:
          "SELECT SUM(revenue) AS total FROM metrics WHERE period BETWEEN '2024-03-01' AND '2024-03-31' COMPARE TO previous_period",
      }),
    );
    // A whole month of explicit dates steps back a whole month, as the last_month preset does.
    expect(data.comparison.previous).toMatchObject({ start: "2024-02-01", end: "2024-02-29" });
    const revenue = data.comparison.changes.find((change) => change.metric === "total")!;
    expect(revenue.current).toBe(salesIn(fake.store, "2024-03-01", "2024-03-31").revenue);
    expect(revenue.previous).toBe(salesIn(fake.store, "2024-02-01", "2024-02-29").revenue);
  });

  test.each([
    ["DELETE FROM metrics", /not supported/],
    ["SELECT revenue FROM customers", /no table "customers"/],
    ["SELECT revenue FROM metrics WHERE revenue > 1 OR orders > 1", /AND/],
    ["SELECT roas FROM metrics", /ROAS/],
  ])("rejects %s, naming the field and showing a valid example", async (query, reason) => {
    const result = await call("query", { query });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Invalid query: /);
    expect(textOf(result)).toMatch(reason);
  });
});

describe("catalog, products and limits", () => {
  test("list_metrics lists all 55 slugs with unit and polarity", async () => {
    const data = dataOf<{ metrics: { slug: string; unit: string; polarity: string }[] }>(
      await call("list_metrics"),
    );
    expect(data.metrics).toHaveLength(55);
    expect(data.metrics.find((metric) => metric.slug === "revenue")).toMatchObject({ unit: "cents" });
    expect(data.metrics.find((metric) => metric.slug === "churn_rate")).toMatchObject({
      unit: "fraction",
      polarity: "lower_is_better",
    });
  });

  test("list_products returns the store's products, and search narrows them", async () => {
    const all = dataOf<{ products: { id: string; name: string; archived: boolean }[] }>(
      await call("list_products"),
    );
    expect(all.products.map((product) => product.id).sort()).toEqual(
      fake.store.products.map((product) => product.id).sort(),
    );
    const first = fake.store.products[0]!;
    const word = first.name.split(" ")[0]!;
    const found = dataOf<{ products: { name: string }[] }>(await call("list_products", { search: word }));
    expect(found.products.map((product) => product.name)).toEqual(
      fake.store.products
        .filter((product) => product.name.toLowerCase().includes(word.toLowerCase()))
        .map((product) => product.name),
    );
  });

  test("get_metrics_limits reports the earliest date and the span per interval", async () => {
    const data = dataOf<{ min_date: string; intervals: { interval: string; max_days: number }[] }>(
      await call("get_metrics_limits"),
    );
    expect(data.min_date).toBe("2023-01-01");
    expect(data.intervals.map((entry) => [entry.interval, entry.max_days])).toEqual([
      ["hour", 7],
      ["day", 366],
      ["week", 371],
      ["month", 1460],
      ["year", 3650],
    ]);
  });
});

describe("bad input names the field", () => {
  test.each([
    ["get_metrics", {}, "metric_names"],
    ["get_metrics", { metric_names: ["revenue"], time_range: "last_fortnight" }, "time_range"],
    ["get_metrics", { metric_names: ["revenue"], start_date: "2025/01/01" }, "start_date"],
    [
      "get_metrics",
      { metric_names: ["revenue"], start_date: "2025-02-01", end_date: "2025-01-01" },
      "end_date",
    ],
    ["get_metrics", { metric_names: ["revenue"], timezone: "Mars/Olympus" }, "timezone"],
    ["get_metrics", { metric_names: ["revenue"], interval: "minute" }, "interval"],
    ["get_metrics", { metric_names: ["revenue"], product_ids: ["not-an-id"] }, "product_ids"],
    ["audit_performance", { compare_to: "last_decade" }, "compare_to"],
    ["audit_performance", { threshold_pct: -5 }, "threshold_pct"],
    ["query", { query: "" }, "query"],
    ["list_products", { search: 42 }, "search"],
  ])("%s %j", async (name, args, field) => {
    const result = await call(name, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(field);
  });

  test.each(["list_metrics", "get_metrics_limits"])(
    "%s takes no arguments and names the one it got",
    async (name) => {
      const result = await call(name, { metric_names: ["revenue"] });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("metric_names");
    },
  );
});

describe("resources", () => {
  test("the full query grammar is offered as a resource", async () => {
    const { resources } = await server.client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(["polar://query-grammar"]);
    const { contents } = await server.client.readResource({ uri: "polar://query-grammar" });
    expect((contents[0] as { text: string }).text).toContain("COMPARE TO previous_period | previous_year");
  });
});

describe("prompts", () => {
  test("a weekly business review and a month-end report are offered and expand to tool plans", async () => {
    const { prompts } = await server.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual([
      "month_end_report",
      "weekly_business_review",
    ]);
    const report = await server.client.getPrompt({
      name: "month_end_report",
      arguments: { month: "2025-02" },
    });
    const text = (report.messages[0]!.content as { text: string }).text;
    expect(text).toContain("start_date 2025-02-01");
    expect(text).toContain("audit_performance");
  });
});
