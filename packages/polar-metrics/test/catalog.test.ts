import { describe, expect, test } from "vitest";
import { closestSlugs, METRICS, resolveMetric, UnknownMetricError } from "../src/index.js";

describe("the metric catalog", () => {
  test("lists the 55 slugs with unique names", () => {
    expect(METRICS).toHaveLength(55);
    expect(new Set(METRICS.map((metric) => metric.slug)).size).toBe(55);
  });

  test("money is in cents, percentages are fractions", () => {
    expect(resolveMetric("revenue")).toMatchObject({ type: "currency", unit: "cents", aggregation: "sum" });
    expect(resolveMetric("costs")).toMatchObject({
      type: "currency_sub_cent",
      unit: "cents",
      polarity: "lower_is_better",
    });
    expect(resolveMetric("churn_rate")).toMatchObject({
      unit: "fraction",
      aggregation: "last",
      polarity: "lower_is_better",
    });
    expect(resolveMetric("checkouts_conversion").ratio).toEqual({
      numerator: "succeeded_checkouts",
      denominator: "checkouts",
      denominatorAggregation: "sum",
    });
  });

  test("names are forgiving about case, spaces and dashes", () => {
    expect(resolveMetric("Monthly Recurring Revenue").slug).toBe("monthly_recurring_revenue");
    expect(resolveMetric("net-revenue").slug).toBe("net_revenue");
  });
});

describe("unknown names", () => {
  test.each([
    ["net_sales", /Polar has no net sales data.*Related but a different metric: `net_revenue`/, []],
    ["roas", /Polar has no ROAS data: .*ad spend/, []],
    ["blended_roas", /marketing spend/, []],
    ["cac", /Polar has no CAC data.*Related but a different metric: `new_subscriptions`/, []],
    ["ad_spend", /Polar has no ad spend data.*`costs` \(usage costs .*not advertising\)/, []],
    ["refunds", /no refunds data.*does not take refunds out/, []],
    ["aov", /`average_order_value`/, ["average_order_value"]],
  ])("%s is explained, not aliased", (name, message, suggestions) => {
    const error = catchError(() => resolveMetric(name));
    expect(error).toBeInstanceOf(UnknownMetricError);
    expect(error.message).toMatch(message);
    expect(error.suggestions).toEqual(suggestions);
  });

  test("no name Polar lacks is pointed at a substitute with another meaning (Why: names)", () => {
    for (const name of ["cac", "ad_spend", "refunds", "net_sales", "roas", "customers", "profit"]) {
      const error = catchError(() => resolveMetric(name)) as UnknownMetricError;
      expect(error.suggestions, name).toEqual([]);
      expect(error.message, name).not.toMatch(/nearest/i);
      expect(error.message, name).toMatch(/^Polar('s metrics API)? has no /);
    }
    expect(catchError(() => resolveMetric("cac")).message).not.toMatch(/cost_per_user/);
  });

  test("a typo gets the closest slugs", () => {
    const error = catchError(() => resolveMetric("revnue"));
    expect(error.message).toContain('Polar has no metric "revnue"');
    expect(error.suggestions[0]).toBe("revenue");
    expect(closestSlugs("churn")).toContain("churn_rate");
  });
});

function catchError(run: () => unknown): UnknownMetricError {
  try {
    run();
  } catch (error) {
    return error as UnknownMetricError;
  }
  throw new Error("expected an error");
}
