import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { afterAll, describe, expect, test } from "vitest";
import { z } from "zod";
import type { AppSpec } from "../src/cli.ts";
import { createMcpServer, defineTool, type ServerDefinition } from "../src/index.ts";
import { claimStdioHandover, fastStart } from "../src/startup/front.ts";
import { HandoverTransport } from "../src/startup/handover-transport.ts";
import { recordStartup } from "../src/startup/record.ts";
import { configurationFor, fastStartEnabled, type StartupSnapshot } from "../src/startup/snapshot.ts";

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const definition: ServerDefinition = {
  name: "fast-fixture",
  version: "1.2.3",
  title: "Fast fixture",
  instructions: "Echoes.",
  tools: [
    defineTool({
      name: "echo",
      title: "Echo",
      description: "Returns the text it is given.",
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
      annotations: readOnly,
      handler: ({ text }) => ({ text }),
    }),
    defineTool({
      name: "erase",
      title: "Erase",
      description: "Pretends to delete everything.",
      input: z.object({}),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      handler: () => ({ erased: true }),
    }),
  ],
};
const app: AppSpec = {
  name: "fast-fixture",
  version: "1.2.3",
  summary: "a fixture",
  startupNeutralEnvironment: { FIXTURE_RETRIES: /^\d$/ },
  create: async () => {
    void process.env.FIXTURE_RETRIES;
    void process.env.FIXTURE_MODE;
    return { definition };
  },
};

const folder = mkdtempSync(join(tmpdir(), "fast-start-test-"));
const snapshotFile = join(folder, "startup.json");
const snapshot = await recordStartup(app);
writeFileSync(snapshotFile, JSON.stringify(snapshot));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type Message = Record<string, unknown> & { id?: string | number };

const initialize = (id: number, protocolVersion: string, extra: Record<string, unknown> = {}): Message => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: {
    protocolVersion,
    capabilities: { roots: { listChanged: true }, sampling: {} },
    clientInfo: { name: "test-client", version: "9.9" },
    ...extra,
  },
});
const initialized: Message = { jsonrpc: "2.0", method: "notifications/initialized" };
const request = (id: number, method: string, params?: Record<string, unknown>): Message => ({
  jsonrpc: "2.0",
  id,
  method,
  ...(params && { params }),
});

/**
 * Starts a server through `fastStart` on in-memory stdio, the way `runServer` does, writes the messages,
 * and resolves once every request has an answer (or the input ended and the server settled).
 */
async function run(
  messages: Message[],
  options: { env?: NodeJS.ProcessEnv; argv?: string[]; end?: boolean; answers?: number } = {},
) {
  const input = new PassThrough();
  const output = new PassThrough();
  const answers: Message[] = [];
  let server: McpServer | undefined;
  let serverBuiltBeforeAnswer: boolean[] = [];
  let inputEnded = false;
  let buffered = "";
  const expected = options.answers ?? messages.filter((message) => message.id !== undefined).length;
  const done = new Promise<void>((resolve) => {
    output.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n")) {
        answers.push(JSON.parse(buffered.slice(0, end)) as Message);
        serverBuiltBeforeAnswer = [...serverBuiltBeforeAnswer, server !== undefined];
        buffered = buffered.slice(end + 1);
      }
      if (answers.length >= expected) resolve();
    });
  });
  await fastStart({
    snapshot: snapshotFile,
    argv: options.argv ?? [],
    env: options.env ?? process.env,
    input,
    output,
    server: async () => {
      const built = createMcpServer(definition, {
        enableDestructive: options.argv?.includes("--enable-destructive"),
      });
      server = built;
      const handover = claimStdioHandover();
      await built.connect(
        handover ? new HandoverTransport(handover) : new StdioServerTransport(input, output),
      );
      handover?.whenInputEnds(() => {
        inputEnded = true;
      });
    },
  });
  for (const message of messages) input.write(`${JSON.stringify(message)}\n`);
  if (options.end) input.end();
  await done;
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { answers, server, serverBuiltBeforeAnswer, inputEnded: () => inputEnded };
}

const byId = (answers: Message[]) => Object.fromEntries(answers.map((answer) => [String(answer.id), answer]));
const normal = { ...process.env, MCP_FAST_START: "0" };

describe("the fast stdio start", () => {
  test.each(["2025-06-18", "2024-11-05", "1999-01-01"])(
    "answers initialize (protocol %s) and tools/list from the snapshot, exactly as the server does",
    async (version) => {
      const messages = [initialize(1, version), initialized, request(2, "tools/list")];
      const fast = await run(messages);
      const slow = await run(messages, { env: normal });
      expect(fast.serverBuiltBeforeAnswer).toEqual([false, false]);
      expect(slow.serverBuiltBeforeAnswer).toEqual([true, true]);
      expect(fast.answers).toEqual(slow.answers);
      const result = fast.answers[0]?.result as { protocolVersion: string };
      expect(result.protocolVersion).toBe(
        version === "1999-01-01" ? snapshot.protocolVersions.latest : version,
      );
    },
  );

  test("hands over to the server after tools/list: later requests are answered by it, in order", async () => {
    const messages = [
      initialize(1, "2025-06-18"),
      initialized,
      request(2, "tools/list"),
      request(3, "ping"),
      request(4, "tools/list"),
      request(5, "tools/call", { name: "echo", arguments: { text: "hi" } }),
      request(6, "logging/setLevel", { level: "debug" }),
      request(7, "tools/call", { name: "echo", arguments: { text: 42 } }),
    ];
    const fast = await run(messages);
    const slow = await run(messages, { env: normal });
    // Tool calls are asynchronous: answers come in the order the server gives them without a fast start.
    expect(fast.answers.map((answer) => answer.id)).toEqual(slow.answers.map((answer) => answer.id));
    expect(fast.answers.map((answer) => answer.id).slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(fast.serverBuiltBeforeAnswer.slice(0, 3)).toEqual([false, false, true]);
    expect(byId(fast.answers)).toEqual(byId(slow.answers));
    expect(
      (byId(fast.answers)["5"]?.result as { structuredContent?: unknown } | undefined)?.structuredContent,
    ).toEqual({
      text: "hi",
    });
  });

  test("the server learns the client's capabilities, name and protocol version from the replayed initialize", async () => {
    const fast = await run([
      initialize(1, "2024-11-05"),
      initialized,
      request(2, "tools/list"),
      request(3, "ping"),
    ]);
    expect(fast.server?.server.getClientCapabilities()).toEqual({
      roots: { listChanged: true },
      sampling: {},
    });
    expect(fast.server?.server.getClientVersion()).toEqual({ name: "test-client", version: "9.9" });
    // The server's answer to the replay is not sent again.
    expect(fast.answers.filter((answer) => answer.id === 1)).toHaveLength(1);
  });

  test("a request before initialize, or anything unusual, goes to the server, which answers it", async () => {
    for (const messages of [
      [request(1, "ping"), initialize(2, "2025-06-18"), initialized, request(3, "tools/list")],
      [initialize(1, "2025-06-18", { _meta: { x: 1 } }), initialized, request(2, "tools/list")],
      [initialize(1, "2025-06-18"), request(2, "tools/list", { cursor: 5 })],
      [initialize(1, "2025-06-18"), initialize(2, "2024-11-05"), request(3, "tools/list")],
    ]) {
      const fast = await run(messages);
      const slow = await run(messages, { env: normal });
      expect(byId(fast.answers)).toEqual(byId(slow.answers));
    }
    // A message the SDK refuses (an unknown key) gets no answer, from either.
    for (const messages of [[{ ...initialize(1, "2025-06-18"), extra: true }, request(2, "tools/list")]]) {
      const fast = await run(messages, { answers: 1 });
      const slow = await run(messages, { env: normal, answers: 1 });
      expect(fast.answers.map((answer) => answer.id)).toEqual([2]);
      expect(byId(fast.answers)).toEqual(byId(slow.answers));
    }
  });

  test("answers the snapshot of the command line's tool selection", async () => {
    const names = async (argv: string[]) => {
      const { answers } = await run([initialize(1, "2025-06-18"), request(2, "tools/list")], { argv });
      const result = answers[1]?.result as { tools: Array<{ name: string }> } | undefined;
      return result?.tools.map((tool) => tool.name);
    };
    expect(await names([])).toEqual(["echo"]);
    expect(await names(["--enable-destructive"])).toEqual(["echo", "erase"]);
  });

  test("does not load the server for a client that only initializes, and passes the input's end on", async () => {
    const idle = await run([initialize(1, "2025-06-18"), initialized], { end: true });
    expect(idle.server).toBeUndefined();
    const busy = await run([initialize(1, "2025-06-18"), request(2, "tools/list"), request(3, "ping")], {
      end: true,
    });
    expect(busy.answers.map((answer) => answer.id)).toEqual([1, 2, 3]);
    expect(busy.inputEnded()).toBe(true);
  });
});

describe("which starts the snapshot covers", () => {
  const env = { ...process.env, FIXTURE_RETRIES: undefined, FIXTURE_MODE: undefined };
  test("the recorded command lines, in any order, and no other", () => {
    expect(configurationFor(snapshot, [], env)?.argv).toEqual([]);
    expect(configurationFor(snapshot, ["--read-only", "--enable-destructive"], env)?.argv).toEqual([
      "--enable-destructive",
      "--read-only",
    ]);
    expect(configurationFor(snapshot, ["--tools", "echo"], env)).toBeUndefined();
    expect(configurationFor(snapshot, ["--read-only", "--read-only"], env)).toBeUndefined();
    expect(configurationFor(snapshot, ["--transport", "stdio"], env)).toBeUndefined();
  });

  test("a variable the start read must be as at build, unless declared neutral (and matching)", () => {
    expect(snapshot.environment).toHaveProperty("FIXTURE_MODE");
    expect(configurationFor(snapshot, [], { ...env, FIXTURE_MODE: "other" })).toBeUndefined();
    expect(configurationFor(snapshot, [], { ...env, FIXTURE_RETRIES: "3" })).toBeDefined();
    expect(configurationFor(snapshot, [], { ...env, FIXTURE_RETRIES: "many" })).toBeUndefined();
    expect(configurationFor(snapshot, [], { ...env, MCP_TRANSPORT: "stdio" })).toBeDefined();
    expect(configurationFor(snapshot, [], { ...env, MCP_TRANSPORT: "http" })).toBeUndefined();
    expect(configurationFor(snapshot, [], { ...env, MCP_OAUTH: "true" })).toBeUndefined();
    expect(configurationFor(snapshot, [], { ...env, UNRELATED: "x" })).toBeDefined();
  });

  test("MCP_FAST_START=0 turns it off", () => {
    expect(fastStartEnabled({})).toBe(true);
    expect(fastStartEnabled({ MCP_FAST_START: "1" })).toBe(true);
    for (const off of ["0", "false", "OFF", "no"])
      expect(fastStartEnabled({ MCP_FAST_START: off })).toBe(false);
  });

  test("a snapshot records every supported protocol version and the latest", () => {
    const recorded: StartupSnapshot = snapshot;
    expect(recorded.protocolVersions.supported).toContain(recorded.protocolVersions.latest);
    expect(recorded.configurations).toHaveLength(4);
  });
});
