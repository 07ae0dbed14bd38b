import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { connectClient, exchangeOverStdio, type RawMessage } from "@mcp-connectors/tool-builder/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig, startupNeutralEnvironment } from "../src/config.js";
import { BIN, call, envFor } from "./helpers.js";

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

let fake: FakeIntervals;
beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 5 });
});
afterAll(async () => {
  await fake?.close();
});

describe("the fast stdio start", () => {
  it("answers from a snapshot equal to what the built server answers without it", async () => {
    expect(snapshot.configurations.map((configuration) => configuration.argv)).toContainEqual([]);
    for (const { argv, initialize: answer, toolList } of snapshot.configurations) {
      const { answers } = await exchangeOverStdio(
        { script: BIN, args: argv, env: envFor(fake, { MCP_FAST_START: "0" }) },
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
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_athlete", arguments: {} } },
        { jsonrpc: "2.0", id: 4, method: "ping" },
        { jsonrpc: "2.0", id: 5, method: "tools/list" },
      ];
      const fast = await exchangeOverStdio({ script: BIN, env: envFor(fake) }, messages);
      const normal = await exchangeOverStdio(
        { script: BIN, env: envFor(fake, { MCP_FAST_START: "0" }) },
        messages,
      );
      expect(byId(fast.answers)).toEqual(byId(normal.answers));
      expect(fast.answers.slice(0, 2).map((answer) => answer.id)).toEqual([1, 2]);
      const athlete = byId(fast.answers)["3"]?.result as { isError?: boolean };
      expect(athlete.isError).toBeFalsy();
      expect(fast.exitCode).toBe(0);
    },
  );

  it("is what the other tests' bins start with (a marked snapshot shows through)", async () => {
    const folder = mkdtempSync(join(tmpdir(), "intervals-fast-start-"));
    try {
      cpSync(new URL("../dist", import.meta.url), join(folder, "dist"), { recursive: true });
      cpSync(new URL("../package.json", import.meta.url), join(folder, "package.json"));
      const file = join(folder, "dist", "startup.json");
      const marked = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
      for (const configuration of marked.configurations) configuration.initialize.instructions = "MARKED";
      writeFileSync(file, JSON.stringify(marked));
      const server = await connectClient({
        transport: "stdio",
        script: join(folder, "dist", "bin.js"),
        env: envFor(fake, { INTERVALS_ATHLETE_ID: "0" }),
      });
      try {
        expect(server.client.getInstructions()).toBe("MARKED");
        expect((await server.client.listTools()).tools.length).toBeGreaterThan(0);
        const athlete = await call(server.client, "get_athlete");
        expect(athlete.isError, athlete.text).toBe(false);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("leaves a setting the server refuses to the normal start, which reports it before answering", async () => {
    await expect(
      exchangeOverStdio({ script: BIN, env: envFor(fake, { INTERVALS_ATHLETE_ID: "bob" }) }, [
        initialize("2025-06-18"),
      ]),
    ).rejects.toThrow(/exited with code 1 after 0 answers[\s\S]*INTERVALS_ATHLETE_ID must look like/);
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
            () => readConfig({ ...{ INTERVALS_API_KEY: "fake-key" }, [name]: value }),
            `${name}=${JSON.stringify(value)}`,
          ).not.toThrow();
        }),
      );
    }
  });
});
