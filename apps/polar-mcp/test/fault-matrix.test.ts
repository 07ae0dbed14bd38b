import { type FakeFault, type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  postMcp,
  responseText,
  sendRaw,
  startHttpServerProcess,
} from "@mcp-connectors/test-kit";
import { faultMatrixSuite } from "@mcp-connectors/test-kit/suites";
import * as vitest from "vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BIN, CLEAN_ENV, textOf } from "./helpers.js";

const TOKEN = "polar_oat_fake-canary-fault-matrix-0123456789";
const MCP_TOKEN = "mcp-canary-token-9d8c7b6a";

// Each HTTP request brings its token, as a multi-organization deployment runs. One server never retries
// (to see each fault's message), the other retries twice; a third sits behind MCP_AUTH_TOKEN.
let fake: FakePolar;
let once: HttpServerProcess;
let retrying: HttpServerProcess;
let guarded: HttpServerProcess;
let plain: ConnectedClient;
let patient: ConnectedClient;
/** Every raw answer and result, to check that neither secret ever shows. */
const seen: string[] = [];

beforeAll(async () => {
  fake = await startFakePolar({ seed: 31, token: TOKEN });
  const env = (retries: string) => ({
    ...CLEAN_ENV,
    POLAR_API_BASE_URL: fake.url,
    POLAR_TIMEOUT_SECONDS: "1",
    POLAR_MAX_RETRIES: retries,
    MCP_LOG_LEVEL: "debug",
  });
  [once, retrying, guarded] = await Promise.all([
    startHttpServerProcess({ script: BIN, env: env("0") }),
    startHttpServerProcess({ script: BIN, env: env("2") }),
    startHttpServerProcess({ script: BIN, env: { ...env("0"), MCP_AUTH_TOKEN: MCP_TOKEN } }),
  ]);
  const auth = { authorization: `Bearer ${TOKEN}` };
  [plain, patient] = await Promise.all([
    connectClient({ transport: "http", server: once }, auth),
    connectClient({ transport: "http", server: retrying }, auth),
  ]);
});

afterEach(() => fake.clearFaults());

afterAll(async () => {
  await Promise.all([plain?.close(), patient?.close()]);
  const logs = [once, retrying, guarded].map((server) => server?.stderr() ?? "");
  await Promise.all([once?.stop(), retrying?.stop(), guarded?.stop()]);
  await fake?.close();
  const everything = [...seen, ...logs].join("\n");
  expect(seen.length).toBeGreaterThan(60);
  expect(everything).not.toContain(TOKEN);
  expect(everything).not.toContain(MCP_TOKEN);
});

/** Valid arguments for every tool that calls Polar (list_metrics reads only the built-in catalog). */
const ARGUMENTS: Record<string, Record<string, unknown>> = {
  get_metrics: { metric_names: ["revenue", "orders"], time_range: "last_7_days" },
  audit_performance: { time_range: "last_week" },
  query: { query: "SELECT period, revenue FROM metrics WHERE time_range = 'last_7_days' GROUP BY day" },
  get_metrics_limits: {},
  list_products: {},
};

const faults: Array<[label: string, fault: FakeFault, message: RegExp]> = [
  ["401", { type: "status", status: 401 }, /^Polar rejected the access token .*New Token.*metrics:read/],
  ["403", { type: "status", status: 403 }, /^The Polar token lacks the scope metrics:read; create a token/],
  ["404", { type: "status", status: 404 }, /Polar found nothing/],
  ["422", { type: "status", status: 422 }, /Polar rejected the request.*Injected validation failure/],
  ["429 with Retry-After", { type: "status", status: 429, retryAfter: 7 }, /rate limit.*Wait 7 seconds/],
  ["429 without Retry-After", { type: "status", status: 429 }, /rate limit/],
  ["500", { type: "status", status: 500 }, /Polar failed with 500.*Try again later/],
  ["502", { type: "status", status: 502 }, /Polar failed with 502/],
  ["503", { type: "status", status: 503 }, /Polar failed with 503/],
  ["CDN HTML page", { type: "html", status: 502 }, /Polar failed with 502/],
  ["HTML page with 200", { type: "html", status: 200 }, /not JSON \(an HTML page\)/],
  ["malformed JSON", { type: "malformed-json" }, /not JSON/],
  ["slow past the timeout", { type: "slow", delayMs: 1_500 }, /did not answer.*within 1000 ms/],
  ["body trickling past the timeout", { type: "trickle", intervalMs: 100 }, /did not answer.*within 1000 ms/],
  ["connection reset", { type: "drop" }, /Could not reach Polar/],
];

const toolCall = (name: string, args: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name, arguments: args },
});

faultMatrixSuite(vitest, {
  arguments: () => ARGUMENTS,
  toolCount: 5,
  call: async (tool, args) => {
    const result = await plain.client.callTool({ name: tool, arguments: args });
    seen.push(JSON.stringify(result));
    return { isError: result.isError === true, text: textOf(result) };
  },
  setFault: (fault) => fake.setFault("*", fault),
  clearFaults: () => fake.clearFaults(),
  faults,
  secret: () => TOKEN,
});

describe("retries: bounded, and never on an answer that would not change", () => {
  const rows: Array<[fault: FakeFault, attempts: number]> = [
    [{ type: "status", status: 401 }, 1],
    [{ type: "status", status: 422 }, 1],
    [{ type: "status", status: 429, retryAfter: 3_600 }, 1],
    [{ type: "status", status: 429, retryAfter: 0 }, 3],
    [{ type: "status", status: 503 }, 3],
    [{ type: "html", status: 502 }, 3],
    [{ type: "drop" }, 3],
  ];

  it.each(rows)("%j is tried %i time(s)", async (fault, attempts) => {
    fake.setFault("limits", fault);
    const from = fake.requests.length;
    const result = await patient.client.callTool({ name: "get_metrics_limits", arguments: {} });
    seen.push(JSON.stringify(result));
    expect(result.isError).toBe(true);
    expect(fake.requests.slice(from)).toHaveLength(attempts);
  });

  it("a request succeeds when the fault passes within the retries", async () => {
    fake.setFault("metrics", { type: "status", status: 502, times: 2 });
    const result = await patient.client.callTool({ name: "get_metrics", arguments: ARGUMENTS.get_metrics });
    expect(result.isError, textOf(result)).toBeFalsy();
  });
});

describe("the token never shows in a raw HTTP answer, header or log line", () => {
  it("every tool × every fault, and every refusal", async () => {
    const auth = { authorization: `Bearer ${MCP_TOKEN}`, "x-polar-access-token": TOKEN };
    for (const fault of [undefined, ...faults.map(([, f]) => f)]) {
      if (fault) fake.setFault("*", fault);
      const answers = await Promise.all(
        Object.entries(ARGUMENTS).map(([tool, args]) => postMcp(guarded.url, toolCall(tool, args), auth)),
      );
      fake.clearFaults();
      seen.push(...answers.map(responseText));
    }
    const refusals = await Promise.all([
      postMcp(guarded.url, toolCall("get_metrics_limits", {}), { "x-polar-access-token": TOKEN }),
      postMcp(guarded.url, toolCall("get_metrics_limits", {}), { authorization: `Bearer ${TOKEN}` }),
      postMcp(guarded.url, `{"broken": "${TOKEN} ${MCP_TOKEN}"`, { authorization: `Bearer ${MCP_TOKEN}` }),
      sendRaw(`${guarded.url}/messages?sessionId=${TOKEN}`, {
        headers: { authorization: `Bearer ${MCP_TOKEN}` },
      }),
    ]);
    expect(refusals.map((answer) => answer.status)).toEqual([401, 401, 400, 404]);
    seen.push(...refusals.map(responseText));
  });
});
