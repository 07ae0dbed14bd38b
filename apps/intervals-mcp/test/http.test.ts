import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  startHttpServerProcess,
} from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

const CANARY = "canary-key-5f2c9e81d4b7a6";
let fake: FakeIntervals;
let open: HttpServerProcess;
let guarded: HttpServerProcess;
const outputs: string[] = [];

beforeAll(async () => {
  // The fake accepts only the canary key, so every successful call proves it was used and not leaked.
  fake = await startFakeIntervals({ seed: 9, apiKey: CANARY });
  const env = envFor(undefined, { INTERVALS_API_BASE_URL: fake.url, MCP_LOG_LEVEL: "debug" });
  [open, guarded] = await Promise.all([
    startHttpServerProcess({ script: BIN, env }),
    startHttpServerProcess({ script: BIN, env: { ...env, MCP_AUTH_TOKEN: "mcp-token-for-tests" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([open?.stop(), guarded?.stop()]);
  for (const text of [...outputs, open.stderr(), guarded.stderr()]) expect(text).not.toContain(CANARY);
  await fake?.close();
});

/** Runs `use` with a client over Streamable HTTP whose requests bring the canary key, then closes it. */
async function asAlice(use: (alice: ConnectedClient) => Promise<void>): Promise<void> {
  const alice = await connectClient(
    { transport: "http", server: open },
    { authorization: `Bearer ${CANARY}` },
  );
  try {
    await use(alice);
  } finally {
    await alice.close();
  }
}

describe("per-request credentials over HTTP", () => {
  it("uses each request's own key, two users interleaved, and keeps none", async () => {
    const alice = await connectClient(
      { transport: "http", server: open },
      { authorization: `Bearer ${CANARY}` },
    );
    const mallory = await connectClient(
      { transport: "http", server: open },
      { authorization: "Bearer wrong-key" },
    );
    try {
      const results = await Promise.all([
        call(alice.client, "get_athlete"),
        call(mallory.client, "get_athlete"),
        call(alice.client, "get_activities"),
        call(mallory.client, "get_activities"),
        call(alice.client, "get_fitness"),
      ]);
      outputs.push(...results.map((r) => r.text + JSON.stringify(r.data)));
      const [a1, m1, a2, m2, a3] = results;
      expect([a1?.isError, a2?.isError, a3?.isError]).toEqual([false, false, false]);
      expect(a1?.data.id).toBe(fake.athleteId);
      for (const denied of [m1, m2]) {
        expect(denied?.isError).toBe(true);
        expect(denied?.text).toMatch(/^Intervals\.icu rejected the API key/);
      }
      // A request with no key after those gets no one's data.
      const anonymous = await connectClient({ transport: "http", server: open });
      try {
        const result = await call(anonymous.client, "get_athlete");
        expect(result.text).toMatch(/^No Intervals\.icu API key is configured/);
      } finally {
        await anonymous.close();
      }
    } finally {
      await Promise.all([alice.close(), mallory.close()]);
    }
  });

  it("fetches an athlete's time zone once per key, not once per call", async () => {
    const profileFetches = () =>
      fake.requests.filter((request) => request.route === "getAthlete" && request.status === 200).length;
    await asAlice(async (alice) => {
      const before = profileFetches();
      // Each of these needs the athlete's local "today" for its default window.
      for (const tool of ["get_activities", "get_fitness", "get_events", "get_wellness_data"]) {
        const result = await call(alice.client, tool);
        outputs.push(result.text);
        expect(result.isError).toBe(false);
      }
      expect(profileFetches() - before).toBeLessThanOrEqual(1);
    });
  });

  it("serves prompts and resources over stateless HTTP, next to tool calls", async () => {
    await asAlice(async (alice) => {
      const { prompts } = await alice.client.listPrompts();
      expect(prompts.map((p) => p.name).sort()).toEqual(["plan_next_week", "weekly_training_review"]);
      const prompt = await alice.client.getPrompt({ name: "plan_next_week", arguments: { goal: "a 10k" } });
      expect(JSON.stringify(prompt.messages)).toContain("Goal: a 10k.");
      const { resources } = await alice.client.listResources();
      const { contents } = await alice.client.readResource({ uri: resources[0]?.uri ?? "" });
      expect(JSON.stringify(contents)).toContain("4x");
      const result = await call(alice.client, "get_events");
      outputs.push(result.text);
      expect(result.isError).toBe(false);
    });
  });

  it("holds one key's requests from concurrent calls to one rate limit (10/s, bursts of 10)", async () => {
    await asAlice(async (alice) => {
      const before = fake.requests.length;
      const results = await Promise.all(Array.from({ length: 16 }, () => call(alice.client, "get_athlete")));
      outputs.push(...results.map((result) => result.text));
      expect(results.every((result) => !result.isError)).toBe(true);
      const sent = fake.requests
        .slice(before)
        .filter((request) => request.route === "getAthlete")
        .map((request) => request.at)
        .sort((a, b) => a - b);
      expect(sent).toHaveLength(16);
      // Each call is its own HTTP request and client: only a limiter shared by the key holds the 13th
      // request back until three more tokens have come in (300 ms). A slow machine only widens the gap.
      expect(Number(sent[12]) - Number(sent[0])).toBeGreaterThanOrEqual(250);
    });
  });

  it("with MCP_AUTH_TOKEN, takes the key from x-intervals-api-key", async () => {
    const client = await connectClient(
      { transport: "http", server: guarded },
      { authorization: "Bearer mcp-token-for-tests", "x-intervals-api-key": CANARY },
    );
    try {
      const result = await call(client.client, "get_athlete");
      outputs.push(result.text);
      expect(result.data.id).toBe(fake.athleteId);
    } finally {
      await client.close();
    }
    await expect(
      connectClient({ transport: "http", server: guarded }, { "x-intervals-api-key": CANARY }),
    ).rejects.toThrow();
  });

  it("serves SSE too", async () => {
    const client = await connectClient(
      { transport: "sse", server: open },
      { authorization: `Bearer ${CANARY}` },
    );
    try {
      const result = await call(client.client, "get_events");
      outputs.push(result.text);
      expect(result.isError).toBe(false);
      expect(Array.isArray(result.data.events)).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe("the key never leaks", () => {
  it("appears in no result or log line of any tool, over stdio with debug logs", async () => {
    const server = await connectClient({
      transport: "stdio",
      script: BIN,
      args: ["--enable-destructive"],
      env: envFor(fake, { MCP_LOG_LEVEL: "debug" }),
    });
    try {
      const { tools } = await server.client.listTools();
      const activity = fake.store.activities.findLast((a) => a.source !== "STRAVA")?.id;
      const [event, doomed] = [...fake.store.events.keys()];
      const args: Record<string, Record<string, unknown>> = {
        get_activity_details: { activity_id: activity },
        get_activity_intervals: { activity_id: activity },
        get_activity_streams: { activity_id: activity },
        get_event_by_id: { event_id: event },
        add_or_update_event: { date: fake.store.today, category: "NOTE", name: "Canary" },
        update_wellness: { date: fake.store.today, mood: 2 },
        delete_event: { event_id: doomed },
      };
      for (const tool of tools) {
        const result = await call(server.client, tool.name, args[tool.name] ?? {});
        expect(result.isError, `${tool.name}: ${result.text}`).toBe(false);
        outputs.push(result.text, JSON.stringify(result.data));
      }
      fake.setFault({ route: "*", type: "status", status: 401 });
      outputs.push((await call(server.client, "get_athlete")).text);
      fake.clearFaults();
      outputs.push(server.stderr());
      expect(outputs.join("\n")).not.toContain(CANARY);
    } finally {
      await server.close();
    }
  });
});

describe("--demo", () => {
  it("answers without a key and tells the model the data is synthetic", async () => {
    const demo = await connectClient({
      transport: "stdio",
      script: BIN,
      args: ["--demo"],
      env: envFor(undefined),
    });
    try {
      expect(demo.client.getInstructions()).toMatch(/DEMO MODE: the data is synthetic/);
      const result = await call(demo.client, "get_activities");
      expect(result.isError).toBe(false);
      expect((result.data.activities as unknown[]).length).toBeGreaterThan(5);
      const { resources } = await demo.client.listResources();
      const { contents } = await demo.client.readResource({ uri: resources[0]?.uri ?? "" });
      expect(JSON.stringify(contents)).toContain("4x");
      const { prompts } = await demo.client.listPrompts();
      expect(prompts.map((p) => p.name).sort()).toEqual(["plan_next_week", "weekly_training_review"]);
      const prompt = await demo.client.getPrompt({ name: "plan_next_week", arguments: { goal: "a 10k" } });
      expect(JSON.stringify(prompt.messages)).toContain("Goal: a 10k.");
    } finally {
      await demo.close();
    }
  });
});

describe("README", () => {
  it("has a current tool table", () => {
    const docs = fileURLToPath(new URL("../node_modules/.bin/mcp-tool-docs", import.meta.url));
    const run = spawnSync(docs, ["dist/tools.js", "README.md", "--check"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
