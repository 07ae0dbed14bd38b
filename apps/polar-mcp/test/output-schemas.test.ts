import { startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { connectClient, type ObjectSchemaLike, undeclaredKeys } from "@mcp-connectors/test-kit";
import { expect, test } from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

// Each tool with arguments that fill its answer: periods, partial buckets, a comparison.
const calls: Record<string, Record<string, unknown>> = {
  list_metrics: {},
  list_products: {},
  get_metrics_limits: {},
  get_metrics: { metric_names: ["revenue", "orders"], time_range: "last_30_days", include_periods: true },
  audit_performance: { time_range: "last_30_days" },
  query: {
    query:
      "SELECT period, revenue, orders FROM metrics WHERE period BETWEEN '2024-01-15' AND '2024-03-10' GROUP BY month COMPARE TO previous_period",
  },
};

test("output schemas declare every key a tool returns, against the fake", async () => {
  const fake = await startFakePolar({ seed: 3 });
  const server = await connectClient({
    transport: "stdio",
    script: BIN,
    env: { ...CLEAN_ENV, POLAR_ACCESS_TOKEN: fake.token, POLAR_API_BASE_URL: fake.url },
  });
  try {
    const { tools } = await server.client.listTools();
    const report: Record<string, string[]> = {};
    for (const tool of tools) {
      const args = calls[tool.name];
      expect(args, `no call for ${tool.name}`).toBeDefined();
      const result = await server.client.callTool({ name: tool.name, arguments: args });
      expect(result.isError, `${tool.name}: ${JSON.stringify(result.content)}`).not.toBe(true);
      const data = result.structuredContent as Record<string, unknown>;
      expect(Object.keys(data).length, tool.name).toBeGreaterThan(0);
      const missing = undeclaredKeys(data, tool.outputSchema as ObjectSchemaLike);
      if (missing.length) report[tool.name] = missing;
    }
    expect(report).toEqual({});
  } finally {
    await server.close();
    await fake.close();
  }
});
