import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { expect, test } from "vitest";
import { z } from "zod";
import {
  compactSchema,
  defineTool,
  listedSchemas,
  type RegisterOptions,
  registerTools,
} from "../src/index.js";

const tools = [
  defineTool({
    name: "get_rides",
    title: "Get rides",
    description: "Lists rides in a date window.",
    input: z.object({
      start_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      limit: z.number().int().min(1).max(500).default(30),
      sport: z.enum(["Ride", "Run"]).optional(),
    }),
    output: z.object({ rides: z.array(z.object({ id: z.string(), watts: z.number().optional() })) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    handler: () => ({ rides: [] }),
  }),
  defineTool({
    name: "add_note",
    title: "Add a note",
    description: "Adds a note.",
    input: z.object({ text: z.string() }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    handler: () => ({}),
  }),
];

async function listWith(options: RegisterOptions) {
  const server = new McpServer({ name: "s", version: "1" });
  registerTools(server, tools, options);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: "c", version: "1" });
  await client.connect(b);
  const result = await client.listTools();
  await client.close();
  return result.tools;
}

test("registerTools works on a plain McpServer and registers in name order", async () => {
  const listed = await listWith({});
  expect(listed.map((tool) => tool.name)).toEqual(["add_note", "get_rides"]);
  expect(listed[1]?.title).toBe("Get rides");
  // The title is the tool's own field; repeating it in the annotations would only cost tokens.
  expect(listed[1]?.annotations).toEqual({
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  });
});

test("the lean tool list is the SDK's list without $schema and execution, its schemas compacted", async () => {
  const strip = (tool: Record<string, unknown>) => {
    const { execution: _execution, ...rest } = tool;
    const schemaOf = (schema: unknown) => {
      const { $schema: _schema, ...other } = schema as Record<string, unknown>;
      return other;
    };
    return {
      ...rest,
      inputSchema: compactSchema(schemaOf(rest.inputSchema)),
      ...(rest.outputSchema
        ? { outputSchema: compactSchema(schemaOf(rest.outputSchema), { output: true }) }
        : {}),
    };
  };
  const sdk = await listWith({});
  const lean = await listWith({ leanToolList: true });
  expect(lean).toEqual(sdk.map(strip));
  expect(JSON.stringify(lean)).not.toMatch(
    /\$schema|execution|9007199254740991|"additionalProperties":false/,
  );
  expect(JSON.stringify(lean).length).toBeLessThan(JSON.stringify(sdk).length);
});

test("JSON Schemas computed ahead by listedSchemas list exactly what registration would compute", async () => {
  const computed = await listWith({ leanToolList: true });
  const built = JSON.parse(JSON.stringify(listedSchemas(tools)));
  expect(await listWith({ leanToolList: true, toolSchemas: built })).toEqual(computed);
});

test("tools/list shows the schemas it is given, and converts a tool they leave out", async () => {
  const marked = { inputSchema: { type: "object" as const, properties: { marked: { type: "string" } } } };
  const listed = await listWith({ leanToolList: true, toolSchemas: { add_note: marked } });
  const computed = await listWith({ leanToolList: true });
  expect(listed[0]).toEqual({ ...computed[0], inputSchema: marked.inputSchema });
  expect(listed[0]).not.toHaveProperty("outputSchema");
  expect(listed[1]).toEqual(computed[1]);
});
