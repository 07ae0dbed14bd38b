import { spawnSync } from "node:child_process";
import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { BIN, CLEAN_ENV, textOf } from "./helpers.js";

const CANARY = "polar_oat_fake-canary-0123456789-abcdef-SECRET";

let fake: FakePolar;
let server: ConnectedClient;
const outputs: string[] = [];

const REVENUE = { metric_names: ["revenue"], time_range: "last_7_days" };

async function call(client: ConnectedClient, name: string, args: Record<string, unknown> = REVENUE) {
  const result = await client.client.callTool({ name, arguments: args });
  outputs.push(JSON.stringify(result));
  return result;
}

async function start(env: Record<string, string | undefined>, args: string[] = []) {
  return connectClient({ transport: "stdio", script: BIN, args, env: { ...CLEAN_ENV, ...env } });
}

beforeAll(async () => {
  fake = await startFakePolar({ seed: 4, token: CANARY });
  // No retries and a one-second limit, so every failure shows at once.
  server = await start({
    POLAR_ACCESS_TOKEN: CANARY,
    POLAR_API_BASE_URL: fake.url,
    POLAR_MAX_RETRIES: "0",
    POLAR_TIMEOUT_SECONDS: "1",
  });
});

afterEach(() => fake.clearFaults());

afterAll(async () => {
  // The token never appears in any result or in anything the server wrote to stderr.
  const stderr = server.stderr();
  await server.close();
  await fake.close();
  for (const text of [...outputs, stderr]) expect(text).not.toContain(CANARY);
  expect(outputs.length).toBeGreaterThan(10);
});

describe("every upstream failure becomes one actionable sentence", () => {
  test.each([
    [{ type: "status", status: 429, retryAfter: 7 }, /rate limit.*Wait 7 seconds/],
    [{ type: "status", status: 500 }, /Polar failed with 500.*Try again later/],
    [{ type: "status", status: 503 }, /Polar failed with 503/],
    [{ type: "status", status: 404 }, /Polar found nothing/],
    [{ type: "status", status: 422 }, /Polar rejected the request.*Injected validation failure/],
    [{ type: "status", status: 401 }, /Polar rejected the access token.*New Token.*metrics:read.*only once/],
    [{ type: "status", status: 403 }, /lacks the scope metrics:read/],
    [{ type: "html", status: 200 }, /not JSON \(an HTML page\)/],
    [{ type: "html", status: 502 }, /Polar failed with 502/],
    [{ type: "malformed-json" }, /not JSON/],
    [{ type: "drop" }, /Could not reach Polar|failed/],
    [
      { type: "slow", delayMs: 3_000 },
      /did not answer.*within 1000 ms.*POLAR_TIMEOUT_SECONDS raises the limit/,
    ],
  ] as const)("%j", async (fault, message) => {
    fake.setFault("metrics", fault);
    const result = await call(server, "get_metrics");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
    expect(textOf(result)).not.toMatch(/at .*\.js:\d+|Error:/);
  });

  test("the limits and products routes fail the same way", async () => {
    fake.setFault("*", { type: "status", status: 502 });
    for (const name of ["get_metrics_limits", "list_products"]) {
      const result = await call(server, name, {});
      expect(result.isError, name).toBe(true);
      expect(textOf(result)).toMatch(/Polar failed with 502/);
    }
  });

  test("the server recovers once the fault is gone", async () => {
    fake.setFault("metrics", { type: "status", status: 500, times: 1 });
    expect((await call(server, "get_metrics")).isError).toBe(true);
    expect((await call(server, "get_metrics")).isError).toBeFalsy();
  });

  test("the client sends Polar-Version and never records the token as invalid", () => {
    const last = fake.requests.at(-1);
    expect(last).toMatchObject({ polarVersion: "2026-04", authorization: "valid" });
  });
});

describe("tokens", () => {
  test("with no token the server starts and every Polar tool explains how to create one", async () => {
    const bare = await start({ POLAR_API_BASE_URL: fake.url });
    try {
      for (const [name, args] of [
        ["get_metrics", REVENUE],
        ["audit_performance", { time_range: "last_week" }],
        ["query", { query: "SELECT revenue FROM metrics" }],
        ["list_products", {}],
        ["get_metrics_limits", {}],
      ] as const) {
        const result = await call(bare, name, args);
        expect(result.isError, name).toBe(true);
        expect(textOf(result)).toMatch(
          /^No Polar access token is configured\. .*Organization Settings → Developers → New Token.*metrics:read.*only once/,
        );
      }
      expect((await call(bare, "list_metrics", {})).isError).toBeFalsy();
    } finally {
      await bare.close();
    }
  });

  test("a wrong token is rejected with the sandbox hint and the way to make a new one", async () => {
    const wrong = await start({
      POLAR_ACCESS_TOKEN: "polar_oat_wrongwrongwrong",
      POLAR_API_BASE_URL: fake.url,
    });
    try {
      const result = await call(wrong, "get_metrics");
      expect(textOf(result)).toMatch(/^Polar rejected the access token .*sandbox.*New Token.*metrics:read/);
      expect(fake.requests.at(-1)?.authorization).toBe("invalid");
    } finally {
      await wrong.close();
    }
  });

  test("POLAR_API_KEY and POLAR_OAT are accepted too", async () => {
    for (const name of ["POLAR_API_KEY", "POLAR_OAT"]) {
      const other = await start({ [name]: CANARY, POLAR_API_BASE_URL: fake.url });
      try {
        expect((await call(other, "get_metrics")).isError, name).toBeFalsy();
      } finally {
        await other.close();
      }
    }
  });

  test("a token without products:read is told which scope to add", async () => {
    const narrow = await startFakePolar({ seed: 4, token: CANARY, scopes: ["metrics:read"] });
    const client = await start({ POLAR_ACCESS_TOKEN: CANARY, POLAR_API_BASE_URL: narrow.url });
    try {
      const result = await call(client, "list_products", {});
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        /lacks the scope products:read; create a token that includes products:read/,
      );
      expect((await call(client, "get_metrics")).isError).toBeFalsy();
    } finally {
      await client.close();
      await narrow.close();
    }
  });
});

describe("configuration", () => {
  test("POLAR_ORGANIZATION_ID and POLAR_TIMEZONE reach the API, and a call's timezone wins", async () => {
    const organization = "0b6a3c1e-5d2f-4a7b-9c8d-1e2f3a4b5c6d";
    const configured = await start({
      POLAR_ACCESS_TOKEN: CANARY,
      POLAR_API_BASE_URL: fake.url,
      POLAR_ORGANIZATION_ID: organization,
      POLAR_TIMEZONE: "Asia/Tokyo",
    });
    try {
      expect((await call(configured, "get_metrics")).isError).toBeFalsy();
      expect(fake.requests.at(-1)?.query).toMatchObject({
        organization_id: [organization],
        timezone: ["Asia/Tokyo"],
      });
      await call(configured, "get_metrics", { ...REVENUE, timezone: "America/New_York" });
      expect(fake.requests.at(-1)?.query.timezone).toEqual(["America/New_York"]);
    } finally {
      await configured.close();
    }
  });

  test.each([
    ["POLAR_SERVER", "staging", "POLAR_SERVER must be production or sandbox"],
    ["POLAR_SANDBOX", "maybe", 'POLAR_SANDBOX must be true or false, not "maybe"'],
    ["POLAR_TIMEZONE", "Mars/Olympus", "POLAR_TIMEZONE must be an IANA time zone"],
    ["POLAR_TIMEOUT_SECONDS", "soon", "POLAR_TIMEOUT_SECONDS must be a whole number"],
    [
      "POLAR_MAX_REQUESTS_PER_MINUTE",
      "0",
      'POLAR_MAX_REQUESTS_PER_MINUTE must be a whole number from 1 to 10000, not "0"',
    ],
  ])("a bad %s stops the server with a sentence naming the variable", (name, value, sentence) => {
    const run = spawnSync(process.execPath, [BIN], {
      env: { ...process.env, ...CLEAN_ENV, [name]: value },
      input: "",
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(sentence);
  });

  test("POLAR_SANDBOX=true with POLAR_SERVER=production stops the server instead of guessing", () => {
    const run = spawnSync(process.execPath, [BIN], {
      env: { ...process.env, ...CLEAN_ENV, POLAR_SANDBOX: "true", POLAR_SERVER: "production" },
      input: "",
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("POLAR_SANDBOX=true contradicts POLAR_SERVER=production");
  });
});
