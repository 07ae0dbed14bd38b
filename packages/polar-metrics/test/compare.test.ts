import { describe, expect, test } from "vitest";
import {
  compareTotals,
  formatChange,
  formatMoney,
  formatPercent,
  pickHighlights,
  previousRange,
  resolveMetrics,
  resolveTimeRange,
  roundToSignificant,
} from "../src/index.js";

const now = new Date("2025-03-19T15:00:00Z");

describe("previousRange", () => {
  test.each([
    ["last_30_days", "previous_period", "2025-01-18", "2025-02-16"],
    ["last_week", "previous_period", "2025-03-03", "2025-03-09"],
    ["last_month", "previous_period", "2025-01-01", "2025-01-31"],
    ["month_to_date", "previous_period", "2025-02-01", "2025-02-19"],
    ["last_quarter", "previous_period", "2024-07-01", "2024-09-30"],
    ["quarter_to_date", "previous_period", "2024-10-01", "2024-12-19"],
    ["last_12_months", "previous_period", "2023-03-01", "2024-02-29"],
    ["last_month", "previous_year", "2024-02-01", "2024-02-29"],
    ["last_30_days", "previous_year", "2024-02-17", "2024-03-18"],
  ] as const)("%s vs %s is %s to %s", (preset, to, start, end) => {
    expect(previousRange(resolveTimeRange({ timeRange: preset, now }), to)).toMatchObject({ start, end });
  });

  test.each([
    ["2024-03-01", "2024-03-31", "2024-02-01", "2024-02-29"],
    ["2024-01-01", "2024-03-31", "2023-10-01", "2023-12-31"],
    ["2024-03-01", "2024-03-15", "2024-02-15", "2024-02-29"],
  ] as const)("dates %s … %s compare with %s … %s", (startDate, endDate, start, end) => {
    const range = resolveTimeRange({ startDate, endDate, now });
    expect(previousRange(range, "previous_period")).toMatchObject({ start, end });
  });
});

describe("compareTotals", () => {
  const metrics = resolveMetrics(["revenue", "churn_rate", "costs", "orders", "checkouts_conversion"]);

  test("computes changes, percentage points and good/bad by polarity", () => {
    const [revenue, churn, costs, orders, conversion] = compareTotals(
      metrics,
      { revenue: 150_000, churn_rate: 0.05, costs: 900, orders: 10, checkouts_conversion: 0.3 },
      { revenue: 100_000, churn_rate: 0.04, costs: 1000, orders: 10, checkouts_conversion: 0.25 },
      10,
    );
    expect(revenue).toMatchObject({
      absoluteChange: 50_000,
      percentChange: 0.5,
      direction: "up",
      assessment: "good",
      significant: true,
    });
    expect(churn?.percentagePointChange).toBeCloseTo(0.01);
    expect(churn).toMatchObject({ direction: "up", assessment: "bad", significant: true });
    expect(costs).toMatchObject({
      percentChange: -0.1,
      direction: "down",
      assessment: "good",
      significant: true,
    });
    expect(orders).toMatchObject({
      percentChange: 0,
      direction: "flat",
      assessment: "unchanged",
      significant: false,
    });
    expect(conversion?.percentagePointChange).toBeCloseTo(0.05);
  });

  test("a zero baseline has no percent change but counts as significant when the metric moved", () => {
    const [revenue, , , orders] = compareTotals(
      metrics,
      { revenue: 5_000, churn_rate: 0, costs: 0, orders: 0, checkouts_conversion: 0 },
      { revenue: 0, churn_rate: 0, costs: 0, orders: 0, checkouts_conversion: 0 },
      10,
    );
    expect(revenue).toMatchObject({
      percentChange: null,
      absoluteChange: 5_000,
      significant: true,
      assessment: "good",
    });
    expect(orders).toMatchObject({ percentChange: null, significant: false, direction: "flat" });
  });

  test("the threshold decides significance", () => {
    const changes = compareTotals(metrics, { revenue: 105 }, { revenue: 100 }, 10);
    expect(changes[0]?.significant).toBe(false);
    expect(compareTotals(metrics, { revenue: 105 }, { revenue: 100 }, 5)[0]?.significant).toBe(true);
  });

  test("missing values give null changes", () => {
    expect(compareTotals(metrics, {}, { revenue: 100 }, 10)[0]).toMatchObject({
      absoluteChange: null,
      percentChange: null,
    });
  });

  test("highlights are the significant changes, biggest first, moves from zero on top", () => {
    const changes = compareTotals(
      metrics,
      { revenue: 120, churn_rate: 0.1, costs: 5, orders: 30, checkouts_conversion: 0.5 },
      { revenue: 100, churn_rate: 0.1, costs: 0, orders: 10, checkouts_conversion: 0.45 },
      10,
    );
    expect(pickHighlights(changes).map((change) => change.slug)).toEqual([
      "costs",
      "orders",
      "revenue",
      "checkouts_conversion",
    ]);
    expect(pickHighlights(changes, 2)).toHaveLength(2);
  });

  test("formatChange writes money, percentages and percentage points", () => {
    const [revenue, churn] = compareTotals(
      metrics,
      { revenue: 150_000, churn_rate: 0.05 },
      { revenue: 120_000, churn_rate: 0.04 },
      10,
    );
    expect(formatChange(revenue!)).toBe("Revenue: $1,200.00 → $1,500.00 (+25%, good)");
    expect(formatChange(churn!)).toBe("Churn Rate: 4% → 5% (+1 pp, bad)");
  });

  test("small rates and moves keep two significant digits instead of rounding to zero", () => {
    const [churn] = compareTotals(
      resolveMetrics(["churn_rate"]),
      { churn_rate: 0.0018 },
      { churn_rate: 0.0014 },
      10,
    );
    expect(formatChange(churn!)).toBe("Churn Rate: 0.14% → 0.18% (+0.04 pp, bad)");
    const [revenue] = compareTotals(
      resolveMetrics(["revenue"]),
      { revenue: 100_040 },
      { revenue: 100_000 },
      10,
    );
    expect(formatChange(revenue!)).toBe("Revenue: $1,000.00 → $1,000.40 (+0.04%, good)");
  });
});

describe("formatPercent", () => {
  test.each([
    [0.1234, undefined, "12.3%"],
    [0.05, undefined, "5%"],
    [0.0014, undefined, "0.14%"],
    [0.0014936519790888724, undefined, "0.15%"],
    [0, undefined, "0%"],
    [0.1234, 0, "12%"],
  ] as const)("%d with digits %s is %s", (fraction, digits, text) => {
    expect(formatPercent(fraction, digits === undefined ? {} : { digits })).toBe(text);
  });
});

describe("roundToSignificant", () => {
  test.each([
    [0.0014936519790888724, 0.00149365],
    [0.1 + 0.2, 0.3],
    [2345.678912, 2345.68],
    [123456789.4, 123456789],
    [-0.000399999999, -0.0004],
    [42, 42],
  ])("%d → %d", (value, rounded) => {
    expect(roundToSignificant(value)).toBe(rounded);
  });

  test("changes are rounded too, so float noise never reaches a reader", () => {
    const [churn] = compareTotals(
      resolveMetrics(["churn_rate"]),
      { churn_rate: 0.0018 },
      { churn_rate: 0.0014 },
      10,
    );
    expect(churn).toMatchObject({
      absoluteChange: 0.0004,
      percentagePointChange: 0.0004,
      percentChange: 0.285714,
    });
  });
});

describe("sub-cent money (Why: smaller)", () => {
  test("fractions of a cent keep their digits, so a change is visible in the values", () => {
    expect(formatMoney(1.2345)).toBe("$0.0123");
    expect(formatMoney(0.6543)).toBe("$0.00654");
    expect(formatMoney(45.5)).toBe("$0.455");
    expect(formatMoney(1234)).toBe("$12.34");
    const [cost] = compareTotals(
      resolveMetrics(["cost_per_user"]),
      { cost_per_user: 1.2423 },
      { cost_per_user: 1.2345 },
      10,
    );
    expect(formatChange(cost!)).toBe("Cost per User: $0.0123 → $0.0124 (+0.63%, bad)");
  });
});
