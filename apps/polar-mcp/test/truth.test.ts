import { type FakePolar, type FakeStore, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import type { ConnectedClient } from "@mcp-connectors/tool-builder/testing";
import { connectClient } from "@mcp-connectors/tool-builder/testing";
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
