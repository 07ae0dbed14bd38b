import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  createPolarClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_PRODUCT_PAGES,
  PolarInputError,
  PolarResponseTooLargeError,
  PolarTimeoutError,
} from "../src/index.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 8 });
});
afterEach(() => fake.clearFaults());
afterAll(() => fake.close());

const client = (options: { timeoutMs?: number; maxResponseBytes?: number } = {}) =>
  createPolarClient({ accessToken: fake.token, baseUrl: fake.url, retry: 0, rateLimit: false, ...options });

describe("the time limit covers the body", () => {
  test("a body trickling in for 4 s fails at the 500 ms limit", async () => {
    // 20 parts, one every 200 ms: the headers come at once, the body takes 4 s.
    fake.setFault("metrics", { type: "trickle", intervalMs: 200 });
    const started = performance.now();
    const error = await client({ timeoutMs: 500 })
      .getMetrics({ metrics: ["revenue"], timeRange: "last_7_days" })
      .catch((caught: unknown) => caught);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(PolarTimeoutError);
    expect((error as Error).message).toMatch(/did not answer .* within 500 ms/);
    // Generous: before, the call waited for the whole body (4 s).
    expect(elapsed).toBeLessThan(3_000);
  });

  test("a body that trickles within the limit is read whole", async () => {
    fake.setFault("limits", { type: "trickle", intervalMs: 5 });
    await expect(client({ timeoutMs: 5_000 }).metrics.limits()).resolves.toMatchObject({
      min_date: "2023-01-01",
    });
  });
});

describe("answers have a size limit", () => {
  test("the default limit is 8 MiB", () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(8 * 1024 * 1024);
  });

  test("a 200 MB body is cancelled past the limit with a clear error", async () => {
    fake.setFault("metrics", { type: "huge-body", bytes: 200_000_000 });
    const rssBefore = process.memoryUsage().rss;
    const error = await client({ maxResponseBytes: 1_000_000 })
      .getMetrics({ metrics: ["revenue"], timeRange: "last_7_days" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolarResponseTooLargeError);
    expect(error).toMatchObject({ kind: "upstream_unavailable", retryable: false, maxBytes: 1_000_000 });
    expect((error as Error).message).toBe(
      "Polar answered /v1/metrics/ with more than 1000000 bytes, far more than any of its answers, so the client stopped reading; check that the base URL reaches Polar's API (maxResponseBytes sets the limit).",
    );
    // Before, the whole body was held (838 MB of RSS for 200 MB); a generous bound on what reading it cost.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100_000_000);
  });

  test("error bodies are bounded too", async () => {
    fake.setFault("limits", { type: "huge-body", bytes: 3_000_000 });
    await expect(client({ maxResponseBytes: 1_000_000 }).metrics.limits()).rejects.toThrow(
      /more than 1000000 bytes/,
    );
  });
});

describe("listing products follows the server's page count only so far", () => {
  test("an absurd max_page is refused after one request", async () => {
    fake.setFault("products", { type: "max-page", maxPage: 101_227 });
    const before = fake.requests.length;
    const error = await client()
      .products.listAll()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolarInputError);
    expect((error as Error).message).toMatch(
      new RegExp(`on 101227 pages; listing every product stops at ${MAX_PRODUCT_PAGES} pages of 100`),
    );
    expect(fake.requests.length - before).toBe(1);
  });

  test("pages past the data end the listing at the first empty one", async () => {
    fake.setFault("products", { type: "max-page", maxPage: MAX_PRODUCT_PAGES });
    const before = fake.requests.length;
    const products = await client().products.listAll();
    expect(products.map((product) => product.id)).toEqual(fake.store.products.map((product) => product.id));
    // Page 1 holds every product of the fake; page 2 is empty and ends the listing.
    expect(fake.requests.length - before).toBe(2);
  });
});
