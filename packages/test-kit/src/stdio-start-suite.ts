import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import type { SuiteApi } from "./http-hardening-suite.js";
import { exchangeOverStdio, type RawMessage } from "./process.js";

/** An app's fake API, started for the suite. */
export interface StdioStartFake {
  close(): Promise<void>;
}

/** What the stdio start suite needs to know about one app. */
export interface StdioStartSpec<Fake extends StdioStartFake = StdioStartFake> {
  /** The server's name in `serverInfo`. */
  serverName: string;
  /** The built bin, spawned as users run it. */
  bin: string;
  /** Starts the app's fake API (the suite closes it). */
  startFake(): Promise<Fake>;
  /** Environment of a server reading the fake with the fake's credential configured. */
  env(fake: NoInfer<Fake>): Record<string, string | undefined>;
  /** Tools `tools/list` must name. */
  tools: string[];
  /** A read-only call that reaches the API. */
  call: { name: string; arguments: Record<string, unknown> };
  /**
   * Checks that the call reached the API: given its structured answer, the fake, and a mark taken from
   * `mark(fake)` before the exchange.
   */
  checkCall(structuredContent: unknown, fake: NoInfer<Fake>, mark: number): void;
  /** A mark of the fake's state before the exchange (say, how many requests it had). */
  mark?(fake: NoInfer<Fake>): number;
}

/**
 * A desktop client's start: the suite spawns the built bin and writes initialize, tools/list, a tool call and
 * a ping at once, without waiting for the server to load, for three protocol versions. Every request gets its
 * answer, the tool call reaches the API, and the server exits with 0 when stdin ends. Call it at the top level
 * of a test file, with `import * as vitest from "vitest"`.
 */
export function stdioStartSuite<Fake extends StdioStartFake>(
  vitest: SuiteApi,
  spec: StdioStartSpec<Fake>,
): void {
  const { afterAll, beforeAll, describe, expect, it } = vitest;
  let fake: Fake;
  beforeAll(async () => {
    fake = await spec.startFake();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const messages = (protocolVersion: string): RawMessage[] => [
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion, capabilities: { roots: {} }, clientInfo: { name: "raw", version: "1" } },
    },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { jsonrpc: "2.0", id: 2, method: "tools/list" },
    { jsonrpc: "2.0", id: 3, method: "tools/call", params: spec.call },
    { jsonrpc: "2.0", id: 4, method: "ping" },
  ];

  describe("a stdio start with every message written at once", () => {
    // A version the SDK supports is answered as asked; any other gets the latest one.
    it.each([
      ["2025-06-18", "2025-06-18"],
      ["2024-11-05", "2024-11-05"],
      ["1999-01-01", LATEST_PROTOCOL_VERSION],
    ])("protocol %s: answers every request and exits when stdin ends", async (asked, agreed) => {
      const mark = spec.mark?.(fake) ?? 0;
      const { answers, exitCode, stderr } = await exchangeOverStdio(
        { script: spec.bin, env: spec.env(fake) },
        messages(asked),
      );
      // initialize and tools/list in order; the tool call answers when its upstream request is back.
      expect(answers.slice(0, 2).map((answer) => answer.id)).toEqual([1, 2]);
      expect(answers.map((answer) => answer.id).sort()).toEqual([1, 2, 3, 4]);
      const byId = new Map(answers.map((answer) => [answer.id, answer.result as Record<string, unknown>]));
      const answer = (id: number) => byId.get(id) ?? {};
      const [initialize, list, call, ping] = [answer(1), answer(2), answer(3), answer(4)];
      expect(initialize.protocolVersion).toBe(agreed);
      expect((initialize.serverInfo as { name: string }).name).toBe(spec.serverName);
      const names = (list.tools as Array<{ name: string }>).map((tool) => tool.name);
      for (const tool of spec.tools) expect(names).toContain(tool);
      expect(call.isError, JSON.stringify(call)).toBeFalsy();
      spec.checkCall(call.structuredContent, fake, mark);
      expect(ping).toEqual({});
      expect(exitCode, stderr).toBe(0);
    });
  });
}
