import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { connectClient, exchangeOverStdio, type RawMessage } from "@mcp-connectors/tool-builder/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig, startupNeutralEnvironment } from "../src/config.js";
import { BIN, CLEAN_ENV, dataOf } from "./helpers.js";

interface Snapshot {
  configurations: Array<{ argv: string[]; initialize: Record<string, unknown>; toolList: unknown }>;
}
const snapshot = JSON.parse(
  readFileSync(new URL("../dist/startup.json", import.meta.url), "utf8"),
) as Snapshot;

const initialize = (protocolVersion: string): RawMessage => ({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion, capabilities: { roots: {} }, clientInfo: { name: "raw", version: "1" } },
});
const initialized: RawMessage = { jsonrpc: "2.0", method: "notifications/initialized" };
const byId = (answers: RawMessage[]) =>
  Object.fromEntries(answers.map((answer) => [String(answer.id), answer]));

let fake: FakePolar;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  fake = await startFakePolar({ seed: 4 });
  env = {
    ...CLEAN_ENV,
    POLAR_ACCESS_TOKEN: fake.token,
    POLAR_API_BASE_URL: fake.url,
    POLAR_MAX_RETRIES: "0",
  };
});
afterAll(async () => {
  await fake?.close();
});

describe("the fast stdio start", () => {
  it("answers from a snapshot equal to what the built server answers without it", async () => {
    expect(snapshot.configurations.map((configuration) => configuration.argv)).toContainEqual([]);
    for (const { argv, initialize: answer, toolList } of snapshot.configurations) {
      const { answers } = await exchangeOverStdio(
        { script: BIN, args: argv, env: { ...env, MCP_FAST_START: "0" } },
        [initialize("2025-06-18"), initialized, { jsonrpc: "2.0", id: 2, method: "tools/list" }],
      );
      expect(answers[0]?.result, argv.join(" ")).toEqual({ protocolVersion: "2025-06-18", ...answer });
      expect(answers[1]?.result, argv.join(" ")).toEqual(toolList);
    }
  });

  it.each(["2025-11-25", "2024-11-05", "1999-01-01"])(
    "answers as the normal start does (protocol %s), tools/call right after tools/list included",
    async (version) => {
      const messages: RawMessage[] = [
        initialize(version),
        initialized,
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
        {
          jsonrpc: "2.0",
          id: 3,
          method: "tools/call",
          params: { name: "get_metrics_limits", arguments: {} },
        },
        { jsonrpc: "2.0", id: 4, method: "ping" },
        { jsonrpc: "2.0", id: 5, method: "tools/list" },
      ];
      const fast = await exchangeOverStdio({ script: BIN, env }, messages);
      const normal = await exchangeOverStdio({ script: BIN, env: { ...env, MCP_FAST_START: "0" } }, messages);
      expect(byId(fast.answers)).toEqual(byId(normal.answers));
      expect(fast.answers.slice(0, 2).map((answer) => answer.id)).toEqual([1, 2]);
      const limits = byId(fast.answers)["3"]?.result as { isError?: boolean };
      expect(limits.isError).toBeFalsy();
      expect(fast.exitCode).toBe(0);
    },
  );

  it("is what the other tests' bins start with (a marked snapshot shows through)", async () => {
    const folder = mkdtempSync(join(tmpdir(), "polar-fast-start-"));
    try {
      cpSync(new URL("../dist", import.meta.url), join(folder, "dist"), { recursive: true });
      cpSync(new URL("../package.json", import.meta.url), join(folder, "package.json"));
      const file = join(folder, "dist", "startup.json");
      const marked = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
      for (const configuration of marked.configurations) configuration.initialize.instructions = "MARKED";
      writeFileSync(file, JSON.stringify(marked));
      // As the tests start it, and as the Claude Desktop extension does, with every setting at its default.
      const extensionDefaults = { POLAR_SANDBOX: "false", POLAR_TIMEZONE: "UTC", POLAR_SERVER: "production" };
      for (const startEnv of [env, { ...env, ...extensionDefaults }]) {
        const server = await connectClient({
          transport: "stdio",
          script: join(folder, "dist", "bin.js"),
          env: startEnv,
        });
        try {
          expect(server.client.getInstructions()).toBe("MARKED");
          expect((await server.client.listTools()).tools.length).toBeGreaterThan(0);
          dataOf(await server.client.callTool({ name: "get_metrics_limits", arguments: {} }));
        } finally {
          await server.close();
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("leaves settings that change the answers to the normal start", async () => {
    const server = await connectClient({
      transport: "stdio",
      script: BIN,
      env: { ...env, POLAR_TIMEZONE: "Europe/Berlin" },
    });
    try {
      expect(server.client.getInstructions()).toContain("read in Europe/Berlin");
    } finally {
      await server.close();
    }
  });

  it("leaves a setting the server refuses to the normal start, which reports it before answering", async () => {
    await expect(
      exchangeOverStdio({ script: BIN, env: { ...env, POLAR_SERVER: "staging" } }, [
        initialize("2025-06-18"),
      ]),
    ).rejects.toThrow(/exited with code 1 after 0 answers[\s\S]*POLAR_SERVER must be production or sandbox/);
  });

  it("lets through only values the server accepts (its patterns must not drift from config.ts)", () => {
    const patterns = Object.entries(startupNeutralEnvironment).filter(
      (entry): entry is [string, RegExp] => entry[1] instanceof RegExp,
    );
    expect(patterns.length).toBeGreaterThan(0);
    for (const [name, pattern] of patterns) {
      fc.assert(
        fc.property(fc.stringMatching(pattern), (value) => {
          expect(
            () => readConfig({ ...{ POLAR_ACCESS_TOKEN: "polar_oat_fake" }, [name]: value }),
            `${name}=${JSON.stringify(value)}`,
          ).not.toThrow();
        }),
      );
    }
  });
});
