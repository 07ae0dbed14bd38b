// The JSON Schemas a bin lists in tools/list are computed at build (scripts/build-app.mjs), not at start: the
// built bin must list exactly what the tool-builder computes at start from the same tool definitions.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, test } from "vitest";
import type { AnyToolDefinition, ToolSelection } from "../packages/tool-builder/dist/index.js";
import { createMcpServer } from "../packages/tool-builder/dist/index.js";
import { root, serverApps } from "./apps.ts";

const apps = [...serverApps.map((app) => join("apps", app)), join("examples", "hello-connector")];
const selections: Array<{ flags: string[]; selection: ToolSelection }> = [
  { flags: [], selection: {} },
  { flags: ["--enable-destructive"], selection: { enableDestructive: true } },
  { flags: ["--read-only"], selection: { readOnly: true } },
];

async function listFrom(client: Client) {
  const { tools } = await client.listTools();
  await client.close();
  return tools;
}

/** tools/list of the built bin, spawned over stdio as users run it. */
async function listOfBin(folder: string, flags: string[]) {
  const client = new Client({ name: "tool-schemas", version: "1" });
  const bin = join(root, folder, "dist", "bin.js");
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [bin, ...flags],
      // The example needs its settings to start; it never calls its API here.
      env: { PATH: process.env.PATH ?? "", HELLO_API_KEY: "unused", HELLO_API_URL: "http://127.0.0.1:9" },
      stderr: "ignore",
    }),
  );
  return listFrom(client);
}

/** tools/list as the tool-builder computes it at start, from the app's tool definitions (its sources). */
async function listAtStart(folder: string, selection: ToolSelection) {
  const { tools } = (await import(join(root, folder, "src", "tools", "catalog.ts"))) as {
    tools: AnyToolDefinition[];
  };
  const server = createMcpServer({ name: "computed", version: "1", tools }, selection);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "tool-schemas", version: "1" });
  await client.connect(clientSide);
  return listFrom(client);
}

describe.each(apps)("%s", (folder) => {
  test.each(selections)(
    "tools/list with $flags is what a start would compute",
    async ({ flags, selection }) => {
      const listed = await listOfBin(folder, flags);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed).toEqual(await listAtStart(folder, selection));
    },
  );
});
