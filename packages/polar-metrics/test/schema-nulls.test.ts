import { expect, test } from "vitest";
import { createPolarClient } from "../src/index.js";

// The OpenAPI description (MetricsResponse → Metrics, MetricPeriod, MetricsTotals) allows null for every entry.
test("a metrics response with null entries, as the OpenAPI description allows, is accepted (Why: smaller)", async () => {
  const body = {
    periods: [
      { timestamp: "2025-05-01T00:00:00Z", revenue: 1200, orders: null },
      { timestamp: "2025-05-02T00:00:00Z", revenue: null, orders: 3 },
    ],
    totals: { revenue: 1200, orders: null },
    metrics: {
      revenue: { slug: "revenue", display_name: "Revenue", type: "currency" },
      orders: null,
      churn_rate: null,
    },
  };
  const fetch = async () =>
    new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  const client = createPolarClient({
    accessToken: "polar_oat_fake",
    baseUrl: "http://127.0.0.1:9",
    fetch: fetch as typeof globalThis.fetch,
    now: () => new Date("2025-06-01T00:00:00Z"),
    retry: 0,
  });
  const report = await client.getMetrics({
    metrics: ["revenue", "orders"],
    startDate: "2025-05-01",
    endDate: "2025-05-02",
  });
  expect(report.totals).toEqual({ revenue: 1200, orders: 3 });
  expect(report.periods.map((period) => period.values)).toEqual([
    { revenue: 1200, orders: null },
    { revenue: null, orders: 3 },
  ]);
});
