// Tools defined with the tool-builder, registered on your own McpServer from @modelcontextprotocol/sdk 1.x.
// Install: npm install @mcp-connectors/tool-builder @modelcontextprotocol/sdk zod
// Run: node embed-sdk-v1.mjs (it connects a client in memory, lists the tools and calls one)
import { defineTool, registerTools } from "@mcp-connectors/tool-builder";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const add = defineTool({
  name: "add",
  title: "Add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  output: z.object({ sum: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: ({ a, b }) => ({ sum: a + b }),
});

const server = new McpServer({ name: "my-server", version: "1.0.0" });
registerTools(server, [add]);

const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
await server.connect(serverSide);
const client = new Client({ name: "example-client", version: "1.0.0" });
await client.connect(clientSide);
const { tools } = await client.listTools();
const result = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
console.log(JSON.stringify({ tools: tools.map((tool) => tool.name), result: result.structuredContent }));
await client.close();
