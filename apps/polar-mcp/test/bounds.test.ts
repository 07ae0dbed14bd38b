import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  startHttpServerProcess,
} from "@mcp-connectors/test-kit";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, CLEAN_ENV, textOf } from "./helpers.js";

// The requests of issue 17: ~125 bytes each, once 3–7.5 s of blocked event loop apiece before any refusal.
const HOSTILE_QUERY =
  "SELECT period, revenue FROM metrics WHERE period BETWEEN '2023-01-01' AND '9999-12-31' GROUP BY hour COMPARE TO previous_year";
const HOSTILE_METRICS = {
  metric_names: ["revenue"],
  start_date: "2023-01-01",
  end_date: "9999-12-31",
  interval: "hour",
};
/** Within the date bounds, yet hundreds of API calls by the hour. */
const COSTLY_METRICS = { metric_names: ["revenue"], time_range: "all_time", interval: "hour" };

let fake: FakePolar;
let server: HttpServerProcess;
const clients: ConnectedClient[] = [];

beforeAll(async () => {
  fake = await startFakePolar({ seed: 5 });
  server = await startHttpServerProcess({
    script: BIN,
    env: { ...CLEAN_ENV, POLAR_API_BASE_URL: fake.url },
  });
  for (let index = 0; index < 2; index++) {
    clients.push(
      await connectClient({ transport: "http", server }, { Authorization: `Bearer ${fake.token}` }),
    );
  }
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.stop();
  await fake.close();
});

/** Polls `/healthz` until `done` settles; resolves with the slowest answer, in milliseconds. */
async function slowestHealthCheck(done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  let slowest = 0;
  do {
    const started = performance.now();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  } while (!finished);
  return slowest;
}

describe("one small request cannot stall the server", () => {
  test("8 hostile calls in parallel are each refused quickly, with no upstream call, while /healthz answers", async () => {
    const before = fake.requests.length;
    const timed = async (call: () => Promise<unknown>) => {
      const started = performance.now();
      const result = (await call()) as CallToolResult;
      return { result, ms: performance.now() - started };
    };
    const calls = Array.from({ length: 8 }, (_, index) => {
      const client = (clients[index % 2] as ConnectedClient).client;
      if (index % 4 === 0)
        return timed(() => client.callTool({ name: "query", arguments: { query: HOSTILE_QUERY } }));
      if (index % 4 === 1)
        return timed(() => client.callTool({ name: "get_metrics", arguments: HOSTILE_METRICS }));
      if (index % 4 === 2)
        return timed(() => client.callTool({ name: "get_metrics", arguments: COSTLY_METRICS }));
      return timed(() =>
        client.callTool({
          name: "query",
          arguments: { query: HOSTILE_QUERY.replace(" COMPARE TO previous_year", "") },
        }),
      );
    });
    const all = Promise.all(calls);
    const slowestHealth = await slowestHealthCheck(all);
    const answers = await all;

    for (const [index, { result, ms }] of answers.entries()) {
      expect(result.isError, textOf(result)).toBe(true);
      const text = textOf(result);
      if (index % 4 === 1) expect(text).toMatch(/at most 366 days after today at end_date/);
      else if (index % 4 === 2) expect(text).toMatch(/would take \d+ API calls, more than the 24/);
      else expect(text).toMatch(/end date 9999-12-31 is more than 366 days after today/);
      // Generous bounds, as the issue asks: before the fix each took seconds and all eight about 50 s.
      expect(ms).toBeLessThan(1_000);
    }
    expect(slowestHealth).toBeLessThan(1_000);
    expect(fake.requests.length).toBe(before);
  });
});

describe("one token, one rate limit", () => {
  test("calls over separate HTTP requests with the same token share its limit", async () => {
    // 120 a minute: a burst of 12, then 108 a minute (one token every ~556 ms).
    const limited = await startHttpServerProcess({
      script: BIN,
      env: { ...CLEAN_ENV, POLAR_API_BASE_URL: fake.url, POLAR_MAX_REQUESTS_PER_MINUTE: "120" },
    });
    const callers: ConnectedClient[] = [];
    try {
      for (let index = 0; index < 4; index++) {
        callers.push(
          await connectClient(
            { transport: "http", server: limited },
            { Authorization: `Bearer ${fake.token}` },
          ),
        );
      }
      const before = fake.requests.length;
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: 18 }, (_, index) =>
          (callers[index % 4] as ConnectedClient).client.callTool({
            name: "get_metrics",
            arguments: { metric_names: ["revenue"], time_range: "last_7_days" },
          }),
        ),
      );
      for (const result of results) expect((result as CallToolResult).isError, textOf(result)).toBeFalsy();
      const sent = fake.requests
        .slice(before)
        .map((request) => request.at)
        .sort((a, b) => a - b);
      expect(sent).toHaveLength(18);
      // Only a limit shared by the token holds the 18th call back until 6 more tokens came in (~3.3 s).
      expect(Number(sent[17]) - started).toBeGreaterThanOrEqual(2_500);
    } finally {
      await Promise.all(callers.map((caller) => caller.close()));
      await limited.stop();
    }
  });
});
