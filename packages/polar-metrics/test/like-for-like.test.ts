import { afterAll, describe, expect, test } from "vitest";
import { createPolarClient } from "../src/index.js";
import { type FakePolar, type FakeStore, startFakePolar } from "../src/testing/index.js";

// Comparisons of a range that runs to today, at fixed instants, with figures counted from the store.
const fakes: FakePolar[] = [];
afterAll(() => Promise.all(fakes.map((fake) => fake.close())));

async function at(instant: string) {
  const now = new Date(instant);
  const fake = await startFakePolar({ seed: 5, now });
  fakes.push(fake);
  const client = createPolarClient({ accessToken: fake.token, baseUrl: fake.url, now: () => now, retry: 0 });
  return { fake, client };
}

const t = (iso: string) => Date.parse(iso);
const revenue = (store: FakeStore, from: string, to: string) =>
  store.orders.filter((o) => o.at >= t(from) && o.at < t(to)).reduce((sum, o) => sum + o.subtotal, 0);

describe("like-for-like comparisons (Why: partial periods against whole ones)", () => {
  test("week_to_date on Thursday: Monday–Wednesday against last Monday–Wednesday, today left out", async () => {
    const { fake, client } = await at("2025-06-19T10:00:00Z");
    const report = await client.compare({ metrics: ["revenue"], timeRange: "week_to_date" });
    expect(report.current.range).toMatchObject({ start: "2025-06-16", end: "2025-06-18" });
    expect(report.previous.range).toMatchObject({ start: "2025-06-09", end: "2025-06-11" });
    expect(report.note).toMatch(/today \(still running\) left out/);
    expect(report.changes[0]?.current).toBe(revenue(fake.store, "2025-06-16T00:00Z", "2025-06-19T00:00Z"));
    expect(report.changes[0]?.previous).toBe(revenue(fake.store, "2025-06-09T00:00Z", "2025-06-12T00:00Z"));
  });

  test("week_to_date on a Monday morning: the elapsed hours against the same hours of last Monday", async () => {
    const { fake, client } = await at("2025-06-16T09:30:00Z");
    const report = await client.compare({ metrics: ["revenue", "orders"], timeRange: "week_to_date" });
    expect(report.previous.range).toMatchObject({ start: "2025-06-09", end: "2025-06-09" });
    expect(report.current.periods.map((p) => p.period)).toHaveLength(9);
    expect(report.note).toBe(
      "like for like: the complete hours 00:00–09:00 of 2025-06-16, against the same hours of 2025-06-09",
    );
    expect(report.changes[0]?.current).toBe(revenue(fake.store, "2025-06-16T00:00Z", "2025-06-16T09:00Z"));
    expect(report.changes[0]?.previous).toBe(revenue(fake.store, "2025-06-09T00:00Z", "2025-06-09T09:00Z"));
  });

  test("today at 09:00 against yesterday until 09:00; month_to_date on the 1st against the 1st", async () => {
    const { fake, client } = await at("2025-06-01T09:10:00Z");
    const today = await client.compare({ metrics: ["revenue"], timeRange: "today" });
    expect(today.previous.range).toMatchObject({ start: "2025-05-31", end: "2025-05-31" });
    expect(today.changes[0]?.current).toBe(revenue(fake.store, "2025-06-01T00:00Z", "2025-06-01T09:00Z"));
    expect(today.changes[0]?.previous).toBe(revenue(fake.store, "2025-05-31T00:00Z", "2025-05-31T09:00Z"));
    const month = await client.compare({ metrics: ["revenue"], timeRange: "month_to_date" });
    expect(month.previous.range).toMatchObject({ start: "2025-05-01", end: "2025-05-01" });
    expect(month.changes[0]?.previous).toBe(revenue(fake.store, "2025-05-01T00:00Z", "2025-05-01T09:00Z"));
  });

  test("month_to_date on the 31st compares the 1st–30th with the same span of the shorter month, clipped", async () => {
    const { fake, client } = await at("2025-03-31T12:00:00Z");
    const report = await client.compare({ metrics: ["revenue"], timeRange: "month_to_date" });
    expect(report.current.range).toMatchObject({ start: "2025-03-01", end: "2025-03-30" });
    expect(report.previous.range).toMatchObject({ start: "2025-02-01", end: "2025-02-28" });
    expect(report.changes[0]?.previous).toBe(revenue(fake.store, "2025-02-01T00:00Z", "2025-03-01T00:00Z"));
  });

  test("any range ending today is made like for like: last_7_days with includeToday leaves today out", async () => {
    const { fake, client } = await at("2025-06-19T10:00:00Z");
    const report = await client.compare({
      metrics: ["revenue"],
      timeRange: "last_7_days",
      includeToday: true,
    });
    expect(report.current.range).toMatchObject({ start: "2025-06-13", end: "2025-06-18" });
    expect(report.previous.range).toMatchObject({ start: "2025-06-07", end: "2025-06-12" });
    expect(report.changes[0]?.current).toBe(revenue(fake.store, "2025-06-13T00:00Z", "2025-06-19T00:00Z"));
  });

  test("dates reaching past today compare the days so far with the same days of the previous month", async () => {
    const { fake, client } = await at("2025-06-19T10:00:00Z");
    const report = await client.compare({
      metrics: ["revenue"],
      startDate: "2025-06-01",
      endDate: "2025-06-30",
    });
    expect(report.current.range).toMatchObject({ start: "2025-06-01", end: "2025-06-18" });
    expect(report.previous.range).toMatchObject({ start: "2025-05-01", end: "2025-05-18" });
    expect(report.note).toMatch(/the days after it \(2025-06-20 … 2025-06-30\) have no data yet/);
    expect(report.changes[0]?.previous).toBe(revenue(fake.store, "2025-05-01T00:00Z", "2025-05-19T00:00Z"));
  });

  test("just after midnight there is no complete hour to compare: said, not a −100%", async () => {
    const { client } = await at("2025-06-18T00:20:00Z");
    const report = await client.compare({ metrics: ["revenue"], timeRange: "today" });
    expect(report.refused).toMatch(/no complete hour of today/);
    expect(report.changes[0]?.previous).toBeNull();
  });
});

describe("a previous period before 2023-01-01 (Why: smaller)", () => {
  test("is refused and said so, not shortened into a tiny base", async () => {
    const { client } = await at("2023-01-21T12:00:00Z");
    const report = await client.compare({
      metrics: ["revenue"],
      startDate: "2023-01-05",
      endDate: "2023-01-20",
    });
    expect(report.refused).toMatch(/would start on 2022-12-20, before 2023-01-01/);
    expect(report.previous.totals.revenue).toBeNull();
    expect(report.changes[0]).toMatchObject({ previous: null, percentChange: null, significant: false });
    expect(report.previous.requestCount).toBe(0);
  });
});
