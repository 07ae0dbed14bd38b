import { addDays } from "@mcp-connectors/intervals-icu";
import {
  type FakeIntervals,
  type FaultEffect,
  startFakeIntervals,
} from "@mcp-connectors/intervals-icu/testing";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  openSseSession,
  postMcp,
  responseText,
  sendRaw,
  startHttpServerProcess,
} from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

const KEY = "canary-key-7e1d9a0c55b3f2";
const TOKEN = "canary-mcp-token-4b8e6f1a2d";

let fake: FakeIntervals;
let stdio: ConnectedClient;
let open: HttpServerProcess;
let guarded: HttpServerProcess;
/** Everything a client or an operator could read: results, raw HTTP answers with headers, logs. */
const seen: string[] = [];

beforeAll(async () => {
  // The fake accepts only the canary, so every successful call proves the key was sent upstream.
  fake = await startFakeIntervals({ seed: 41, apiKey: KEY });
  const env = envFor(undefined, {
    INTERVALS_API_BASE_URL: fake.url,
    INTERVALS_TIMEOUT_SECONDS: "1",
    MCP_LOG_LEVEL: "debug",
    // Every tool under every fault with one key: at the default 10 requests/s that takes many seconds.
    INTERVALS_MAX_REQUESTS_PER_SECOND: "1000",
  });
  const args = ["--enable-destructive"];
  [stdio, open, guarded] = await Promise.all([
    connectClient({ transport: "stdio", script: BIN, args, env: { ...env, INTERVALS_API_KEY: KEY } }),
    startHttpServerProcess({ script: BIN, args, env }),
    startHttpServerProcess({ script: BIN, args, env: { ...env, MCP_AUTH_TOKEN: TOKEN } }),
  ]);
});

afterAll(async () => {
  await stdio?.close();
  await Promise.all([open?.stop(), guarded?.stop()]);
  await fake?.close();
});

function argumentsByTool(): Record<string, Record<string, unknown>> {
  const activity = fake.store.activities.findLast((a) => a.source !== "STRAVA")?.id;
  const [event] = [...fake.store.events.keys()].slice(-1);
  const day = addDays(fake.store.today, 1);
  return {
    get_activities: {},
    get_activity_details: { activity_id: activity },
    get_activity_intervals: { activity_id: activity },
    get_activity_streams: { activity_id: activity },
    get_athlete: {},
    get_event_by_id: { event_id: event },
    get_events: {},
    get_fitness: {},
    get_hr_curves: {},
    get_pace_curves: {},
    get_power_curves: {},
    get_wellness_data: {},
    add_or_update_event: { date: day, category: "NOTE", name: "Secret keeper" },
    update_wellness: { date: day, mood: 2 },
    // Deleting succeeds once; afterwards its error path (404) is exercised instead.
    delete_event: { event_id: event },
  };
}

const faults: FaultEffect[] = [
  { type: "status", status: 401 },
  { type: "status", status: 403 },
  { type: "status", status: 404 },
  { type: "status", status: 422, message: "Bad request" },
  // An upstream that echoes the credential in its error message.
  { type: "status", status: 400, message: `Invalid key ${KEY}` },
  { type: "status", status: 429, retryAfter: 3 },
  { type: "status", status: 500 },
  { type: "html", status: 502 },
  { type: "malformedJson" },
  { type: "slow", delayMs: 1_200 },
  { type: "drop" },
];

const toolCall = (name: string, args: Record<string, unknown>, id = 1) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

/** Calls every tool over raw HTTP, keeping each whole answer (status, headers, body). */
async function everyToolOverHttp(server: HttpServerProcess, headers: Record<string, string>) {
  const answers = await Promise.all(
    Object.entries(argumentsByTool()).map(([name, args]) =>
      postMcp(server.url, toolCall(name, args), headers),
    ),
  );
  seen.push(...answers.map(responseText));
  return answers;
}

describe("the canary key and token never show", () => {
  it("over stdio: every tool, then every fault, then every tool refused", async () => {
    for (const [name, args] of Object.entries(argumentsByTool())) {
      const result = await call(stdio.client, name, args);
      expect(result.isError, `${name}: ${result.text}`).toBe(false);
      seen.push(result.text, JSON.stringify(result.data));
    }
    for (const fault of faults) {
      fake.setFault({ route: "*", ...fault });
      const result = await call(stdio.client, "get_athlete");
      fake.clearFaults();
      expect(result.isError, JSON.stringify(fault)).toBe(true);
      seen.push(result.text);
    }
    fake.setFault({ route: "*", type: "status", status: 401 });
    for (const [name, args] of Object.entries(argumentsByTool()))
      seen.push((await call(stdio.client, name, args)).text);
    fake.clearFaults();
    seen.push(stdio.stderr());
  });

  it("over Streamable HTTP with the key as bearer: every tool × every fault, whole answers", async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    const succeeded = await everyToolOverHttp(open, auth);
    expect(
      succeeded.every((answer) => answer.status === 200 && !answer.body.includes('"isError":true')),
    ).toBe(true);
    for (const fault of faults) {
      fake.setFault({ route: "*", ...fault });
      const answers = await everyToolOverHttp(open, auth);
      fake.clearFaults();
      for (const answer of answers) expect(answer.body, JSON.stringify(fault)).toContain('"isError":true');
    }
  });

  it("over Streamable HTTP behind MCP_AUTH_TOKEN, with the key in x-intervals-api-key", async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, "x-intervals-api-key": KEY };
    await everyToolOverHttp(guarded, auth);
    fake.setFault({ route: "*", type: "status", status: 401 });
    await everyToolOverHttp(guarded, auth);
    fake.clearFaults();
    // Refusals: no token, the key sent as the token, a wrong token, a malformed body carrying both.
    const refusals = await Promise.all([
      postMcp(guarded.url, toolCall("get_athlete", {}), { "x-intervals-api-key": KEY }),
      postMcp(guarded.url, toolCall("get_athlete", {}), { authorization: `Bearer ${KEY}` }),
      postMcp(guarded.url, toolCall("get_athlete", {}), { authorization: `Bearer ${TOKEN}x` }),
      postMcp(guarded.url, `{"broken": "${KEY} ${TOKEN}"`, { authorization: `Bearer ${TOKEN}` }),
      sendRaw(`${guarded.url}/messages?sessionId=${KEY}`, { headers: { authorization: `Bearer ${TOKEN}` } }),
    ]);
    expect(refusals.map((answer) => answer.status)).toEqual([401, 401, 401, 400, 404]);
    seen.push(...refusals.map(responseText));
  });

  it("over SSE: every tool, and every tool under a fault", async () => {
    const sse = await connectClient({ transport: "sse", server: open }, { authorization: `Bearer ${KEY}` });
    const from = seen.length;
    try {
      for (const fault of [undefined, ...faults.slice(0, 3)]) {
        if (fault) fake.setFault({ route: "*", ...fault });
        const results = await Promise.all(
          Object.entries(argumentsByTool()).map(([name, args]) => call(sse.client, name, args)),
        );
        fake.clearFaults();
        seen.push(...results.map((result) => result.text + JSON.stringify(result.data)));
        // The key reached the fake: without a fault the athlete is read, under one every tool fails.
        if (fault)
          expect(
            results.every((result) => result.isError),
            JSON.stringify(fault),
          ).toBe(true);
        else expect(results[Object.keys(argumentsByTool()).indexOf("get_athlete")]?.isError).toBe(false);
      }
      // The raw stream too: its endpoint event and the answers it carries.
      const session = await openSseSession(open.url, { authorization: `Bearer ${KEY}` });
      const posted = await session.post(toolCall("get_athlete", {}));
      session.drop();
      expect(posted.status).toBe(202);
      expect(session.sessionId).toMatch(/^[\w-]{8,}$/);
      seen.push(responseText(posted), session.sessionId);
      const ownAnswers = seen.slice(from).join("\n");
      expect(seen.length - from).toBe(4 * 15 + 2);
      expect(ownAnswers).not.toContain(KEY);
      expect(ownAnswers).not.toContain(TOKEN);
    } finally {
      await sse.close();
    }
  });

  it("no result, answer, header or log line contains either secret", () => {
    const everything = [...seen, open.stderr(), guarded.stderr(), stdio.stderr()].join("\n");
    expect(seen.length).toBeGreaterThan(200);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(TOKEN);
    // The fake saw the key on every request that authenticated: the checks above were not vacuous.
    expect(fake.requests.filter((request) => request.auth === "basic").length).toBeGreaterThan(100);
  });
});
