import { spawnSync } from "node:child_process";
import { type FakeIntervals, type Fault, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { type ConnectedClient, connectClient } from "@mcp-connectors/test-kit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

let fake: FakeIntervals;
let server: ConnectedClient;

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 5 });
  server = await connectClient({
    transport: "stdio",
    script: BIN,
    env: envFor(fake, { INTERVALS_TIMEOUT_SECONDS: "1" }),
  });
});

afterEach(() => fake.clearFaults());

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("every upstream failure is one sentence saying what to do", () => {
  const cases: Array<[label: string, fault: Fault, message: RegExp]> = [
    [
      "401 rejected key",
      { route: "listActivities", type: "status", status: 401 },
      /^Intervals\.icu rejected the API key: check INTERVALS_API_KEY against Intervals\.icu → Settings → Developer Settings/,
    ],
    [
      "403 denied",
      { route: "listActivities", type: "status", status: 403 },
      /^Intervals\.icu denied access .*check athlete_id/,
    ],
    [
      "404 missing",
      { route: "listActivities", type: "status", status: 404 },
      /^Intervals\.icu has no such item/,
    ],
    [
      "422 rejected",
      { route: "listActivities", type: "status", status: 422, message: "Invalid date" },
      /^Intervals\.icu rejected the request \(Invalid date\): correct the arguments/,
    ],
    [
      "429 rate limited",
      { route: "listActivities", type: "status", status: 429, retryAfter: 120 },
      /^Intervals\.icu is rate limiting requests: wait 120 seconds and try again\.$/,
    ],
    [
      "503 server error",
      { route: "listActivities", type: "status", status: 503 },
      /^Intervals\.icu had a server error \(503\) on GET \S+activities: Service Unavailable; try again in a minute\.$/,
    ],
    [
      "CDN HTML page",
      { route: "listActivities", type: "html", status: 502 },
      /^Intervals\.icu had a server error \(502\) on GET \S+: the response was an HTML page instead of JSON/,
    ],
    [
      "malformed JSON",
      { route: "listActivities", type: "malformedJson" },
      /^Intervals\.icu sent a body that is not JSON \(malformed\) \(200\) on GET \S+; try again in a minute\.$/,
    ],
    [
      "timeout",
      { route: "listActivities", type: "slow", delayMs: 1_500 },
      /^Intervals\.icu did not answer in time/,
    ],
    [
      "dropped connection",
      { route: "listActivities", type: "drop" },
      /^Could not reach Intervals\.icu for GET \S+activities .*; check the network connection and the base URL, then try again\.$/,
    ],
    [
      "an answer over the size limit says to ask for less, not to try again",
      { route: "listActivities", type: "hugeBody", bytes: 40_000_000 },
      /^Intervals\.icu answered GET \S+activities with more than this client's limit of 33554432 bytes .*; ask for a shorter date window or fewer streams or fields\.$/,
    ],
  ];

  it.each(cases)("%s", async (_label, fault, message) => {
    fake.setFault(fault);
    const result = await call(server.client, "get_activities", { start_date: "2025-01-01" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(result.text.split(/[.!?](\s|$)/).filter((part) => part.trim().length > 1)).toHaveLength(1);
    expect(result.text).not.toContain(fake.apiKey);
  });

  it("recovers on the next call", async () => {
    const result = await call(server.client, "get_activities", { start_date: "2025-01-01" });
    expect(result.isError).toBe(false);
  });
});

describe("credentials", () => {
  it("starts without a key, lists tools, and explains how to set one", async () => {
    const bare = await connectClient({ transport: "stdio", script: BIN, env: envFor(undefined) });
    try {
      const { tools } = await bare.client.listTools();
      expect(tools.length).toBeGreaterThan(10);
      for (const name of ["get_activities", "get_athlete", "update_wellness"]) {
        const result = await call(
          bare.client,
          name,
          name === "update_wellness" ? { date: "2025-06-01", weight: 70 } : {},
        );
        expect(result.isError).toBe(true);
        expect(result.text).toMatch(
          /^No Intervals\.icu API key is configured: set INTERVALS_API_KEY .*Settings → Developer Settings/,
        );
      }
    } finally {
      await bare.close();
    }
  });

  it("accepts API_KEY and ATHLETE_ID with a numeric id", async () => {
    const other = await connectClient({
      transport: "stdio",
      script: BIN,
      env: envFor(undefined, {
        API_KEY: fake.apiKey,
        ATHLETE_ID: fake.athleteId.slice(1),
        INTERVALS_API_BASE_URL: fake.url,
      }),
    });
    try {
      const result = await call(other.client, "get_athlete");
      expect(result.data.id).toBe(fake.athleteId);
      expect(fake.requests.at(-1)?.path).toContain(`/athlete/${fake.athleteId}`);
    } finally {
      await other.close();
    }
  });

  it("accepts an OAuth access token", async () => {
    const other = await connectClient({
      transport: "stdio",
      script: BIN,
      env: envFor(fake, { INTERVALS_API_KEY: undefined, INTERVALS_ACCESS_TOKEN: fake.accessToken }),
    });
    try {
      expect((await call(other.client, "get_athlete")).isError).toBe(false);
      expect(fake.requests.at(-1)?.auth).toBe("bearer");
    } finally {
      await other.close();
    }
  });

  it("refuses to start with a malformed athlete id, saying which variable", () => {
    const run = spawnSync(process.execPath, [BIN], {
      env: { ...process.env, INTERVALS_ATHLETE_ID: "bob" },
      input: "",
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('INTERVALS_ATHLETE_ID must look like i12345, 12345 or 0, not "bob".');
  });
});
