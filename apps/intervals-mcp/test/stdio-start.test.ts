// A desktop client's start: it spawns the built bin and writes initialize, tools/list and a tool call at once,
// without waiting for the server to load. Every request gets its answer, and the server exits when stdin ends.
import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { exchangeOverStdio, type RawMessage } from "@mcp-connectors/tool-builder/testing";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, envFor } from "./helpers.js";

let fake: FakeIntervals;
beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 5 });
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
  { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_athlete", arguments: {} } },
  { jsonrpc: "2.0", id: 4, method: "ping" },
];

describe("a stdio start with every message written at once", () => {
  // A version the SDK supports is answered as asked; any other gets the latest one.
  it.each([
    ["2025-06-18", "2025-06-18"],
    ["2024-11-05", "2024-11-05"],
    ["1999-01-01", LATEST_PROTOCOL_VERSION],
  ])("protocol %s: answers every request and exits when stdin ends", async (asked, agreed) => {
    const { answers, exitCode, stderr } = await exchangeOverStdio(
      { script: BIN, env: envFor(fake) },
      messages(asked),
    );
    // initialize and tools/list in order; the tool call answers when its upstream request is back.
    expect(answers.slice(0, 2).map((answer) => answer.id)).toEqual([1, 2]);
    expect(answers.map((answer) => answer.id).sort()).toEqual([1, 2, 3, 4]);
    const byId = new Map(answers.map((answer) => [answer.id, answer.result as Record<string, unknown>]));
    const answer = (id: number) => byId.get(id) ?? {};
    const [initialize, list, call, ping] = [answer(1), answer(2), answer(3), answer(4)];
    expect(initialize.protocolVersion).toBe(agreed);
    expect((initialize.serverInfo as { name: string }).name).toBe("intervals-mcp");
    const names = (list.tools as Array<{ name: string }>).map((tool) => tool.name);
    expect(names).toContain("get_activities");
    expect(names).toContain("get_athlete");
    expect(call.isError, JSON.stringify(call)).toBeFalsy();
    // The athlete the fake serves, by its id: the call reached the API.
    expect((call.structuredContent as { id: string }).id).toBe(fake.athleteId);
    expect(ping).toEqual({});
    expect(exitCode, stderr).toBe(0);
  });
});
