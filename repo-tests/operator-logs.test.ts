// What a server operator reads on stderr (issue 19, item 3) and what a host sees while a long call runs
// (item 11): each built bin is spawned over stdio against its fake API at MCP_LOG_LEVEL=debug and driven by the
// official SDK client. Credentials are canaries that must never appear in a line.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { JSONRPCMessage, Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import { readJson, root } from "./apps.ts";

const POLAR_CANARY = "polar_oat_canaryLogs7f3a91e";
const INTERVALS_CANARY = "canary-intervals-key-7f3a91e";

interface RecordedRequest {
  method?: string;
  path: string;
}
interface Fake {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

// Built by the time tests run, not when the root is typechecked: hence paths TypeScript does not follow.
const testing = (library: string) => join(root, "packages", library, "dist", "testing", "index.js");

async function startPolarFake(options: Record<string, unknown> = {}): Promise<Fake> {
  const { startFakePolar } = (await import(testing("polar-metrics"))) as {
    startFakePolar(options: Record<string, unknown>): Promise<Fake>;
  };
  return startFakePolar({ seed: 1, token: POLAR_CANARY, ...options });
}

async function startIntervalsFake(options: Record<string, unknown> = {}): Promise<Fake> {
  const { startFakeIntervals } = (await import(testing("intervals-icu"))) as {
    startFakeIntervals(options: Record<string, unknown>): Promise<Fake>;
  };
  return startFakeIntervals({ seed: 1, apiKey: INTERVALS_CANARY, ...options });
}

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()));
});

/** Spawns the built bin over stdio with `env` and connects the SDK client; stderr is collected. */
async function spawnBin(app: string, env: Record<string, string>, args: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(root, "apps", app, "dist", "bin.js"), ...args],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: "operator-logs-test", version: "1.0.0" });
  await client.connect(transport);
  running.push(() => client.close());
  // What the server sent, in order: the SDK client hands notifications to onprogress a microtask late, so one
  // that arrives in the same read as the result is dropped there; the wire shows what the server did.
  const wire: Array<{ progress?: Progress; response?: boolean }> = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ("method" in message && message.method === "notifications/progress") {
      const { progressToken: _token, ...progress } = message.params as Progress & { progressToken: unknown };
      wire.push({ progress });
    } else if ("id" in message && ("result" in message || "error" in message)) wire.push({ response: true });
    deliver?.(message);
  };
  return { client, wire, stderr: () => stderr, lines: () => stderr.split("\n").filter(Boolean) };
}

/** The progress notifications the server sent before the answer to the last call, and that it sent none after. */
function progressBeforeAnswer(wire: Array<{ progress?: Progress; response?: boolean }>): Progress[] {
  const answer = wire.findLastIndex((entry) => entry.response);
  expect(wire.slice(answer + 1)).toEqual([]);
  const previous = wire.slice(0, answer).findLastIndex((entry) => entry.response);
  return wire.slice(previous + 1, answer).flatMap((entry) => (entry.progress ? [entry.progress] : []));
}

const versionOf = (app: string) => readJson<{ version: string }>("apps", app, "package.json").version;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The `[app] debug: GET /path 200 in 12 ms {…}` lines, as method and path. */
function requestLines(lines: string[], app: string) {
  const pattern = new RegExp(
    `^\\[${app}\\] debug: (GET|POST|PUT|DELETE) (\\S+) (\\d{3}|no answer) in \\d+ ms \\{`,
  );
  return lines.flatMap((line) => {
    const match = pattern.exec(line);
    return match ? [{ method: match[1], path: match[2], status: match[3] }] : [];
  });
}

describe("polar-mcp at MCP_LOG_LEVEL=debug", () => {
  test("one start line, a line per upstream request, a warning per retry, progress for a query that fans out", async () => {
    const fake = await startPolarFake({ faults: { metrics: { type: "status", status: 503, times: 1 } } });
    running.push(() => fake.close());
    const server = await spawnBin("polar-mcp", {
      POLAR_API_BASE_URL: fake.url,
      POLAR_ACCESS_TOKEN: POLAR_CANARY,
      MCP_LOG_LEVEL: "debug",
    });
    const { tools } = await server.client.listTools();
    const progress: Progress[] = [];
    const result = await server.client.callTool(
      {
        name: "query",
        arguments: {
          query:
            "SELECT period, revenue, orders FROM metrics WHERE time_range = 'last_30_days' GROUP BY hour",
        },
      },
      undefined,
      { onprogress: (update) => progress.push(update) },
    );
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const lines = server.lines();

    const starts = lines.filter((line) => line.includes(" serving stdio"));
    expect(starts).toEqual([
      `[polar-mcp] info: polar-mcp ${versionOf("polar-mcp")} serving stdio; upstream ${fake.url}; reads and writes; ${tools.length} tools {"version":"${versionOf("polar-mcp")}","transport":"stdio","upstream":"${fake.url}","readOnly":false,"tools":${tools.length}}`,
    ]);

    // One line per request the fake received, minus the one attempt that was retried (it is in `retries`).
    const logged = requestLines(lines, "polar-mcp");
    const metricsCalls = fake.requests.filter((request) => request.path.startsWith("/v1/metrics/"));
    expect(metricsCalls.length).toBeGreaterThan(2);
    expect(logged).toHaveLength(fake.requests.length - 1);
    for (const line of logged)
      expect(line).toMatchObject({ method: "GET", path: "/v1/metrics/", status: "200" });
    expect(
      lines.filter((line) =>
        /^\[polar-mcp\] warn: retrying GET \/v1\/metrics\/ \(retry 1\) after 503/.test(line),
      ),
    ).toHaveLength(1);

    // Progress: one notification per upstream event, each further than the last.
    const sent = progressBeforeAnswer(server.wire);
    expect(sent.length).toBeGreaterThanOrEqual(metricsCalls.length);
    expect(sent.map((update) => update.progress)).toEqual(sent.map((_, index) => index + 1));
    // The SDK client's own onprogress saw them (all but perhaps the last, see spawnBin).
    expect(progress.length).toBeGreaterThanOrEqual(sent.length - 1);
    expect(progress).toEqual(sent.slice(0, progress.length));
    expect(sent.some((update) => /^Retrying GET \/v1\/metrics\/ after 503$/.test(update.message ?? ""))).toBe(
      true,
    );

    expect(server.stderr()).not.toContain(POLAR_CANARY);
    expect(server.stderr()).not.toContain("?");
  });

  test("MCP_LOG_FORMAT=json writes one JSON object a line, the start line with its facts", async () => {
    const fake = await startPolarFake();
    running.push(() => fake.close());
    const server = await spawnBin(
      "polar-mcp",
      {
        POLAR_API_BASE_URL: fake.url,
        POLAR_ACCESS_TOKEN: POLAR_CANARY,
        MCP_LOG_LEVEL: "debug",
        MCP_LOG_FORMAT: "json",
      },
      ["--read-only"],
    );
    const { tools } = await server.client.listTools();
    await server.client.callTool({ name: "get_metrics_limits", arguments: {} });
    const entries = server.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((entry) => entry.transport === "stdio")).toMatchObject({
      level: "info",
      name: "polar-mcp",
      version: versionOf("polar-mcp"),
      upstream: fake.url,
      readOnly: true,
      tools: tools.length,
      message: expect.stringContaining("read-only"),
    });
    expect(entries.filter((entry) => entry.level === "debug")).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/v1/metrics/limits",
        status: 200,
        retries: 0,
        ms: expect.any(Number),
      }),
    ]);
    for (const entry of entries) expect(Date.parse(String(entry.time))).not.toBeNaN();
    expect(server.stderr()).not.toContain(POLAR_CANARY);
  });
});

describe("intervals-mcp at MCP_LOG_LEVEL=debug", () => {
  test("a wait for the rate limit is a warning and a progress message; each request a debug line", async () => {
    const fake = await startIntervalsFake({ today: "2025-07-01" });
    running.push(() => fake.close());
    const server = await spawnBin("intervals-mcp", {
      INTERVALS_API_BASE_URL: fake.url,
      INTERVALS_API_KEY: INTERVALS_CANARY,
      INTERVALS_MAX_REQUESTS_PER_SECOND: "1",
      MCP_LOG_LEVEL: "debug",
    });
    const { tools } = await server.client.listTools();
    const progress: Progress[] = [];
    // Without dates, the window ends on the athlete's today: the profile first, then the activities.
    const result = await server.client.callTool({ name: "get_activities", arguments: {} }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const lines = server.lines();
    expect(lines.filter((line) => line.includes(" serving stdio"))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[intervals-mcp\\] info: intervals-mcp ${escapeRegExp(versionOf("intervals-mcp"))} serving stdio; upstream ${escapeRegExp(fake.url)}; reads and writes; ${tools.length} tools `,
        ),
      ),
    ]);
    const logged = requestLines(lines, "intervals-mcp");
    expect(logged.map((line) => `${line.method} ${line.path}`)).toEqual(
      fake.requests.map(
        (request) => `${request.method ?? "GET"} ${new URL(request.path, fake.url).pathname}`,
      ),
    );
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(
      lines.some((line) =>
        /^\[intervals-mcp\] warn: waited \d+\.\d s for the rate limit before GET \//.test(line),
      ),
    ).toBe(true);
    const sent = progressBeforeAnswer(server.wire);
    expect(sent.map((update) => update.progress)).toEqual([1, 2, 3]);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual(sent.slice(0, progress.length));
    expect(
      sent.some((update) => /^Waited \d+\.\d s for the API's rate limit$/.test(update.message ?? "")),
    ).toBe(true);
    expect(server.stderr()).not.toContain(INTERVALS_CANARY);
    expect(server.stderr()).not.toContain(Buffer.from(`API_KEY:${INTERVALS_CANARY}`).toString("base64"));
  });
});
