import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { defineTool, NotFoundError, registerTools } from "../src/index.js";

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const tools = [
  defineTool({
    name: "count",
    title: "Count",
    description: "Counts to n with progress.",
    input: z.object({ to: z.number().int().min(1).max(10) }),
    output: z.object({ counted: z.number(), note: z.string().optional() }),
    annotations: readOnly,
    handler: async ({ to }, { progress }) => {
      for (let i = 1; i <= to; i++) await progress(i, to);
      return { counted: to, note: null } as never;
    },
  }),
  defineTool({
    name: "find",
    title: "Find",
    description: "Finds nothing.",
    input: z.object({ id: z.string() }),
    annotations: readOnly,
    handler: ({ id }) => {
      throw new NotFoundError(`Nothing has id ${id}; list things to find an id.`);
    },
  }),
  defineTool({
    name: "erase",
    title: "Erase",
    description: "Destructive, so off by default.",
    input: z.object({}),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    handler: () => ({}),
  }),
];

let client: Client;
beforeAll(async () => {
  const server = new McpServer({ name: "v2", version: "2.0.0" });
  expect(registerTools(server, tools)).toEqual(["count", "find"]);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: "v1-client", version: "1" });
  await client.connect(clientSide);
});
afterAll(() => client.close());

test("registerTools works on the 2.x SDK's McpServer: listing, results, progress and errors", async () => {
  const { tools: listed } = await client.listTools();
  expect(listed.map((tool) => [tool.name, tool.annotations?.readOnlyHint])).toEqual([
    ["count", true],
    ["find", true],
  ]);
  const seen: number[] = [];
  const result = await client.callTool({ name: "count", arguments: { to: 3 } }, undefined, {
    onprogress: (progress) => seen.push(progress.progress),
  });
  expect(result.structuredContent).toEqual({ counted: 3 });
  expect(seen).toEqual([1, 2, 3]);
  const missing = await client.callTool({ name: "find", arguments: { id: "x1" } });
  expect(missing).toMatchObject({
    isError: true,
    content: [{ type: "text", text: "Nothing has id x1; list things to find an id." }],
  });
});
