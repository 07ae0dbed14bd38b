// Fuzzing of every tool through a real client (the test kit's shared suite), with this app's plausible
// values and what a valid request to Polar is.
import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { fuzzSuite } from "@mcp-connectors/test-kit/fuzz";
import fc from "fast-check";
import * as vitest from "vitest";
import { BIN, CLEAN_ENV, dayFromToday } from "./helpers.js";

const { expect } = vitest;

/**
 * What "no invalid request reached Polar" means against the fake: every request was a GET of one of its
 * routes with the valid token, answered 200 — the fake answers 422 only for a malformed date, interval,
 * time zone, UUID, billing type or metric slug or a range too long for the interval, and 404 only for an
 * unknown path or API version, all of which the server must catch or avoid first.
 */
function checkUpstream(fake: FakePolar, from: number) {
  const sent = fake.requests.slice(from);
  expect(sent.length).toBeGreaterThan(20);
  for (const request of sent) {
    const context = `${request.method} ${request.path} ${JSON.stringify(request.query)} → ${request.status}`;
    expect(request.method, context).toBe("GET");
    expect(request.authorization, context).toBe("valid");
    expect(request.status, context).toBe(200);
  }
}

fuzzSuite(vitest, fc, {
  bin: BIN,
  async startFake() {
    const fake = await startFakePolar({ seed: 21 });
    return Object.assign(fake, {
      env: () => ({
        ...CLEAN_ENV,
        POLAR_ACCESS_TOKEN: fake.token,
        POLAR_API_BASE_URL: fake.url,
        POLAR_MAX_RETRIES: "0",
      }),
      requestCount: () => fake.requests.length,
    });
  },
  checkUpstream,
  // A range the client resolves from a preset and one date can still come out backwards (a start_date after
  // today); the client's sentence names both dates in words rather than by argument.
  exempt: [/^The end date \d{4}-\d{2}-\d{2} is before the start date \d{4}-\d{2}-\d{2}\.$/],
  minRuleLength: 30,
  // A tool with one argument (query) needs not name it: every input error is about that one.
  singleArgumentMayGoUnnamed: true,
  hostile: { runs: 25, seed: 8 },
  plausible: {
    title:
      "plausible arguments (real slugs and ids, dates from 1990 to 2200, start after end, queries) reach Polar safely",
    runs: 25,
    seed: 9,
    values(fake) {
      const slugs = [
        "revenue",
        "orders",
        "net_revenue",
        "active_subscriptions",
        "churn_rate",
        "mrr",
        "checkouts",
      ];
      const date = fc.oneof(
        fc.integer({ min: -1200, max: 400 }).map(dayFromToday),
        fc
          .date({ min: new Date("1990-01-01"), max: new Date("2200-12-31"), noInvalidDate: true })
          .map((day) => day.toISOString().slice(0, 10)),
      );
      const ids = fc.array(
        fc.oneof(fc.constantFrom(...fake.store.products.map((product) => product.id)), fc.uuid()),
        { maxLength: 3 },
      );
      const expression = fc.constantFrom(
        "revenue",
        "orders * 2",
        "net_revenue / orders",
        "ROUND(mrr)",
        "SUM(revenue)",
      );
      const query = fc
        .record({
          select: fc.array(expression, { minLength: 1, maxLength: 3 }),
          where: fc.constantFrom(
            "",
            " WHERE time_range = 'last_month'",
            " WHERE period BETWEEN '2024-01-01' AND '2024-03-31'",
            " WHERE period BETWEEN '2024-03-31' AND '2024-01-01'",
            " WHERE period BETWEEN '1900-01-01' AND '2199-12-31'",
            " WHERE timezone = 'Mars/Base'",
            " WHERE product_id IN ('x'); DROP TABLE metrics; --')",
          ),
          group: fc.constantFrom("", " GROUP BY hour", " GROUP BY day", " GROUP BY month", " GROUP BY year"),
          tail: fc.constantFrom(
            "",
            " LIMIT 3",
            " ORDER BY revenue DESC",
            " COMPARE TO previous_year",
            " LIMIT -1",
          ),
        })
        .map(
          ({ select, where, group, tail }) =>
            `SELECT ${select.join(", ")} FROM metrics${where}${group}${tail}`,
        );
      return {
        metric_names: fc.array(fc.constantFrom(...slugs, "not_a_metric"), { minLength: 1, maxLength: 3 }),
        start_date: date,
        end_date: date,
        timezone: fc.constantFrom("UTC", "Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns"),
        product_ids: ids,
        customer_ids: ids,
        search: fc.string({ maxLength: 20 }),
        query,
      };
    },
  },
});
