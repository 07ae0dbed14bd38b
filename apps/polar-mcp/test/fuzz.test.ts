import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/tool-builder/testing";
import {
  fieldsNamed,
  fuzzTools,
  plausibleArgumentsFor,
  type RecordedCall,
  recordToolCalls,
} from "@mcp-connectors/tool-builder/testing/fuzz";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, CLEAN_ENV, dayFromToday } from "./helpers.js";

let fake: FakePolar;
let server: ConnectedClient;
let calls: RecordedCall[];
let tools: Tool[];

beforeAll(async () => {
  fake = await startFakePolar({ seed: 21 });
  server = await connectClient({
    transport: "stdio",
    script: BIN,
    env: {
      ...CLEAN_ENV,
      POLAR_ACCESS_TOKEN: fake.token,
      POLAR_API_BASE_URL: fake.url,
      POLAR_MAX_RETRIES: "0",
    },
  });
  calls = recordToolCalls(server.client);
  ({ tools } = await server.client.listTools());
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

/**
 * A range the client resolves from a preset and one date can still come out backwards (a start_date after
 * today); the client's sentence names both dates in words rather than by argument.
 */
const BACKWARDS_RANGE = /^The end date \d{4}-\d{2}-\d{2} is before the start date \d{4}-\d{2}-\d{2}\.$/;

/** Every error result names an argument of the tool and the rule it broke. */
function expectErrorsNameAField(recorded: RecordedCall[]) {
  for (const call of recorded.filter((c) => c.result.isError && !BACKWARDS_RANGE.test(c.text))) {
    const tool = tools.find((t) => t.name === call.tool);
    const known = [
      ...Object.keys(tool?.inputSchema.properties ?? {}),
      // A strict schema names the unknown keys it was sent.
      ...Object.keys(call.arguments ?? {}),
    ];
    const context = `${call.tool}(${JSON.stringify(call.arguments)?.slice(0, 200)}): ${call.text}`;
    const fields = fieldsNamed(call.text);
    // A tool with one argument (query) needs not name it: every input error is about that one.
    if (Object.keys(tool?.inputSchema.properties ?? {}).length > 1)
      expect(fields.length, context).toBeGreaterThan(0);
    for (const field of fields) expect(known, context).toContain(field);
    expect(
      call.text.replace(/MCP error -32602: Input validation error: /, "").length,
      context,
    ).toBeGreaterThan(30);
  }
}

/**
 * What "no invalid request reached Polar" means against the fake: every request was a GET of one of its
 * routes with the valid token, answered 200 — the fake answers 422 only for a malformed date, interval,
 * time zone, UUID, billing type or metric slug or a range too long for the interval, and 404 only for an
 * unknown path or API version, all of which the server must catch or avoid first.
 */
function expectOnlyValidUpstreamRequests(from: number) {
  const sent = fake.requests.slice(from);
  expect(sent.length).toBeGreaterThan(20);
  for (const request of sent) {
    const context = `${request.method} ${request.path} ${JSON.stringify(request.query)} → ${request.status}`;
    expect(request.method, context).toBe("GET");
    expect(request.authorization, context).toBe("valid");
    expect(request.status, context).toBe(200);
  }
}

describe("fuzzing every tool through a real client", { timeout: 60_000 }, () => {
  it("hostile arguments: every call ends in a result or an error naming the field; nothing bad goes upstream", async () => {
    const from = fake.requests.length;
    const before = calls.length;
    const failures = await fuzzTools(server.client, fc, { runs: 25, seed: 8 });
    expect(failures).toEqual([]);
    const fuzzed = calls.slice(before);
    expect(new Set(fuzzed.map((call) => call.tool)).size).toBe(tools.length);
    expectErrorsNameAField(fuzzed);
    expectOnlyValidUpstreamRequests(from);
  });

  it("plausible arguments (real slugs and ids, dates from 1990 to 2200, start after end, queries) reach Polar safely", async () => {
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
        ({ select, where, group, tail }) => `SELECT ${select.join(", ")} FROM metrics${where}${group}${tail}`,
      );
    const values = {
      metric_names: fc.array(fc.constantFrom(...slugs, "not_a_metric"), { minLength: 1, maxLength: 3 }),
      start_date: date,
      end_date: date,
      timezone: fc.constantFrom("UTC", "Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns"),
      product_ids: ids,
      customer_ids: ids,
      search: fc.string({ maxLength: 20 }),
      query,
    };
    const from = fake.requests.length;
    const before = calls.length;
    const failures = await fuzzTools(server.client, fc, {
      runs: 25,
      seed: 9,
      argumentsFor: (tool) => plausibleArgumentsFor(fc, tool, values),
    });
    expect(failures).toEqual([]);
    const fuzzed = calls.slice(before);
    expectErrorsNameAField(fuzzed);
    expect(fuzzed.filter((call) => !call.result.isError).length).toBeGreaterThan(fuzzed.length / 5);
    expectOnlyValidUpstreamRequests(from);
  });
});
