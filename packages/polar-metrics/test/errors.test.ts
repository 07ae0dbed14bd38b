import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  createPolarClient,
  PolarAuthError,
  PolarError,
  PolarNetworkError,
  PolarNotFoundError,
  PolarRateLimitError,
  PolarScopeError,
  PolarServerError,
  PolarTimeoutError,
  PolarValidationError,
} from "../src/index.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

const now = new Date("2025-06-15T12:00:00Z");
const CANARY = "polar_oat_CANARY0123456789abcdef";
let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 3, now, token: CANARY });
});
afterEach(() => fake.clearFaults());
afterAll(() => fake.close());

const client = (options: Parameters<typeof createPolarClient>[0] = {}) =>
  createPolarClient({
    accessToken: CANARY,
    baseUrl: fake.url,
    now: () => now,
    retry: { limit: 0 },
    ...options,
  });
const revenue = (c = client(), signal?: AbortSignal) =>
  c.getMetrics({ metrics: ["revenue"], timeRange: "last_7_days", ...(signal ? { signal } : {}) });

async function failure(promise: Promise<unknown>): Promise<PolarError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PolarError);
    const serialized = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
    ].join("\n");
    expect(serialized).not.toContain(CANARY);
    return error as PolarError;
  }
  throw new Error("expected a failure");
}

describe("auth", () => {
  test("a missing token is explained without a request", async () => {
    const before = fake.requests.length;
    const error = await failure(revenue(client({ accessToken: undefined })));
    expect(error).toBeInstanceOf(PolarAuthError);
    expect(error.message).toMatch(/Organization Settings → Developers → New Token.*metrics:read.*only once/);
    expect(fake.requests.length).toBe(before);
  });

  test("a wrong token gives PolarAuthError mentioning sandbox and production", async () => {
    const error = await failure(revenue(client({ accessToken: "polar_oat_wrong" })));
    expect(error).toMatchObject({ kind: "authentication", status: 401, method: "GET", path: "/v1/metrics/" });
    expect(error.message).toMatch(/sandbox and production have separate tokens/);
    expect(error.message).toMatch(/Organization Settings → Developers → New Token.*metrics:read.*only once/);
  });

  test("a token without products:read names the scope", async () => {
    const limited = await startFakePolar({ seed: 3, now, token: CANARY, scopes: ["metrics:read"] });
    try {
      const error = await failure(client({ baseUrl: limited.url }).products.list());
      expect(error).toBeInstanceOf(PolarScopeError);
      expect((error as PolarScopeError).scope).toBe("products:read");
      expect(error.message).toContain("products:read");
      await expect(revenue(client({ baseUrl: limited.url }))).resolves.toBeDefined();
    } finally {
      await limited.close();
    }
  });
});

describe("every error kind", () => {
  test("422 carries the API's detail messages", async () => {
    const error = await failure(
      client().metrics.get({ start_date: "2024-01-01", end_date: "2025-06-01", interval: "day" }),
    );
    expect(error).toBeInstanceOf(PolarValidationError);
    expect(error.message).toContain("The interval is too small for the given date range");
    expect((error as PolarValidationError).issues[0]?.msg).toMatch(
      /Maximum range for day interval is 366 days/,
    );
  });

  // What happened is the class; what to do is the kind, the same words as the Intervals.icu client's.
  test.each([
    [{ type: "status", status: 404 } as const, PolarNotFoundError, "not_found"],
    [{ type: "status", status: 429, retryAfter: 7 } as const, PolarRateLimitError, "rate_limited"],
    [{ type: "status", status: 500 } as const, PolarServerError, "upstream_unavailable"],
    [{ type: "status", status: 502 } as const, PolarServerError, "upstream_unavailable"],
    [{ type: "status", status: 503 } as const, PolarServerError, "upstream_unavailable"],
    [{ type: "status", status: 403 } as const, PolarScopeError, "permission"],
    [{ type: "status", status: 401 } as const, PolarAuthError, "authentication"],
    [{ type: "status", status: 422 } as const, PolarValidationError, "invalid_input"],
    [{ type: "html" } as const, PolarServerError, "upstream_unavailable"],
    [{ type: "html", status: 200 } as const, PolarServerError, "upstream_unavailable"],
    [{ type: "malformed-json" } as const, PolarServerError, "upstream_unavailable"],
    [{ type: "drop" } as const, PolarNetworkError, "upstream_unavailable"],
  ])("%o → %s", async (fault, type, kind) => {
    fake.setFault("metrics", fault);
    const error = await failure(revenue());
    expect(error).toBeInstanceOf(type);
    expect(error.kind).toBe(kind);
  });

  test("a rate limit reports Retry-After", async () => {
    fake.setFault("metrics", { type: "status", status: 429, retryAfter: 7 });
    const error = (await failure(revenue())) as PolarRateLimitError;
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.message).toContain("Wait 7 seconds");
  });

  test("a Retry-After date is read as the seconds until it", async () => {
    const at = new Date(Date.now() + 3_600_000);
    fake.setFault("metrics", { type: "status", status: 429, retryAfter: at.toUTCString() });
    const before = fake.requests.length;
    const error = (await failure(revenue(client({ retry: 2 })))) as PolarRateLimitError;
    const seconds = error.retryAfterSeconds ?? 0;
    expect(seconds).toBeGreaterThan(3_590);
    expect(seconds).toBeLessThanOrEqual(3_600);
    expect(error.message).toContain(`Wait ${seconds} seconds`);
    // Longer than the retry budget (30 s), so it is reported at once rather than slept through.
    expect(fake.requests.length - before).toBe(1);
  });

  test("a slow answer times out", async () => {
    fake.setFault("metrics", { type: "slow", delayMs: 1_000 });
    const error = await failure(revenue(client({ timeoutMs: 150 })));
    expect(error).toBeInstanceOf(PolarTimeoutError);
    expect(error).toMatchObject({ kind: "timeout", limit: "attempt", timeoutMs: 150 });
    expect(error.message).toContain("150 ms");
  });

  test("the caller's abort passes through as the signal's reason, as in the Intervals.icu client", async () => {
    fake.setFault("metrics", { type: "slow", delayMs: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await revenue(client(), controller.signal).catch((caught: unknown) => caught);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe("AbortError");
  });

  test("a closed port is a network error", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(revenue(client({ baseUrl: `http://127.0.0.1:${port}` })));
    expect(error).toBeInstanceOf(PolarNetworkError);
  });

  test("an unsupported Polar-Version is a 404 from the fake", async () => {
    const response = await fetch(`${fake.url}/v1/metrics/limits`, {
      headers: { Authorization: `Bearer ${fake.token}`, "Polar-Version": "1999-01" },
    });
    expect(response.status).toBe(404);
  });
});

describe("retries", () => {
  test("GETs retry 5xx and then succeed", async () => {
    fake.setFault("metrics", { type: "status", status: 503, times: 2 });
    const before = fake.requests.length;
    const report = await revenue(client({ retry: { limit: 2, maxDelayMs: 50 } }));
    expect(report.totals.revenue).toBeTypeOf("number");
    expect(fake.requests.slice(before).map((request) => request.status)).toEqual([503, 503, 200]);
  });

  test("429 with Retry-After as an HTTP date waits until then before retrying", async () => {
    fake.setFault("metrics", {
      type: "status",
      status: 429,
      retryAfter: new Date(Date.now() + 2_000).toUTCString(),
      times: 1,
    });
    const before = fake.requests.length;
    const started = Date.now();
    await revenue(client({ retry: 1 }));
    // An HTTP date has whole seconds: two seconds ahead is between one and two seconds from now.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(fake.requests.slice(before).map((request) => request.status)).toEqual([429, 200]);
  });

  test("timeoutMs bounds each attempt; totalTimeoutMs bounds the whole request", async () => {
    // Every answer a 503 asking for a one-second wait: each attempt is quick, the request is not.
    fake.setFault("metrics", { type: "status", status: 503, retryAfter: 1 });
    let before = fake.requests.length;
    let started = performance.now();
    expect(await failure(revenue(client({ timeoutMs: 500, retry: 2 })))).toBeInstanceOf(PolarServerError);
    expect(fake.requests.length - before).toBe(3);
    expect(performance.now() - started).toBeGreaterThan(1_500);

    before = fake.requests.length;
    started = performance.now();
    const error = await failure(revenue(client({ timeoutMs: 500, totalTimeoutMs: 1_500, retry: 5 })));
    expect(error).toBeInstanceOf(PolarTimeoutError);
    expect(error).toMatchObject({ kind: "timeout", limit: "call", timeoutMs: 1_500 });
    expect(error.message).toMatch(/within 1500 ms, retries included\. Try again, or raise totalTimeoutMs\.$/);
    expect(fake.requests.length - before).toBeLessThanOrEqual(2);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  test("429 waits for Retry-After before retrying", async () => {
    fake.setFault("metrics", { type: "status", status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    await revenue(client({ retry: 1 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  test("retries are bounded", async () => {
    fake.setFault("metrics", { type: "status", status: 500 });
    const before = fake.requests.length;
    await failure(revenue(client({ retry: { limit: 2, maxDelayMs: 20 } })));
    expect(fake.requests.length - before).toBe(3);
  });

  test("validation errors are not retried", async () => {
    const before = fake.requests.length;
    await failure(
      client({ retry: 3 }).metrics.get({
        start_date: "2024-01-01",
        end_date: "2025-06-01",
        interval: "hour",
      }),
    );
    expect(fake.requests.length - before).toBe(1);
  });
});
