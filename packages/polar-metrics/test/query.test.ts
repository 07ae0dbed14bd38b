import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPolarClient, QueryError, roundToSignificant, UnknownMetricError } from "../src/index.js";
import { parseQuery } from "../src/query/parse.js";
import { MAX_QUERY_PERIODS } from "../src/query/run.js";
import { unitOf } from "../src/query/unit.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

const now = new Date("2025-06-15T12:00:00Z");
let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 11, now });
});
afterAll(() => fake.close());

const client = () =>
  createPolarClient({ accessToken: fake.token, baseUrl: fake.url, now: () => now, retry: 0 });
const lastRequest = () => fake.requests.at(-1)?.query;

describe("units of computed columns", () => {
  test.each([
    ["net_revenue / orders", "cents"],
    ["SUM(revenue) / COUNT(*)", "cents"],
    ["net_revenue / NULLIF(orders, 0)", "cents"],
    ["revenue * 0.8", "cents"],
    ["2 * revenue", "cents"],
    ["revenue - net_revenue", "cents"],
    ["-ROUND(revenue)", "cents"],
    ["churn_rate - checkouts_conversion", "fraction"],
    ["MAX(churn_rate) + 0", undefined],
    ["orders + new_subscriptions", "count"],
    ["COUNT(*)", "count"],
    ["revenue / net_revenue", undefined],
    ["revenue + orders", undefined],
    ["churn_rate * 100", undefined],
    ["orders / revenue", undefined],
    ["42", undefined],
  ])("%s → %s", (expression, unit) => {
    const [, column] = parseQuery(`SELECT revenue, ${expression} FROM metrics`).columns;
    expect(unitOf(column!.expression)).toBe(unit);
  });
});

describe("valid queries", () => {
  test("dates, interval and filters are pushed down", async () => {
    const product = fake.store.products[1]!;
    await client().query(
      `SELECT period, revenue FROM metrics WHERE period >= '2025-01-01' AND period < '2025-04-01' AND product_id = '${product.id}' AND billing_type IN ('recurring') GROUP BY month`,
    );
    expect(lastRequest()).toMatchObject({
      start_date: ["2025-01-01"],
      end_date: ["2025-03-31"],
      interval: ["month"],
      product_id: [product.id],
      billing_type: ["recurring"],
      metrics: ["revenue"],
    });
  });

  test("expressions, ORDER BY and LIMIT run locally", async () => {
    const result = await client().query(
      "SELECT period, revenue, net_revenue / orders AS net_aov FROM metrics WHERE time_range = 'last_12_months' GROUP BY month ORDER BY revenue DESC LIMIT 3",
    );
    expect(result.columns).toEqual([
      { name: "period" },
      { name: "revenue", unit: "cents" },
      { name: "net_aov", unit: "cents" },
    ]);
    expect(result.rows).toHaveLength(3);
    const revenues = result.rows.map((row) => row.revenue as number);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    expect(result.range).toMatchObject({ start: "2024-06-01", end: "2025-05-31", interval: "month" });
    const all = await client().getMetrics({
      metrics: ["net_revenue", "orders"],
      timeRange: "last_12_months",
      interval: "month",
    });
    const top = all.periods.find((period) => period.period === result.rows[0]?.period);
    expect(result.rows[0]?.net_aov).toBe(
      roundToSignificant((top?.values.net_revenue ?? 0) / (top?.values.orders ?? 1)),
    );
  });

  test("aggregates fold the periods into one row; WHERE on a metric filters periods", async () => {
    const result = await client().query(
      "SELECT SUM(orders) AS orders, MAX(revenue), COUNT(*) AS days FROM metrics WHERE period BETWEEN '2025-05-01' AND '2025-05-31' AND orders > 0",
    );
    const report = await client().getMetrics({
      metrics: ["orders"],
      startDate: "2025-05-01",
      endDate: "2025-05-31",
    });
    expect(result.rows).toEqual([
      {
        orders: report.totals.orders,
        "max(revenue)": expect.any(Number),
        days: report.periods.filter((period) => (period.values.orders ?? 0) > 0).length,
      },
    ]);
  });

  test("COMPARE TO previous_period adds the comparison", async () => {
    const result = await client().query(
      "SELECT revenue, churn_rate FROM metrics WHERE time_range = 'last_month' COMPARE TO previous_period",
    );
    expect(result.comparison?.range).toMatchObject({ start: "2025-04-01", end: "2025-04-30" });
    // One row per day: the earlier range's rows come back with the same columns, nothing folded to compare.
    expect(result.comparison?.rows).toHaveLength(30);
    expect(Object.keys(result.comparison?.rows[0] ?? {})).toEqual(["revenue", "churn_rate"]);
    expect(result.comparison?.changes).toEqual([]);
    // Two ranges, each with the call for active subscriptions just before it (churn's denominator).
    expect(result.requestCount).toBe(4);
  });

  test("the time zone condition reaches the API", async () => {
    await client().query(
      "SELECT orders FROM metrics WHERE time_range = 'yesterday' AND timezone = 'America/New_York'",
    );
    expect(lastRequest()).toMatchObject({
      timezone: ["America/New_York"],
      start_date: ["2025-06-14"],
      interval: ["hour"],
    });
  });

  test("the default range is the last 30 days", () => {
    expect(parseQuery("select revenue from metrics")).toMatchObject({ metrics: ["revenue"], rowFilters: [] });
  });
});

describe("rejected queries", () => {
  test.each([
    ["DELETE FROM metrics", /DELETE is not supported: queries are read-only SELECTs/],
    ["SELECT revenue FROM orders", /There is no table "orders"; the only table is metrics/],
    [
      "SELECT revenue FROM metrics a JOIN metrics b ON a.period = b.period",
      /JOINs and several tables are not supported/,
    ],
    ["SELECT revenue FROM metrics WHERE orders > 1 OR revenue > 2", /OR is not supported in WHERE/],
    ["SELECT DISTINCT revenue FROM metrics", /DISTINCT is not supported/],
    ["SELECT revenue FROM metrics GROUP BY customer_id", /GROUP BY customer_id is not supported/],
    ["SELECT revenue FROM metrics GROUP BY week, day", /GROUP BY takes one interval/],
    ["SELECT SUM(revenue) FROM metrics HAVING SUM(revenue) > 0", /HAVING is not supported/],
    ["SELECT UPPER(revenue) FROM metrics", /The function UPPER is not supported/],
    ["SELECT revenue FROM metrics WHERE period >= 'last week'", /'last week' is not a date/],
    ["SELECT revenue FROM metrics COMPARE TO last_decade", /COMPARE TO last_decade is not supported/],
    ["SELECT revenue FROM metrics COMPARE TO previous_period LIMIT 3", /COMPARE TO must come last/],
    ["SELEC revenue FROM metrics", /could not be read near "revenue FROM metrics"/],
    ["SELECT period FROM metrics", /Select at least one metric/],
    ["SELECT revenue FROM (SELECT * FROM metrics) t", /Subqueries are not supported/],
    ["SELECT revenue FROM metrics; SELECT orders FROM metrics", /one statement at a time/],
    [
      "SELECT revenue FROM metrics WHERE billing_type = 'monthly'",
      /billing_type is 'one_time' or 'recurring'/,
    ],
    ["SELECT revenue FROM metrics LIMIT -1", /could not be read|whole numbers/],
  ])("%s", (sql, message) => {
    const error = catchError(() => parseQuery(sql));
    expect(error).toBeInstanceOf(QueryError);
    expect(error.message).toMatch(message);
    expect(error.message).toContain("Example: SELECT");
  });

  test("unknown metrics are query errors with suggestions, other products' names with an explanation", () => {
    const misspelt = catchError(() => parseQuery("SELECT revenu FROM metrics"));
    expect(misspelt).toBeInstanceOf(QueryError);
    expect(misspelt).not.toBeInstanceOf(UnknownMetricError);
    expect(misspelt.message).toMatch(/Did you mean `revenue`.*Example: SELECT/);
    expect(catchError(() => parseQuery("SELECT roas FROM metrics")).message).toMatch(/ad spend/);
  });

  test("an unknown preset is rejected when the query runs", async () => {
    await expect(
      client().query("SELECT revenue FROM metrics WHERE time_range = 'last_fortnight'"),
    ).rejects.toThrow(/not a time range preset/);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("bounded work", () => {
  test("a query over more periods than allowed is refused before any call", async () => {
    const before = fake.requests.length;
    // 45 days by the hour: 1,080 periods, within the client's cap on API calls (at most 8 days per call).
    const query =
      "SELECT period, revenue FROM metrics WHERE period BETWEEN '2025-04-01' AND '2025-05-15' GROUP BY hour";
    await expect(client().query(query)).rejects.toThrow(
      new RegExp(`spans 1080 hour periods; at most ${MAX_QUERY_PERIODS} are allowed.*coarser interval`),
    );
    expect(fake.requests.length).toBe(before);
  });

  test("the hostile query (far end date, hour grain, COMPARE TO) is refused before any call", async () => {
    const before = fake.requests.length;
    const query =
      "SELECT period, revenue FROM metrics WHERE period BETWEEN '2023-01-01' AND '9999-12-31' GROUP BY hour COMPARE TO previous_year";
    await expect(client().query(query)).rejects.toThrow(
      /end date 9999-12-31 is more than 366 days after today/,
    );
    expect(fake.requests.length).toBe(before);
  });

  test("a comparison over too many periods makes no call for either range", async () => {
    const before = fake.requests.length;
    // 45 days by the hour is 1,080 periods in each range; both fit the call cap (6 calls each).
    const query =
      "SELECT period, revenue FROM metrics WHERE period BETWEEN '2025-05-01' AND '2025-06-14' GROUP BY hour COMPARE TO previous_year";
    await expect(client().query(query)).rejects.toThrow(/spans 1080 hour periods/);
    expect(fake.requests.length).toBe(before);
  });

  test("a query needing more API calls than the client allows is refused before any call", async () => {
    const before = fake.requests.length;
    const query = "SELECT period, revenue FROM metrics WHERE time_range = 'last_365_days' GROUP BY hour";
    await expect(client().query(query)).rejects.toThrow(
      /would take 46 API calls, more than the 24 one range may take; use a coarser interval/,
    );
    expect(fake.requests.length).toBe(before);
  });
});
