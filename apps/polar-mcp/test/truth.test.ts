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
      const hours = Number(/(\d\d):00 hours elapsed/.exec(data.like_for_like ?? "")?.[1]);
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
    const hours = Number(/(\d\d):00 hours elapsed/.exec(data.like_for_like ?? "")?.[1]);
    expect(textOf(result)).toContain(
      `${String(hours).padStart(2, "0")}:00 hours elapsed today, against the same hours`,
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
