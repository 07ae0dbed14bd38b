import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPolarClient, QueryError } from "../src/index.js";
import { MAX_QUERY_PRODUCTS, runQuery } from "../src/query/run.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

const now = new Date("2025-06-15T12:00:00Z");
let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 13, now });
});
afterAll(() => fake.close());

const client = () =>
  createPolarClient({ accessToken: fake.token, baseUrl: fake.url, now: () => now, retry: 0 });

const revenueOf = (productId: string, from: string, to: string) =>
  fake.store.orders
    .filter((o) => o.productId === productId && o.at >= Date.parse(from) && o.at < Date.parse(to))
    .reduce((sum, o) => sum + o.subtotal, 0);

describe("GROUP BY product_id (Why: names — revenue by product)", () => {
  test("per product and month, rows tagged with the product, values from the store", async () => {
    const [a, b] = fake.store.products;
    const result = await client().query(
      `SELECT product, period, revenue FROM metrics WHERE time_range = 'last_quarter' AND product_id IN ('${a!.id}', '${b!.id}') GROUP BY product_id, month ORDER BY product, period`,
    );
    expect(result.rows).toHaveLength(6);
    for (const row of result.rows) {
      const product = [a!, b!].find((p) => p.name === row.product)!;
      const month = String(row.period);
      const next = new Date(Date.parse(`${month}T00:00:00Z`));
      next.setUTCMonth(next.getUTCMonth() + 1);
      expect(row.revenue).toBe(revenueOf(product.id, `${month}T00:00:00Z`, next.toISOString()));
    }
    expect(result.notes[0]).toMatch(/once per product: 2 products, 3 API calls \(1 to list the products\)/);
    expect(result.requestCount).toBe(3);
  });

  test(`more than ${MAX_QUERY_PRODUCTS} products is refused before any metrics call, naming the two-step way`, async () => {
    let metricsCalls = 0;
    const products = Array.from({ length: MAX_QUERY_PRODUCTS + 1 }, (_, i) => ({
      id: `p${i}`,
      name: `P${i}`,
    }));
    const error = await runQuery("SELECT SUM(revenue) FROM metrics GROUP BY product_id", {
      timeZone: "UTC",
      now,
      listProducts: async () => ({ products, requestCount: 1 }),
      getMetrics: async () => {
        metricsCalls++;
        throw new Error("not expected");
      },
      compare: async () => {
        throw new Error("not expected");
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(
      /at most 10; there are 11.*list_products.*WHERE product_id = '…'/,
    );
    expect(metricsCalls).toBe(0);
  });

  test("COMPARE TO with GROUP BY product_id says how to do it instead", async () => {
    await expect(
      client().query("SELECT SUM(revenue) FROM metrics GROUP BY product_id COMPARE TO previous_period"),
    ).rejects.toThrow(/one query per product with WHERE product_id = '…' and COMPARE TO/);
  });

  test("product columns outside GROUP BY product_id are refused with the right way to filter", async () => {
    await expect(client().query("SELECT product, revenue FROM metrics")).rejects.toThrow(
      /only with GROUP BY product_id; to narrow to products use WHERE product_id/,
    );
  });
});
