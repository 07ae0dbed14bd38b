// A desktop client's start: it spawns the built bin and writes initialize, tools/list and a tool call at once,
// without waiting for the server to load. Every request gets its answer, and the server exits when stdin ends.
import { type FakePolar, startFakePolar } from "@mcp-connectors/polar-metrics/testing";
import { exchangeOverStdio, type RawMessage } from "@mcp-connectors/tool-builder/testing";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, CLEAN_ENV } from "./helpers.js";

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

const messages = (protocolVersion: string): RawMessage[] => [
  {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion, capabilities: { roots: {} }, clientInfo: { name: "raw", version: "1" } },
  },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: 2, method: "tools/list" },
  { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_metrics_limits", arguments: {} } },
  { jsonrpc: "2.0", id: 4, method: "ping" },
];

describe("a stdio start with every message written at once", () => {
  // A version the SDK supports is answered as asked; any other gets the latest one.
  it.each([
    ["2025-06-18", "2025-06-18"],
    ["2024-11-05", "2024-11-05"],
    ["1999-01-01", LATEST_PROTOCOL_VERSION],
  ])("protocol %s: answers every request and exits when stdin ends", async (asked, agreed) => {
    const before = fake.requests.length;
    const { answers, exitCode, stderr } = await exchangeOverStdio({ script: BIN, env }, messages(asked));
    // initialize and tools/list in order; the tool call answers when its upstream request is back.
    expect(answers.slice(0, 2).map((answer) => answer.id)).toEqual([1, 2]);
    expect(answers.map((answer) => answer.id).sort()).toEqual([1, 2, 3, 4]);
    const byId = new Map(answers.map((answer) => [answer.id, answer.result as Record<string, unknown>]));
    const answer = (id: number) => byId.get(id) ?? {};
    const [initialize, list, call, ping] = [answer(1), answer(2), answer(3), answer(4)];
    expect(initialize.protocolVersion).toBe(agreed);
    expect((initialize.serverInfo as { name: string }).name).toBe("polar-mcp");
    const names = (list.tools as Array<{ name: string }>).map((tool) => tool.name);
    expect(names).toContain("get_metrics");
    expect(names).toContain("get_metrics_limits");
    expect(call.isError, JSON.stringify(call)).toBeFalsy();
    // The call reached the API with the configured token.
    const limits = fake.requests.slice(before).filter((request) => request.path === "/v1/metrics/limits");
    expect(limits.map((request) => request.authorization)).toEqual(["valid"]);
    expect(ping).toEqual({});
    expect(exitCode, stderr).toBe(0);
  });
});
