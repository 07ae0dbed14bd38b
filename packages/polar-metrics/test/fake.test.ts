import { describe, expect, test } from "vitest";
import { generateStore, startFakePolar } from "../src/testing/index.js";

const now = new Date("2025-06-15T12:00:00Z");

describe("the fake", () => {
  test("the same seed gives the same store; another seed another", () => {
    const a = generateStore(5, now);
    expect(generateStore(5, now).orders).toEqual(a.orders);
    expect(generateStore(6, now).orders).not.toEqual(a.orders);
  });

  test("the store has trials, churn with reasons, one-time orders and costs up to now", () => {
    const store = generateStore(5, now);
    expect(store.subscriptions.some((s) => s.trialEndsAt !== null)).toBe(true);
    expect(store.subscriptions.some((s) => s.reason !== null && s.endedAt !== null)).toBe(true);
    expect(store.orders.some((order) => order.kind === "one_time")).toBe(true);
    expect(store.orders.some((order) => order.kind === "renewal")).toBe(true);
    expect(store.costs.every((cost) => cost.at < now.getTime())).toBe(true);
    expect(store.orders.at(-1)!.at).toBeLessThan(now.getTime());
  });

  // How fast it starts is measured by `pnpm bench`, not asserted here.
  test("answers a request without a token with 401 and no bypass", async () => {
    const fake = await startFakePolar({ seed: 9 });
    try {
      const response = await fetch(
        `${fake.url}/v1/metrics/?start_date=2025-01-01&end_date=2025-01-02&interval=day`,
      );
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(await response.json()).toEqual({ error: "Unauthorized", detail: "Unauthorized" });
      expect(fake.requests[0]).toMatchObject({ authorization: "missing", status: 401 });
    } finally {
      await fake.close();
    }
  });

  test("accepts its token and the further tokens it was given, and no other", async () => {
    const fake = await startFakePolar({ seed: 9, now, moreTokens: ["polar_oat_fakeloadtest1"] });
    try {
      const statusWith = async (token: string) =>
        (
          await fetch(`${fake.url}/v1/products/?limit=1`, {
            headers: { Authorization: `Bearer ${token}` },
          })
        ).status;
      expect(await statusWith(fake.token)).toBe(200);
      expect(await statusWith("polar_oat_fakeloadtest1")).toBe(200);
      expect(await statusWith("polar_oat_fakeloadtest2")).toBe(401);
      expect(fake.requests.map((request) => request.authorization)).toEqual(["valid", "valid", "invalid"]);
    } finally {
      await fake.close();
    }
  });

  test("422 bodies look like Polar's", async () => {
    const fake = await startFakePolar({ seed: 9, now });
    try {
      const response = await fetch(
        `${fake.url}/v1/metrics/?start_date=2025-01-01&interval=minute&metrics=revenue&metrics=net_sales`,
        {
          headers: { Authorization: `Bearer ${fake.token}` },
        },
      );
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: string; detail: { loc: string[]; msg: string }[] };
      expect(body.error).toBe("RequestValidationError");
      expect(body.detail.map((issue) => issue.loc.join("."))).toEqual([
        "query.end_date",
        "query.interval",
        "query.metrics",
      ]);
      expect(body.detail.at(-1)?.msg).toBe("Value error, Invalid metric slugs: net_sales");
    } finally {
      await fake.close();
    }
  });

  test("all 55 metrics come back, periods and totals for each", async () => {
    const fake = await startFakePolar({ seed: 9, now });
    try {
      const response = await fetch(
        `${fake.url}/v1/metrics/?start_date=2025-01-01&end_date=2025-03-31&interval=month`,
        {
          headers: { Authorization: `Bearer ${fake.token}` },
        },
      );
      const body = (await response.json()) as {
        periods: Record<string, unknown>[];
        totals: Record<string, number>;
      };
      expect(Object.keys(body.totals)).toHaveLength(55);
      expect(body.periods.map((period) => period.timestamp)).toEqual([
        "2025-01-01T00:00:00Z",
        "2025-02-01T00:00:00Z",
        "2025-03-01T00:00:00Z",
      ]);
      expect(body.totals.annual_recurring_revenue).toBe(body.totals.monthly_recurring_revenue! * 12);
    } finally {
      await fake.close();
    }
  });
});
