// The server through its real boundaries: the built bin, spawned over stdio and driven by the SDK's client,
// reading the fake weather API over loopback HTTP.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_FORECASTS, FAKE_KEY, type FakeWeather, startFakeWeather } from "../src/fake.ts";
import { BIN, serverEnv } from "./helpers.ts";

let fake: FakeWeather;
beforeAll(async () => {
  fake = await startFakeWeather();
});
afterAll(async () => {
  await fake?.close();
});

async function connect(key: string): Promise<Client> {
  const client = new Client({ name: "hello-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [BIN], env: serverEnv(fake, key) }),
  );
  return client;
}

const textOf = (result: unknown) =>
  (result as CallToolResult).content.map((part) => (part.type === "text" ? part.text : "")).join("\n");

describe("hello-connector over stdio", () => {
  it("lists get_forecast with its schemas and read-only hints", async () => {
    const client = await connect(FAKE_KEY);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["get_forecast"]);
      expect(tools[0]?.inputSchema.required).toEqual(["city"]);
      expect(tools[0]?.outputSchema?.properties).toHaveProperty("high_c");
      expect(tools[0]?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    } finally {
      await client.close();
    }
  });

  it("answers from the fake API, with the configured key", async () => {
    const client = await connect(FAKE_KEY);
    try {
      const mark = fake.requests.length;
      const result = await client.callTool({ name: "get_forecast", arguments: { city: "Oslo" } });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toEqual({ city: "oslo", ...FAKE_FORECASTS.oslo });
      expect(fake.requests.slice(mark)).toEqual([{ path: "/v1/forecast", key: FAKE_KEY }]);
    } finally {
      await client.close();
    }
  });

  it("turns the API's refusals into one actionable sentence, without the key", async () => {
    const wrongKey = "wrong-key-0123456789";
    const client = await connect(wrongKey);
    try {
      const refused = await client.callTool({ name: "get_forecast", arguments: { city: "Oslo" } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toContain("HELLO_API_KEY");
      expect(JSON.stringify(refused)).not.toContain(wrongKey);
    } finally {
      await client.close();
    }
    const right = await connect(FAKE_KEY);
    try {
      const unknown = await right.callTool({ name: "get_forecast", arguments: { city: "Atlantis" } });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toContain("no such city");
      const empty = await right.callTool({ name: "get_forecast", arguments: { city: " " } });
      expect(empty.isError).toBe(true);
      expect(textOf(empty)).toContain("city");
    } finally {
      await right.close();
    }
  });
});
