import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { expect, test } from "vitest";

test("the README's example server runs over stdio and answers its tools", async () => {
  const script = new URL("../examples/notes-server.ts", import.meta.url).pathname;
  const client = new Client({ name: "example-test", version: "1" });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [script], stderr: "pipe" }),
  );
  expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["read_note", "save_note"]);
  const missing = await client.callTool({ name: "read_note", arguments: { title: "todo" } });
  expect(missing.isError).toBe(true);
  expect(missing.content).toEqual([
    { type: "text", text: 'No note is titled "todo"; save one with save_note first.' },
  ]);
  await client.callTool({ name: "save_note", arguments: { title: "todo", text: "ship it" } });
  const found = await client.callTool({ name: "read_note", arguments: { title: "todo" } });
  expect(found.structuredContent).toEqual({ title: "todo", text: "ship it" });
  await client.close();
});
